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
    """Points kept per part cut (0: left out); parts kept whole and uncut are not listed. A part
    is cut when it ends in `muscle`, removed, and in nothing else still there: a branch is left
    out, and its trunk ends in a cut face where the last of its branches left it (unless one that
    stays leaves last: the trunk goes on into it); a part without a trunk keeps a stub. A branch
    whose start lies beyond its parent's cut goes with it. (Only one muscle: the superior gluteal
    nerve's trunk "ends in" the gluteus medius and minimus it runs between, and cut with them it
    left the lateral view without the nerve it compares.)"""
    parts = PATHS[structure]
    trunk = {p.name: p.parent for p in parts if p.parent and "." not in p.parent}
    into = {p.name for p in parts if muscle in (t := set(p.ends_in) - ANYWHERE) and t <= removed}
    kept = {name: 0 for name in into if name in trunk}
    for name in set(trunk.values()) - set(kept):  # a trunk that gave off a branch left out
        starts = {c: _start(structure, c, t) for c, t in trunk.items() if t == name}
        last = max(starts, key=lambda c: (starts[c], c not in kept)) if starts else None
        if last in kept:  # ... past it a staying branch goes on from an uncut trunk
            kept[name] = max(2, starts[last] + 1)
    for part in parts:  # parents come before their branches
        line = centreline(structure, part.name)
        if part.name in into and part.name not in trunk:
            run = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
            kept[part.name] = max(2, int(np.searchsorted(run, STUB_MM)))
        own = trunk.get(part.name)
        if part.name not in kept and own in kept and _start(structure, part.name, own) >= kept[own] \
                and kept[own] < len(centreline(structure, own)):
            kept[part.name] = 0
    return kept


def _start(structure: str, part: str, parent: str) -> int:
    """Index of the parent's centreline point where the part starts."""
    line = centreline(*resolve(structure, parent))
    return int(np.argmin(np.linalg.norm(line - centreline(structure, part)[0], axis=1)))


def cut_path(structure: str, removed: frozenset[str], muscle: str = GMAX) -> pv.PolyData | None:
    """The structure's tube with the parts cut as `cut_parts` says; None when nothing is cut."""
    kept = cut_parts(structure, removed, muscle)
    return tubes.path_mesh(structure, kept) if kept else None
