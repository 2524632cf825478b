"""ONE function that puts a Scene into any PyVista plotter (off-screen renderer and window alike).

So what the window shows and what a script renders cannot drift apart, both call `build_into`,
which loops over the layer registry (`scenes.layers.LAYERS`).
"""

from __future__ import annotations

import pyvista as pv

from .cameras import apply_camera, hold_slide_width
from .layers import LAYERS, BuiltScene
from .layers.structures import drawn_color
from .scene import Scene


def build_into(plotter: pv.Plotter, scene: Scene, meshes: dict[str, pv.PolyData]) -> BuiltScene:
    """Add the scene's layers and camera to `plotter`.

    The plotter must be able to render (off screen or in a shown window): labels are laid out
    from a first frame, so they sit on visible parts of their structures.
    """
    built = BuiltScene(plotter, scene, meshes)
    plotter.set_background(scene.output.background)
    plotter.render_window.SetMultiSamples(0)  # with depth peeling, MSAA renders black on llvmpipe
    plotter.enable_depth_peeling(number_of_peels=8)
    for layer in LAYERS:
        if not layer.overlay and layer.shown(scene):
            layer.draw(built)
    built.drawn = {sid: drawn_color(sid, actor, scene.style(sid)) for sid, actor in built.actors.items()}
    place_camera(built)  # frames the visible structures
    refresh_overlay(built)
    return built


def place_camera(built: BuiltScene, camera=None) -> None:
    """Place the camera (the scene's, or another) framing the subject: the highlighted structures
    when the scene has any, else everything visible."""
    shown = [s for s in built.scene.visible() if s in built.meshes]
    subject = [s for s in shown if built.scene.style(s).highlight] or shown
    meshes = [built.framed.get(s, built.meshes[s]) for s in subject]
    apply_camera(built.plotter, camera or built.scene.camera, meshes)
    hold_slide_width(built.plotter.renderer)  # and keep the view angle fitted as the window resizes


def refresh_overlay(built: BuiltScene) -> None:
    """(Re)draw the overlay layers (labels, scale bar) for the current camera and window size."""
    renderer = built.plotter.renderer
    for actor in built.overlay:
        renderer.RemoveViewProp(actor)
    built.overlay, built.labels, built.reserved, built.placed, built.no_dots = [], [], [], [], []
    built.frame = built.heading = None  # the camera or the size may have changed: overlays render afresh
    built.line_mask = built.path_mask = None
    built.lines = [entry for entry in built.lines if entry[0] is not None]  # an overlay's, drawn afresh
    for layer in LAYERS:
        if layer.overlay and layer.shown(built.scene):
            built.overlay += layer.draw(built)
    for actor in built.overlay:
        renderer.AddViewProp(actor)
