"""The landmark-span table: each measured span with a published cadaver figure, the model's value
beside the published one, in a legend whose swatches match the measurement lines.

Shown whenever a scene measures a straight span between two landmarks listed in PUBLISHED (the
built-in `landmark-spans` scene does), so the model's figures and the cadaver means read side by
side instead of being compared between the picture and its caption (lecturer review).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes.checks.paths import sciatic_crossing
from meshes.measure import MeasureError, measure

from ... import palette
from ...projection import to_display
from ..base import BuiltScene, Layer
from ..draw2d import dots_2d
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


# Where the sciatic nerve crosses a span in posterior view, as a fraction of the way from its first
# landmark: 5.8 cm from the IT and 6.2 cm from the GT, CT of 100 living adults (Clin Anat 2015,
# CLINICAL.md section 2, ref. 12). The spans are what a surgeon palpates to find the nerve, and a
# tick where it crosses shows how (lecturer's review: no points were ticked on the spans).
# (Its PSIS-IT figure, a third of the way down, is not ticked: the model's foramen projects at
# 41-80 % of that line; see meshes.checks.paths.sciatic_position.)
SCIATIC_CROSSINGS: dict[tuple[str, str], float] = {
    ("ischial_tuberosity_right", "greater_trochanter_tip_right"): 5.8 / (5.8 + 6.2),
}
SHORT = {"ischial_tuberosity_right": "IT", "greater_trochanter_tip_right": "GT", "psis_right": "PSIS"}


TICK_PX = 10.0  # the tick's radius at 1080 rows: a white bead on the span, ringed in ink
BEAD = "#ffffff"  # in the nerve's gold it showed only as a black circle on the nerve (lecturer's review)


def sciatic_ticks(scene) -> list[tuple[object, str]]:
    """(point on the span, legend text) where the sciatic nerve crosses each measured span listed
    in SCIATIC_CROSSINGS: the model's fraction beside the CT series'."""
    out = []
    for m in scene.measurements:
        key = (m.start, m.end)
        if key not in SCIATIC_CROSSINGS or m.along is not None or (hit := sciatic_crossing(*key)) is None:
            continue
        name = m.label or f"{SHORT[m.start]}-{SHORT[m.end]}"
        out.append((hit[1], f"Sciatic nerve crosses {name} {hit[0]:.0%} from the {SHORT[m.start]} "
                            f"(CT {SCIATIC_CROSSINGS[key]:.0%})"))
    return out


def draw_ticks(built: BuiltScene, ticks: list) -> list:
    """Each crossing as a bead on its span, drawn flat over the model like the span's line: the
    span joins bony points, so in 3-D the crossing lies deep to the nerve and was hidden."""
    if not ticks:
        return []
    h = built.plotter.window_size[1]
    xy = to_display(built.plotter.renderer, np.array([at for at, _ in ticks]))
    r = TICK_PX * h / 1080
    return [dots_2d(xy, r + max(3.0, h / 360), pv.Color(palette.INK).float_rgb),
            dots_2d(xy, r, pv.Color(BEAD).float_rgb)]


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
    ticks = sciatic_ticks(built.scene)
    rows_ = rows(built.scene) + [(BEAD, text) for _, text in ticks]
    title = "Model vs published mean" if ticks else "Span: model vs cadaver mean"  # a crossing is no span
    return draw_ticks(built, ticks) + legend(built, title, rows_,
                  # a sentence a line (lecturer's review: the note broke mid-sentence)
                  f"Cadaver means: {', '.join(sources)} (204 sides).\n"
                  "Model: straight lines between the bony landmarks." +
                  ("\nSciatic crossing: CT of 100 adults, Clin Anat 2015." if ticks else ""))


LEGEND = Layer("landmark-spans-legend", draw_overlay, shown=shown, overlay=True)
