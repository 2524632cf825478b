"""The scale bar: a bar of a round length in mm, exact at the focal plane (perspective view)."""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkRenderingCore import vtkTextActor

from .base import BuiltScene, Layer
from .draw2d import segments_2d


def draw(built: BuiltScene) -> list:
    cam = built.plotter.camera
    w, h = built.plotter.window_size
    depth = np.linalg.norm(np.subtract(cam.position, cam.focal_point))
    across = cam.GetUseHorizontalViewAngle()  # a view narrower than 16:9 holds its width (cameras.py)
    mm_per_px = 2 * depth * np.tan(np.radians(cam.view_angle) / 2) / (w if across else h)
    length = next(v for v in (5, 10, 20, 25, 50, 100, 200) if v / mm_per_px > 0.08 * w)
    px = length / mm_per_px
    x1, y = w * 0.97, h * 0.05
    bar = segments_2d([((x1 - px, y), (x1, y))], max(2, h // 360), (0.1, 0.1, 0.1))
    text = vtkTextActor()
    text.SetInput(f"{length} mm")
    text.GetTextProperty().SetFontSize(max(12, h // 50))
    text.GetTextProperty().SetColor(0.1, 0.1, 0.1)
    text.GetTextProperty().SetJustificationToCentered()
    text.SetDisplayPosition(int(x1 - px / 2), int(y + h * 0.01))
    return [bar, text]


LAYER = Layer("scale-bar", draw, shown=lambda scene: scene.output.scale_bar, overlay=True)
