"""Nerves, vessels and foramen outlines as trees of named spline parts, resolved from data.

The anatomy lives in `path_data.py`: every part is a list of waypoints tied to a landmark, the notch
frame, gluteus maximus patch coordinates or a point on another part, each with its source. This
module only walks that table: it resolves the waypoints into control points (parents first), so
`PATHS[structure]` is a list of `Part`s whose `points` run proximal to distal. A variant is a data
change. The public API: `PATHS`, `Part`, `centreline`, `foramen_outline`, `lesser_foramen_outline`,
`section_frames` (the cross-section axes the tube mesh and the checks share).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from ...cachedir import cache_dir
from ...files import atomic_write
from ...geometry.curves import length, profile, spline
from ..landmarks import SECTION_PLANE_Z
from ..landmarks import point as landmark
from ..skeleton.notch import notch, notch_depth
from . import path_data


@dataclass(frozen=True)
class Part:
    name: str
    points: tuple  # control points, proximal to distal (resolved from the waypoints)
    radius: float  # mm; a flat band's half thickness
    parent: str | None = None  # "part" of the same structure or "structure.part"; None: a root
    origin: str | None = None  # the landmark a root starts at (a foramen), when it has no parent
    joins: str | None = None  # where its distal end merges ("part" or "structure.part")
    width: float | None = None  # full width of a flat band (mm); None: round
    thickness: tuple | None = None  # a band's full thickness along it (mm); None: 2 * radius throughout
    flat_normal: tuple | None = None  # a band's faces look this way (RAS); several: evenly along it
    ends_in: tuple = ()  # solids it may run into (its target muscle), ids
    source: str = ""  # key(s) into path_data.SOURCES


def _ref(structure: str, ref: str) -> tuple[str, str]:
    """'part' or 'structure.part' -> (structure, part)."""
    return tuple(ref.split(".", 1)) if "." in ref else (structure, ref)


def _gm_point(u: float, v: float, depth: float, ref: str = "mid") -> np.ndarray:
    """A point of gluteus maximus by patch coordinates (muscles.py owns the patch): `depth` mm
    toward the deep side from the mid-surface ("mid"), or in front of the deep surface ("deep"),
    or, for "fraction", at that fraction of the thickness measured from the superficial surface."""
    from ..soft_tissue import muscles

    if ref == "mid":
        return np.asarray(muscles.gluteus_maximus_point(u, v, depth), float)
    half = float(muscles.gluteus_maximus_thickness(u, v)) / 2
    bulge = 0.3 * float(getattr(muscles, "gluteus_maximus_belly", lambda u, v: 0.0)(u, v))
    deep, superficial = half - bulge, -(half + bulge)  # the belly bulges backward (muscles.py)
    d = deep + depth if ref == "deep" else superficial + depth * (deep - superficial)
    return np.asarray(muscles.gluteus_maximus_point(u, v, d), float)


class _Resolver:
    """Turns waypoint records into control points, resolving references to other parts first."""

    def __init__(self, table: dict):
        self.table = table
        self.done: dict[tuple[str, str], np.ndarray] = {}
        self.busy: set = set()

    def part(self, structure: str, name: str) -> dict:
        for p in self.table[structure]["parts"]:
            if p["name"] == name:
                return p
        raise KeyError(f"{structure}.{name}")

    def points(self, structure: str, name: str) -> np.ndarray:
        key = (structure, name)
        if key not in self.done:
            if key in self.busy:
                raise ValueError(f"circular waypoint reference at {structure}.{name}")
            self.busy.add(key)
            wps = self.part(structure, name)["via"]
            self.done[key] = np.concatenate([self.expand(structure, w) for w in wps])
            self.busy.discard(key)
        return self.done[key]

    def expand(self, structure: str, w) -> np.ndarray:
        """One waypoint -> (k, 3) control points (`edge` gives several)."""
        if w[0] == "edge":  # the bone edge of the greater sciatic notch, 1 mm inside the foramen
            chord = np.linalg.norm(landmark("ischial_spine_right") - landmark("piis_right"))
            return np.array([notch(a, notch_depth(a) - 1.0) for a in np.linspace(0, chord, 12)[: w[1]]])
        return self.waypoint(structure, w)[None]

    def waypoint(self, structure: str, w) -> np.ndarray:
        kind = w[0]
        if kind == "lm":
            return landmark(w[1]) + np.asarray(w[2], float)
        if kind == "notch":
            return notch(w[1], w[2], w[3]) + np.asarray(w[4], float)
        if kind == "gm":
            return _gm_point(*w[1:5])
        if kind == "section":
            return self.waypoint(structure, w[1]) * (1, 1, 0) + (0, 0, SECTION_PLANE_Z)
        if kind == "mix":
            a, b = self.waypoint(structure, w[1]), self.waypoint(structure, w[2])
            return a + w[3] * (b - a) + np.asarray(w[4], float)
        if kind == "on":
            s, p = _ref(structure, w[1])
            return point_along(spline_of(self.points(s, p)), w[2]) + np.asarray(w[3], float)
        raise ValueError(f"unknown waypoint kind {kind!r} in {structure}")


def spline_of(control: np.ndarray) -> np.ndarray:
    """The smooth centreline through control points, about one point per millimetre."""
    pts = np.asarray(control, float)
    n = max(20, int(length(spline(pts, 60))))
    return spline(pts, n)


def point_along(line: np.ndarray, t: float) -> np.ndarray:
    """The point a fraction t (0 start, 1 end) along a polyline by arc length."""
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)]) / max(seg.sum(), 1e-9)
    return np.array([np.interp(t, s, line[:, a]) for a in range(3)])


def _parent_of(structure: str, via: list) -> str | None:
    first = via[0]
    return first[1] if first[0] == "on" else None


def _build(table: dict) -> dict[str, list[Part]]:
    res = _Resolver(table)
    out: dict[str, list[Part]] = {}
    for sid, entry in table.items():
        parts = []
        for p in entry["parts"]:
            via = p["via"]
            parts.append(Part(
                name=p["name"], points=tuple(map(tuple, res.points(sid, p["name"]).round(3))),
                radius=float(p["radius"]), parent=_parent_of(sid, via),
                origin=via[0][1] if via[0][0] == "lm" and p.get("root") else None,
                joins=via[-1][1] if via[-1][0] == "on" else None,
                width=p.get("width"), thickness=p.get("thickness"), flat_normal=p.get("flat_normal"),
                ends_in=tuple(p.get("ends_in", ())), source=p.get("source", "")))
        out[sid] = parts
    return out


def _load_or_build(table: dict) -> dict[str, list[Part]]:
    """The resolved paths, from the cache folder of this code version when they are there:
    resolving them needs splines (scipy), which a warm start should not pay for."""
    target = cache_dir() / "paths.json"
    try:
        doc = json.loads(target.read_text("utf-8"))
        return {sid: [_part(d) for d in parts] for sid, parts in doc.items()}
    except (OSError, ValueError, TypeError, KeyError):
        pass
    out = _build(table)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = {sid: [dataclasses.asdict(p) for p in parts] for sid, parts in out.items()}
        atomic_write(target, lambda tmp: tmp.write_text(json.dumps(doc), "utf-8"))
    except OSError:
        pass  # an unwritable cache: resolve again next time
    return out


def _part(d: dict) -> Part:
    def tuples(v):
        return tuple(tuples(x) for x in v) if isinstance(v, list) else v

    return Part(**{k: tuples(v) for k, v in d.items()})


PATHS: dict[str, list[Part]] = _load_or_build(path_data.TABLE)
KIND = {sid: e["kind"] for sid, e in path_data.TABLE.items()}  # nerve, artery or region
OUTLINES = ("greater_sciatic_foramen_right", "lesser_sciatic_foramen_right")


def get(structure: str, part: str) -> Part:
    return next(p for p in PATHS[structure] if p.name == part)


def resolve(structure: str, ref: str) -> tuple[str, str]:
    """A part reference as written in the data ('part' or 'structure.part') -> (structure, part)."""
    return _ref(structure, ref)


@cache
def centreline(structure: str, part: str) -> np.ndarray:
    """The part's smooth centreline, about one point per millimetre, proximal to distal."""
    return spline_of(np.array(get(structure, part).points, float))


def foramen_outline() -> np.ndarray:
    """The closed rim of the greater sciatic foramen as a smooth curve."""
    return centreline("greater_sciatic_foramen_right", "outline")


def lesser_foramen_outline() -> np.ndarray:
    """The closed rim of the lesser sciatic foramen as a smooth curve."""
    return centreline("lesser_sciatic_foramen_right", "outline")


def section_frames(structure: str, part: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(tangents, width directions, thickness directions) along the centreline, unit vectors.

    A round part uses a rotation-minimising frame (no twist); a flat band turns its faces toward
    the data's `flat_normal`, projected square to the nerve, so it lies flat on its bed."""
    line = centreline(structure, part)
    tang = np.gradient(line, axis=0)
    tang /= np.linalg.norm(tang, axis=1, keepdims=True)
    p = get(structure, part)
    if p.flat_normal is not None:
        normals = np.atleast_2d(np.asarray(p.flat_normal, float))  # one, or several along the part
        n = np.stack([profile(normals[:, a], len(line)) for a in range(3)], axis=1)
        n = n - np.einsum("ij,ij->i", n, tang)[:, None] * tang
        n /= np.linalg.norm(n, axis=1, keepdims=True)
        w = np.cross(n, tang)
        return tang, w, n
    else:
        w = np.empty_like(tang)
        seed = np.cross(tang[0], [0.0, 0.0, 1.0] if abs(tang[0][2]) < 0.9 else [1.0, 0.0, 0.0])
        w[0] = seed / np.linalg.norm(seed)
        for i in range(1, len(tang)):  # parallel transport of the previous normal
            v = w[i - 1] - (w[i - 1] @ tang[i]) * tang[i]
            w[i] = v / np.linalg.norm(v)
    return tang, w, np.cross(tang, w)


def half_axes(structure: str, part: str) -> tuple[np.ndarray, np.ndarray]:
    """(half width, half thickness) of the cross-section at each centreline point (mm)."""
    p = get(structure, part)
    n = len(centreline(structure, part))
    thick = np.full(n, p.radius)
    if p.width is None:
        return thick, thick
    if p.thickness is not None:  # a band that rounds along its course (the sciatic nerve)
        thick = profile(np.atleast_1d(p.thickness), n) / 2
    return profile(np.atleast_1d(p.width), n) / 2, thick
