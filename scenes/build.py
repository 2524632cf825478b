"""ONE function that puts a Scene into any PyVista plotter (off-screen renderer and window alike).

So what the window shows and what a script renders cannot drift apart, both call `build_into`.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor
from vtkmodules.vtkRenderingCore import vtkTextActor

from meshes import PATHS
from meshes.structures import SOLIDS

from .cameras import PRESETS
from .catalog import CATALOG
from .labels import LabelBox, place_labels, segments_2d
from .model import Scene

HIGHLIGHT_OUTLINE = "#1a1a1a"
VIEW_ANGLE = 30.0  # degrees, vertical; VTK's default


@dataclass
class Built:
    """What the build left in the plotter: actors by structure id and label hit boxes (pixels)."""

    actors: dict[str, pv.Actor] = field(default_factory=dict)
    labels: list[LabelBox] = field(default_factory=list)
    overlay: list = field(default_factory=list)  # 2-D actors of the label layer and scale bar

    def label_at(self, x: float, y: float) -> str | None:
        """Structure whose label box contains display point (x, y), origin bottom-left."""
        for box in self.labels:
            if box.contains(x, y):
                return box.structure
        return None


def build_into(plotter: pv.Plotter, scene: Scene, meshes: dict[str, pv.PolyData]) -> Built:
    """Add the scene's structures, camera, marker and labels to `plotter`.

    The plotter must be able to render (off screen or in a shown window): labels are laid out
    from a first frame, so they sit on visible parts of their structures.
    """
    built = Built()
    plotter.set_background(scene.output.background)
    plotter.render_window.SetMultiSamples(0)  # with depth peeling, MSAA renders black on llvmpipe
    plotter.enable_depth_peeling(number_of_peels=8)
    for sid in CATALOG:
        style = scene.style(sid)
        if not style.visible or sid not in meshes:
            continue
        built.actors[sid] = _add_structure(plotter, sid, meshes[sid], style)
    apply_camera(plotter, scene, meshes)
    if scene.output.orientation_marker:
        add_orientation_marker(plotter)
    refresh_overlay(plotter, scene, meshes, built)
    return built


def refresh_overlay(plotter: pv.Plotter, scene: Scene, meshes: dict[str, pv.PolyData],
                    built: Built) -> None:
    """(Re)draw the 2-D layer (labels, scale bar) for the current camera and window size."""
    for actor in built.overlay:
        plotter.renderer.RemoveViewProp(actor)
    built.overlay, built.labels = [], []
    if scene.output.labels and scene.labels:
        with _opaque_only(plotter, built):
            plotter.render_window.Render()  # a real frame: anchors are tested against its z-buffer
            boxes, actors = place_labels(plotter.renderer, scene, meshes, built.actors)
        built.labels, built.overlay = boxes, actors
    if scene.output.scale_bar:
        built.overlay += _scale_bar(plotter)
    for actor in built.overlay:
        plotter.renderer.AddViewProp(actor)


@contextmanager
def _opaque_only(plotter: pv.Plotter, built: Built):
    """Draw only opaque actors without depth peeling: the z-buffer is the same (see-through
    surfaces do not write depth) and the frame costs far less on a software renderer."""
    ghosts = [a for a in built.actors.values() if a.visibility and a.prop.opacity < 1]
    peeling = plotter.renderer.GetUseDepthPeeling()
    for a in ghosts:
        a.visibility = False
    plotter.renderer.SetUseDepthPeeling(False)
    try:
        yield
    finally:
        for a in ghosts:
            a.visibility = True
        plotter.renderer.SetUseDepthPeeling(peeling)


def _add_structure(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, style) -> pv.Actor:
    entry = CATALOG[sid]
    is_path = sid in PATHS
    kwargs = dict(color=style.color or entry.color, opacity=style.opacity, smooth_shading=True,
                  name=sid, pickable=True, specular=0.35 if is_path else 0.15, specular_power=20)
    if style.highlight:
        kwargs.update(specular=0.6, ambient=0.25)
        if sid in SOLIDS or is_path:
            kwargs["silhouette"] = dict(color=HIGHLIGHT_OUTLINE, line_width=2.5)
    return plotter.add_mesh(mesh, **kwargs)


def apply_camera(plotter: pv.Plotter, scene: Scene, meshes: dict[str, pv.PolyData]) -> None:
    cam = scene.camera
    # zoom moves the eye (dolly) and the view angle stays fixed, so position, focal point and
    # view up describe the picture completely: a saved view renders exactly as it was shown
    plotter.camera.view_angle = VIEW_ANGLE
    if cam.position and cam.focal_point and not cam.preset:
        plotter.camera_position = [cam.position, cam.focal_point, cam.view_up or (0, 0, 1)]
        plotter.camera.Dolly(cam.zoom)
        plotter.reset_camera_clipping_range()
        return
    preset = PRESETS[cam.preset or "posterior"]
    boxes = np.array([meshes[s].bounds for s in scene.visible() if s in meshes] or [(-1, 1) * 3])
    bounds = np.stack([boxes[:, 0::2].min(axis=0), boxes[:, 1::2].max(axis=0)], axis=1)
    centre = bounds.mean(axis=1)
    focal = np.array(cam.focal_point or preset.focal_point or centre, float)
    direction = np.asarray(preset.direction, float)
    direction /= np.linalg.norm(direction)
    if preset.distance is not None:
        distance = preset.distance
    else:  # fit the visible structures' bounding sphere in the view angle
        radius = 0.5 * np.linalg.norm(bounds[:, 1] - bounds[:, 0])
        angle = np.radians(plotter.camera.view_angle)
        distance = radius / np.sin(angle / 2) * 0.85
    plotter.camera_position = [focal + direction * distance / cam.zoom, focal,
                               cam.view_up or preset.view_up]
    plotter.reset_camera_clipping_range()


def add_orientation_marker(plotter: pv.Plotter):
    """A small cube whose faces read R/L, A/P, S/I, turning with the camera."""
    cube = vtkAnnotatedCubeActor()
    for face, text in zip(("XPlus", "XMinus", "YPlus", "YMinus", "ZPlus", "ZMinus"),
                          ("R", "L", "A", "P", "S", "I"), strict=True):
        getattr(cube, f"Set{face}FaceText")(text)
    cube.SetFaceTextScale(0.55)
    cube.GetCubeProperty().SetColor(0.93, 0.93, 0.90)
    cube.GetTextEdgesProperty().SetColor(0.3, 0.3, 0.3)
    for prop in ("XPlus", "XMinus", "YPlus", "YMinus", "ZPlus", "ZMinus"):
        getattr(cube, f"Get{prop}FaceProperty")().SetColor(0.15, 0.15, 0.2)
    return plotter.add_orientation_widget(cube, viewport=(0.0, 0.0, 0.11, 0.18), interactive=False)


def _scale_bar(plotter: pv.Plotter) -> list:
    """A bar of a round length at the focal plane (perspective: exact only at that depth)."""
    cam = plotter.camera
    w, h = plotter.window_size
    depth = np.linalg.norm(np.subtract(cam.position, cam.focal_point))
    mm_per_px = 2 * depth * np.tan(np.radians(cam.view_angle) / 2) / h
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
