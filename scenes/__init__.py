"""What is shown: the catalog, its articles, scenes, the renderer and the headless commands.

No Qt here. Python API:

    import scenes
    scenes.load("posterior").render("out.png", size=(3840, 2160), transparent=True)
"""

from .model import Scene, SceneError, builtin_names, json_schema, load, parse

__all__ = ["Scene", "SceneError", "builtin_names", "json_schema", "load", "parse"]
