"""The superior gluteal nerve's safe zone above the trochanter (`layers = ["sgn-safe-zone"]`).

Lateral approaches split gluteus medius above the greater trochanter; the superior gluteal
nerve's lowest branches run across the muscle higher up. Jacobs & Buxton 1989 (10 cadavers,
CLINICAL.md [6]) found a safe zone up to 5 cm above the trochanter; Bos et al. 1994 (20
specimens, CLINICAL.md [7]) advise staying within 3 cm of the tip, and Ince et al. 2007 (20
legs, [8]) found the nearest branches 1.0-3.5 cm from it. Gluteus medius is coloured by height
straight up from the trochanter tip: green to 3 cm, pale green to 5 cm, red above.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import point

from ... import palette
from ...clinical import danger_zones as dz
from ..base import BuiltScene, Layer
from .draw import bands, legend, replace_actor, tags

NAME = "sgn-safe-zone"
# the deck's meanings (scenes/palette.py): the magenta read as the lesion scenes' severe weakness,
# the pale yellow as the IGN
STRICT, SAFE, DANGER, MARK = palette.SAFE, palette.SAFE_LAX, palette.DANGER, palette.INK
BELOW = palette.UNMEASURED  # below the tip: the muscle's own red there read as "above 5 cm" (review)


def shown(scene) -> bool:
    return NAME in scene.layers


def draw(built: BuiltScene) -> list:
    gmed = built.meshes[dz.GMED]
    height = dz.height_above_gt(np.asarray(gmed.points))
    pieces = bands(gmed, height, (0.0, dz.SGN_STRICT_MM, dz.SGN_SAFE_MM))
    out = replace_actor(built, dz.GMED, pieces, [BELOW, STRICT, SAFE, DANGER])
    out.append(built.plotter.add_mesh(pv.Sphere(radius=3.0, center=point(dz.GT)), color=MARK, pickable=False,
                                      name=f"{NAME}-gt"))
    return out


def draw_overlay(built: BuiltScene) -> list:
    out = legend(built, "Superior gluteal nerve: height above the trochanter",
                 [(STRICT, "0-3 cm: stricter safe zone (Bos 1994)"),
                  (SAFE, "3-5 cm: inside Jacobs & Buxton's 5 cm zone only"),
                  (DANGER, "Above 5 cm: outside both zones"),
                  (BELOW, "Below the tip: where the muscle inserts")],
                 "Jacobs & Buxton 1989, 10 cadavers; Bos 1994, 20 specimens;\n"
                 "nearest branches 1.0-3.5 cm from the tip: Ince 2007.")
    low, mm = dz.sgn_lowest(built.meshes[dz.GMED])
    near, far = (v / 10 for v in dz.SGN_INCE_MM[:2])
    items = [(point(dz.GT), "Trochanter tip"),
             (low, f"Lowest SGN branch: {mm / 10:.1f} cm above the tip,\n"
                   f"{zone_of(mm)} (cadavers: {near:.1f}-{far:.1f} cm)")]
    return out + tags(built, items)


def zone_of(mm: float) -> str:
    """Where a height above the tip falls among the zones, in the legend's words: the model's
    lowest branch lies in the green band, and the tag said only its height, so the colour seemed
    to call it safe (lecturer's review); on many cadaver sides it lies as low (Ince 2007)."""
    if mm < dz.SGN_STRICT_MM:
        return "inside even the 3 cm zone"
    return "inside the 5 cm zone" if mm < dz.SGN_SAFE_MM else "above both zones"


LAYER = Layer(NAME, draw, shown=shown)
LEGEND = Layer(NAME + "-legend", draw_overlay, shown=shown, overlay=True)
