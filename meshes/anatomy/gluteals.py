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

from .muscle_shapes import fibre_muscle, placed, taper

GT = "greater_trochanter_tip_right"

# Curves across the fibres, front to back; every fibre passes through one point of each.
MEDIUS = [
    # origin: just below the crest, from the anterior to the posterior gluteal line
    [("anterior_gluteal_line_top_right", (4, -1, -7)), ("iliac_tubercle_right", (4, -6, -12)),
     ("iliac_crest_top_right", (6, -6, -10)), ("iliac_crest_posterior_right", (11, 1, -8)),
     ("posterior_gluteal_line_top_right", (5, -7, -10))],
    # over the middle of the ilium: lifted by minimus in front, by bone behind
    [("anterior_gluteal_line_top_right", (0, 16, -46)), ("iliac_tubercle_right", (-10, -2, -53)),
     ("iliac_crest_top_right", (-12, -10, -55)), ("posterior_gluteal_line_top_right", (2, 8, -41)),
     ("posterior_gluteal_line_bottom_right", (8, -4, -3))],
    # insertion: the lateral and superoposterior facets of the greater trochanter
    [(GT, (15, 8, -16)), (GT, (15, 3, -10)), (GT, (13, -2, -4)), (GT, (11, -6, 0)), (GT, (8, -9, 4))],
]
MINIMUS = [
    # origin: along the anterior gluteal line, front to back
    [("anterior_gluteal_line_top_right", (-1, 3, -16)), ("anterior_gluteal_line_top_right", (-19, -5, -37)),
     ("anterior_gluteal_line_bottom_right", (4, 3, 11)), ("anterior_gluteal_line_bottom_right", (2, 0, 0))],
    # between the anterior and inferior gluteal lines
    [("inferior_gluteal_line_front_right", (16, -8, 24)), ("inferior_gluteal_line_front_right", (7, -25, 16)),
     ("inferior_gluteal_line_back_right", (13, 0, 7)), ("inferior_gluteal_line_back_right", (4, -9, 3))],
    # insertion: the anterior facet of the greater trochanter
    [(GT, (8, 14, -8)), (GT, (9, 11, -7)), (GT, (8, 7, -5)), (GT, (6, 3, -4))],
]

TRIANGLES = {"gluteus_medius": 16000, "gluteus_minimus": 9000, "tensor_fasciae_latae": 5000}


def _box(curves, margin: float = 14.0):
    pts = np.concatenate(curves)
    return pts.min(axis=0) - margin, pts.max(axis=0) + margin


def gluteus_medius_right() -> pv.PolyData:
    c = [placed(x) for x in MEDIUS]
    return fibre_muscle(c, lambda u, v: taper(u, v, 20.0, 10.0, 7.0, edge=0.15),
                        toward_deep=(-0.6, 0.6, 0.0), bundles=6, triangles=TRIANGLES["gluteus_medius"],
                        box=_box(c), nu=40, nv=60, groove=1.4)


def gluteus_minimus_right() -> pv.PolyData:
    c = [placed(x) for x in MINIMUS]
    return fibre_muscle(c, lambda u, v: taper(u, v, 11.0, 6.0, 5.0, edge=0.15),
                        toward_deep=(-0.7, 0.5, 0.0), bundles=5, triangles=TRIANGLES["gluteus_minimus"],
                        box=_box(c), nu=36, nv=50, groove=1.0)


# Tensor fasciae latae: from the anterior superior iliac spine and the front of the crest, down
# and slightly back into the front of the iliotibial tract in the upper third of the thigh.
TENSOR = [
    [("asis_right", (4, -3, -4)), ("iliac_crest_anterior_right", (4, -2, -8))],
    [(GT, (27, 42, 12)), (GT, (30, 32, 8))],
    [(GT, (31, 30, -60)), (GT, (33, 20, -64))],
]


def tensor_fasciae_latae_right() -> pv.PolyData:
    c = [placed(x) for x in TENSOR]
    return fibre_muscle(c, lambda u, v: taper(u, v, 16.0, 8.0, 4.0, edge=0.3),
                        toward_deep=(-1, 0.3, 0.0), bundles=3, triangles=TRIANGLES["tensor_fasciae_latae"],
                        box=_box(c), nu=20, nv=60, groove=1.0)
