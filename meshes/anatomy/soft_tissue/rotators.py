"""The short lateral rotators below piriformis, and coccygeus.

Gray's Anatomy and ANATOMY.md: superior gemellus from the ischial spine, obturator internus from
the inner surface of the obturator membrane (its tendon leaves the pelvis through the lesser
sciatic foramen, turning round the lesser sciatic notch), inferior gemellus from the upper ischial
tuberosity; all three to the medial surface of the greater trochanter. Quadratus femoris from the
lateral border of the ischial tuberosity to the quadrate tubercle. Coccygeus from the ischial
spine to the side of the coccyx and lowest sacrum, on the pelvic face of the sacrospinous
ligament. Every attachment is a landmark plus an offset (mm), so the muscles follow the bones.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.curves import sample_curve
from ...geometry.field import swept_spheres
from .muscle_shapes import fibre_muscle, placed, taper

SPACING = 1.25  # small muscles: a finer grid keeps their furrows

# The gemelli and the obturator internus tendon insert together on the medial surface of the
# greater trochanter, just below and behind piriformis (Gray's Anatomy): offsets from its tip.
GT = "greater_trochanter_tip_right"

# Obturator internus: the fan inside the pelvis, front (origin round the obturator membrane) to
# back (converging on the lesser sciatic notch), curves running across the fibres.
OBTURATOR_ORIGIN = [("obturator_foramen_center_right", d) for d in
                    ((-7, 4, 26), (-9, 14, 12), (-9, 12, 0), (-8, 4, -5), (-8, -10, -6))]
OBTURATOR_MIDDLE = [("obturator_foramen_center_right", d) for d in
                    ((-5, -22, 20), (-7, -18, 12), (-8, -16, 5), (-8, -17, -1), (-8, -21, -4))]
OBTURATOR_NOTCH = [("lesser_sciatic_notch_right", d) for d in
                   ((-6, 6, 8), (-6, 7, 4), (-6, 7, 0), (-6, 7, -4), (-6, 6, -8))]
# the tendon: round the notch (in its groove, behind the bone), then laterally to the trochanter
OBTURATOR_TENDON = [("lesser_sciatic_notch_right", (-4, 4, 0)), ("lesser_sciatic_notch_right", (1, -6, 0)),
                    ("lesser_sciatic_notch_right", (12, -11, 1)), (GT, (-30, -16, -12)),
                    (GT, (-10, -6, -8))]

# The gemelli: two slim bands lying along the upper and lower borders of the obturator internus
# tendon, "accessory to it" (Gray's Anatomy 1918), converging with it on the medial surface of the
# greater trochanter. Their fibres run parallel to the tendon; across the fibres each is about
# 9-12 mm wide at its origin (the inferior the larger) and narrows onto the tendon. At the middle
# their adjacent borders meet behind the tendon (2-3 mm behind its axis, level with it): from
# behind the tendon shows as it leaves the notch and then passes between and under them, as in
# atlas plates of the deep gluteal region (model, after Gray's).
SUPERIOR_GEMELLUS = [[("ischial_spine_right", (4, -3.5, 4)), ("ischial_spine_right", (6, -2, -4))],
                     [(GT, (-42, -27, -8)), (GT, (-42, -28, -18.5))],
                     [(GT, (-10, -6.5, -5.5)), (GT, (-10, -7, -8.5))]]
INFERIOR_GEMELLUS = [[("ischial_tuberosity_right", (-1, 1, 16)), ("ischial_tuberosity_right", (3, 4, 5))],
                     [(GT, (-42, -28, -19.5)), (GT, (-41, -26, -31.5))],
                     [(GT, (-10, -7, -9.5)), (GT, (-11, -7.5, -12))]]
# Quadratus femoris: a flat quadrilateral, its fibres horizontal, from the lateral border of the
# ischial tuberosity to the quadrate tubercle and the intertrochanteric crest below it (Gray's
# Anatomy 1918). Upper border along the inferior gemellus, lower border beside adductor magnus.
QT = "quadrate_tubercle_right"
QUADRATUS_FEMORIS = [[("ischial_tuberosity_right", (10, -2, 0)), ("ischial_tuberosity_right", (8, 2, -26))],
                     [(QT, (-24, -13, -2)), (QT, (-26, -12, -28))],
                     [(QT, (-1, -7, 5)), (QT, (-4, -6, -20))]]
# Coccygeus: a thin triangle just in front of (on the pelvic face of) the sacrospinous ligament.
COCCYGEUS = [[("ischial_spine_right", (-3, 2, 3)), ("ischial_spine_right", (-3, 3, -2))],
             [("sacral_apex", (16, 7, 12)), ("sacral_apex", (12, 8, -2)), ("coccyx_tip", (7, -4, 14))]]

TRIANGLES = {"superior_gemellus": 3000, "obturator_internus": 8000, "inferior_gemellus": 3000,
             "quadratus_femoris": 5000, "coccygeus": 3000}


def _curves(spec) -> list[np.ndarray]:
    return [placed(c) for c in spec]


def _box(curves, margin: float = 12.0):
    pts = np.concatenate(curves)
    return pts.min(axis=0) - margin, pts.max(axis=0) + margin


def superior_gemellus_right() -> pv.PolyData:
    """Thin band from the ischial spine along the upper border of the obturator tendon."""
    return _gemellus(SUPERIOR_GEMELLUS, 6.5, "superior_gemellus")


def inferior_gemellus_right() -> pv.PolyData:
    """Band from the upper ischial tuberosity along the lower border of the obturator tendon."""
    return _gemellus(INFERIOR_GEMELLUS, 7.5, "inferior_gemellus")


def _gemellus(spec, belly: float, key: str) -> pv.PolyData:
    """A gemellus: a slim band of three bundles, `belly` mm thick, thinning onto the tendon."""
    c = _curves(spec)
    return fibre_muscle(c, lambda u, v: taper(u, v, belly, belly - 2.0, 3.5, edge=0.3),
                        toward_deep=(0, 1, 0), bundles=3, triangles=TRIANGLES[key], box=_box(c), nu=20,
                        nv=50, groove=0.9, spacing=SPACING)


def obturator_internus_right() -> pv.PolyData:
    """Fan on the inner surface of the obturator membrane converging on the lesser sciatic notch,
    then a flat tendon turning round the notch, out through the lesser sciatic foramen."""
    fan = _curves([OBTURATOR_ORIGIN, OBTURATOR_MIDDLE, OBTURATOR_NOTCH])
    tendon = placed(OBTURATOR_TENDON)
    lo, hi = _box([*fan, tendon])
    # a flat tendon (a ribbon about 10 mm wide, 5-7 mm thick, narrowing to its insertion) rather
    # than a round cord: three strands side by side, spread across the fibres (up and down)
    spread = np.array([0.0, 0.0, 1.0])[None] * np.linspace(2.5, 1.0, len(tendon))[:, None]
    strands = [(tendon, [4.0, 3.6, 3.2, 2.8, 2.4])] + [
        (tendon + k * spread, [3.0, 2.8, 2.6, 2.2, 1.8]) for k in (-1, 1)]
    extra = [(*swept_spheres(*sample_curve(c, r, spacing=0.6)), 2.0) for c, r in strands]
    return fibre_muscle(fan, lambda u, v: taper(u, v, 11.0, 7.0, 7.0, edge=0.25), toward_deep=(1, 0, 0),
                        bundles=4, triangles=TRIANGLES["obturator_internus"], box=(lo, hi), nu=30, nv=40,
                        groove=1.0, spacing=SPACING, extra=extra)


def quadratus_femoris_right() -> pv.PolyData:
    """Flat quadrilateral, fibres running laterally from the ischial tuberosity to the crest."""
    c = _curves(QUADRATUS_FEMORIS)
    # about 1 cm thick (model): flat, its bundles showing the horizontal fibres
    return fibre_muscle(c, lambda u, v: taper(u, v, 11.0, 8.0, 6.0, edge=0.12), toward_deep=(0, 1, 0),
                        bundles=6, triangles=TRIANGLES["quadratus_femoris"], box=_box(c), nu=30, nv=50,
                        groove=1.4, spacing=SPACING)


def coccygeus_right() -> pv.PolyData:
    """Triangle from the ischial spine fanning to the coccyx and lowest sacrum."""
    fan = _curves(COCCYGEUS)
    return fibre_muscle(fan, lambda u, v: taper(u, v, 5.0, 4.0, 4.0, edge=0.15), toward_deep=(0, 1, 0),
                        bundles=3, triangles=TRIANGLES["coccygeus"], box=_box(fan), nu=24, nv=40,
                        groove=0.6, spacing=1.0)
