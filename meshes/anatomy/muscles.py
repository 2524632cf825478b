"""Muscles: piriformis (a fan of fibres through the foramen) and gluteus maximus (a thick sheet)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyvista as pv

from ..geometry.curves import bezier_patch, sample_curve
from ..geometry.field import Field, swept_spheres
from ..geometry.shapes import sheet
from .landmarks import point as landmark
from .notch import notch

SPACING = 1.5

# Where piriformis crosses the greater sciatic foramen: it fills the upper part of the gap,
# leaving the suprapiriform gap at the notch's apex and the infrapiriform gap above the spine.
PIRIFORMIS_GAP = notch(27, 9.5, 54)


def piriformis_right() -> pv.PolyData:
    """Fibres from the front of S2-S4, converging through the foramen onto the greater trochanter."""
    insertion = landmark("greater_trochanter_tip_right") + (-5, -1, -2)
    origins = [landmark(f"anterior_sacral_foramen_s{k}_right") + (dx, -3, dz)
               for k in (2, 3, 4) for dx, dz in ((9, 2), (3, -7))]
    centre_o = np.mean(origins, axis=0)
    centres, radii = [], []
    for o in origins:
        spread = o - centre_o
        path = [o, 0.55 * o + 0.45 * PIRIFORMIS_GAP + (0, 0, 0.3 * spread[2]),
                PIRIFORMIS_GAP + 0.1 * spread * (0, 0, 1),
                PIRIFORMIS_GAP + (28, 20, -8) + 0.12 * spread * (0, 0, 1), insertion]
        c, r = sample_curve(path, [4.0, 6.2, 6.5, 5.0, 2.2], spacing=1.0)
        centres.append(c)
        radii.append(r)
    f = Field(lo=(5, -122, -70), hi=(126, -45, -10), spacing=SPACING)
    f.apply(*swept_spheres(np.concatenate(centres), np.concatenate(radii)), blend=3)
    return f.surface(smooth_sigma=1.0)


# Gluteus maximus control net: rows run from the upper to the lower border, columns from the
# origin (posterior ilium, sacrum, coccyx, sacrotuberous ligament) to the insertion (iliotibial
# tract above, gluteal tuberosity below). The middle columns bow backward over the buttock.
GLUTEUS_MAXIMUS_NET = [
    [(66, -126, 52), (98, -140, 26), (132, -120, -12), (150, -84, -48)],
    [(40, -142, 18), (82, -162, -10), (128, -136, -48), (152, -80, -74)],
    [(24, -138, -25), (66, -164, -58), (116, -138, -92), (146, -76, -100)],
    [(12, -124, -68), (44, -142, -106), (92, -130, -134), (134, -70, -128)],
]


def gluteus_maximus_thickness(u, v):
    """Full thickness in mm: a 17 mm belly (ANATOMY.md: 15-18 mm), thinner at borders and tendon."""
    return 7.0 + 10.0 * np.sin(np.pi * np.clip(u, 0.04, 0.96)) ** 0.6 * (1 - 0.55 * v**2)


@cache
def _gm_grid() -> np.ndarray:
    return bezier_patch(GLUTEUS_MAXIMUS_NET, 101, 101)


def gluteus_maximus_point(u: float, v: float, depth: float = 0.0) -> np.ndarray:
    """A point of the muscle's mid-surface at patch coordinates (u: upper to lower border,
    v: origin to insertion), moved `depth` mm toward its deep (anterior) side."""
    grid = _gm_grid()
    i, j = int(round(u * 100)), int(round(v * 100))
    du = grid[min(i + 1, 100), j] - grid[max(i - 1, 0), j]
    dv = grid[i, min(j + 1, 100)] - grid[i, max(j - 1, 0)]
    normal = np.cross(du, dv)
    normal *= np.sign(normal[1]) / np.linalg.norm(normal)  # the deep surface faces forward
    return grid[i, j] + depth * normal


def gluteus_maximus_right() -> pv.PolyData:
    thickness = gluteus_maximus_thickness
    f = Field(lo=(0, -170, -150), hi=(165, -58, 62), spacing=SPACING)
    f.apply(*sheet(GLUTEUS_MAXIMUS_NET, thickness), blend=2)
    return f.surface(smooth_sigma=1.0)
