"""The Scene: what a picture shows (no file format, no rendering, no Qt).

A leaf of the scenes package: the file format (`scene_file`), the build function, the renderer
and the window all read these dataclasses; none of them is imported from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from meshes import IDS


@dataclass
class Camera:
    preset: str | None = "posterior"
    position: tuple[float, float, float] | None = None
    focal_point: tuple[float, float, float] | None = None
    view_up: tuple[float, float, float] | None = None
    zoom: float = 1.0


@dataclass
class Output:
    size: tuple[int, int] = (1920, 1080)
    scale: int = 1  # the picture is size x scale pixels, laid out for that size (not magnified)
    quality: str = "slide"  # "slide": supersampled (smooth edges, fine lines); "draft": fast
    background: str = "white"
    legend: str = "lower-right"  # the corner of a clinical layer's legend
    transparent: bool = False
    labels: bool = True
    max_labels: int = 7  # a slide reads best with about seven labels; a scene may ask for more
    captions: bool = True  # the title and caption drawn on the picture
    orientation_marker: bool = True
    scale_bar: bool = False
    dpi: int = 300

    @property
    def pixels(self) -> tuple[int, int]:
        return (self.size[0] * self.scale, self.size[1] * self.scale)


@dataclass
class Style:
    visible: bool = True
    opacity: float = 1.0
    color: str | None = None
    highlight: bool = False
    outline: bool = False  # only the silhouette: what lies beneath keeps its colour
    reflected: bool = False  # gluteus maximus cut and folded back, its deep surface shown
    show_through: bool = False  # a nerve drawn through the nerves in front of it (a plexus diagram)
    projected: bool = False  # a nerve's course also dashed over whatever covers it (surface anatomy)
    # gluteus maximus: the nerve and vessel branches into it cut short, as a dissection that
    # removed it leaves them (None: cut when it is hidden, whole when it is drawn or outlined)
    cut_branches: bool | None = None


@dataclass
class Label:
    structure: str
    text: str | None = None
    part: str | None = None  # a named part of a nerve or vessel (root_L5, branch_1, ...) to point at
    side: str | None = None  # "above", "below", "left" or "right" of its dot: where the box goes
    # a point (landmark, PATH_ID@end, [x, y, z] mm): the dot goes on the part of a solid nearest it
    # (both flaps of a divided muscle named, each by its own label)
    near: str | tuple[float, float, float] | None = None


@dataclass
class Measurement:
    """A distance drawn with its value: straight between two points, along a path between them,
    or (no points) a path's length. Points are landmark names, [x, y, z] in mm or PATH_ID@end."""

    start: str | tuple[float, float, float] | None = None
    end: str | tuple[float, float, float] | None = None
    along: str | None = None  # a path id (structure.part) or a nerve's id (through its tree)
    label: str | None = None  # shown before the value ("PSIS-IT: 136 mm")
    color: str | None = None


@dataclass
class Injection:
    """Settings of the injection layers (`[injection]` in a scene file)."""

    depth: float = 35.0  # mm from the skin: Nisbet 2006's needle (CLINICAL.md [16])
    sites: list[str] | None = None  # site ids drawn (scenes.clinical.injection.SITES); None: all


@dataclass
class Scene:
    title: str = ""
    caption: str = ""
    extends: str | None = None
    camera: Camera = field(default_factory=Camera)
    output: Output = field(default_factory=Output)
    structures: dict[str, Style] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)
    lesion: str | None = None  # a lesion level (scenes/clinical/findings.toml): its layer is drawn
    variant: str | None = None  # an anatomical variant (scenes/clinical/variants.toml) replaces paths
    measurements: list[Measurement] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # optional layers switched on by name
    injection: Injection = field(default_factory=Injection)
    name: str = field(default="", compare=False)  # file stem or built-in name; not saved
    source: str = field(default="", compare=False)  # the path or built-in name it came from; not saved

    def style(self, structure: str) -> Style:
        return self.structures.get(structure, Style())

    def visible(self) -> list[str]:
        return [s for s in IDS if self.style(s).visible]

    def to_dict(self) -> dict:
        """The scene as a scene file holds it (without where it came from)."""
        data = _prune(asdict(self))
        for key in ("name", "source"):
            data.pop(key, None)
        if not data.get("layers"):
            data.pop("layers", None)  # files without optional layers stay as they were
        if self.injection == Injection():
            data.pop("injection", None)
        return data


def _prune(d: Any) -> Any:
    """Drop None values (TOML has no null) recursively; tuples become lists."""
    if isinstance(d, dict):
        return {k: _prune(v) for k, v in d.items() if v is not None}
    if isinstance(d, list | tuple):
        return [_prune(v) for v in d]
    return d
