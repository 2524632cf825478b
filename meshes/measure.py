"""Distances in the model: straight, along a nerve or vessel, a path's length, nearest nerve.

Geometry only (it lives in `meshes` so the scene-file checks and the measurements layer can use
it without an import cycle through `scenes.teaching`, which re-exports it as
`scenes.teaching.measure`). The `measure` command, the measurements layer and the window's
measure tool all call these functions, so the numbers a script prints, a slide shows and a click reports
are the same. Paths are the centrelines `export-meshes` writes to paths.json (ids
"structure.part"); a whole structure id measures through its tree of parts.

Points are written as a landmark name (`psis_right`; `_left` names mirror), `x,y,z` in the model
frame (RAS mm), or a point on a path: `PATH_ID@start`, `PATH_ID@end` or `PATH_ID@0.25` (that
fraction of its length from the proximal end).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .anatomy.courses.paths import PATHS, centreline
from .anatomy.landmarks import LANDMARKS
from .anatomy.landmarks import point as landmark
from .anatomy.registry import REGISTRY
from .geometry.rays import crossings

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
XYZ = re.compile(rf"\s*\(?\s*({NUMBER})\s*,\s*({NUMBER})\s*,\s*({NUMBER})\s*\)?\s*")
JOIN_MM = 4.0  # a part's end this close to another part of the same structure is joined to it


class MeasureError(ValueError):
    """Bad input for a measurement; str() is one line that says what was expected."""


@dataclass(frozen=True)
class Point:
    text: str  # as written (a landmark name, "x,y,z", "PATH_ID@end")
    xyz: np.ndarray = field(compare=False)


@dataclass
class Measured:
    """A measurement's result: the value in mm and the line that shows it (n, 3), in mm."""

    kind: str  # "straight", "along" or "length"
    value_mm: float
    line: np.ndarray
    start: Point | None = None
    end: Point | None = None
    path: str | None = None
    offsets_mm: tuple[float, float] | None = None  # along: how far each point lies off the path
    positions_mm: tuple[float, float] | None = None  # along one part: where they fall, from its start

    def as_json(self) -> dict:
        out: dict = {"length_mm" if self.kind == "length" else "distance_mm": round(self.value_mm, 2),
                     "kind": self.kind}
        for key, p in (("a", self.start), ("b", self.end)):
            if p is not None:
                out[key] = {"input": p.text, "xyz": [round(float(v), 2) for v in p.xyz]}
        if self.path:
            out["along" if self.kind == "along" else "path"] = self.path
        if self.offsets_mm is not None:
            out["off_path_mm"] = [round(v, 2) for v in self.offsets_mm]
        if self.positions_mm is not None:
            out["at_mm"] = [round(v, 2) for v in self.positions_mm]
        return out


# --- names ---------------------------------------------------------------------------------

def landmark_names() -> list[str]:
    names = list(LANDMARKS)
    return names + [n[: -len("_right")] + "_left" for n in names if n.endswith("_right")]


@cache
def path_ids() -> tuple[str, ...]:
    """Every centreline id, as in paths.json: "structure.part"."""
    return tuple(f"{sid}.{p.name}" for sid, parts in PATHS.items() for p in parts)


def _hint(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_path(path: str) -> str:
    """A path id ("structure.part") or a nerve or vessel's id (its whole tree), or MeasureError."""
    if path in path_ids() or path in PATHS:
        return path
    raise MeasureError(f"unknown path {path!r}{_hint(path, (*path_ids(), *PATHS))}; "
                       "give a path id as in paths.json (structure.part) or a nerve's id")


def parse_point(text) -> Point:
    """A point from a landmark name, 'x,y,z' (or three numbers) or 'PATH_ID@start|end|FRACTION'."""
    if isinstance(text, list | tuple | np.ndarray):
        xyz = np.asarray(text, float)
        return Point(",".join(f"{v:g}" for v in xyz), xyz)
    text = str(text).strip()
    if m := XYZ.fullmatch(text):
        xyz = np.array([float(g) for g in m.groups()])
        if not np.all(np.isfinite(xyz)):
            raise MeasureError(f"{text!r}: coordinates must be finite numbers")
        return Point(text, xyz)
    if "@" in text:
        return Point(text, _path_point(text))
    try:
        return Point(text, landmark(text))
    except KeyError:
        hint = (f" (did you mean {text + '_right'!r}?)" if text + "_right" in LANDMARKS  # this model's side
                else _hint(text, landmark_names()))
        raise MeasureError(f"unknown point {text!r}{hint}; give a landmark "
                           "name, x,y,z in mm, or PATH_ID@start|end|FRACTION") from None


def _path_point(text: str) -> np.ndarray:
    path, _, where = text.partition("@")
    line = path_line(check_path(path)) if path in path_ids() else None
    if line is None:
        raise MeasureError(f"{text!r}: a point on a path needs a path id (structure.part), "
                           f"not a whole structure{_hint(path + '.trunk', path_ids())}")
    if where in ("start", "end"):
        return line[0] if where == "start" else line[-1]
    try:
        frac = float(where)
    except ValueError:
        frac = -1.0
    if not 0.0 <= frac <= 1.0:
        raise MeasureError(f"{text!r}: after '@' write start, end or a fraction from 0 to 1")
    return _at_length(line, frac * polyline_length(line))


# --- geometry --------------------------------------------------------------------------------

def path_line(path: str) -> np.ndarray:
    sid, part = path.split(".", 1)
    return np.asarray(centreline(sid, part), float)


def polyline_length(line: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(line, axis=0), axis=1).sum())


def _cumulative(line: np.ndarray) -> np.ndarray:
    return np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))]


def locate(line: np.ndarray, p) -> tuple[float, np.ndarray, float]:
    """(arc length from the start, foot point, distance) of the nearest point of a polyline to p."""
    p = np.asarray(p, float)
    a, b = line[:-1], line[1:]
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12), 0, 1)
    feet = a + t[:, None] * ab
    d = np.linalg.norm(feet - p, axis=1)
    i = int(np.argmin(d))
    return float(_cumulative(line)[i] + t[i] * np.linalg.norm(ab[i])), feet[i], float(d[i])


def _at_length(line: np.ndarray, s: float) -> np.ndarray:
    cum = _cumulative(line)
    return np.array([np.interp(s, cum, line[:, k]) for k in range(3)])


def _between(line: np.ndarray, s0: float, s1: float) -> np.ndarray:
    """The piece of a polyline from arc length s0 to s1 (either order), as points."""
    lo, hi = sorted((s0, s1))
    cum = _cumulative(line)
    inner = line[(cum > lo) & (cum < hi)]
    return np.vstack([_at_length(line, lo), inner, _at_length(line, hi)])


# --- measurements ----------------------------------------------------------------------------

def straight(a, b) -> Measured:
    pa, pb = _point(a), _point(b)
    return Measured("straight", float(np.linalg.norm(pb.xyz - pa.xyz)), np.vstack([pa.xyz, pb.xyz]),
                    pa, pb)


def length(path: str) -> Measured:
    """A path's length: one part's centreline, or a whole structure's (every part added)."""
    check_path(path)
    ids = [path] if path in path_ids() else [f"{path}.{p.name}" for p in PATHS[path]]
    lines = [path_line(i) for i in ids]
    return Measured("length", sum(polyline_length(ln) for ln in lines), lines[0] if len(lines) == 1
                    else np.vstack(lines), path=path)


def along(a, b, path: str) -> Measured:
    """Length along a path between the points' nearest positions on it (a part's centreline, or
    the shortest way through a structure's tree of parts)."""
    check_path(path)
    pa, pb = _point(a), _point(b)
    if path in path_ids():
        line = path_line(path)
        (sa, _, da), (sb, _, db) = locate(line, pa.xyz), locate(line, pb.xyz)
        piece = _between(line, sa, sb)
        return Measured("along", abs(sb - sa), piece if sa <= sb else piece[::-1], pa, pb, path, (da, db),
                        (sa, sb))
    piece, da, db = _through_tree(path, pa.xyz, pb.xyz)
    return Measured("along", polyline_length(piece), piece, pa, pb, path, (da, db))


def measure(start=None, end=None, path: str | None = None) -> Measured:
    """What a [[measurements]] entry or the command asks for."""
    if start is None and end is None:
        if path is None:
            raise MeasureError("give two points, or a path for its length")
        return length(path)
    if start is None or end is None:
        raise MeasureError("give both points (or neither, with a path, for its length)")
    return along(start, end, path) if path else straight(start, end)


def _point(p) -> Point:
    return p if isinstance(p, Point) else parse_point(p)


# --- through a tree of parts -----------------------------------------------------------------

@cache
def _tree(structure: str):
    """(points, sparse graph) of a structure's parts: each centreline a chain, and each part's
    ends tied to the nearest point of another part of the same structure (branch points)."""
    from scipy.sparse import coo_matrix

    lines = [path_line(f"{structure}.{p.name}") for p in PATHS[structure]]
    pts = np.vstack(lines)
    offsets = np.cumsum([0] + [len(ln) for ln in lines])
    rows, cols, w = [], [], []
    for k, ln in enumerate(lines):
        i = np.arange(offsets[k], offsets[k + 1] - 1)
        rows += list(i)
        cols += list(i + 1)
        w += list(np.linalg.norm(np.diff(ln, axis=0), axis=1))
        others = np.r_[0:offsets[k], offsets[k + 1]:len(pts)]
        if not len(others):
            continue
        for end in (offsets[k], offsets[k + 1] - 1):
            d = np.linalg.norm(pts[others] - pts[end], axis=1)
            j = int(np.argmin(d))
            if d[j] <= JOIN_MM:
                rows.append(end)
                cols.append(int(others[j]))
                w.append(max(float(d[j]), 1e-6))
    n = len(pts)
    graph = coo_matrix((w, (rows, cols)), shape=(n, n)).tocsr()
    return pts, graph


def _through_tree(structure: str, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float, float]:
    from scipy.sparse.csgraph import dijkstra

    pts, graph = _tree(structure)
    ia, ib = (int(np.argmin(np.linalg.norm(pts - p, axis=1))) for p in (a, b))
    dist, prev = dijkstra(graph, directed=False, indices=ia, return_predecessors=True)
    if not np.isfinite(dist[ib]):
        raise MeasureError(f"{structure}: the two points lie on parts that do not connect; "
                           "measure along one part (structure.part)")
    chain = [ib]
    while chain[-1] != ia:
        chain.append(int(prev[chain[-1]]))
    piece = pts[chain[::-1]]
    return piece, float(np.linalg.norm(a - pts[ia])), float(np.linalg.norm(b - pts[ib]))


# --- nearest nerve ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Nearest:
    path: str  # the nearest nerve part, "structure.part"
    surface_mm: float  # to the nerve's surface (centreline distance less its radius; 0 inside)
    centreline_mm: float
    foot: np.ndarray = field(compare=False)


@cache
def _nerve_lines() -> tuple[tuple[str, np.ndarray, float], ...]:
    return tuple((f"{sid}.{p.name}", path_line(f"{sid}.{p.name}"), float(p.radius))
                 for sid, parts in PATHS.items() if REGISTRY[sid].kind == "nerve" for p in parts)


def nearest_nerve(p, structures: tuple[str, ...] | None = None) -> Nearest:
    """The nerve part nearest to point p (all nerves, or only the given structures)."""
    best = None
    for pid, line, radius in _nerve_lines():
        if structures and pid.split(".", 1)[0] not in structures:
            continue
        _, foot, d = locate(line, p)
        if best is None or d - radius < best.surface_mm:
            best = Nearest(pid, max(0.0, d - radius), d, foot)
    if best is None:
        raise MeasureError("no nerve to measure to")
    return best


def sheet_frame(sheet) -> tuple[np.ndarray, np.ndarray]:
    """The plane a sheet-like solid spreads in: its points' centre, and its axes as rows (the two
    long ones, then the least-spread one, its normal)."""
    pts = np.asarray(sheet.points, float)
    centre = pts.mean(axis=0)
    return centre, np.linalg.svd(pts - centre, full_matrices=False)[2]


def across_sheet(sheet, points, origin) -> np.ndarray:
    """Distance (mm) from `origin` to each point measured across the plane a sheet-like solid
    spreads in (its points' least-spread axis), through its thickness: how a surgeon marks a
    distance on a muscle such as gluteus maximus, so a point deep to the mark and the mark itself
    get the same distance."""
    n = sheet_frame(sheet)[1][-1]
    d = np.asarray(points, float).reshape(-1, 3) - np.asarray(origin, float)
    return np.linalg.norm(d - np.outer(d @ n, n), axis=1)


def outer_surface(sheet, points, outward, reach: float = 300.0) -> np.ndarray:
    """For each point, the sheet's outermost surface on the line through it along `outward` (the
    face seen from that side, where a surgeon marks it); NaN where the line misses the sheet."""
    outward = np.asarray(outward, float) / np.linalg.norm(outward)
    out = np.full((len(points), 3), np.nan)
    for i, p in enumerate(np.asarray(points, float).reshape(-1, 3)):
        found = crossings(sheet, p + reach * outward, p - reach * outward)
        if len(found):
            out[i] = found[np.argmax((found - p) @ outward)]
    return out


def exit_index(inside: np.ndarray) -> int | None:
    """For a line's points flagged inside a solid: the index of the first point past the last one
    inside, where it comes out for good (the IGN's cutaneous branch through gluteus maximus); None
    if it never enters the solid or ends in it."""
    inside = np.asarray(inside, bool)
    if not inside.any() or inside[-1]:
        return None
    return int(np.nonzero(inside)[0][-1]) + 1
