"""The captions layer: the scene's title and caption, set like an atlas plate's heading.

Top left inside the 5 % margin: the title in semibold, the caption wrapped below it, in a colour
that contrasts with the background. Sizes scale with the picture's height (laid out for the
output size, never magnified).
"""

from __future__ import annotations

import textwrap

from vtkmodules.vtkRenderingCore import vtkTextActor

from .base import BuiltScene, Layer
from .style import MARGIN, ink_for, paper_for, rgb


def draw(built: BuiltScene) -> list:
    scene = built.scene
    w, h = built.plotter.window_size
    ink = ink_for(rgb(scene.output.background))
    x, y = MARGIN * w, (1 - MARGIN) * h
    actors = []
    for text, size, bold in ((scene.title, h / 30, True), (scene.caption, h / 46, False)):
        if not text:
            continue
        per_line = max(20, int(0.55 * w / (0.52 * size)))  # keep clear of the right-hand labels
        wrapped = "\n".join(textwrap.wrap(text, per_line))
        actor = _text(wrapped, round(size), bold, ink, paper_for(rgb(scene.output.background)))
        actor.SetDisplayPosition(int(x), int(y))
        box = [0.0] * 4
        actor.GetBoundingBox(built.plotter.renderer, box)
        # the box is relative to the actor's position; labels keep clear of it
        built.reserved.append((x + box[0], y + box[2], x + box[1], y + box[3]))
        y -= (box[3] - box[2]) + 0.4 * size
        actors.append(actor)
    return actors


def _text(text: str, size: int, bold: bool, color, paper) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontFamilyToArial()
    prop.SetFontSize(size)
    prop.SetBold(bold)
    prop.SetColor(*color)
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToTop()
    prop.SetLineSpacing(1.1)
    prop.SetBackgroundColor(*paper)  # legible where the model runs under the heading
    prop.SetBackgroundOpacity(0.7)
    return actor


LAYER = Layer("captions", draw, shown=lambda scene: scene.output.captions, overlay=True)
