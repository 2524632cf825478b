"""What the checks share: the result record, the geometry they measure, distance helpers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from ..anatomy.courses import paths
from ..anatomy.skeleton.notch import notch
from ..geometry.rays import crossings

IGN = "inferior_gluteal_nerve_right"


@dataclass
class Result:
    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": bool(self.ok), "detail": self.detail}


class Geometry:
    """The meshes and derived geometry that the checks share (computed once)."""

    def __init__(self, meshes: dict[str, pv.PolyData]):
        self.meshes = meshes
        self._sd: dict[str, dict] = {}
        ring = paths.foramen_outline()
        self.ring = ring
        # The plane of the foramen is the plane of the notch's bone edge (notch.py): every path
        # leaving the pelvis passes it at the notch. "Up" runs along the notch's chord toward the
        # PIIS, so a path below piriformis has the muscle between it and the top of the notch.
        o = notch(0.0, 0.0)
        chord, toward_bone = notch(1.0, 0.0) - o, notch(0.0, 1.0) - o
        normal = np.cross(chord, toward_bone)
        self.normal = normal * np.sign(normal[0]) / np.linalg.norm(normal)  # points laterally
        self.centre = o + ((ring.mean(axis=0) - o) - ((ring.mean(axis=0) - o) @ self.normal) * self.normal)
        self.up = -chord / np.linalg.norm(chord)
        self.side = np.cross(self.normal, self.up)

    def path_lines(self) -> list[tuple[str, str, np.ndarray]]:
        """(structure, part, centreline) for every nerve and vessel part (outlines excluded)."""
        return [(sid, p.name, paths.centreline(sid, p.name)) for sid, parts in paths.PATHS.items()
                if sid not in paths.OUTLINES for p in parts]

    def path_distances(self, solid: str) -> dict[tuple[str, str], np.ndarray]:
        """Signed distance (negative inside) from every path centreline point to a solid, cached."""
        if solid not in self._sd:
            lines = self.path_lines()
            allpts = np.concatenate([ln for _, _, ln in lines])
            lo, hi = np.array(self.meshes[solid].bounds).reshape(3, 2).T
            if np.any(allpts.max(0) < lo - 10) or np.any(allpts.min(0) > hi + 10):
                d = np.full(len(allpts), 99.0)
            else:
                d = signed_distance(allpts, self.meshes[solid])
            splits = np.cumsum([len(ln) for _, _, ln in lines])[:-1]
            self._sd[solid] = {(s, p): v for (s, p, _), v in zip(lines, np.split(d, splits), strict=True)}
        return self._sd[solid]

    def beyond_foramen(self, line: np.ndarray) -> np.ndarray:
        """A path from its first point lateral to the foramen's plane on (empty if it has none): a
        nerve from where it leaves the pelvis, a branch in the buttock whole, though its end may
        run medially behind the sacrum."""
        outside = (line - self.centre) @ self.normal > 0
        return line[int(np.argmax(outside)):] if outside.any() else line[:0]

    def to_plane(self, p: np.ndarray) -> np.ndarray:
        d = np.atleast_2d(p) - self.centre
        return np.stack([d @ self.side, d @ self.up], axis=1)

    def crossing(self, structure: str, parts: tuple[str, ...] | None = None) -> np.ndarray | None:
        """Where a path passes through the plane of the foramen outline (nearest its centre)."""
        pts = []
        for part in paths.PATHS[structure]:
            if parts is not None and part.name not in parts:
                continue
            line = paths.centreline(structure, part.name)
            s = (line - self.centre) @ self.normal
            for i in np.nonzero(np.sign(s[:-1]) != np.sign(s[1:]))[0]:
                pts.append(line[i] + (line[i + 1] - line[i]) * s[i] / (s[i] - s[i + 1]))
        if not pts:
            return None
        return min(pts, key=lambda q: np.linalg.norm(q - self.centre))


def signed_distance(points: np.ndarray, mesh: pv.PolyData) -> np.ndarray:
    """Distance from points to a closed mesh, negative inside."""
    probe = pv.PolyData(np.asarray(points, float))
    return np.asarray(probe.compute_implicit_distance(mesh)["implicit_distance"])


def _inside_polygon(pt: np.ndarray, poly: np.ndarray) -> bool:
    """Even-odd rule for a 2-D point in a closed polygon."""
    x, y = pt
    inside = False
    for (x0, y0), (x1, y1) in zip(poly, np.roll(poly, -1, axis=0), strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _gap(a: pv.PolyData, b: pv.PolyData) -> float:
    """Smallest vertex-to-vertex distance between two meshes (mm; vertices are ~1.5 mm apart)."""
    return float(cKDTree(np.asarray(b.points)).query(np.asarray(a.points))[0].min())


def arc_lengths(line: np.ndarray) -> np.ndarray:
    """Length of polyline each point stands for (half of each neighbouring segment), mm."""
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    w = np.zeros(len(line))
    w[:-1] += seg / 2
    w[1:] += seg / 2
    return w


def runs(mask: np.ndarray, line: np.ndarray) -> float:
    """Length of the longest run of consecutive masked points along a polyline (mm)."""
    w = arc_lengths(line)
    best = cur = 0.0
    for m, wi in zip(mask, w, strict=True):
        cur = cur + wi if m else 0.0
        best = max(best, cur)
    return best


def ray_hits(mesh: pv.PolyData, start: np.ndarray, direction: np.ndarray,
             reach: float = 80.0) -> float | None:
    """Distance along a ray to the first crossing of a closed mesh's surface, or None."""
    hits = crossings(mesh, start, np.asarray(start) + reach * np.asarray(direction))
    return float(np.linalg.norm(hits - start, axis=1).min()) if len(hits) else None
