"""Ligaments that close the greater sciatic notch into a foramen."""

from __future__ import annotations

import pyvista as pv

from ...geometry.curves import spline
from ...geometry.field import Field
from ...geometry.shapes import loft
from ..landmarks import point as landmark

SPACING = 1.2  # thin bands (3-4 mm) need a fine grid


def sacrospinous_ligament_right() -> pv.PolyData:
    """Thin triangle: lateral margin of the lower sacrum and coccyx to the ischial spine."""
    spine = landmark("ischial_spine_right")
    base = spline([(20, -110, -44), (15, -114, -56), (9, -116, -68)], 40)
    f = Field(lo=(6, -122, -76), hi=(56, -80, -38), spacing=SPACING)
    f.apply(*loft(spine + (-2, 0, 0), base, 2.2, 2.6, 1.8), blend=1.5)
    return f.surface(smooth_sigma=0.8)


def sacrotuberous_ligament_right() -> pv.PolyData:
    """Twisted band: posterior iliac spines, lateral sacrum and coccyx to the ischial tuberosity.

    Broad at its origin, narrow in its middle, flaring a little again at the tuberosity.
    """
    origin = spline([landmark("psis_right") + (-2, 2, -8), (38, -128, -12), (28, -124, -32), (18, -120, -52),
                     (9, -118, -66)], 60)
    # on the medial margin of the ischial tuberosity (Gray's Anatomy), its upper half
    top, bottom = landmark("ischial_tuberosity_medial_margin_top_right"), landmark(
        "ischial_tuberosity_medial_margin_bottom_right")
    insertion = spline([top + (-1, 0, 0), 0.55 * top + 0.45 * bottom + (-2, 0, 0), bottom + (-2, 2, 6)], 60)
    waist = 0.5 * (origin + insertion)
    waist = waist.mean(axis=0) + 0.35 * (waist - waist.mean(axis=0))  # narrow middle
    f = Field(lo=(0, -142, -120), hi=(60, -60, 22), spacing=SPACING)
    f.apply(*loft(origin, waist, 2.0, 2.0, 1.8), blend=1.5)
    f.apply(*loft(waist, insertion, 2.0, 2.2, 1.8), blend=1.5)
    return f.surface(smooth_sigma=0.8)
