"""The measurements layer: each [[measurements]] entry as a line with its value in mm.

Drawn in 2-D over the picture (like a dimension line on a drawing), so a distance that runs
behind bone or through a muscle still reads; the value sits in a box beside the line's middle,
and the boxes are reserved so structure labels keep clear of them. The numbers come from
`scenes.teaching.measure`, the same code as the `measure` command.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from vtkmodules.vtkRenderingCore import vtkTextActor

from meshes.measure import MeasureError, measure

from ..projection import to_display
from .base import BuiltScene, Layer
from .draw2d import boxed_text, dots_2d, segments_2d
from .labels import path_pixels
from .style import MARGIN, ink_for, paper_for, rgb, type_height

NERVE_SHARE = 0.02  # of a value box that may lie over a nerve or vessel

# Colours that no structure uses (magenta, brown, deep blue, orange), cycled for several lines;
# the brown was a teal (#007f80), the posterior divisions' colour across the deck, in which
# landmark-spans drew the PSIS-GT line (lecturer's review)
COLORS = ("#c8007a", "#8c510a", "#2a3cc8", "#d35400")


def draw(built: BuiltScene) -> list:
    renderer = built.plotter.renderer
    w, h = renderer.GetSize()
    background = rgb(built.scene.output.background)
    paper = paper_for(background)
    # 5 px at 1080: heavier than a leader (3 px), as the span is the slide's subject; at 3.6 px
    # its white halo outweighed a dark colour, and PSIS-GT's brown read paler than its swatch
    # (lecturer's review of landmark-spans)
    line_px = max(2.0, h / 216)
    out = []
    for i, m in enumerate(built.scene.measurements):
        try:
            result = measure(m.start, m.end, m.along)
        except MeasureError:  # validated when loaded; a point may still vanish with a variant
            continue
        color = rgb(m.color or COLORS[i % len(COLORS)])
        xy = to_display(renderer, result.line)
        segs = list(zip(map(tuple, xy[:-1]), map(tuple, xy[1:]), strict=True))
        ends = [tuple(xy[0]), tuple(xy[-1])] if result.kind != "length" else []
        out += [segments_2d(segs, line_px + max(2.0, h / 400), paper),  # a halo over the anatomy
                segments_2d(segs, line_px, color)]
        if ends:
            out += [dots_2d(ends, 1.8 * line_px + 1.5, paper), dots_2d(ends, 1.8 * line_px, color)]
        out.append(_value_box(built, xy, m.label, result.value_mm, color, ink_for(background), paper))
    return out


def text_of(label: str | None, value_mm: float) -> str:
    return f"{label}: {value_mm:.0f} mm" if label else f"{value_mm:.0f} mm"


def _value_box(built: BuiltScene, xy: np.ndarray, label, value_mm: float, color, ink, paper) -> vtkTextActor:
    """The value in a box beside the middle of the line, on the side away from the picture's
    centre, kept inside the margin; its rectangle is reserved for the label layout."""
    renderer = built.plotter.renderer
    w, h = renderer.GetSize()
    font_px = max(11, round(type_height(w, h) / 40))
    frame_px = max(2, font_px // 10)
    actor = boxed_text(text_of(label, value_mm), font_px, ink, paper, frame=color, frame_px=frame_px,
                       opacity=0.9)
    box = [0.0] * 4
    actor.GetBoundingBox(renderer, box)
    frame = frame_px + 2  # the frame is drawn outside the text's bounding box
    bw, bh = box[1] - box[0] + 2 * frame, box[3] - box[2] + 2 * frame
    x0, y0 = _place(built, xy, bw, bh, font_px)
    actor.SetDisplayPosition(int(x0 + frame), int(y0 + frame))
    built.reserved.append((x0, y0, x0 + bw, y0 + bh))
    return actor


def _place(built: BuiltScene, xy: np.ndarray, bw: float, bh: float, gap: float) -> tuple[float, float]:
    """Bottom-left corner of the value box: beside the line near its middle, first on the side
    away from the picture's centre, the first spot clear of what is reserved (title, other values)
    and of the nerves and vessels (landmark-spans: the IT-GT value lay on the sciatic nerve;
    lecturer's review), further out if it must; failing that, the first spot clear of what is
    reserved."""
    w, h = built.plotter.renderer.GetSize()
    nerves = path_pixels(built)
    spots = []
    for off, frac in product((0.6, 2.0, 3.5), (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)):  # off: in gaps
        mid, normal = _middle(xy, frac)
        if normal @ (mid - np.array([w / 2, h / 2])) < 0:
            normal = -normal
        for side in (normal, -normal):
            centre = mid + side * (off * gap + 0.5 * np.hypot(bw * side[0], bh * side[1]))
            x0 = float(np.clip(centre[0] - bw / 2, MARGIN * w, (1 - MARGIN) * w - bw))
            y0 = float(np.clip(centre[1] - bh / 2, MARGIN * h, (1 - MARGIN) * h - bh))
            spots.append((x0, y0))
    free = [(x0, y0) for x0, y0 in spots
            if not any(x0 < r[2] and r[0] < x0 + bw and y0 < r[3] and r[1] < y0 + bh for r in built.reserved)]
    clear = [(x0, y0) for x0, y0 in free
             if nerves[int(y0):int(y0 + bh), int(x0):int(x0 + bw)].mean() < NERVE_SHARE]
    return (clear or free or spots)[0]


def _middle(xy: np.ndarray, frac: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """The point at `frac` of a display polyline's length and the unit normal of the line there."""
    seg = np.linalg.norm(np.diff(xy, axis=0), axis=1)
    cum = np.r_[0, np.cumsum(seg)]
    if cum[-1] < 1e-6:
        return xy[0], np.array([0.0, 1.0])
    half = cum[-1] * frac
    k = min(int(np.searchsorted(cum, half, side="right")) - 1, len(seg) - 1)
    t = (half - cum[k]) / max(seg[k], 1e-9)
    mid = xy[k] + t * (xy[k + 1] - xy[k])
    d = (xy[k + 1] - xy[k]) / max(seg[k], 1e-9)
    return mid, np.array([-d[1], d[0]])


LAYER = Layer("measurements", draw, shown=lambda scene: bool(scene.measurements), overlay=True)
