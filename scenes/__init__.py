"""What is shown: the catalog, its articles, scenes, the layers, the renderer and the CLI.

No Qt here. Python API:

    import scenes
    scene = scenes.load("posterior")
    scenes.render(scene, "out.png", size=(3840, 2160), transparent=True)
    scenes.export_glb(scene, "out.glb")
    scenes.save(scene, "my-view.toml")
"""

from .scene import Camera, Label, Output, Scene, Style
from .scene_file import SceneError, builtin_names, load, parse, save
from .validation import json_schema


def render(scene: Scene, path, **overrides):
    """Render a scene to a PNG file (see `scenes.offscreen.Renderer` for many scenes)."""
    from .offscreen import render as _render

    return _render(scene, path, **overrides)


def export_glb(scene: Scene, path):
    """Write a scene's visible structures as binary glTF."""
    from .gltf import export_glb as _export

    return _export(scene, path)


__all__ = ["Camera", "Label", "Output", "Scene", "SceneError", "Style", "builtin_names",
           "export_glb", "json_schema", "load", "parse", "render", "save"]
