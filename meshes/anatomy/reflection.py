"""Gluteus maximus divided and reflected: the deep gluteal region as a dissection shows it.

Divided across its middle and the two ends turned out, medially on the origin and laterally on
the insertion (Bassett Collection, Stanford, image 179-7, "the gluteus maximus has been divided
transversely across its midportion and the ends of the muscle have been reflected medially and
laterally", with the inferior gluteal nerve entering the medial part; Netter's plates of the
gluteal region draw it the same way), so the deep surface faces the viewer with the inferior
gluteal nerve and vessels entering it.

Each end turns about its hinge (a line across the fibres at a patch v near the origin or the
insertion) by an angle that rises from 0 at the hinge to its full value over BEND of the fibre
length, so the muscle bends round the hinge instead of breaking there. The fold is a map of
space, so the nerve and the artery that enter the medial end go with it: a path point moves by
the same map weighted by how close it lies to the muscle (in it or on its deep surface fully,
out at the foramen not at all); what of them ran into the lateral end is cut at the division,
as a dissection cuts it. The map's fields (where along the fibres a point lies, the crease it
turns about) are smooth over space, so the sheet bends without tearing.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyvista as pv

from ..geometry.curves import smoothstep
from .soft_tissue import muscles

GMAX = "gluteus_maximus_right"
CUT_V = 0.5  # patch v (origin 0 -> insertion 1) of the division: across the middle (Bassett 179-7)
# (hinge v, degrees): the medial end turned back on its origin past the perpendicular, its deep
# surface to a viewer behind and the nerve in full view on its way to it (at 170 deg it wrapped
# round the flap's rim out of sight); the lateral end on its insertion, the iliotibial tract,
# past the perpendicular (fitted by eye to Bassett 179-7 and Netter's plate; no measurement applies)
MEDIAL = (0.08, 125.0)
LATERAL = (0.92, 150.0)
FILL = 400.0  # mm: the largest cut face closed
BEND = 0.12  # each end turns over this much of the fibre length (a muscle bends, it does not crease)
NEAR_MM, FAR_MM = 3.0, 25.0  # a path point this far from the muscle moves fully / not at all
CUT_CLEAR = 0.02  # of the fibre length (about 4 mm): what the medial end keeps clear of its cut face
STUB_MM = 20.0  # what is left of a branch cut at the division, shorter than this, is dropped
FOLDED_WITH = ("inferior_gluteal_nerve_right", "inferior_gluteal_artery_right")  # they enter it



STEP = 2  # the patch grid, every STEP-th sample


@cache
def _patch():
    """(u index, v, half thickness, KD tree) of a coarse copy of the muscle's mid-surface grid."""
    from scipy.spatial import cKDTree

    grid = muscles._gm_grid()[::STEP, ::STEP]
    nu, nv = grid.shape[:2]
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv), indexing="ij")
    half = muscles.gluteus_maximus_thickness(u, v) / 2 + 0.3 * muscles.gluteus_maximus_belly(u, v)
    iu = np.broadcast_to(np.arange(nu)[:, None], (nu, nv))
    return iu.ravel(), v.ravel(), half.ravel(), cKDTree(grid.reshape(-1, 3))


@cache
def hinge(v: float) -> tuple[np.ndarray, np.ndarray]:
    """The fold line across the fibres at `v`: its point on each fibre of the coarse grid (n, 3)
    and one unit direction. The origin line curves (crest, sacrum, coccyx), so each fibre turns
    about a line through its own crease point, all parallel to the chord of the crease's middle
    (a chord through one point left the fibres far from it hanging; a tangent of their own per
    fibre tore the sheet where the crease bends). Signed so that a positive turn lifts the muscle
    beyond the crease backward first."""
    grid = muscles._gm_grid()[::STEP, ::STEP]
    j = int(round(v * (grid.shape[1] - 1)))
    crease = grid[:, j]
    n = len(crease)
    axis = crease[int(0.85 * n)] - crease[int(0.15 * n)]
    axis /= np.linalg.norm(axis)
    mid = n // 2
    body = grid[mid, (j + grid.shape[1] // 2) // 2][None]  # toward the middle of the fibre
    if _rotate(body, crease[mid], axis, np.radians(np.array([10.0])))[0, 1] > body[0, 1]:
        axis = -axis  # +y is anterior: the end must move toward -y
    return crease, np.broadcast_to(axis, crease.shape)


def _rotate(points: np.ndarray, origin: np.ndarray, axis: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Rodrigues' rotation of each point about the line (origin, axis) by its own angle (origin
    and axis: one for all, or one per point)."""
    p = points - origin
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    k = np.broadcast_to(axis, p.shape)
    return origin + p * c + np.cross(k, p) * s + k * np.einsum("ij,ij->i", p, k)[:, None] * (1 - c)


LATTICE_MM = 3.0  # the fold's fields are sampled on a lattice this fine ...
SMOOTH_VOXELS = 1.2  # ... and smoothed over this many of its steps (Gaussian sigma)
REACH_MM = 35.0  # beyond the mid-surface grid: the muscle's thickness and the paths that go with it
FIELDS = ("v", MEDIAL[0], LATERAL[0])  # the patch v, and the crease point of each hinge (by its v)


@cache
def _fields() -> dict:
    """Smooth interpolants over space of the fold's FIELDS: the patch v ("v") and each hinge's
    crease point (keyed by the hinge's v). Blended from the nearest grid samples at the points themselves,
    a point on the muscle's surface, 10 mm or more off the mid-surface, found 8 samples nearly
    equally far and a different 8 than its neighbour: the fold shook the surface into streaks and
    tore the flap's rim (the lecturer's top fault). Blended on a lattice, smoothed and
    interpolated, the map is smooth everywhere."""
    from scipy.interpolate import RegularGridInterpolator
    from scipy.ndimage import gaussian_filter

    iu, v, _, tree = _patch()
    lo, hi = tree.data.min(axis=0) - REACH_MM, tree.data.max(axis=0) + REACH_MM
    axes = [np.arange(a, b + LATTICE_MM, LATTICE_MM) for a, b in zip(lo, hi, strict=True)]
    nodes = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    dist, idx = tree.query(nodes, k=8, workers=-1)
    w = 1.0 / np.maximum(dist, 1e-3) ** 2
    w /= w.sum(axis=1, keepdims=True)
    out = {}
    for name in FIELDS:
        values = v if name == "v" else hinge(name)[0][iu]
        blended = np.einsum("nk,nk...->n...", w, values[idx]).reshape(*(len(a) for a in axes), -1)
        smooth = np.stack([gaussian_filter(blended[..., k], SMOOTH_VOXELS, mode="nearest")
                           for k in range(blended.shape[-1])], axis=-1)
        out[name] = RegularGridInterpolator(axes, smooth, bounds_error=False, fill_value=None)
    return out


def _blend(points: np.ndarray, which: str | float) -> np.ndarray:
    """One of the fold's FIELDS at the points."""
    out = _fields()[which](np.asarray(points, float))
    return out[:, 0] if which == "v" else out


def patch_v(points: np.ndarray) -> np.ndarray:
    return _blend(points, "v")


def fold(points: np.ndarray, medial: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """The points moved by their end's fold (`medial`: which end), each by `weight` of it."""
    points = np.asarray(points, float)
    v = patch_v(points)
    out = points.copy()
    for side, (hv, deg) in ((medial, MEDIAL), (~medial, LATERAL)):
        if side.any():
            ramp = smoothstep((v[side] - hv) / BEND if hv < CUT_V else (hv - v[side]) / BEND)
            tangent = hinge(hv)[1]
            at = _blend(points[side], hv)  # the fibre's crease point, blended likewise
            out[side] = _rotate(points[side], at, tangent[0], np.radians(deg) * ramp)
    w = np.ones(len(points)) if weight is None else np.asarray(weight, float)
    return points + w[:, None] * (out - points)


def closeness(points: np.ndarray) -> np.ndarray:
    """1 for points in the muscle or within NEAR_MM of it, falling to 0 at FAR_MM."""
    _, _, half, tree = _patch()
    dist, idx = tree.query(np.asarray(points, float))
    return smoothstep((FAR_MM - (dist - half[idx])) / (FAR_MM - NEAR_MM))


def reflected_muscle(mesh: pv.PolyData) -> pv.PolyData:
    """The muscle divided at CUT_V (each cut face closed) and both ends turned out."""
    m = mesh.copy()
    m.point_data["patch_v"] = patch_v(m.points)
    ends = []
    for invert in (True, False):  # True keeps v < CUT_V: the medial end
        end = m.clip_scalar(scalars="patch_v", value=CUT_V, invert=invert).extract_surface(
            algorithm="dataset_surface").triangulate()
        end = end.merge(_cut_face(end)).clean(tolerance=1e-6)
        end.points = fold(np.asarray(end.points), np.full(end.n_points, invert))
        ends.append(end)
    out = ends[0].merge(ends[1]).extract_surface(algorithm="dataset_surface")
    for key in list(out.point_data):
        del out.point_data[key]
    # split along the rim: the cut face is shaded flat and meets the muscle's surfaces at a crisp
    # edge, as a knife leaves it (normals averaged over the rim shaded it in streaks)
    return out.compute_normals(auto_orient_normals=True, split_vertices=True, feature_angle=RIM_ANGLE)


RIM_ANGLE = 60.0  # degrees: sharper edges keep a normal per side (the cut face's rim is about 90)
CAP_EDGE = 4.0  # mm: the cut face's triangles at most this long (a fan of slivers shaded in streaks;
# 2 mm tripled the muscle to 123k triangles, past the solids' 400k budget in a reflected scene)


def _cut_face(end: pv.PolyData) -> pv.PolyData:
    """The face where `end` was cut: the hole closed, its triangles split down to CAP_EDGE and
    relaxed with the rim held, so it is shaded as one smooth face (fill_holes' fan of long slivers
    streaked it: the lecturer's "jagged" flap)."""
    n = end.n_cells
    closed = end.fill_holes(FILL)
    if closed.n_cells == n:
        return pv.PolyData()
    cap = closed.extract_cells(np.arange(n, closed.n_cells)).extract_surface(algorithm="dataset_surface")
    cap = cap.subdivide_adaptive(max_edge_len=CAP_EDGE)
    return cap.smooth(n_iter=200, relaxation_factor=0.1, boundary_smoothing=False, feature_smoothing=False)


def entering_parts(structure: str) -> set[str]:
    """The parts that end in gluteus maximus and those they branch from: they go with the muscle.
    Others (the companion artery of the sciatic nerve) stay where they are, however close."""
    from .courses.paths import PATHS

    parts = PATHS[structure]
    moved = {p.name for p in parts if GMAX in p.ends_in}
    while True:
        more = {p.parent for p in parts if p.name in moved and p.parent and "." not in p.parent} - moved
        if not more:
            return moved
        moved |= more


def folded_centreline(structure: str, part: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A part's centreline as the reflected muscle carries it: the moved points, which of them
    lie by the medial end, and how far each went with it (0: not at all, 1: fully)."""
    from .courses.paths import centreline

    line = centreline(structure, part)
    if part not in entering_parts(structure):  # stays, but starts on a trunk the flap may carry
        return _on_parent(structure, part, line, line), np.ones(len(line), bool), np.zeros(len(line))
    w = closeness(line)
    medial = patch_v(line) < CUT_V
    moved = _eased(line, fold(line, medial, w), w)
    # each end's run on its own: the lateral end's far larger turn must not leak into the medial
    edges = np.flatnonzero(np.diff(medial.astype(int))) + 1
    for a, b in zip(np.r_[0, edges], np.r_[edges, len(line)], strict=True):
        moved[a:b] = _smoothed(line[a:b], moved[a:b])
    return _on_parent(structure, part, line, moved), medial, w


def _on_parent(structure: str, part: str, line: np.ndarray, moved: np.ndarray) -> np.ndarray:
    """A branch's start moved as its trunk's smoothed line moved there, eased off along the
    branch (code review): pinned to the fold's own shift, the IGN's cutaneous branch started
    1.7 mm off the trunk it leaves partway along, and a branch that stays (the artery's companion
    of the sciatic nerve) 3.5 mm off its carried trunk."""
    from .courses.paths import centreline, get

    parent = get(structure, part).parent
    if not parent or "." in parent or parent not in entering_parts(structure):
        return moved  # a root, a part of another structure, or a trunk the flap leaves alone
    trunk, trunk_moved = centreline(structure, parent), folded_centreline(structure, parent)[0]
    j = int(np.argmin(np.linalg.norm(trunk - line[0], axis=1)))
    gap = (trunk_moved[j] - trunk[j]) - (moved[0] - line[0])
    ease = np.clip(1 - np.arange(len(line)) / PIN_SAMPLES, 0, 1)[:, None]
    return moved + ease * gap


PIN_SAMPLES = 10  # a branch eases from its trunk's shift to its own over this many samples (~1 cm)
SMOOTH = 4.0  # samples (about 1 mm apart): the fold blends a coarse grid, and a branch run on the
# deep surface came out zigzag on the flap, its shift stepping up to 2-3 mm between samples


def _smoothed(line: np.ndarray, moved: np.ndarray) -> np.ndarray:
    """`moved` with its shift from `line` smoothed along the path, both ends kept where the fold
    put them (a branch starts on its trunk's end)."""
    from scipy.ndimage import gaussian_filter1d

    if len(line) < 3:
        return moved
    shift = moved - line
    smooth = gaussian_filter1d(shift, SMOOTH, axis=0, mode="nearest")
    t = np.linspace(0, 1, len(line))[:, None]
    smooth += (1 - t) * (shift[0] - smooth[0]) + t * (shift[-1] - smooth[-1])
    return line + smooth


def _eased(line: np.ndarray, moved: np.ndarray, w: np.ndarray) -> np.ndarray:
    """A trunk that runs up to the muscle and is carried by it: between the last point the fold
    leaves in place and the first it carries fully, a taut curve (cubic Hermite, each end along
    the path). By the fold alone the trunk turned with the fibres round the hinge, and showed a
    V-shaped kink below piriformis (lecturer review), as no nerve lifted with a flap does."""
    full = np.flatnonzero(w >= 0.99)
    if not len(full) or full[0] < 2:
        return moved
    stay = np.flatnonzero(w[: full[0]] <= 0.0)
    if not len(stay) or stay[-1] < 1 or full[0] + 1 >= len(line):
        return moved
    i0, i1 = stay[-1], full[0]
    p0, p1 = line[i0], moved[i1]
    span = np.linalg.norm(p1 - p0)
    t0 = _unit(line[i0] - line[i0 - 1]) * span
    t1 = _unit(moved[i1 + 1] - moved[i1]) * span
    t = np.linspace(0, 1, i1 - i0 + 1)[:, None]
    out = moved.copy()
    out[i0 : i1 + 1] = ((2 * t**3 - 3 * t**2 + 1) * p0 + (t**3 - 2 * t**2 + t) * t0
                        + (-2 * t**3 + 3 * t**2) * p1 + (t**3 - t**2) * t1)
    return out


def _length(line: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(line, axis=0), axis=1).sum()) if len(line) > 1 else 0.0


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(np.linalg.norm(v), 1e-9)


def folded_path(structure: str, mesh: pv.PolyData) -> pv.PolyData:
    """A nerve or vessel tube moved with the medial end where it runs in or onto the muscle, and
    cut where it ran on into the lateral end. Each ring of the tube moves with the centreline
    point it surrounds: moved vertex by vertex, the near side of a ring moved more than the far
    side and the stretched trunk came out as a twisted ribbon."""
    from scipy.spatial import cKDTree

    from .courses.paths import PATHS, centreline

    pts = np.asarray(mesh.points)
    part_of = np.asarray(mesh.point_data["part"], int)
    entering = entering_parts(structure)
    moved = pts.copy()
    keep = np.ones(len(pts), bool)
    for k, part in enumerate(PATHS[structure]):
        ring = part_of == k
        if not ring.any() or (part.name not in entering and part.parent not in entering):
            continue
        line = centreline(structure, part.name)
        moved_line, medial, w = folded_centreline(structure, part.name)
        shift = moved_line - line
        near = cKDTree(line).query(pts[ring])[1]
        moved[ring] = pts[ring] + shift[near]
        # ran into the lateral end, or so near the division that it showed through the closed
        # cut face as a yellow fleck on the flap's rim (lecturer's review)
        gone = (~medial | (patch_v(line) > CUT_V - CUT_CLEAR)) & (w >= 0.3)
        if gone.any() and _length(moved_line[~gone]) < STUB_MM:
            gone[:] = True  # a stub left of a cut branch reads as a stray speck on the flap
        keep[np.flatnonzero(ring)[gone[near]]] = False
    out = mesh.copy()
    out.points = moved
    if not keep.all():
        out = out.extract_points(keep, adjacent_cells=False).extract_surface(algorithm="dataset_surface")
    return out.compute_normals(auto_orient_normals=False, split_vertices=False)
