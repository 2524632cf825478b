"""The iliotibial tract and the hamstring origin: the lateral and posterior thigh below the hip.

Gray's Anatomy and ANATOMY.md: the iliotibial tract is the thickened lateral band of the fascia
lata; tensor fasciae latae and about three quarters of gluteus maximus insert into it. The
hamstrings (semitendinosus and the long head of biceps by a common tendon, semimembranosus beside
it) arise from the ischial tuberosity. Both end at the model's section plane (SECTION_PLANE_Z).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.curves import sample_curve
from ...geometry.field import Field, swept_spheres
from ..landmarks import SECTION_PLANE_Z
from .muscle_shapes import fibre_grid, placed, surface, thick_sheet

GT = "greater_trochanter_tip_right"
SECTION = "femur_section_centre_right"

# Across the tract (back to front) at four levels, top to bottom. One continuous band: the upper
# fibres of gluteus maximus reach its back part above the trochanter and its lower superficial
# fibres all the way down (Gray's Anatomy: "a thick tendinous lamina, which passes across the
# greater trochanter"); in front it rises to the posterior border of tensor fasciae latae, whose
# lower end lies on its front part (the tract's superficial and deep layers enclose the muscle
# and converge into a single band below it: Elsevier anatomy reference, iliotibial tract). About
# 4-5 cm wide above, narrowing down the thigh.
ILIOTIBIAL = [
    # the upper border, oblique: from the upper fibres of gluteus maximus down and forward to the
    # posterior border of tensor fasciae latae
    [(GT, (24, -9, 24)), (GT, (28, 8, 18)), (GT, (31, 22, 8)), (GT, (30, 36, 0))],
    # its back part 3 mm deep to the aponeurotic end of gluteus maximus (muscles.GM_INSERTION), so
    # the muscle is seen to end on it
    [(GT, (30, 0, -30)), (GT, (34, 14, -32)), (GT, (36, 26, -34)), (GT, (35, 38, -36))],
    [(GT, (24, 3, -100)), (GT, (31, 12, -100)), (GT, (34, 22, -100)), (GT, (33, 32, -100))],
    [(SECTION, (36, -2, 0)), (SECTION, (40, 6, 0)), (SECTION, (41, 14, 0)), (SECTION, (39, 22, 0))],
]
ITT_THICKNESS = 2.0  # mm: the tract is a tough band 1-2 mm thick (kept at 2 for the voxels)

TRIANGLES = {"iliotibial_tract": 8000, "hamstring_origin": 6000}


def iliotibial_tract_right() -> pv.PolyData:
    curves = [placed(c) for c in ILIOTIBIAL]
    for c in curves[-1:]:
        c[:, 2] = SECTION_PLANE_Z
    grid = fibre_grid(curves, 30, 120, through=True)
    half = np.full(grid.shape[:2], ITT_THICKNESS / 2)
    pts = grid.reshape(-1, 3)
    f = Field(lo=pts.min(axis=0) - 4, hi=pts.max(axis=0) + 4, spacing=1.0)
    f.apply(*thick_sheet(grid, half, half, (-1, 0, 0)), blend=0)
    return surface(f, TRIANGLES["iliotibial_tract"], smooth_sigma=0.6)


# Hamstring origin: the common tendon on the back of the ischial tuberosity, swelling into the
# bellies as it descends behind the thigh, medial to and behind the sciatic nerve.
HAMSTRING = [("ischial_tuberosity_right", (1, -7, -6)), ("ischial_tuberosity_lowest_right", (6, -22, -10)),
             ("ischial_tuberosity_lowest_right", (12, -30, -50)), (SECTION, (-18, -50, 0))]
HAMSTRING_RADII = [6.0, 8.0, 14.0, 20.0]  # tendon about 12 mm across, bellies below


def hamstring_origin_right() -> pv.PolyData:
    path = placed(HAMSTRING)
    path[-1, 2] = SECTION_PLANE_Z - 15  # run on past the plane; the field's box cuts it there
    centres, radii = sample_curve(path, HAMSTRING_RADII, spacing=0.8)
    lo, hi = centres.min(axis=0) - 24, centres.max(axis=0) + 24
    lo[2] = SECTION_PLANE_Z + 1.5  # the box grows by two voxels: its face lies on the plane
    f = Field(lo=lo, hi=hi, spacing=1.5)
    f.apply(*swept_spheres(centres, radii), blend=0)
    return surface(f, TRIANGLES["hamstring_origin"], smooth_sigma=0.5)
