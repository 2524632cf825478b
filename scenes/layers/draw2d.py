"""2-D drawing primitives in display pixels (origin bottom-left) for the overlay layers."""

from __future__ import annotations

import numpy as np
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor


def segments_2d(segments, width: float, color) -> vtkActor2D:
    """One actor drawing line segments ((x0, y0), (x1, y1)) in display pixels."""
    pts, lines = vtkPoints(), vtkCellArray()
    for a, b in segments:
        i = pts.InsertNextPoint(a[0], a[1], 0)
        j = pts.InsertNextPoint(b[0], b[1], 0)
        lines.InsertNextCell(2, [i, j])
    poly = vtkPolyData()
    poly.SetPoints(pts)
    poly.SetLines(lines)
    return _actor(poly, color, width)


def haloed_2d(segments, width: float, color, paper, rows: int) -> list[vtkActor2D]:
    """Line segments on a halo a little wider, so a dark line holds on dark muscle and a light
    one on pale bone (leaders, and dashed outlines drawn over the model)."""
    return [segments_2d(segments, width + max(2.0, rows / 540), paper), segments_2d(segments, width, color)]


def dots_2d(centres, radius: float, color) -> vtkActor2D:
    """Filled discs at display points (leader end dots)."""
    pts, polys = vtkPoints(), vtkCellArray()
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    for cx, cy in centres:
        ids = [pts.InsertNextPoint(cx + radius * np.cos(a), cy + radius * np.sin(a), 0) for a in angles]
        polys.InsertNextCell(len(ids), ids)
    poly = vtkPolyData()
    poly.SetPoints(pts)
    poly.SetPolys(polys)
    return _actor(poly, color)


def boxed_text(text: str, font_px: int, ink, paper, *, frame, frame_px: int,
               opacity: float) -> vtkTextActor:
    """Bold text on a see-through paper box with a frame (labels, measured values); the actor's
    display position is its bottom-left corner, the frame drawn outside it."""
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontSize(font_px)
    prop.SetFontFamilyToArial()
    prop.SetBold(True)
    prop.SetColor(*ink)
    prop.SetBackgroundColor(*paper)
    prop.SetBackgroundOpacity(opacity)
    prop.SetFrame(True)
    prop.SetFrameColor(*frame)
    prop.SetFrameWidth(frame_px)
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToBottom()
    return actor


def _actor(poly: vtkPolyData, color, width: float | None = None) -> vtkActor2D:
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*color)
    if width is not None:
        actor.GetProperty().SetLineWidth(width)
    return actor
