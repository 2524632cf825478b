"""Telling colours apart: CAM02-UCS colour differences as seen with normal colour vision and with
full protanopia, deuteranopia and tritanopia (Machado 2009 simulation, via colorspacious).

Used to check the catalog's colours: every pair of touching structures must stay apart for
every viewer, and the inferior gluteal nerve must stand out from the other nerves.
"""

from __future__ import annotations

from functools import cache

import numpy as np

VISIONS = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")


@cache
def _as_seen(color: str, vision: str) -> tuple[float, float, float]:
    import colorspacious
    import pyvista as pv

    rgb = np.array(pv.Color(color).float_rgb)
    if vision != "normal":
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return tuple(colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS"))


def difference(a: str, b: str) -> dict[str, float]:
    """CAM02-UCS distance between two colours for each kind of colour vision."""
    return {v: float(np.linalg.norm(np.subtract(_as_seen(a, v), _as_seen(b, v)))) for v in VISIONS}


def worst(a: str, b: str) -> tuple[float, str]:
    """The smallest difference over the kinds of colour vision, and whose it is."""
    d = difference(a, b)
    vision = min(d, key=d.get)
    return d[vision], vision


def touching(meshes: dict, within: float = 3.0, step: int = 1, skip_kinds=("skin",)) -> list[tuple[str, str]]:
    """Pairs of structures whose surfaces come within `within` mm of each other (ids sorted).

    `meshes` maps structure id -> mesh with `.points`; `step` > 1 uses every step-th point only
    (faster, and it can only miss pairs, never invent them). Kinds in `skip_kinds` are left out.
    """
    from scipy.spatial import cKDTree

    from scenes.catalog import CATALOG

    ids = sorted(s for s in meshes if CATALOG[s].kind not in skip_kinds)
    points = {s: np.asarray(meshes[s].points)[::step] for s in ids}
    boxes = {s: (p.min(axis=0) - within, p.max(axis=0) + within) for s, p in points.items()}
    trees: dict = {}
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            lo, hi = np.maximum(boxes[a][0], boxes[b][0]), np.minimum(boxes[a][1], boxes[b][1])
            if np.any(lo > hi):
                continue
            near = points[b][np.all((points[b] >= lo) & (points[b] <= hi), axis=1)]
            if not len(near):
                continue
            tree = trees.get(a) or trees.setdefault(a, cKDTree(points[a]))
            if tree.query(near, distance_upper_bound=within)[0].min() < within:
                pairs.append((a, b))
    return pairs
