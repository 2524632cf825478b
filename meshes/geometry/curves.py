"""Curves and patches: smooth splines through landmarks, sampled for sweeping and for tubes."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyvista as pv

# scipy is imported inside the functions: loading cached meshes (every start but the first)
# then never pays for it.


def spline(points, n: int = 200) -> np.ndarray:
    """A smooth curve through `points`, resampled to `n` points evenly spaced along its length.

    Chord-length parameterisation keeps the curve from overshooting where control points
    are unevenly spaced, which is the norm for hand-placed anatomical waypoints.
    """
    from scipy.interpolate import make_interp_spline

    pts = np.asarray(points, float)
    if len(pts) == 2:
        return np.linspace(pts[0], pts[1], n)
    t = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
    k = min(3, len(pts) - 1)
    curve = make_interp_spline(t, pts, k=k, bc_type="natural" if k == 3 else None)
    dense = curve(np.linspace(0, t[-1], 20 * n))
    return resample(dense, n)


def resample(curve: np.ndarray, n: int) -> np.ndarray:
    """Points evenly spaced by arc length along a polyline (in any number of dimensions)."""
    seg = np.linalg.norm(np.diff(curve, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    target = np.linspace(0, s[-1], n)
    return np.stack([np.interp(target, s, curve[:, a]) for a in range(curve.shape[1])], axis=1)


def length(curve: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(curve, axis=0), axis=1).sum())


def polylines(lines: pv.PolyData) -> list[np.ndarray]:
    """The point arrays of a line mesh's polylines, its segments joined end to end first (a
    contour comes as loose two-point segments)."""
    joined = lines.strip(join=True)
    cells, pts, out, i = joined.lines, np.asarray(joined.points), [], 0
    while i < len(cells):
        n = int(cells[i])
        out.append(pts[cells[i + 1:i + 1 + n]])
        i += n + 1
    return out


def profile(values, n: int) -> np.ndarray:
    """A smooth 1-D profile (e.g. a radius along a curve) through evenly spaced values: the
    natural cubic spline through them, sampled at n points."""
    v = np.atleast_1d(np.asarray(values, float))
    if len(v) == 1:
        return np.full(n, v[0])
    return _profile_basis(len(v), n) @ v


@lru_cache(maxsize=512)
def _profile_basis(m: int, n: int) -> np.ndarray:
    """(n, m) weights: a natural spline on fixed knots is linear in its values, so the spline
    through any m values sampled at n points is this matrix times them. Lofts ask for hundreds
    of profiles of the same shape (one per ruling); fitting each spline anew was a tenth of the
    cold build."""
    from scipy.interpolate import CubicSpline

    basis = CubicSpline(np.linspace(0, 1, m), np.eye(m), bc_type="natural")(np.linspace(0, 1, n))
    basis.setflags(write=False)
    return basis


def sample_curve(points, radii, spacing: float = 0.8):
    """Centres and radii for a swept-sphere tube along a spline, spaced finer than the radius."""
    rough = spline(points, 50)
    n = max(8, int(length(rough) / spacing))
    return spline(points, n), profile(radii, n)


def bezier_patch(control, nu: int, nv: int) -> np.ndarray:
    """Tensor-product Bezier surface from a (m, k, 3) control net, sampled on nu x nv."""
    net = np.asarray(control, float)
    bu = _bernstein(net.shape[0] - 1, np.linspace(0, 1, nu))
    bv = _bernstein(net.shape[1] - 1, np.linspace(0, 1, nv))
    return np.einsum("ui,vj,ijc->uvc", bu, bv, net)


def _bernstein(deg: int, t: np.ndarray) -> np.ndarray:
    from math import comb

    return np.stack([comb(deg, i) * t**i * (1 - t) ** (deg - i) for i in range(deg + 1)], axis=1)


def tube_mesh(points: np.ndarray, radius: float, sides: int = 14) -> pv.PolyData:
    """A closed tube around a polyline (capped, so it reads as solid in exports)."""
    line = pv.lines_from_points(points)
    surf = line.tube(radius=radius, n_sides=sides, capping=True).triangulate()
    # keep the tube filter's own normals and its separate cap points: clean() would merge the
    # caps into the rings and smooth-shading would then draw the tube in dark bands
    surf.point_data["Normals"] = surf.point_data.pop("TubeNormals")
    return surf


def smoothstep(x):
    """0 below 0, 1 above 1, and an S-curve between with zero slope at both ends."""
    x = np.clip(x, 0, 1)
    return x * x * (3 - 2 * x)
