"""Shapes shared by the soft-tissue builders: fibre-lofted sheets with coarse fasciculi.

A flat muscle is described by its fibres: curves from the origin line to the insertion line,
sampled into a grid whose first index runs across the fibres (u, 0..1) and second along them
(v, 0..1). The solid is the mid-surface thickened along its normal, with shallow grooves between
parallel bundles so the fibre direction reads at a glance, as in a dissected gluteus maximus.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyvista as pv

from ...geometry.curves import resample, spline
from ...geometry.field import FAR, Field

Thickness = Callable[[np.ndarray, np.ndarray], np.ndarray]


def surface(field: Field, triangles: int, smooth_sigma: float = 0.8) -> pv.PolyData:
    """The field's closed surface as triangles only, decimated to at most `triangles`.

    Stray islands are dropped. Quadric decimation can pinch a thin border into a non-manifold
    edge; then the field is contoured again a little smoother and decimated again, and as a last
    resort decimated preserving topology. Builders hand the registry a closed mesh within budget.
    """
    for sigma in (smooth_sigma, smooth_sigma + 0.2, smooth_sigma + 0.4):
        surf = field.surface(sigma)
        surf = pv.PolyData.from_regular_faces(surf.points, surf.regular_faces).clean()
        surf = surf.connectivity("largest").extract_surface(algorithm=None)  # drop stray islands
        surf = pv.PolyData.from_regular_faces(surf.points, surf.regular_faces)
        if surf.n_cells <= triangles:
            return surf.compute_normals(auto_orient_normals=True, split_vertices=False)
        # a pinch is a local accident of the collapse order: a slightly different target usually
        # avoids it, which keeps the contour's thickness (a smoother contour is thinner)
        for target in (triangles, int(0.98 * triangles), int(0.96 * triangles)):
            out = surf.decimate(1 - target / surf.n_cells, volume_preservation=True)
            if closed(out):
                return out.compute_normals(auto_orient_normals=True, split_vertices=False)
    out = surf.decimate_pro(1 - triangles / surf.n_cells, preserve_topology=True, feature_angle=60)
    return out.compute_normals(auto_orient_normals=True, split_vertices=False)


def closed(mesh: pv.PolyData) -> bool:
    """Every edge shared by exactly two faces that run it in opposite directions."""
    f = np.asarray(mesh.regular_faces, np.int64)
    a, b = np.concatenate([f[:, 0], f[:, 1], f[:, 2]]), np.concatenate([f[:, 1], f[:, 2], f[:, 0]])
    n = int(f.max()) + 1
    forward, counts = np.unique(a * n + b, return_counts=True)
    if (counts != 1).any():
        return False
    return bool(np.isin(b * n + a, forward).all())


def fibre_grid(curves: list, nu: int, nv: int, through: bool = False) -> np.ndarray:
    """(nu, nv, 3) grid from control curves running across the fibres.

    `curves[k]` is a polyline across the muscle (upper to lower border): k = 0 is the origin line,
    the last the insertion line, those between are the fibres' interior Bezier control points
    (or, with `through`, curves every fibre passes through: a spline per fibre).
    """
    rows = np.stack([resample(spline(c, 200), nu) for c in curves])  # (k, nu, 3)
    if through:
        return np.stack([spline(rows[:, i], nv) for i in range(nu)])
    from math import comb

    deg = len(curves) - 1
    t = np.linspace(0, 1, nv)
    basis = np.stack([comb(deg, i) * t**i * (1 - t) ** (deg - i) for i in range(deg + 1)])  # (k, nv)
    return np.einsum("kv,kuc->uvc", basis, rows)


def grid_normals(grid: np.ndarray, toward: np.ndarray) -> np.ndarray:
    """Unit normals of a (nu, nv, 3) grid, flipped to point along `toward` (e.g. anterior = deep)."""
    du = np.gradient(grid, axis=0)
    dv = np.gradient(grid, axis=1)
    n = np.cross(du, dv)
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    return n * np.sign(n @ np.asarray(toward, float))[..., None]


def fasciculi(grid: np.ndarray, bundles: int, depth: float, half_width: float = 2.5) -> np.ndarray:
    """Groove depth (mm) at each grid point: shallow furrows between `bundles` parallel bundles.

    The furrows follow lines of constant u, i.e. the fibres; their depth falls off over
    `half_width` mm either side, measured across the fibres at each point.
    """
    nu = grid.shape[0]
    u = np.linspace(0, 1, nu)[:, None]
    mm_per_u = np.linalg.norm(np.gradient(grid, axis=0), axis=-1) * (nu - 1)  # (nu, nv)
    phase = u * bundles
    off_mm = np.abs(phase - np.round(phase)) / bundles * mm_per_u
    groove = depth * np.clip(1 - (off_mm / half_width) ** 2, 0, None)
    # no furrow on the two borders (the muscle's edge is rounded by the thickness taper)
    groove[np.round(phase[:, 0]) == 0] = 0
    groove[np.round(phase[:, 0]) == bundles] = 0
    return groove


def thick_sheet(grid: np.ndarray, deep: np.ndarray, superficial: np.ndarray, toward_deep, coarse: int = 3):
    """Signed distance of a sheet: mid-surface `grid` thickened `deep` mm along the normal
    toward `toward_deep` and `superficial` mm the other way ((nu, nv) arrays).

    Returns (sdf, lo, hi) for Field.apply. Exact on the faces, a good bound near the edges. The
    nearest sample is found among every `coarse`-th one, then refined in the local tangent frame
    (a k-d tree query over the fine grid is what makes a large sheet slow).
    """
    from scipy.spatial import cKDTree

    nu, nv = grid.shape[:2]
    normals = grid_normals(grid, toward_deep)
    du, dv = np.gradient(grid, axis=0), np.gradient(grid, axis=1)
    # per sample: (rel -> fine-index offsets and normal offset) in its tangent frame
    inverse = np.linalg.inv(np.stack([du, dv, normals], axis=-1))
    iu = np.unique(np.r_[np.arange(0, nu, coarse), nu - 1])
    iv = np.unique(np.r_[np.arange(0, nv, coarse), nv - 1])
    ci, cj = (a.ravel() for a in np.meshgrid(iu, iv, indexing="ij"))
    tree = cKDTree(grid[ci, cj])
    step_u = np.linalg.norm(du, axis=-1)
    step_v = np.linalg.norm(dv, axis=-1)
    thick = max(deep.max(), superficial.max()) + 5.0  # exact values needed this far from the mid-surface
    reach = thick + coarse * max(step_u.max(), step_v.max())
    near = near_band(grid[ci, cj], thick + 0.75 * coarse * max(step_u.mean(), step_v.mean()))

    def sdf(p: np.ndarray) -> np.ndarray:
        out = np.full(len(p), FAR)
        band = np.flatnonzero(near(p))  # query only near the sheet: most of the box is far
        _, k = tree.query(p[band], distance_upper_bound=reach, workers=-1)
        band, k = band[k < len(ci)], k[k < len(ci)]
        i, j = ci[k], cj[k]
        for _ in range(2):  # walk to the foot point in the local tangent frames (two steps)
            off = np.einsum("nab,nb->na", inverse[i, j], p[band] - grid[i, j])
            i = np.clip(np.rint(i + np.clip(off[:, 0], -2 * coarse, 2 * coarse)), 0, nu - 1).astype(int)
            j = np.clip(np.rint(j + np.clip(off[:, 1], -2 * coarse, 2 * coarse)), 0, nv - 1).astype(int)
        rel = p[band] - grid[i, j]
        n = normals[i, j]
        t = np.einsum("ij,ij->i", rel, n)
        # beyond the border the foot stays on the edge sample: the residual is the overshoot
        tang = np.linalg.norm(rel - t[:, None] * n, axis=1) - 0.75 * np.maximum(step_u[i, j], step_v[i, j])
        tang[(i > 0) & (i < nu - 1) & (j > 0) & (j < nv - 1)] = -1.0  # only past the border
        slab = np.maximum(t - deep[i, j], -t - superficial[i, j])
        outside = np.hypot(np.maximum(slab, 0), np.maximum(tang, 0))
        out[band] = np.where((slab > 0) | (tang > 0), outside, np.maximum(slab, tang))
        return out

    span = max(deep.max(), superficial.max()) + 1
    pts = grid.reshape(-1, 3)
    return sdf, pts.min(axis=0) - span, pts.max(axis=0) + span


def near_band(samples: np.ndarray, reach: float, cell: float = 3.0):
    """A fast test `near(points) -> bool` that is True wherever a sample may lie within `reach`.

    Occupied cells of a coarse grid are grown by a Euclidean distance transform, so the exact
    nearest-sample query runs only on the thin shell around a curved sheet.
    """
    from scipy.ndimage import distance_transform_edt

    lo = samples.min(axis=0) - reach - 2 * cell
    shape = tuple(np.ceil((samples.max(axis=0) + reach + 2 * cell - lo) / cell).astype(int) + 1)
    occupied = np.ones(shape, bool)
    ijk = np.floor((samples - lo) / cell).astype(int)
    occupied[tuple(ijk.T)] = False
    dist = distance_transform_edt(occupied) * cell
    limit = reach + 2 * cell  # a cell's corner can be sqrt(3) cells from a sample inside it

    def near(p: np.ndarray) -> np.ndarray:
        q = np.floor((p - lo) / cell).astype(int)
        inside = np.all((q >= 0) & (q < shape), axis=1)
        out = np.zeros(len(p), bool)
        out[inside] = dist[tuple(q[inside].T)] <= limit
        return out

    return near


def placed(points) -> np.ndarray:
    """Points given as (landmark name, offset mm) pairs, so a muscle follows its bones."""
    from ..landmarks import point as landmark

    return np.array([landmark(name) + np.asarray(offset, float) for name, offset in points])


def fibre_muscle(curves, thickness: Thickness, *, toward_deep, bundles: int, triangles: int,
                 box: tuple, nu: int = 40, nv: int = 60, groove: float = 1.5, spacing: float = 1.5,
                 extra=()) -> pv.PolyData:
    """A muscle from curves across its fibres (origin first), every fibre passing through one
    point of each curve; `thickness(u, v)` in mm; shallow furrows between `bundles` bundles
    show the fibre direction. `extra`: more (sdf, lo, hi, blend) solids, e.g. a tendon."""
    grid = fibre_grid([np.asarray(c, float) for c in curves], nu, nv, through=True)
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv), indexing="ij")
    half = thickness(u, v) / 2
    furrow = fasciculi(grid, bundles, depth=groove, half_width=2.0) * np.sin(np.pi * v) ** 0.5
    f = Field(lo=box[0], hi=box[1], spacing=spacing)
    f.apply(*thick_sheet(grid, half - 0.5 * furrow, half - furrow, toward_deep), blend=0)
    for sdf, lo, hi, blend in extra:
        f.apply(sdf, lo, hi, blend=blend)
    return surface(f, triangles)


def taper(u, v, belly: float, origin: float, insertion: float, edge: float = 0.2) -> np.ndarray:
    """A thickness profile: `origin` -> `belly` -> `insertion` along the fibres, thin borders."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    along = np.where(v < 0.5, origin + (belly - origin) * np.sin(np.pi * v),
                     insertion + (belly - insertion) * np.sin(np.pi * v))
    return 3.5 + (along - 3.5) * np.clip(np.minimum(u, 1 - u) / edge, 0, 1) ** 0.5
