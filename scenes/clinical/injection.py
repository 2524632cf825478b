"""Injection safety from the model's own geometry: sites, needle, tip layer and nerve distances.

Three intramuscular gluteal sites are constructed from the landmark table and the skin surface
(`skin_right`), never placed by hand, each following its clinical rule (CLINICAL.md section 1):

- `dorsogluteal-quadrant`: the buttock split into four by a horizontal line through the top of
  the natal cleft and a vertical line down from the iliac crest's highest point; the needle goes
  in at the centre of the upper-outer quarter (Ellis 2006, CLINICAL.md [14]).
- `dorsogluteal-line`: the line from the posterior superior iliac spine (PSIS) to the greater
  trochanter (GT); the needle goes in above and lateral to it (a taught rule whose primary source
  was not found, CLINICAL.md section 1, "unverified").
- `ventrogluteal`: von Hochstetter's V: heel of the hand on the GT, index finger on the ASIS,
  middle finger spread back along the crest to the iliac tubercle; the needle goes in at the
  middle of the V (Sobotta 2006 fig. 1402, CLINICAL.md [15]).

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

from meshes import BONES, PATHS, REGISTRY, centreline, point

SITES = ("dorsogluteal-quadrant", "dorsogluteal-line", "ventrogluteal")
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
BEHIND, LATERAL = np.array([0.0, -1, 0]), np.array([1.0, 0, 0])
FAT, INTERMUSCULAR = "fat", "intermuscular"  # layers that are spaces between solids, not solids
BEYOND_BONE = "beyond_bone"  # a space reached only through bone (a needle far too long)
STEP = 0.25  # mm between the samples of the needle's shaft (distances and layers along it)
NORMAL_RADIUS = 10.0  # mm of skin averaged for the perpendicular: a needle is aimed by eye, not
# at one triangle's facet


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    rule: str  # how it is found on a patient, in our words
    source: str  # CLINICAL.md reference
    entry: np.ndarray  # on the skin's outer surface, mm (RAS)
    direction: np.ndarray  # unit vector into the body, perpendicular to the skin


@dataclass
class Needle:
    site: Site
    depth: float
    tip: np.ndarray
    layer: str  # structure id of the solid holding the tip, or "fat" / "intermuscular"
    passes: list[tuple[str, float, float]] = field(default_factory=list)  # (layer, from, to) mm
    distances: dict[str, float] = field(default_factory=dict)  # tip to surface, mm
    shaft_distances: dict[str, float] = field(default_factory=dict)  # whole shaft to surface, mm


# --- the sites ------------------------------------------------------------------------------

def sites(meshes: dict[str, pv.PolyData]) -> dict[str, Site]:
    """The three sites on this model's skin, in SITES order."""
    skin = meshes["skin_right"]
    built = [_quadrant(skin), _line(skin), _ventrogluteal(skin)]
    return {s.id: s for s in built}


def _quadrant(skin: pv.PolyData) -> Site:
    """Upper-outer quarter of the buttock as seen from behind (Ellis 2006, CLINICAL.md [14]).

    Horizontal line: through the top of the natal cleft. The landmark table has no cleft, so its
    top is taken at the level of the sacral hiatus apex (S4), where the sacrum's dorsal surface
    ends and the two buttocks meet (model; no landmark study found). Vertical line: straight
    down from the iliac crest's highest point. The quarter above and lateral to these lines is
    closed by the iliac crest above and the lateral edge of the buttock as seen from behind
    (the skin's silhouette at those levels); the needle goes in at its centre, aimed from behind.
    """
    low, high = point("sacral_hiatus_apex")[2], point("iliac_crest_top_right")[2]
    medial = point("iliac_crest_top_right")[0]
    outer = _outer_points(skin)
    band = outer[(outer[:, 2] > low) & (outer[:, 2] < high)]
    lateral = float(band[:, 0].max())  # the silhouette from behind
    centre = np.array([(medial + lateral) / 2, 0.0, (low + high) / 2])
    entry, direction = _entry(skin, centre, BEHIND)
    return Site("dorsogluteal-quadrant", "Dorsogluteal, upper-outer quadrant",
                "centre of the upper-outer quarter: natal-cleft line and crest-top vertical",
                "Ellis 2006 [14]", entry, direction)


def _line(skin: pv.PolyData) -> Site:
    """Above and lateral to the PSIS-GT line (taught rule, source unverified: CLINICAL.md sec. 1).

    Both ends are palpated, so they are taken on the skin over the landmarks. The rule names no
    spot along the line; the model takes the line's midpoint and moves 25 mm square to it,
    upward and outward on the skin (a finger's breadth or two, model), which keeps the site
    clear of the sciatic nerve below the line (CLINICAL.md section 2, [12]).
    """
    psis = _over(skin, point("psis_right"), BEHIND)  # the dimple over the spine, felt from behind
    gt = _over(skin, point("greater_trochanter_tip_right"), LATERAL)  # felt from the side
    mid = _between(skin, [psis, gt], (BEHIND + LATERAL) / 2)  # the line drawn on the skin
    along = (gt - psis) / np.linalg.norm(gt - psis)
    up = np.cross(_normal(skin, mid), along)  # in the skin's plane, square to the line
    up *= np.sign(up[2])  # the superolateral side: up (the line runs down and out)
    target = _over(skin, mid + 25.0 * up)
    entry, direction = _entry(skin, target, _normal(skin, target))
    return Site("dorsogluteal-line", "Dorsogluteal, above the PSIS-trochanter line",
                "25 mm above and lateral to the midpoint of the PSIS-greater trochanter line",
                "taught rule; primary source unverified, CLINICAL.md sec. 1", entry, direction)


def _ventrogluteal(skin: pv.PolyData) -> Site:
    """Von Hochstetter's site (Sobotta 2006 fig. 1402, CLINICAL.md [15]): palm on the GT, index
    finger on the ASIS, middle finger back along the crest to the iliac tubercle; the needle
    goes in at the middle of the V, taken as the centroid of the three fingertip points on the
    skin (the V's two arms and the palm close a triangle; inject inside it, not at its edges)."""
    tips = [_over(skin, point("greater_trochanter_tip_right"), LATERAL),
            point("asis_right"),  # the model's skin ends just behind it: the bony spine itself
            _over(skin, point("iliac_tubercle_right"), LATERAL)]
    centre = _between(skin, tips, LATERAL)
    entry, direction = _entry(skin, centre, _normal(skin, centre))
    return Site("ventrogluteal", "Ventrogluteal (von Hochstetter)",
                "middle of the V between index finger on the ASIS and middle finger on the "
                "iliac tubercle, palm on the greater trochanter", "Sobotta 2006 fig. 1402 [15]",
                entry, direction)


# --- skin geometry --------------------------------------------------------------------------

_SKIN_PARTS: dict[int, tuple] = {}  # by id of the skin mesh, which is kept alive with them


def _parts(skin: pv.PolyData):
    """(cell centres, unit cell normals, cell areas, outer-sheet points) of the skin shell."""
    held = _SKIN_PARTS.get(id(skin))
    if held is None or held[0] is not skin:
        _SKIN_PARTS.clear()  # one skin at a time
        held = _SKIN_PARTS[id(skin)] = (skin, _skin_parts(skin))
    return held[1]


def _skin_parts(skin: pv.PolyData):
    with_normals = skin.compute_normals(cell_normals=True, point_normals=True, split_vertices=False,
                                        consistent_normals=True, auto_orient_normals=True)
    sizes = with_normals.compute_cell_sizes(length=False, volume=False)
    pn = np.asarray(with_normals.point_data["Normals"])
    pts = np.asarray(with_normals.points)
    # the outer sheet's normals point away from the body: away from the hip's vertical axis
    hip = point("hip_joint_center_right")
    radial = (pts - hip) * (1, 1, 0)
    outer = pts[np.einsum("ij,ij->i", pn, radial) > 0]
    return (np.asarray(with_normals.cell_centers().points), np.asarray(with_normals.cell_data["Normals"]),
            np.asarray(sizes.cell_data["Area"]), outer, pn)


def _outer_points(skin: pv.PolyData) -> np.ndarray:
    return _parts(skin)[3]


def _normal(skin: pv.PolyData, near: np.ndarray, facing: np.ndarray | None = None) -> np.ndarray:
    """Outward unit normal of the skin's outer surface near a point: the area-weighted mean of
    the cell normals within NORMAL_RADIUS that face outward (`facing`, else away from the hip)."""
    centres, normals, areas = _parts(skin)[:3]
    if facing is None:
        facing = (np.asarray(near) - point("hip_joint_center_right")) * (1, 1, 0)
    close = np.linalg.norm(centres - near, axis=1) < NORMAL_RADIUS
    close &= normals @ facing > 0
    n = (normals[close] * areas[close, None]).sum(axis=0)
    return n / np.linalg.norm(n)


def _over(skin: pv.PolyData, p: np.ndarray, outward=None) -> np.ndarray:
    """The point of the skin's outer surface over (or under) a point, seen from `outward` (a
    landmark palpated from behind or from the side), else along the skin's nearest normal."""
    if outward is None:
        _, closest = skin.find_closest_cell(np.asarray(p, float), return_closest_point=True)
        outward = _normal(skin, closest)
    return _entry(skin, p, outward)[0]


def _between(skin: pv.PolyData, on_skin: list[np.ndarray], outward: np.ndarray) -> np.ndarray:
    """The skin point amid points on the skin: their mean pushed back out to the surface along
    `outward` (the nearest skin point to a mean deep inside can lie anywhere)."""
    return _entry(skin, np.mean(on_skin, axis=0), outward)[0]


def _entry(skin: pv.PolyData, inside: np.ndarray, outward: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a ray coming in along -outward first meets the skin (its outer surface), and the
    needle direction there: into the body, perpendicular to the skin."""
    outward = np.asarray(outward, float) / np.linalg.norm(outward)
    start = np.asarray(inside, float) + 400.0 * outward
    # every crossing, nearest the ray's start first (VTK's "first point" is not the nearest)
    hits, _ = skin.ray_trace(start, np.asarray(inside, float) - 60.0 * outward)
    if len(hits) == 0:
        raise ValueError("the skin surface does not cover this site")
    hits = np.asarray(hits, float)
    entry = hits[np.argmin(np.linalg.norm(hits - start, axis=1))]
    return entry, -_normal(skin, entry, facing=outward)


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
