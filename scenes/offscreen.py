"""Off-screen rendering of scenes to PNG at the exact output size (no display needed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyvista as pv
from PIL import Image

from meshes import cache
from meshes.files import DestinationError, atomic_write, check_destination

from .build import build_into
from .layers import BuiltScene
from .scene import Scene
from .scene_file import SceneError
from .validation import Invalid, check_pixels


class Renderer:
    """Renders many scenes in one process, loading the meshes once."""

    def __init__(self, meshes: dict[str, pv.PolyData] | None = None):
        self.meshes = meshes if meshes is not None else cache.load()

    @contextmanager
    def open(self, scene: Scene) -> Iterator[tuple[pv.Plotter, BuiltScene]]:
        """An off-screen plotter with the scene built into it, closed afterwards."""
        w, h = scene.output.pixels
        plotter = pv.Plotter(off_screen=True, window_size=(w, h), lighting="light kit")
        try:
            yield plotter, build_into(plotter, scene, self.meshes)
        finally:
            plotter.close()

    def image(self, scene: Scene) -> np.ndarray:
        """RGB(A) pixels of the scene at its output size x scale, laid out for that size."""
        with self.open(scene) as (plotter, _):
            return plotter.screenshot(transparent_background=scene.output.transparent, return_img=True)

    def render(self, scene: Scene, path, **overrides) -> Path:
        """Render to a PNG (RGBA when transparent) or JPEG file, by the path's suffix."""
        scene = with_output(scene, **overrides)
        path = check_image(path, scene.output.transparent)
        pixels = self.image(scene)
        dpi = scene.output.dpi
        if path.suffix.lower() == ".png":
            options = dict(format="PNG", dpi=(dpi, dpi))
        else:
            options = dict(format="JPEG", dpi=(dpi, dpi), quality=95, subsampling=0)
        return atomic_write(path, lambda tmp: Image.fromarray(pixels).save(tmp, **options))


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def check_image(path, transparent: bool = False) -> Path:
    """Fail before any rendering when the picture cannot be written there as asked."""
    path = check_destination(Path(path), IMAGE_SUFFIXES, "images")
    if transparent and path.suffix.lower() != ".png":
        raise DestinationError(f"{path}: a transparent background needs a .png file (JPEG has no alpha)")
    return path


def with_output(scene: Scene, size=None, scale=None, transparent=None, labels=None,
                background=None) -> Scene:
    """A copy of the scene with output options overridden (None leaves one as it is)."""
    changes = {k: v for k, v in dict(size=tuple(size) if size else None, scale=scale,
                                      transparent=transparent, labels=labels,
                                      background=background).items() if v is not None}
    out = dataclasses.replace(scene.output, **changes)
    try:
        check_pixels(*out.size, out.scale)
    except Invalid as bad:
        raise SceneError(bad.message, key="--size" if size or scale else bad.key) from None
    return dataclasses.replace(scene, output=out)


_shared: Renderer | None = None


def render(scene: Scene, path, **overrides) -> Path:
    """Render a scene to PNG with a process-wide Renderer, so a script rendering many scenes
    loads the meshes once. Overrides: size, scale, transparent, labels, background."""
    global _shared
    if _shared is None:
        _shared = Renderer()
    return _shared.render(scene, path, **overrides)
