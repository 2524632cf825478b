"""The three intramuscular gluteal injection sites, built on the model's skin (no Qt, no scenes).

Shared by the clinical layer (`scenes/clinical/injection.py`: needle, layers, nerve distances)
and the soft-tissue invariants (`meshes/checks/soft_tissue.py`: fat depth and the muscle under
each site), so the check measures where the needle goes in. Each site follows its clinical rule
(CLINICAL.md section 1):

- `dorsogluteal-quadrant`: the buttock split into four by a horizontal line through the top of
  the natal cleft and a vertical line down from the iliac crest's highest point; the needle goes
  in at the centre of the upper-outer quarter (Ellis 2006, CLINICAL.md [14]).
- `dorsogluteal-line`: the line from the posterior superior iliac spine (PSIS) to the greater
  trochanter (GT); the needle goes in above and lateral to it (a taught rule whose primary source
  was not found, CLINICAL.md section 1, "unverified").
- `ventrogluteal`: von Hochstetter's V: heel of the hand on the GT, index finger on the ASIS,
  middle finger spread back along the crest to the iliac tubercle; the needle goes in at the
  middle of the V (Sobotta 2006 fig. 1402, CLINICAL.md [15]).

The needle enters the skin's outer surface perpendicular to it (`Site.direction`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from ..geometry.rays import crossings
from .landmarks import point

SITES = ("dorsogluteal-quadrant", "dorsogluteal-line", "ventrogluteal")
BEHIND, LATERAL = np.array([0.0, -1, 0]), np.array([1.0, 0, 0])
FLAT = np.array([1.0, 1.0, 0.0])  # keeps a direction's horizontal part
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
            _over(skin, point("asis_right"), (point("asis_right") - point("hip_joint_center_right")) * FLAT),
            _over(skin, point("iliac_tubercle_right"), LATERAL)]
    centre = _between(skin, tips, LATERAL)
    entry, direction = _entry(skin, centre, _normal(skin, centre))
    return Site("ventrogluteal", "Ventrogluteal (von Hochstetter)",
                "middle of the V between index finger on the ASIS and middle finger on the "
                "iliac tubercle, palm on the greater trochanter", "Sobotta 2006 fig. 1402 [15]",
                entry, direction)


# --- the landmarks and lines a nurse draws on the skin ---------------------------------------

LIFT = 1.0  # mm the marks stand off the skin's outer surface, so they are drawn over it
CREST_MARKS = ("psis_right", "iliac_crest_posterior_right", "iliac_crest_top_right",
               "iliac_tubercle_right", "iliac_crest_anterior_right", "asis_right")


@dataclass(frozen=True)
class SkinMarks:
    """Palpable landmarks and the taught construction lines, on the skin's outer surface (mm, RAS).

    points: PSIS, iliac crest top, iliac tubercle, ASIS, greater trochanter, felt through the skin.
    lines (polylines): the iliac crest; the quadrant lines (horizontal through the top of the
    natal cleft, vertical down from the crest's highest point; Ellis 2006 [14]); the PSIS-GT line
    (taught rule, CLINICAL.md sec. 1); von Hochstetter's V: trochanter to ASIS (index finger) and
    trochanter to iliac tubercle (middle finger), the crest closing it (Sobotta fig. 1402 [15]).
    """
    points: dict[str, np.ndarray]
    lines: dict[str, np.ndarray]


def skin_marks(skin: pv.PolyData) -> SkinMarks:
    """The landmarks and lines of the three sites' rules, projected onto this skin."""
    probe = _Probe(skin)
    gt = _over(skin, point("greater_trochanter_tip_right"), LATERAL)
    pts = {"psis": _over(skin, point("psis_right"), BEHIND),
           "crest_top": probe.radial(point("iliac_crest_top_right")),
           "iliac_tubercle": _over(skin, point("iliac_tubercle_right"), LATERAL),
           "asis": probe.radial(point("asis_right")),
           "greater_trochanter": gt}
    crest = np.concatenate([np.linspace(point(a), point(b), 24, endpoint=False)
                            for a, b in zip(CREST_MARKS[:-1], CREST_MARKS[1:], strict=True)]
                           + [point(CREST_MARKS[-1])[None]])
    lines = {"iliac_crest": probe.radial_line(crest)}
    # quadrant lines as the rule draws them, seen from behind (as `_quadrant` finds the site)
    low, top = point("sacral_hiatus_apex")[2], point("iliac_crest_top_right")[2]
    x_top = point("iliac_crest_top_right")[0]
    lines["quadrant_horizontal"] = probe.behind_line(np.linspace(0.0, 260.0, 131), np.full(131, low))
    fold = point("ischial_tuberosity_lowest_right")[2] - 10.0  # the gluteal fold (skin.FOLD)
    lines["quadrant_vertical"] = probe.behind_line(np.full(121, x_top), np.linspace(top, fold, 121))
    lines["psis_gt"] = probe.radial_line(np.linspace(pts["psis"], gt, 60))
    lines["v_index"] = probe.radial_line(np.linspace(gt, pts["asis"], 50))
    lines["v_middle"] = probe.radial_line(np.linspace(gt, pts["iliac_tubercle"], 50))
    return SkinMarks({k: v + LIFT * probe.outward(v) for k, v in pts.items()},
                     {k: v + LIFT * probe.outward(v) for k, v in lines.items() if len(v) > 1})


def surface_track(skin: pv.PolyData, course: np.ndarray) -> np.ndarray:
    """A deep course's surface marking: the skin straight behind each point (as the course is seen
    from behind), kept while the skin faces backward, and lifted as the marks are."""
    probe = _Probe(skin)
    line = probe.behind_line(course[:, 0], course[:, 2])
    return line + LIFT * probe.outward(line) if len(line) > 1 else line


class _Probe:
    """Rays onto the skin's outer surface (one locator for them all: geometry.rays)."""

    def __init__(self, skin: pv.PolyData) -> None:
        from .soft_tissue.muscle_shapes import placed
        from .soft_tissue.skin import AXIS

        self.skin, self.axis = skin, placed([AXIS])[0]

    def first_hit(self, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
        found = crossings(self.skin, start, end)
        return found[np.argmin(np.linalg.norm(found - start, axis=1))] if len(found) else None

    def radial(self, p: np.ndarray) -> np.ndarray:
        """The skin over a point along the ray from the skin's own vertical axis (the skin is
        built from such rays, so every height and angle it covers has one outer point)."""
        centre = np.array([self.axis[0], self.axis[1], p[2]])
        out = (p - centre) / np.linalg.norm(p - centre)
        hit = self.first_hit(centre + 400.0 * out, centre)
        return p if hit is None else hit

    def radial_line(self, pts: np.ndarray) -> np.ndarray:
        return np.array([self.radial(p) for p in pts])

    def behind_line(self, xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
        """The skin seen from behind along (x, z): kept while the skin faces backward (the
        line stops short of the silhouette, where a ray from behind only grazes it)."""
        out = []
        for x, z in zip(xs, zs, strict=True):
            hit = self.first_hit(np.array([x, -600.0, z]), np.array([x, 100.0, z]))
            if hit is None or _normal(self.skin, hit, BEHIND) @ BEHIND < 0.35:
                if out:
                    break
                continue
            out.append(hit)
        return np.array(out).reshape(-1, 3)

    def outward(self, pts: np.ndarray) -> np.ndarray:
        """Unit vectors out of the body, away from the skin's axis (horizontal)."""
        pts = np.atleast_2d(pts)
        d = (pts - self.axis) * (1, 1, 0)
        d = d / np.linalg.norm(d, axis=1, keepdims=True)
        return d.reshape(-1, 3) if pts.shape[0] > 1 else d[0]


# --- skin geometry --------------------------------------------------------------------------

_SKIN_PARTS: dict[int, tuple] = {}  # by id of the skin mesh, which is kept alive with them


def skin_parts(skin: pv.PolyData):
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
    return skin_parts(skin)[3]


def _normal(skin: pv.PolyData, near: np.ndarray, facing: np.ndarray | None = None) -> np.ndarray:
    """Outward unit normal of the skin's outer surface near a point: the area-weighted mean of
    the cell normals within NORMAL_RADIUS that face outward (`facing`, else away from the hip)."""
    centres, normals, areas = skin_parts(skin)[:3]
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


__all__ = ["SITES", "Site", "SkinMarks", "sites", "skin_marks", "skin_parts"]
