"""The landmark-span table: each measured span with a published cadaver figure, the model's value
beside the published one, in a legend whose swatches match the measurement lines.

Shown whenever a scene measures a straight span between two landmarks listed in PUBLISHED (the
built-in `landmark-spans` scene does), so the model's figures and the cadaver means read side by
side instead of being compared between the picture and its caption (lecturer review).
"""

from __future__ import annotations

from meshes.measure import MeasureError, measure

from ..base import BuiltScene, Layer
from ..measurements import COLORS
from .draw import legend

# (start, end) -> (published mean mm, source). Wan-ae-loh P, Huanmanop T, Agthong S, Chentanez V.
# Folia Morphol 2020;79:681-9, 204 sides (CLINICAL.md section 2, ref. 13); their IT is the most
# prominent point of the ischial tuberosity, as the model's ischial_tuberosity_right.
PUBLISHED: dict[tuple[str, str], tuple[float, str]] = {
    ("psis_right", "ischial_tuberosity_right"): (129.6, "Wan-ae-loh 2020"),
    ("psis_right", "greater_trochanter_tip_right"): (151.3, "Wan-ae-loh 2020"),
    ("ischial_tuberosity_right", "greater_trochanter_tip_right"): (73.0, "Wan-ae-loh 2020"),
}


def _published(m) -> tuple[float, str] | None:
    if m.along is not None or not isinstance(m.start, str) or not isinstance(m.end, str):
        return None
    return PUBLISHED.get((m.start, m.end)) or PUBLISHED.get((m.end, m.start))


def rows(scene) -> list[tuple[str, str]]:
    """(swatch colour, 'SPAN  model mm  vs  published mm') for each span with a published figure,
    in the measurement lines' own colours."""
    out = []
    for i, m in enumerate(scene.measurements):
        found = _published(m)
        if found is None:
            continue
        try:
            model = measure(m.start, m.end).value_mm
        except MeasureError:
            continue
        name = m.label or f"{m.start}-{m.end}"
        out.append((m.color or COLORS[i % len(COLORS)],
                    f"{name}: model {model:.0f} mm, cadaver {found[0]:.0f} mm ({model - found[0]:+.0f})"))
    return out


def shown(scene) -> bool:
    return any(_published(m) for m in scene.measurements)


def draw_overlay(built: BuiltScene) -> list:
    sources = sorted({_published(m)[1] for m in built.scene.measurements if _published(m)})
    return legend(built, "Span: model vs cadaver mean", rows(built.scene),
                  f"Cadaver means: {', '.join(sources)} (204 sides).\nModel: straight line between\n"
                  "the landmarks, as measured on the bones.")


LEGEND = Layer("landmark-spans-legend", draw_overlay, shown=shown, overlay=True)
