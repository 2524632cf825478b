"""The structures layer: one actor per visible structure, coloured and styled as the scene says."""

from __future__ import annotations

import pyvista as pv

from meshes import PATHS, SOLIDS

from ..catalog import CATALOG
from ..scene import Style
from .base import BuiltScene, Layer

HIGHLIGHT_OUTLINE = "#1a1a1a"


def draw(built: BuiltScene) -> list:
    for sid in CATALOG:
        style = built.scene.style(sid)
        if style.visible and sid in built.meshes:
            built.actors[sid] = add_structure(built.plotter, sid, built.meshes[sid], style)
    return list(built.actors.values())


def add_structure(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, style: Style) -> pv.Actor:
    is_path = sid in PATHS
    kwargs = dict(color=style.color or CATALOG[sid].color, opacity=style.opacity, smooth_shading=True,
                  name=sid, pickable=True, specular=0.35 if is_path else 0.15, specular_power=20)
    if style.highlight:
        kwargs.update(specular=0.6, ambient=0.25)
        if sid in SOLIDS or is_path:
            kwargs["silhouette"] = dict(color=HIGHLIGHT_OUTLINE, line_width=2.5)
    return plotter.add_mesh(mesh, **kwargs)


def restyle(actor: pv.Actor, sid: str, style: Style) -> None:
    """Apply a changed style to an existing actor (no rebuild)."""
    actor.visibility = style.visible
    actor.prop.opacity = style.opacity
    actor.prop.color = style.color or CATALOG[sid].color


LAYER = Layer("structures", draw)
