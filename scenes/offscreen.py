"""Off-screen rendering of scenes to PNG at the exact output size (no display needed)."""

from __future__ import annotations

import os

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    # no display: VTK's EGL window renders the same pixels without first trying (and warning
    # about) an X server; set before any render window exists
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")

import dataclasses
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
        """RGB(A) pixels of the scene at its output size x scale, laid out for that size.

        Slide quality renders at twice the size (labels laid out for it) and averages each 2 x 2
        block: smooth edges and clean thin lines, the supersampling VTK's own SSAA would give,
        without thinning the 2-D overlay."""
        factor = supersampling(scene.output)
        if factor > 1:
            scene = dataclasses.replace(scene, output=dataclasses.replace(
                scene.output, scale=scene.output.scale * factor))
        with self.open(scene) as (plotter, _):
            pixels = plotter.screenshot(transparent_background=scene.output.transparent, return_img=True)
        if factor > 1:
            pixels = np.asarray(Image.fromarray(pixels).reduce(factor))
        return pixels

    def render(self, scene: Scene, path, **overrides) -> Path:
        """Render to a PNG (RGBA when transparent) or JPEG file, by the path's suffix."""
        scene = with_output(scene, **overrides)
        path = check_image(path, scene.output.transparent)
        return write_image(self.image(scene), path, scene.output.dpi)

    def render_all(self, jobs: list[tuple[Scene, Path]], done=None) -> list[Path]:
        """Render many (scene, path) jobs; each picture is encoded and written on a second thread
        while the next one renders (zlib and file writes release the GIL: both cores work).
        `done(i, path)` is called as each file lands, in order."""
        written: list[Path] = []

        def land(future) -> None:
            written.append(future.result())  # a writer's error is raised here, in this thread
            if done:
                done(len(written) - 1, written[-1])

        with ThreadPoolExecutor(1) as writer:
            pending: deque = deque()
            for scene, path in jobs:
                pending.append(writer.submit(write_image, self.image(scene), Path(path), scene.output.dpi))
                while pending and pending[0].done():
                    land(pending.popleft())
            while pending:
                land(pending.popleft())
        return written


def write_image(pixels: np.ndarray, path: Path, dpi: int) -> Path:
    """Encode and write a picture atomically: PNG (fast zlib level: renders are big, disks are
    cheap, slides do not care) or JPEG, by the path's suffix."""
    if path.suffix.lower() == ".png":
        options = dict(format="PNG", dpi=(dpi, dpi), compress_level=1)
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


SUPERSAMPLE_UP_TO = 2560 * 1600  # output pixels; larger pictures are sharp enough when shown smaller


def supersampling(output) -> int:
    """2 for slide quality up to about 4 Mpx, else 1 (a 4K picture is already oversampled for
    any projector, and four times it would cost 33 Mpx of rendering)."""
    w, h = output.pixels
    return 2 if output.quality == "slide" and w * h <= SUPERSAMPLE_UP_TO else 1


def with_output(scene: Scene, size=None, scale=None, transparent=None, labels=None,
                background=None, quality=None) -> Scene:
    """A copy of the scene with output options overridden (None leaves one as it is)."""
    changes = {k: v for k, v in dict(size=tuple(size) if size else None, scale=scale,
                                      transparent=transparent, labels=labels,
                                      background=background, quality=quality).items() if v is not None}
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
