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
    [("anterior_gluteal_line_top_right", (5, -2, -7)), ("iliac_tubercle_right", (5, -7, -12)),
     ("iliac_crest_top_right", (7, -7, -10)), ("iliac_crest_posterior_right", (13, -1, -8)),
     ("posterior_gluteal_line_top_right", (4, -6, -10))],
    # a quarter of the way down: on the bone
    [("anterior_gluteal_line_top_right", (3, 10, -35)), ("anterior_gluteal_line_top_right", (2, -7, -32)),
     ("iliac_tubercle_right", (-9, -26, -26)), ("iliac_tubercle_right", (-22, -33, -20)),
     ("iliac_crest_top_right", (-10, -22, -40)), ("iliac_crest_top_right", (-22, -34, -44)),
     ("iliac_crest_posterior_right", (11, 4, -33)), ("iliac_crest_posterior_right", (1, 0, -42)),
     ("posterior_gluteal_line_top_right", (-9, -2, -47))],
    # over the middle of the ilium: lifted by minimus in front, by bone behind
    [("anterior_gluteal_line_top_right", (2, 14, -46)), ("anterior_gluteal_line_top_right", (-1, 10, -52)),
     ("iliac_tubercle_right", (-7, -5, -53)), ("iliac_tubercle_right", (-14, -27, -41)),
     ("iliac_crest_top_right", (-9, -13, -55)), ("iliac_crest_top_right", (-24, -31, -58)),
     ("posterior_gluteal_line_top_right", (3, 7, -41)), ("posterior_gluteal_line_top_right", (-4, 7, -54)),
     ("posterior_gluteal_line_bottom_right", (9, -6, -3))],
    # insertion: the lateral and superoposterior facets of the greater trochanter
    [(GT, (18, 8, -16)), (GT, (18, 3, -10)), (GT, (18, -3, -3)), (GT, (15, -7, 1)), (GT, (12, -11, 5))],
]
MINIMUS = [
    # origin: along the anterior gluteal line, front to back
    [("anterior_gluteal_line_top_right", (2, 0, -16)), ("anterior_gluteal_line_top_right", (-16, -8, -37)),
     ("anterior_gluteal_line_bottom_right", (7, 1, 11)), ("anterior_gluteal_line_bottom_right", (5, -2, 0))],
    # between the anterior and inferior gluteal lines
    [("inferior_gluteal_line_front_right", (17, -9, 24)), ("inferior_gluteal_line_front_right", (9, -26, 16)),
     ("inferior_gluteal_line_back_right", (12, 1, 7)), ("inferior_gluteal_line_back_right", (4, -9, 3))],
    # insertion: the anterior facet of the greater trochanter
    [(GT, (10, 15, -8)), (GT, (11, 12, -7)), (GT, (10, 8, -5)), (GT, (8, 4, -4))],
]

TRIANGLES = {"gluteus_medius": 16000, "gluteus_minimus": 9000, "tensor_fasciae_latae": 5000}


def _box(curves, margin: float = 14.0):
    pts = np.concatenate(curves)
    return pts.min(axis=0) - margin, pts.max(axis=0) + margin


def gluteus_medius_right() -> pv.PolyData:
    c = [placed(x) for x in MEDIUS]
    return fibre_muscle(c, lambda u, v: taper(u, v, 20.0, 10.0, 6.0, edge=0.15),
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
    [("asis_right", (2, -2, -3)), ("iliac_crest_anterior_right", (3, -2, -7))],
    [(GT, (27, 42, 12)), (GT, (30, 32, 8))],
    [(GT, (31, 30, -60)), (GT, (33, 20, -64))],
]


def tensor_fasciae_latae_right() -> pv.PolyData:
    c = [placed(x) for x in TENSOR]
    return fibre_muscle(c, lambda u, v: taper(u, v, 16.0, 8.0, 4.0, edge=0.3),
                        toward_deep=(-1, 0.3, 0.0), bundles=3, triangles=TRIANGLES["tensor_fasciae_latae"],
                        box=_box(c), nu=20, nv=60, groove=1.0)
