"""Nerves and vessels cut where the muscle they end in was removed, as a dissection leaves them.

A deep view that hides gluteus maximus, or draws only its outline, left the branches of the
inferior gluteal nerve and artery hanging in the air across the sciatic nerve (lecturer review:
"branches hang in air"). Atlas plates of the deep gluteal region draw them cut short where they
entered the removed muscle (Netter's plate of the gluteal region, deep dissection; Bassett
Collection, Stanford, 179-7), so the trunk reads as running into the missing muscle. Here: the
trunk ends in a cut face where its branches into the muscle leave it, and they are left out: cut
as stumps, the branches of a trunk that turns back toward the viewer (the foramen seen from
behind) showed as a star of stumps round the exit (lecturer's review).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from .courses import tubes
from .courses.paths import PATHS, centreline, resolve

GMAX = "gluteus_maximus_right"
STUB_MM = 15.0  # a drawing convention: the stump of a part that ends in the muscle and has no trunk
ANYWHERE = frozenset({"skin_right"})  # not removed by a dissection that removes a muscle


def cut_parts(structure: str, removed: frozenset[str], muscle: str = GMAX) -> dict[str, int]:
    """Points kept per part cut short (0: left out); parts kept whole are not listed. A part is cut
    when it ends in `muscle`, removed, and in nothing else still there: a branch is left out and
    its trunk ends in a cut face where it gave it off; a part without a trunk keeps a stub. A
    branch whose start lies beyond its parent's cut goes with it. (Only one muscle: the superior
    gluteal nerve's trunk "ends in" the gluteus medius and minimus it runs between, and cut with
    them it left the lateral view without the nerve it compares.)"""
    kept: dict[str, int] = {}
    for part in PATHS[structure]:  # parents come before their branches
        line = centreline(structure, part.name)
        own = part.parent if part.parent and "." not in part.parent else None
        if own in kept and kept[own] < len(centreline(structure, own)):
            parent = centreline(*resolve(structure, own))
            start = int(np.argmin(np.linalg.norm(parent - line[0], axis=1)))
            if start >= kept[own] - 1:
                kept[part.name] = 0
                continue
        targets = set(part.ends_in) - ANYWHERE
        if muscle in targets and targets <= removed:
            if own is None:
                run = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
                kept[part.name] = max(2, int(np.searchsorted(run, STUB_MM)))
                continue
            kept[part.name] = 0
            parent = centreline(structure, own)
            start = int(np.argmin(np.linalg.norm(parent - line[0], axis=1)))
            kept[own] = min(kept.get(own, len(parent)), max(2, start + 1))
    return kept


def cut_path(structure: str, removed: frozenset[str], muscle: str = GMAX) -> pv.PolyData | None:
    """The structure's tube with the parts cut as `cut_parts` says; None when nothing is cut."""
    kept = cut_parts(structure, removed, muscle)
    return tubes.path_mesh(structure, kept) if kept else None
