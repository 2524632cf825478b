"""What the checks share: the result record, the geometry they measure, distance helpers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from ..anatomy import paths

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
        ring = paths.foramen_outline()
        self.ring = ring
        self.centre = ring.mean(axis=0)
        _, _, vt = np.linalg.svd(ring - self.centre)
        self.normal = vt[2]
        # in-plane axes: "up" is superior projected into the plane, "side" completes the frame
        up = np.array([0.0, 0.0, 1.0]) - self.normal[2] * self.normal
        self.up = up / np.linalg.norm(up)
        self.side = np.cross(self.normal, self.up)

    def to_plane(self, p: np.ndarray) -> np.ndarray:
        d = np.atleast_2d(p) - self.centre
        return np.stack([d @ self.side, d @ self.up], axis=1)

    def crossing(self, structure: str) -> np.ndarray | None:
        """Where a path passes through the plane of the foramen outline (nearest its centre)."""
        pts = []
        for part in paths.PATHS[structure]:
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
