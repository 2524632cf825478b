"""What every layer shares: the scene built into a plotter, and the layer record itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyvista as pv

from ..scene import Scene


@dataclass
class LabelBox:
    """A label's box in display pixels (origin bottom-left): the click target of its structure."""

    structure: str
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    anchor: tuple[float, float]
    pad: float = 0.0  # the clear margin between the box and its drawn paper (the scene shows through)
    part: str | None = None  # the part of a nerve or vessel it names, if one

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass
class BuiltScene:
    """A scene built into a plotter: its actors by structure id, the 2-D overlay and label boxes."""

    plotter: pv.Plotter
    scene: Scene
    meshes: dict[str, pv.PolyData]
    actors: dict[str, pv.Actor] = field(default_factory=dict)
    labels: list[LabelBox] = field(default_factory=list)
    overlay: list = field(default_factory=list)  # 2-D actors, laid out again per camera
    reserved: list = field(default_factory=list)  # display rectangles an overlay has claimed
    # the title-and-caption block as one rectangle: no label's dot in the notch beside a short title
    heading: tuple | None = None
    # convex display polygons ((n, 2) arrays) no label's dot may sit in: a zone an overlay hatches
    # (a dot there could name the zone as well as the structure under it)
    no_dots: list = field(default_factory=list)
    placed: list = field(default_factory=list)  # label_layout.Box of tags already laid out (fixed)
    frame: tuple | None = None  # (z-buffer, RGB) of the opaque structures for this layout
    outlines: set = field(default_factory=set)  # structures drawn as their silhouette only
    projected: set = field(default_factory=set)  # nerves whose course is dashed over what covers them
    # (actor, world polylines) of lines drawn over the model; an overlay's lines have no actor
    lines: list = field(default_factory=list)
    # (a foramen's dashed outline, a nerve's dashed course, a zone's rim): label boxes keep off them
    line_mask: np.ndarray | None = None  # labels.drawn_lines for this layout (tags and labels share it)
    line_mask_key: tuple | None = None  # (shape, lines, zones) it was drawn for
    path_mask: np.ndarray | None = None  # labels.path_pixels for this layout
    label_places: dict = field(default_factory=dict)  # label key -> (direction, reach, end dot) last laid out
    framed: dict = field(default_factory=dict)  # id -> mesh the camera frames in place of the drawn one
    drawn: dict = field(default_factory=dict)  # id -> colour its layers drew it in (a restyle returns to it)

    def blocked(self) -> list:
        """The display rectangles a dot may not sit under: the boxes overlays reserved, and the
        title-and-caption block as a whole."""
        return [*self.reserved, *([self.heading] if self.heading else [])]

    def label_at(self, x: float, y: float) -> str | None:
        """Structure whose label box contains display point (x, y), origin bottom-left."""
        return next((box.structure for box in self.labels if box.contains(x, y)), None)


@dataclass(frozen=True)
class Layer:
    """One kind of thing drawn. `draw` adds what it shows for `built.scene` and returns its
    actors; an overlay layer draws 2-D actors and is drawn again whenever the camera moves."""

    name: str
    draw: Callable[[BuiltScene], list]
    shown: Callable[[Scene], bool] = lambda scene: True
    overlay: bool = False
