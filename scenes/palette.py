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
