"""Gluteus medius, gluteus minimus and tensor fasciae latae: fans from the outer ilium.

Gray's Anatomy and ANATOMY.md: gluteus medius from the outer ilium between the anterior and
posterior gluteal lines, below the crest, fan-shaped to the lateral surface of the greater
trochanter (its back part under gluteus maximus, its front part under fascia only); gluteus
minimus under medius, between the anterior and inferior gluteal lines, to the front of the
greater trochanter; tensor fasciae latae from the anterior superior iliac spine and the front of
the crest into the iliotibial tract in the upper thigh. Attachments are landmarks plus offsets
(mm), so the muscles follow the bones; the middle curves lift each fan off the bone beneath.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.curves import resample, smoothstep, spline
from ...geometry.field import Field
from .muscle_shapes import (
    fasciculi,
    fibre_grid,
    fibre_muscle,
    placed,
    surface,
    taper,
    thick_sheet,
)

GT = "greater_trochanter_tip_right"

# Gluteus medius as a fan: every fibre runs from a point of its origin line (the outer lip of the
# ilium below the crest from the anterior gluteal line back to the posterior gluteal line, then
# down that line to its lower end near the PIIS) to a point of its insertion, the tendon on the
# lateral and superoposterior facets of the greater trochanter. The fibres converge: the origin line
# is about 17 cm long, the insertion 4 cm. The last fibre is the lower border: straight from the
# lower end of the posterior gluteal line to the trochanter, under gluteus maximus.
MEDIUS_ORIGIN = [  # front to back; mid-surface points, half a thickness off the bone
    # the front of the origin: the outer ilium below the crest from about 40 mm behind the ASIS
    # (where the anterior gluteal line begins, Gray's Anatomy 1918: "about 4 cm behind" the spine)
    # back to the iliac tubercle, deep to the origin of tensor fasciae latae; its fibres run down
    # to the front of the trochanter and make the thick anterior part that lies under the
    # ventrogluteal site (Sobotta 2006 fig. 1402, CLINICAL.md [15])
    ("iliac_crest_anterior_right", (2, -4, -9)), ("iliac_crest_anterior_right", (5, -14, -4)),
    ("iliac_tubercle_right", (2, -1, -9)), ("anterior_gluteal_line_top_right", (1, -2, -6)),
    ("iliac_crest_top_right", (7, -6, -8)), ("iliac_crest_posterior_right", (18, -1, -5)),
    ("posterior_gluteal_line_top_right", (8, -2, -8)), ("posterior_gluteal_line_bottom_right", (9, -3, 22)),
    ("posterior_gluteal_line_bottom_right", (3, 0, 0))]
# The tendon: the lateral facet (Robertson 2008, Arthroscopy 24:130, 8 cadaver hips: 34.8 mm long,
# at 36.8 degrees to the femoral axis, running down and forward, at least 11.2 mm wide) and the
# superoposterior facet behind it (a circle about 17 mm across). Front (lower) end first.
MEDIUS_INSERTION = [(GT, (21, 10, -24)), (GT, (20, 4, -15)), (GT, (17, -2, -7)), (GT, (12, -8, -1)),
                    (GT, (6, -12, 0))]
# Interior curves: the straight line from origin to insertion a third and two thirds of the way,
# moved by these offsets (mm, one per origin point) along the ilium's normal so that the
# mid-surface lies a set distance off the bone (fitted to the built hip bone): 26 mm at the front
# third (gluteus minimus, about 11 mm, and half of medius beneath), 14-25 mm behind, 15-35 mm
# at two thirds, where the fibres leave the ilium for the trochanter: the fan fills the hollow of
# the gluteal surface below the flared crest (model; fitted with the needle sections of issue 9).
# The two front fibres also bow forward (+y, 6-11 mm) under tensor fasciae latae: the anterior
# border is convex rather than a straight line from crest to trochanter (model). The last fibre,
# the lower border, runs straight from the PIIS region to the trochanter (tests/test_soft_tissue.py).
MEDIUS_BOW_1 = [(-4, 11, 4), (-2, 6, 2), (1, 0, 0), (4, -4, -2), (-3, 2, 1), (-3, 2, 2), (-2, 2, 1),
                (0, 0, 0), (-3, 9, 5)]
MEDIUS_BOW_2 = [(-10, 8, 2), (-12, 5, -1), (-9, 1, -3), (-8, 3, 6), (-4, 2, 3), (-6, 4, 4), (-5, 6, -5),
                (-3, 4, -3), (-5, 17, 7)]
MEDIUS_DEEP = (-0.7, 0.7, 0.0)  # the deep surface faces medially and forward, onto the ilium
MEDIUS_BUNDLES = 8  # coarse bundles converging on the tendon show the fan's fibre direction
# Thickness (mm): gluteus medius and minimus together 38.8 +/- 1.3 mm thick on ultrasound of
# healthy adults (Whiler 2017, Physiother Can 69:212), minimus about 11 of it here: a 26 mm belly.
# The fibres converge on "a strong flattened tendon" (Gray's Anatomy); its 5 mm is a modelling
# choice (Tsutsumi 2019, J Bone Joint Surg Am 101:177, gives only that its posterior part is the
# thicker one).
MEDIUS_BELLY, MEDIUS_ORIGIN_MM, MEDIUS_TENDON_MM = 26.0, 8.0, 5.0


def _medius_curves() -> list[np.ndarray]:
    origin, insertion = placed(MEDIUS_ORIGIN), placed(MEDIUS_INSERTION)
    n = len(MEDIUS_ORIGIN)
    o = resample(spline(origin, 200), n)
    i = resample(spline(insertion, 200), n)
    mids = [(1 - f) * o + f * i + np.array(bow, float)
            for f, bow in ((1 / 3, MEDIUS_BOW_1), (2 / 3, MEDIUS_BOW_2))]
    return [origin, *mids, insertion]


def _as_offsets(curves: list[np.ndarray], name: str = GT) -> list[list[tuple]]:
    """Curves of points as (landmark, offset) pairs, the form skin.py reads muscle specs in."""
    from ..landmarks import point as landmark

    base = landmark(name)
    return [[(name, tuple(float(x) for x in p - base)) for p in c] for c in curves]


# The fan's curves across the fibres (origin, two interior, insertion) in the landmark form: the
# skin's envelope follows the muscle through these.
MEDIUS = _as_offsets(_medius_curves())


def medius_thickness(u, v) -> np.ndarray:
    """Full thickness (mm): fleshy origin, thick belly, then a flat tendon over the last fifth."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    rise = np.sin(np.pi * np.clip(v / 0.9, 0, 1)) ** 0.7
    belly = MEDIUS_ORIGIN_MM + (MEDIUS_BELLY - MEDIUS_ORIGIN_MM) * rise
    tendon = MEDIUS_TENDON_MM + (belly - MEDIUS_TENDON_MM) * smoothstep((0.95 - v) / 0.15)
    along = np.where(v < 0.8, belly, tendon)
    return 4.0 + (along - 4.0) * np.clip(np.minimum(u, 1 - u) / 0.12, 0, 1) ** 0.5



MINIMUS = [
    # origin: along the anterior gluteal line, front to back
    [("anterior_gluteal_line_top_right", (2, 0, -16)), ("anterior_gluteal_line_top_right", (-16, -8, -37)),
     ("anterior_gluteal_line_bottom_right", (7, 1, 11)), ("anterior_gluteal_line_bottom_right", (5, -2, 0))],
    # between the anterior and inferior gluteal lines
    [("inferior_gluteal_line_front_right", (15, -9, 26)), ("inferior_gluteal_line_front_right", (6, -25, 19)),
     ("inferior_gluteal_line_back_right", (12, 1, 7)), ("inferior_gluteal_line_back_right", (4, -9, 3))],
    # over the upper rim of the acetabulum, on the bone and the joint capsule (a fan lying on the
    # ilium: Gray's Anatomy); without this curve the fibres bridged the hollow above the rim
    [("inferior_gluteal_line_front_right", (6, -4, 0)), ("inferior_gluteal_line_front_right", (-5, -22, -4)),
     ("inferior_gluteal_line_back_right", (33, 12, -9)), ("inferior_gluteal_line_back_right", (27, 5, -11))],
    # insertion: the anterior facet of the greater trochanter
    [(GT, (10, 15, -8)), (GT, (11, 12, -7)), (GT, (12, 10, -5)), (GT, (11, 7, -3))],
]

TRIANGLES = {"gluteus_medius": 16000, "gluteus_minimus": 9000, "tensor_fasciae_latae": 5000}


def _box(curves, margin: float = 14.0):
    pts = np.concatenate(curves)
    return pts.min(axis=0) - margin, pts.max(axis=0) + margin


def gluteus_medius_right() -> pv.PolyData:
    """A thick fan converging on its tendon. The fibres converge about fourfold, so the grid's
    samples crowd toward the tendon: the slab's nearest-sample search runs on every sample
    (coarse=1), else it picks a far one where the sheet curves round the ilium and the surface
    breaks into blobs."""
    c = _medius_curves()
    nu, nv = 48, 70
    grid = fibre_grid(c, nu, nv, through=True)
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv), indexing="ij")
    half = medius_thickness(u, v) / 2
    furrow = fasciculi(grid, MEDIUS_BUNDLES, depth=1.6, half_width=2.0) * np.sin(np.pi * v) ** 0.5
    f = Field(*_box(c), spacing=1.5)
    f.apply(*thick_sheet(grid, half - 0.5 * furrow, half - furrow, MEDIUS_DEEP, coarse=1), blend=0)
    return surface(f, TRIANGLES["gluteus_medius"])


def gluteus_minimus_right() -> pv.PolyData:
    c = [placed(x) for x in MINIMUS]
    return fibre_muscle(c, lambda u, v: taper(u, v, 11.0, 6.0, 5.0, edge=0.15),
                        toward_deep=(-0.7, 0.5, 0.0), bundles=5, triangles=TRIANGLES["gluteus_minimus"],
                        box=_box(c), nu=36, nv=50, groove=1.0)


# Tensor fasciae latae: from the anterior superior iliac spine and the front of the crest, down
# and slightly back into the front of the iliotibial tract in the upper third of the thigh (Gray's
# Anatomy): its lower end lies on the tract's front part (fascia.ILIOTIBIAL: offsets there plus the
# tract's and the tapered end's half thicknesses), so the two read as one.
TENSOR = [
    [("asis_right", (2, -2, -3)), ("iliac_crest_anterior_right", (3, -2, -7))],
    [(GT, (26, 44, 10)), (GT, (30, 28, 6))],
    [(GT, (37, 33, -92)), (GT, (38, 16, -72))],  # oblique: the front fibres run longest
]


def tensor_fasciae_latae_right() -> pv.PolyData:
    c = [placed(x) for x in TENSOR]
    return fibre_muscle(c, lambda u, v: taper(u, v, 16.0, 8.0, 3.0, edge=0.3),
                        toward_deep=(-1, 0.3, 0.0), bundles=3, triangles=TRIANGLES["tensor_fasciae_latae"],
                        box=_box(c), nu=20, nv=60, groove=1.0)
