"""Our own label layer: anchor on a visible part of the structure, text off the mesh, leader line.

pyvista's point labels are not pickable, have no leaders and misplace text when a screenshot is
magnified, so labels are laid out here in display pixels for the actual output size, from the
first rendered frame: anchors are tested against the z-buffer (vtkSelectVisiblePoints), and
boxes go beside the silhouette of the rendered model in their row. Each box is a hit box for
clicks in the window.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkFloatArray, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkPolyDataMapper2D,
    vtkSelectVisiblePoints,
    vtkTextActor,
)

from meshes import PATHS

from ..catalog import CATALOG
from ..projection import to_display
from .base import BuiltScene, LabelBox, Layer

TEXT = (0.08, 0.08, 0.1)
LEADER = (0.2, 0.2, 0.22)


def _candidates(sid: str, mesh: pv.PolyData) -> list[np.ndarray]:
    """World points a label may point at, best first: a nerve's trunk, then all its parts; a
    sample of a solid's surface. (Tube points, tagged by part: no spline work at render time.)"""
    pts = np.asarray(mesh.points)
    sample = pts[:: max(1, len(pts) // 800)]
    if sid not in PATHS:
        return [sample]
    names = [p.name for p in PATHS[sid]]
    if "trunk" in names and "part" in mesh.point_data:
        trunk = pts[np.asarray(mesh.point_data["part"]) == names.index("trunk")]
        return [trunk[:: max(1, len(trunk) // 400)], sample]
    return [sample]


def _visible(renderer, pts: np.ndarray) -> np.ndarray:
    """Mask of points not hidden behind anything opaque in the last rendered frame."""
    probe = pv.PolyData(pts)
    probe.point_data["id"] = np.arange(len(pts))
    select = vtkSelectVisiblePoints()
    select.SetInputData(probe)
    select.SetRenderer(renderer)
    select.SetToleranceWorld(2.0)  # mm: a point on a surface counts as visible
    select.Update()
    mask = np.zeros(len(pts), bool)
    out = select.GetOutput()
    if out.GetNumberOfPoints():
        mask[vtk_to_numpy(out.GetPointData().GetArray("id"))] = True
    return mask


def _coverage(renderer) -> np.ndarray:
    """Boolean (H, W) image, origin bottom-left: where rendered geometry covers the background."""
    win = renderer.GetRenderWindow()
    w, h = renderer.GetSize()
    z = vtkFloatArray()
    win.GetZbufferData(0, 0, w - 1, h - 1, z)
    return vtk_to_numpy(z).reshape(h, w) < 0.99999


def _covered_columns(covered: np.ndarray, y0: float, y1: float) -> np.ndarray:
    rows = covered[int(max(0, y0)):int(min(len(covered), y1))]
    return np.nonzero(rows.any(axis=0))[0] if rows.size else np.array([], int)


def _anchor(renderer, sid, mesh, w, h, ghost_over: np.ndarray | None = None) -> tuple[float, float] | None:
    tries = []
    for pts in _candidates(sid, mesh):
        xy = to_display(renderer, pts)
        inside = (xy[:, 0] > 0.04 * w) & (xy[:, 0] < 0.96 * w) & (xy[:, 1] > 0.04 * h) & (xy[:, 1] < 0.96 * h)
        tries.append((xy, inside & _visible(renderer, pts)))
        tries.append((xy, inside))  # hidden: still name it, pointing at where it lies
    # visible trunk, else any visible part, else where the (hidden) structure lies
    tries = tries[0:1] + tries[2:3] + tries[1:2] + tries[3:]
    xy, ok = next(((xy, ok) for xy, ok in tries if ok.any()), (None, None))
    if xy is None:
        return None
    cand = xy[ok]
    if ghost_over is not None:  # see-through: prefer where nothing opaque shows through it
        px = np.clip(cand.astype(int), 0, [w - 1, h - 1])
        clear = ~ghost_over[px[:, 1], px[:, 0]]
        cand = cand[clear] if clear.sum() >= 3 else cand
    centre = np.median(cand, axis=0)
    if ghost_over is not None:  # a see-through structure's middle overlies others: point at its outer part
        away = centre - np.array([w / 2, h / 2])
        away = away / (np.linalg.norm(away) or 1.0)
        reach = np.percentile((cand - centre) @ away, 85)
        centre = centre + 0.8 * reach * away
    return tuple(cand[np.argmin(np.linalg.norm(cand - centre, axis=1))])


def _text_actor(text: str, font_px: int) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontSize(font_px)
    prop.SetFontFamilyToArial()
    prop.SetColor(*TEXT)
    prop.SetBackgroundColor(1.0, 1.0, 1.0)
    prop.SetBackgroundOpacity(0.82)
    prop.SetFrame(True)
    prop.SetFrameColor(0.55, 0.55, 0.6)
    prop.SetFrameWidth(max(1, font_px // 16))
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToBottom()
    return actor


def segments_2d(points: list[tuple[tuple[float, float], tuple[float, float]]], width: float,
                colour=LEADER) -> vtkActor2D:
    """One 2-D actor drawing line segments given in display pixels."""
    pts, lines = vtkPoints(), vtkCellArray()
    for a, b in points:
        i = pts.InsertNextPoint(a[0], a[1], 0)
        j = pts.InsertNextPoint(b[0], b[1], 0)
        lines.InsertNextCell(2, [i, j])
    poly = vtkPolyData()
    poly.SetPoints(pts)
    poly.SetLines(lines)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*colour)
    actor.GetProperty().SetLineWidth(width)
    return actor


def _stack(items: list[dict], h: int, gap: float) -> None:
    """Spread boxes of one column vertically so they do not overlap, nearest their anchors."""
    items.sort(key=lambda it: -it["anchor"][1])
    top = h * 0.97
    for it in items:
        y1 = min(it["anchor"][1] + it["h"] / 2, top)
        it["y0"] = y1 - it["h"]
        top = it["y0"] - gap
    overflow = h * 0.03 - min((it["y0"] for it in items), default=h)
    if overflow > 0:  # pushed off the bottom: slide the column up (it fits unless overcrowded)
        for it in items:
            it["y0"] += overflow


def place_labels(renderer, scene, meshes, actors) -> tuple[list[LabelBox], list]:
    """Lay out the scene's labels for the renderer's current size and camera."""
    w, h = renderer.GetSize()
    font_px = max(12, round(h / 46))
    pad, gap = font_px * 0.35, font_px * 0.45
    covered = _coverage(renderer)
    items = []
    for label in scene.labels:
        sid = label.structure
        if sid not in actors:
            continue
        ghost = scene.style(sid).opacity < 0.6
        anchor = _anchor(renderer, sid, meshes[sid], w, h, covered if ghost else None)
        if anchor is None:
            continue
        actor = _text_actor(label.text or CATALOG[sid].name, font_px)
        bbox = [0.0] * 4
        actor.GetBoundingBox(renderer, bbox)
        items.append(dict(sid=sid, text=label.text or CATALOG[sid].name, actor=actor, anchor=anchor,
                          w=bbox[1] - bbox[0] + 2 * pad, h=bbox[3] - bbox[2] + 2 * pad))
    for it in items:  # the side with the shorter leader, where the box fits
        ax, ay = it["anchor"]
        cols = _covered_columns(covered, ay - it["h"] / 2, ay + it["h"] / 2)
        lo, hi = (cols.min(), cols.max()) if cols.size else (ax, ax)
        # leader length to each side, plus a penalty where the box would cover the model
        cost_left = (ax - lo) + (0 if lo - it["w"] > 0.015 * w else 0.3 * w)
        cost_right = (hi - ax) + (0 if hi + it["w"] < 0.985 * w else 0.3 * w)
        it["left"] = cost_left <= cost_right
    left = [it for it in items if it["left"]]
    right = [it for it in items if not it["left"]]
    _stack(left, h, gap)
    _stack(right, h, gap)
    boxes, out, leaders = [], [], []
    for it in items:
        cols = _covered_columns(covered, it["y0"], it["y0"] + it["h"])
        margin = 0.015 * w
        if it["left"]:
            edge = (cols.min() if cols.size else it["anchor"][0]) - gap
            x0 = float(np.clip(min(edge, it["anchor"][0] - gap) - it["w"], margin, w - margin - it["w"]))
            attach = (x0 + it["w"], it["y0"] + it["h"] / 2)
        else:
            edge = (cols.max() if cols.size else it["anchor"][0]) + gap
            x0 = float(np.clip(max(edge, it["anchor"][0] + gap), margin, w - margin - it["w"]))
            attach = (x0, it["y0"] + it["h"] / 2)
        it["actor"].SetDisplayPosition(int(x0 + pad), int(it["y0"] + pad))
        out.append(it["actor"])
        ax, ay = it["anchor"]
        leaders.append((attach, (ax, ay)))
        dot = font_px * 0.18
        leaders += [((ax - dot, ay), (ax + dot, ay)), ((ax, ay - dot), (ax, ay + dot))]
        boxes.append(LabelBox(it["sid"], it["text"], x0, it["y0"], x0 + it["w"], it["y0"] + it["h"],
                              (float(ax), float(ay))))
    if leaders:
        out.insert(0, segments_2d(leaders, max(1.5, h / 600)))
    return boxes, out


def draw(built: BuiltScene) -> list:
    """Lay the labels out on a real opaque-only frame: anchors are tested against its z-buffer."""
    if not built.scene.labels:
        return []
    with _opaque_only(built):
        built.plotter.render_window.Render()
        built.labels, actors = place_labels(built.plotter.renderer, built.scene, built.meshes,
                                            built.actors)
    return actors


@contextmanager
def _opaque_only(built: BuiltScene):
    """Draw only opaque actors without depth peeling: the z-buffer is the same (see-through
    surfaces do not write depth) and the frame costs far less on a software renderer."""
    ghosts = [a for a in built.actors.values() if a.visibility and a.prop.opacity < 1]
    renderer = built.plotter.renderer
    peeling = renderer.GetUseDepthPeeling()
    for a in ghosts:
        a.visibility = False
    renderer.SetUseDepthPeeling(False)
    try:
        yield
    finally:
        for a in ghosts:
            a.visibility = True
        renderer.SetUseDepthPeeling(peeling)


LAYER = Layer("labels", draw, shown=lambda scene: scene.output.labels, overlay=True)
