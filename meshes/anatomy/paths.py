"""Nerves, vessels and the foramen outline as trees of named spline parts.

A structure is a list of parts (root -> trunk -> branches), each with a parent, so a lesion,
a length measurement or a variant can address any part. Points run proximal to distal. Crossings
of the greater sciatic foramen are placed in a frame tied to the notch, so they move with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..geometry.curves import length, spline
from .landmarks import point as landmark
from .muscles import gluteus_maximus_point as in_gmax
from .notch import notch, notch_depth


@dataclass(frozen=True)
class Part:
    name: str
    points: tuple  # control points, proximal to distal
    radius: float  # mm
    parent: str | None = None


def _points(*pts) -> tuple:
    return tuple(tuple(float(v) for v in p) for p in pts)


FORAMEN = {k: landmark(f"anterior_sacral_foramen_s{k}_right") for k in (1, 2, 3, 4)}
L4, L5 = landmark("intervertebral_foramen_l4_right"), landmark("intervertebral_foramen_l5_right")

# Where each structure crosses the foramen (a, b in the notch frame, x lateral).
CROSSING = {
    "superior_gluteal_nerve_right": notch(12, 17, 57),
    "superior_gluteal_artery_right": notch(9, 13, 55),
    "inferior_gluteal_nerve_right": notch(36, 0, 43),
    "inferior_gluteal_artery_right": notch(33, -2, 45),
    "sciatic_nerve_right": notch(47, -4, 58),
    "posterior_femoral_cutaneous_nerve_right": notch(44, 2, 51),
}

SCIATIC_FORMS = np.array([45.0, -92.0, -59.0])  # L4-S3 unite on the front of piriformis
IGN_JUNCTION = np.array([39.0, -90.0, -50.0])  # posterior divisions unite, below piriformis
IGN_SPLIT = in_gmax(0.7, 0.3, 22)  # divides just in front of the deep surface of gluteus maximus
IGA_SPLIT = in_gmax(0.76, 0.38, 20)  # divides just in front of the deep surface of gluteus maximus

PATHS: dict[str, list[Part]] = {
    "inferior_gluteal_nerve_right": [
        Part("root_L5", _points(L5, (31, -63, 30), (35.5, -51, 14), (39.5, -58, -6), (42.5, -71, -26),
                           IGN_JUNCTION), 1.1, "trunk"),
        Part("root_S1", _points(FORAMEN[1], (30, -80, -16), (40, -84, -38), IGN_JUNCTION), 1.1, "trunk"),
        Part("root_S2", _points(FORAMEN[2], (30, -91, -30), (40, -90, -44), IGN_JUNCTION), 1.0, "trunk"),
        Part("trunk", _points(IGN_JUNCTION, CROSSING["inferior_gluteal_nerve_right"], (54, -108, -62),
                              IGN_SPLIT), 1.6),
        # branches enter the deep surface low down, then fan out inside it (3 mm deep)
        Part("branch_1", _points(IGN_SPLIT, in_gmax(0.68, 0.27, 5),
                                 in_gmax(0.55, 0.22, 5), in_gmax(0.42, 0.2, 5)),
             1.0, "trunk"),
        Part("branch_2", _points(IGN_SPLIT, in_gmax(0.7, 0.36, 5),
                                 in_gmax(0.64, 0.5, 5), in_gmax(0.58, 0.62, 5)),
             1.0, "trunk"),
        Part("branch_3", _points(IGN_SPLIT, in_gmax(0.74, 0.3, 5),
                                 in_gmax(0.82, 0.32, 5), in_gmax(0.9, 0.34, 5)),
             0.9, "trunk"),
    ],
    "sciatic_nerve_right": [
        Part("root_L4_L5", _points((44, -73, -24), (43, -80, -36), SCIATIC_FORMS), 2.4, "trunk"),
        Part("root_S1", _points(FORAMEN[1], (32, -82, -22), SCIATIC_FORMS), 2.2, "trunk"),
        Part("root_S2", _points(FORAMEN[2], (33, -90, -36), SCIATIC_FORMS), 2.0, "trunk"),
        Part("root_S3", _points(FORAMEN[3], (34, -98, -46), SCIATIC_FORMS), 1.8, "trunk"),
        Part("trunk", _points(SCIATIC_FORMS, CROSSING["sciatic_nerve_right"], (72, -92, -80),
                         (86, -90, -112), (92, -82, -160), (95, -76, -230)), 5.5),
    ],
    "superior_gluteal_nerve_right": [
        Part("trunk", _points((38, -74, -16), (44, -88, -38), CROSSING["superior_gluteal_nerve_right"],
                         (72, -98, -34), (92, -86, -24)), 1.5),
        Part("branch_superior", _points((92, -84, -24), (110, -70, -2), (122, -45, 8)), 1.0, "trunk"),
        Part("branch_inferior", _points((92, -84, -24), (112, -62, -30), (126, -30, -28)), 1.0, "trunk"),
    ],
    "posterior_femoral_cutaneous_nerve_right": [
        Part("trunk", _points(FORAMEN[2] + (8, 0, -12), (42, -96, -50),
                         CROSSING["posterior_femoral_cutaneous_nerve_right"], (64, -110, -90),
                         (78, -112, -130), (86, -102, -200)), 1.3),
    ],
    "pudendal_nerve_right": [
        Part("trunk", _points(FORAMEN[3] + (6, -2, -10), (34, -104, -58), (44, -97, -71), (50, -84, -84),
                         (44, -62, -100), (30, -40, -108)), 1.5),
    ],
    "lumbosacral_trunk_right": [
        Part("trunk", _points(L4, (29, -66, 62), (33, -56, 36), (37.5, -54, 14), (41.5, -61, -6),
                         (44, -73, -24)), 2.6),
    ],
    "inferior_gluteal_artery_right": [
        Part("trunk", _points((34, -62, -12), (40, -80, -36), CROSSING["inferior_gluteal_artery_right"],
                         (58, -114, -64), IGA_SPLIT), 1.8),
        Part("branch_1", _points(IGA_SPLIT, in_gmax(0.72, 0.42, 4), in_gmax(0.62, 0.55, 4)), 1.1, "trunk"),
        Part("branch_2", _points(IGA_SPLIT, in_gmax(0.8, 0.4, 4), in_gmax(0.9, 0.45, 4)), 1.1, "trunk"),
    ],
    "superior_gluteal_artery_right": [
        Part("trunk", _points((34, -66, -12), (42, -90, -36), CROSSING["superior_gluteal_artery_right"],
                         (68, -110, -32), (86, -104, -16)), 2.0),
        Part("branch_superficial", _points((86, -104, -16), (96, -118, 0), (100, -130, 12)), 1.2, "trunk"),
        Part("branch_deep", _points((86, -104, -16), (104, -80, -6), (118, -56, 2)), 1.2, "trunk"),
    ],
}


def _foramen_ring() -> list:
    """Control points of the foramen's rim: notch edge, sacrospinous ligament, sacrum, closed."""
    chord = np.linalg.norm(landmark("ischial_spine_right") - landmark("piis_right"))
    edge = [notch(a, notch_depth(a) - 1.0) for a in np.linspace(0, chord, 12)]
    ligament = [(30, -103, -53), (22, -108, -44)]  # upper border of the sacrospinous ligament
    sacrum = [(28, -113, -34), (40, -118, -28)]  # lateral sacral border up to the PIIS
    return edge + ligament + sacrum + [edge[0]]


PATHS["greater_sciatic_foramen_right"] = [Part("outline", _points(*_foramen_ring()), 1.2)]


def foramen_outline() -> np.ndarray:
    """The closed rim of the greater sciatic foramen as a smooth curve."""
    return centreline("greater_sciatic_foramen_right", "outline")


@cache
def centreline(structure: str, part: str) -> np.ndarray:
    """The part's smooth centreline, about one point per millimetre, proximal to distal."""
    pts = np.array(next(p.points for p in PATHS[structure] if p.name == part), float)
    n = max(20, int(length(spline(pts, 60))))
    return spline(pts, n)
