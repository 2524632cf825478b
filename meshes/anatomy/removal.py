"""Nerves and vessels cut where the muscle they end in was removed, as a dissection leaves them.

A deep view that hides gluteus maximus, or draws only its outline, left the branches of the
inferior gluteal nerve and artery hanging in the air across the sciatic nerve (lecturer review:
"branches hang in air"). Atlas plates of the deep gluteal region draw them cut short where they
entered the removed muscle (Netter's plate of the gluteal region, deep dissection; Bassett
Collection, Stanford, 179-7), so the trunk reads as fanning into the missing muscle. Here: the
trunk whole, the first STUB_MM of each branch that ends in the muscle, and nothing of the branches
they give off beyond the cut.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from .courses import tubes
from .courses.paths import PATHS, centreline, resolve

GMAX = "gluteus_maximus_right"
STUB_MM = 15.0  # a drawing convention, not a measurement: stumps of a centimetre or two, as plates cut them
ANYWHERE = frozenset({"skin_right"})  # not removed by a dissection that removes a muscle


def cut_parts(structure: str, removed: frozenset[str], muscle: str = GMAX) -> dict[str, int]:
    """Points kept per part cut short (0: left out); parts kept whole are not listed. A part is cut
    when it ends in `muscle`, removed, and in nothing else still there; a branch whose start lies
    beyond its parent's cut goes with it. (Only one muscle: the superior gluteal nerve's trunk
    "ends in" the gluteus medius and minimus it runs between, and cut with them it left the
    lateral view without the nerve it compares.)"""
    kept: dict[str, int] = {}
    for part in PATHS[structure]:  # parents come before their branches
        line = centreline(structure, part.name)
        if part.parent and "." not in part.parent and part.parent in kept:
            parent = centreline(*resolve(structure, part.parent))
            start = int(np.argmin(np.linalg.norm(parent - line[0], axis=1)))
            if start >= kept[part.parent] - 1:
                kept[part.name] = 0
                continue
        targets = set(part.ends_in) - ANYWHERE
        if muscle in targets and targets <= removed:
            run = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
            kept[part.name] = max(2, int(np.searchsorted(run, STUB_MM)))
    return kept


def cut_path(structure: str, removed: frozenset[str], muscle: str = GMAX) -> pv.PolyData | None:
    """The structure's tube with the parts cut as `cut_parts` says; None when nothing is cut."""
    kept = cut_parts(structure, removed, muscle)
    return tubes.path_mesh(structure, kept) if kept else None
