"""Our own label layer: anchor on a visible part of the structure, box nearby, leader with a dot.

pyvista's point labels are not pickable, have no leaders and misplace text when a screenshot is
magnified, so labels are laid out here in display pixels for the actual output size, from a
first rendered frame: anchors are tested against its z-buffer (vtkSelectVisiblePoints) and then
by a pick at the anchor pixel, so every leader ends on its own structure; boxes are placed by
`label_layout`. Each box is a hit box for clicks in the window.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkFloatArray
from vtkmodules.vtkRenderingCore import vtkSelectVisiblePoints, vtkTextActor

from meshes import PATHS

from ..catalog import CATALOG
from ..picking import GHOST, Picker
from ..projection import to_display
from .base import BuiltScene, LabelBox, Layer
from .draw2d import dots_2d, segments_2d
from .label_layout import Box, layout
from .style import MARGIN, ink_for, paper_for, rgb

MAX_TRIES = 60  # anchor candidates checked by picking, best first (about 0.1 ms each)


def draw(built: BuiltScene) -> list:
    labels = built.scene.labels[: built.scene.output.max_labels]
    labels = [lb for lb in labels if lb.structure in built.actors]
    if not labels:
        return []
    renderer = built.plotter.renderer
    with _opaque_only(built):
        built.plotter.render_window.Render()  # anchors are tested against this frame's z-buffer
        covered = _coverage(renderer)
        w, h = renderer.GetSize()
        picker = Picker()
        found = []
        for label in labels:
            sid = label.structure
            ghost = built.scene.style(sid).opacity < GHOST
            candidates = _anchors(renderer, _candidates(sid, built.meshes[sid], label.part), w, h,
                                  covered if ghost else None)
            found.append((label, candidates, ghost))
    # picks need the see-through structures back in place, as the viewer sees them
    items = []
    for label, candidates, _ghost in found:
        tries = candidates[:MAX_TRIES // 2]  # the best, then a spread over the rest
        if len(candidates) > len(tries):
            rest = np.linspace(len(tries), len(candidates) - 1, MAX_TRIES // 2).astype(int)
            tries = np.concatenate([tries, candidates[rest]])
        anchor = next((c for c in tries if picker.pick(renderer, built.actors, *c) == label.structure),
                      None)
        if anchor is None and len(candidates):
            anchor = candidates[0]
        if anchor is not None:
            items.append((label, np.asarray(anchor, float)))
    return _draw_boxes(built, items, covered)


def _draw_boxes(built: BuiltScene, items, covered: np.ndarray) -> list:
    renderer = built.plotter.renderer
    w, h = renderer.GetSize()
    background = rgb(built.scene.output.background)
    ink, paper = ink_for(background), paper_for(background)
    font_px = max(12, round(h / 36))  # about 30 px at 1080p: legible from the back of a lecture hall
    pad = 0.35 * font_px
    texts, boxes = [], []
    for label, anchor in items:
        text = label.text or CATALOG[label.structure].name
        actor = _text_actor(text, font_px, ink, paper)
        bbox = [0.0] * 4
        actor.GetBoundingBox(renderer, bbox)
        texts.append((label.structure, text, actor))
        boxes.append(Box(anchor, bbox[1] - bbox[0] + 2 * pad, bbox[3] - bbox[2] + 2 * pad))
    layout(boxes, covered, MARGIN, reserved=built.reserved)
    line = max(2.0, h / 360)  # 3 px at 1080p
    leaders = [(tuple(b.anchor), tuple(b.attach)) for b in boxes]
    out = [segments_2d(leaders, line + max(2.0, h / 540), paper),  # a halo against the background
           segments_2d(leaders, line, ink),
           dots_2d([b.anchor for b in boxes], 1.6 * line + 1.5, paper),
           dots_2d([b.anchor for b in boxes], 1.6 * line, ink)]
    built.labels = []
    for (sid, text, actor), b in zip(texts, boxes, strict=True):
        actor.SetDisplayPosition(int(b.x0 + pad), int(b.y0 + pad))
        out.append(actor)
        built.labels.append(LabelBox(sid, text, b.x0, b.y0, b.x0 + b.w, b.y0 + b.h,
                                     (float(b.anchor[0]), float(b.anchor[1]))))
    return out


def _candidates(sid: str, mesh: pv.PolyData, part: str | None = None) -> list[np.ndarray]:
    """World points a label may point at, best first: the part it names, or a nerve's trunk, then
    all its parts; a sample of a solid's surface. (Tube points are tagged by part.)"""
    pts = np.asarray(mesh.points)
    if "Normals" in mesh.point_data:  # half a millimetre inside: the ray at that pixel hits it
        pts = pts - 0.5 * np.asarray(mesh.point_data["Normals"])
    sample = pts[:: max(1, len(pts) // 800)]
    if sid not in PATHS or "part" not in mesh.point_data:
        return [sample]
    names = [p.name for p in PATHS[sid]]
    wanted = part or ("trunk" if "trunk" in names else None)
    if wanted in names:
        own = pts[np.asarray(mesh.point_data["part"]) == names.index(wanted)]
        return [own[:: max(1, len(own) // 400)]] + ([] if part else [sample])
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


def _anchors(renderer, groups: list[np.ndarray], w, h, ghost_over: np.ndarray | None) -> np.ndarray:
    """Display points a leader may end on, best first: visible points of the structure (its trunk
    first), in the middle of where it shows; a see-through structure where nothing opaque lies
    behind it. Hidden structures still get a point where they lie."""
    tries = []
    for pts in groups:
        xy = to_display(renderer, pts)
        inside = ((xy[:, 0] > MARGIN * w) & (xy[:, 0] < (1 - MARGIN) * w)
                  & (xy[:, 1] > MARGIN * h) & (xy[:, 1] < (1 - MARGIN) * h))
        tries.append((xy, inside & _visible(renderer, pts)))
        tries.append((xy, inside))
    # visible trunk, else any visible part, else where the (hidden) structure lies
    tries = tries[0:1] + tries[2:3] + tries[1:2] + tries[3:]
    xy, ok = next(((xy, ok) for xy, ok in tries if ok.any()), (None, None))
    if xy is None:
        return np.empty((0, 2))
    cand = xy[ok]
    if ghost_over is not None:  # see-through: prefer where nothing opaque shows through it
        px = np.clip(cand.astype(int), 0, [w - 1, h - 1])
        clear = ~ghost_over[px[:, 1], px[:, 0]]
        cand = cand[clear] if clear.sum() >= 3 else cand
    centre = np.median(cand, axis=0)
    if ghost_over is not None:  # a see-through structure's middle overlies others: its outer part
        away = centre - np.array([w / 2, h / 2])
        away = away / (np.linalg.norm(away) or 1.0)
        reach = np.percentile((cand - centre) @ away, 85)
        centre = centre + 0.8 * reach * away
    return cand[np.argsort(np.linalg.norm(cand - centre, axis=1))]


def _text_actor(text: str, font_px: int, ink, paper) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontSize(font_px)
    prop.SetFontFamilyToArial()
    prop.SetBold(True)
    prop.SetColor(*ink)
    prop.SetBackgroundColor(*paper)
    prop.SetBackgroundOpacity(0.88)
    prop.SetFrame(True)
    prop.SetFrameColor(*ink)
    prop.SetFrameWidth(max(1, font_px // 18))
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToBottom()
    return actor


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
