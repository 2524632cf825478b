"""A frame tied to the greater sciatic notch, shared by the hip bone, piriformis and the paths.

The notch is carved to the profile `notch_depth`, and everything that crosses the foramen is
placed with `notch(a, b)`, so moving the PIIS or the ischial spine moves bone, muscle and nerve
together.
"""

from __future__ import annotations

import numpy as np

from ..landmarks import point as landmark


def notch(a: float, b: float, x: float | None = None) -> np.ndarray:
    """A point of the greater sciatic notch: `a` mm from the PIIS toward the ischial spine,
    `b` mm from that chord toward the notch's bone edge; x (lateral) optionally overridden."""
    piis, spine = landmark("piis_right"), landmark("ischial_spine_right")
    e = (spine - piis) / np.linalg.norm(spine - piis)
    toward_bone = landmark("greater_sciatic_notch_apex_right") - piis
    p = toward_bone - (toward_bone @ e) * e
    out = piis + a * e + b * p / np.linalg.norm(p)
    if x is not None:
        out[0] = x
    return out


def notch_depth(a: float) -> float:
    """Depth of the notch's bone edge above the chord, as modelled (parabolic, 28 mm deep)."""
    chord = np.linalg.norm(landmark("ischial_spine_right") - landmark("piis_right"))
    return 28.0 * max(0.0, 1 - ((a - chord / 2) / (chord / 2)) ** 2)
