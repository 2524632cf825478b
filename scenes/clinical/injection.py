"""Injection safety from the model's own geometry: sites, needle, tip layer and nerve distances.

The three intramuscular gluteal sites are constructed from the landmark table and the skin
surface (`skin_right`), never placed by hand, in `meshes/anatomy/injection_sites.py` (shared with
the soft-tissue check that measures fat depth where the needle goes in).

The needle enters the skin's outer surface perpendicular to it and runs straight in to a depth
(mm from the skin). Distances to a nerve or vessel are to its surface: the distance to the
nearest point of its centreline (any part) minus that part's radius, as `export-meshes` writes
them in paths.json; zero or less means the needle touches or enters it. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pyvista as pv

from meshes import BONES, PATHS, REGISTRY, centreline
from meshes.anatomy.injection_sites import SITES, Site, sites
from meshes.anatomy.injection_sites import skin_parts as _parts

# mm: the needle length Nisbet compared gluteal fat depth with on CT (BMJ 2006, CLINICAL.md [16])
DEFAULT_DEPTH = 35.0
MAX_DEPTH = 150.0  # mm: longer than any needle; deeper than the buttock's bone everywhere
NERVES: tuple[str, ...] = tuple(s for s in PATHS if REGISTRY[s].kind == "nerve")
# the gluteal vessels (issue 13): the arteries the model holds, with their veins beside them
VESSELS: tuple[str, ...] = ("superior_gluteal_artery_right", "inferior_gluteal_artery_right")
# what the needle can lie in, superficial to deep; the first that holds the tip names its layer
TISSUES: tuple[str, ...] = (
    "skin_right", "gluteus_maximus_right", "tensor_fasciae_latae_right", "iliotibial_tract_right",
    "gluteus_medius_right", "gluteus_minimus_right", "piriformis_right", "superior_gemellus_right",
    "obturator_internus_right", "inferior_gemellus_right", "quadratus_femoris_right",
    "hamstring_origin_right", "sacrotuberous_ligament_right", "sacrospinous_ligament_right",
    "coccygeus_right", "hip_bone_right", "femur_right", "sacrum", "coccyx")
FAT, INTERMUSCULAR = "fat", "intermuscular"  # layers that are spaces between solids, not solids
BEYOND_BONE = "beyond_bone"  # a space reached only through bone (a needle far too long)
STEP = 0.25  # mm between the samples of the needle's shaft (distances and layers along it)


@dataclass
class Needle:
    site: Site
    depth: float
    tip: np.ndarray
    layer: str  # structure id of the solid holding the tip, or "fat" / "intermuscular"
    passes: list[tuple[str, float, float]] = field(default_factory=list)  # (layer, from, to) mm
    distances: dict[str, float] = field(default_factory=dict)  # tip to surface, mm
    shaft_distances: dict[str, float] = field(default_factory=dict)  # whole shaft to surface, mm


# --- the needle -----------------------------------------------------------------------------

def needle(site: Site, depth: float, meshes: dict[str, pv.PolyData]) -> Needle:
    """The needle pushed `depth` mm in at a site: its tip, the layers it passes and the
    distances from its tip and its shaft to every nerve and gluteal vessel."""
    if not 0 < depth <= MAX_DEPTH:
        raise ValueError(f"depth must be more than 0 and at most {MAX_DEPTH:g} mm, got {depth:g}")
    tip = site.entry + depth * site.direction
    shaft = site.entry + np.arange(0.0, depth + STEP / 2, STEP)[:, None] * site.direction
    shaft[-1] = tip
    layers = layers_along(shaft, meshes)
    passes = _runs(layers, STEP, depth)
    out = Needle(site, float(depth), tip, layers[-1], passes)
    for sid in NERVES + VESSELS:
        d = surface_distance(shaft, sid)
        out.distances[sid], out.shaft_distances[sid] = float(d[-1]), float(d.min())
    return out


def layers_along(points: np.ndarray, meshes: dict[str, pv.PolyData]) -> list[str]:
    """The layer at each of a run of points from the skin inward: the first solid of TISSUES
    holding it; between solids, "fat" until the first muscle is reached, then "intermuscular"."""
    cloud = pv.PolyData(np.asarray(points, float))
    inside = np.zeros((len(TISSUES), len(points)), bool)
    for k, sid in enumerate(TISSUES):
        if sid in meshes:
            # ray parity (VTK's enclosed points), not a signed distance: no trust in normals
            sel = cloud.select_interior_points(meshes[sid], method="cell_locator", check_surface=False)
            inside[k] = np.asarray(sel.point_data["selected_points"], bool)
    layers, deep, through_bone = [], False, False
    for i in range(len(points)):
        held = np.nonzero(inside[:, i])[0]
        if held.size:
            sid = TISSUES[held[0]]
            deep |= sid != "skin_right"
            through_bone |= sid in BONES
            layers.append(sid)
        else:
            layers.append(BEYOND_BONE if through_bone else INTERMUSCULAR if deep else FAT)
    return layers


def _runs(layers: list[str], step: float, depth: float) -> list[tuple[str, float, float]]:
    """Consecutive samples in one layer, as (layer, from mm, to mm) along the needle."""
    runs: list[tuple[str, float, float]] = []
    for i, name in enumerate(layers):
        at = min(i * step, depth)
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], at)
        else:
            start = runs[-1][2] if runs else 0.0
            runs.append((name, start, at))
    return [r for r in runs if r[2] > r[1]]  # the entry sample itself lies on the skin's surface


# --- distances to nerves and vessels --------------------------------------------------------

@cache
def _segments(sid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(segment starts, segment vectors, radius per segment) of every part of a path."""
    starts, vecs, radii = [], [], []
    for part in PATHS[sid]:
        line = centreline(sid, part.name)
        starts.append(line[:-1])
        vecs.append(np.diff(line, axis=0))
        radii.append(np.full(len(line) - 1, part.radius))
    return np.concatenate(starts), np.concatenate(vecs), np.concatenate(radii)


def surface_distance(points: np.ndarray, sid: str, chunk: int = 256) -> np.ndarray:
    """Distance (mm) from each point to a nerve's or vessel's surface: to the nearest point of
    any part's centreline (exact, per segment) minus that part's radius."""
    a, v, r = _segments(sid)
    vv = np.maximum(np.einsum("ij,ij->i", v, v), 1e-12)
    pts = np.atleast_2d(np.asarray(points, float))
    out = np.empty(len(pts))
    for i in range(0, len(pts), chunk):
        p = pts[i:i + chunk, None, :] - a[None]  # (n, m, 3)
        t = np.clip(np.einsum("nmk,mk->nm", p, v) / vv, 0.0, 1.0)
        d = np.linalg.norm(p - t[..., None] * v[None], axis=2) - r[None]
        out[i:i + chunk] = d.min(axis=1)
    return out


def nearest_nerve(points: np.ndarray, nerves: tuple[str, ...] = NERVES) -> tuple[np.ndarray, np.ndarray]:
    """(distance to the nearest nerve's surface, index into `nerves` of that nerve) per point."""
    d = np.stack([surface_distance(points, sid) for sid in nerves])
    return d.min(axis=0), d.argmin(axis=0)


def _part_samples(nerves: tuple[str, ...], spacing: float = 0.2):
    """Per part of each nerve: its centreline resampled every `spacing` mm, and its radius."""
    out = []
    for k, sid in enumerate(nerves):
        for part in PATHS[sid]:
            line = centreline(sid, part.name)
            s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
            t = np.linspace(0.0, s[-1], max(2, int(s[-1] / spacing) + 1))
            out.append((k, np.stack([np.interp(t, s, line[:, a]) for a in range(3)], 1), part.radius))
    return out


_MAPS: dict[tuple, tuple] = {}  # (id of the skin, depth) -> (skin, values): one map at a time


def depth_map(skin: pv.PolyData, depth: float,
              nerves: tuple[str, ...] = NERVES) -> tuple[np.ndarray, np.ndarray]:
    """For a needle put in perpendicular at every point of the skin, `depth` mm deep: the distance
    (mm) from its tip to the nearest nerve's surface, and which nerve (index into `nerves`).

    Centrelines are sampled every 0.2 mm and searched with k-d trees (the exact per-segment
    distance of `surface_distance` would take seconds for the 12,600 skin points; the sampling
    error is below 0.01 mm). Points of the skin's inner sheet get values too; they are hidden."""
    key = (id(skin), float(depth), nerves)
    held = _MAPS.get(key)
    if held is not None and held[0] is skin:
        return held[1]
    from scipy.spatial import cKDTree

    normals = _parts(skin)[4]
    tips = np.asarray(skin.points, float) - depth * normals
    best, which = np.full(len(tips), np.inf), np.zeros(len(tips), int)
    for k, samples, radius in _part_samples(nerves):
        d = cKDTree(samples).query(tips)[0] - radius
        closer = d < best
        best[closer], which[closer] = d[closer], k
    _MAPS.clear()
    _MAPS[key] = (skin, (best, which))
    return best, which


@dataclass(frozen=True)
class HotSpot:
    """A patch of skin where the needle's tip comes within `within` mm of a nerve."""
    nerve: str  # structure id: the nerve nearest most of the patch
    points: np.ndarray  # (n, 3) the patch's points on the skin, hottest (tip nearest the nerve) first
    area: float  # mm2 of skin


def hot_spots(skin: pv.PolyData, depth: float, within: float, min_area: float = 0.0) -> list[HotSpot]:
    """The connected patches of the skin's outer sheet where a needle `depth` mm deep ends within
    `within` mm of a nerve, largest first, each named by the nerve nearest most of its points
    (the injection map's red spots, so the slide can say whose they are)."""
    d, which = depth_map(skin, depth)
    outer = np.zeros(skin.n_points, bool)
    outer[_outer_ids(skin)] = True
    marked = skin.copy(deep=False)
    marked.point_data["id"] = np.arange(skin.n_points)
    patches = marked.extract_points(outer & (d < within), adjacent_cells=False)
    if not patches.n_cells:
        return []
    patches = patches.connectivity("all").compute_cell_sizes(length=False, volume=False)
    region, ids = np.asarray(patches.point_data["RegionId"]), np.asarray(patches.point_data["id"])
    cell_region, areas = np.asarray(patches.cell_data["RegionId"]), np.asarray(patches.cell_data["Area"])
    out = []
    for r in np.unique(region):
        members, area = ids[region == r], float(areas[cell_region == r].sum())
        if area >= min_area:
            nerve = NERVES[np.bincount(which[members]).argmax()]
            out.append(HotSpot(nerve, np.asarray(skin.points[members[np.argsort(d[members])]]), area))
    return sorted(out, key=lambda h: -h.area)


def _outer_ids(skin: pv.PolyData) -> np.ndarray:
    """Indices of the skin's points on its outer sheet (the inner sheet's values are hidden)."""
    from scipy.spatial import cKDTree

    gap, ids = cKDTree(np.asarray(skin.points)).query(_parts(skin)[3])
    return ids[gap < 1e-9]


# --- reports --------------------------------------------------------------------------------

def report(meshes: dict[str, pv.PolyData], depth: float = DEFAULT_DEPTH,
           only: str | None = None) -> dict:
    """The `injection --json` document: {"sites": [{"id", "entry", "tip", "layer",
    "distances_mm": {structure id: mm}, ...}]}; `only` keeps one site."""
    found = sites(meshes)
    chosen = [found[only]] if only else list(found.values())
    return {"depth_mm": depth, "sites": [_as_dict(needle(s, depth, meshes)) for s in chosen]}


def _as_dict(n: Needle) -> dict:
    def r(v):
        return [round(float(x), 2) for x in v]

    return {"id": n.site.id, "name": n.site.name, "rule": n.site.rule, "source": n.site.source,
            "entry": r(n.site.entry), "direction": [round(float(x), 4) for x in n.site.direction],
            "depth_mm": n.depth, "tip": r(n.tip), "layer": n.layer,
            "passes": [{"layer": lay, "from_mm": round(a, 2), "to_mm": round(b, 2)}
                       for lay, a, b in n.passes],
            "distances_mm": {k: round(v, 2) for k, v in n.distances.items()},
            "shaft_distances_mm": {k: round(v, 2) for k, v in n.shaft_distances.items()}}


def layer_name(layer: str) -> str:
    """A layer id as a person reads it."""
    if layer == FAT:
        return "subcutaneous fat"
    if layer == INTERMUSCULAR:
        return "between muscles (fascial plane)"
    if layer == BEYOND_BONE:
        return "the pelvis, through the bone"
    return REGISTRY[layer].name if layer in REGISTRY else layer


__all__ = ["DEFAULT_DEPTH", "NERVES", "SITES", "VESSELS", "Needle", "Site", "layer_name",
           "layers_along", "nearest_nerve", "needle", "report", "sites", "surface_distance"]
