"""Anatomical invariants, checked in code on the built meshes and paths.

Each check returns (ok, detail). They encode what the model must get right for teaching: the
inferior gluteal nerve leaves through the greater sciatic foramen below piriformis, pierces no
bone, and ends in the deep surface of gluteus maximus; its neighbours keep their relations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from scipy.spatial import cKDTree

from . import cache
from .anatomy import landmarks, paths, registry
from .anatomy.landmarks import point as landmark

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


# --- the checks ------------------------------------------------------------------------------


def ign_through_foramen(g: Geometry) -> Result:
    x = g.crossing(IGN)
    if x is None:
        return Result("ign_crosses_foramen", False, "the nerve never crosses the foramen's plane")
    inside = _inside_polygon(g.to_plane(x)[0], g.to_plane(g.ring))
    return Result("ign_crosses_foramen", inside,
                  f"crossing at {np.round(x, 1).tolist()} is {'inside' if inside else 'OUTSIDE'}"
                  " the greater sciatic foramen outline")


def _relative_to_piriformis(g: Geometry, structure: str, below: bool, name: str) -> Result:
    """Is piriformis directly above (or below) the path where it crosses the foramen?"""
    x = g.crossing(structure)
    if x is None:
        return Result(name, False, f"{structure} does not cross the foramen's plane")
    r = max(p.radius for p in paths.PATHS[structure])
    dz = np.arange(-35.0, 35.0, 0.5)
    d = signed_distance(x + dz[:, None] * (0, 0, 1), g.meshes["piriformis_right"])
    hits = dz[d < 0]
    wanted, unwanted = (hits[hits > 0], hits[hits < 0]) if below else (-hits[hits < 0], hits[hits > 0])
    ok = len(wanted) > 0 and len(unwanted) == 0 and wanted.min() > r
    where = "below" if below else "above"
    gap = f"{wanted.min() - r:.1f} mm clear of the muscle" if len(wanted) else "muscle not found"
    return Result(name, ok, f"crosses at {np.round(x, 1).tolist()}, {'' if ok else 'NOT '}"
                  f"{where} piriformis ({gap})")


def ign_below_piriformis(g: Geometry) -> Result:
    return _relative_to_piriformis(g, IGN, True, "ign_below_piriformis")


def sgn_above_piriformis(g: Geometry) -> Result:
    return _relative_to_piriformis(g, "superior_gluteal_nerve_right", False, "sgn_above_piriformis")


def sciatic_below_and_lateral(g: Geometry) -> Result:
    below = _relative_to_piriformis(g, "sciatic_nerve_right", True, "sciatic_lateral_to_ign")
    s, i = g.crossing("sciatic_nerve_right"), g.crossing(IGN)
    lateral = s is not None and i is not None and s[0] > i[0]
    detail = (f"sciatic crosses at x = {s[0]:.1f}, inferior gluteal nerve at x = {i[0]:.1f}; "
              if lateral else "sciatic nerve is not lateral to the inferior gluteal nerve; ")
    return Result("sciatic_lateral_to_ign", below.ok and lateral, detail + below.detail)


def path_clearances(g: Geometry) -> list[tuple[float, str, str, np.ndarray]]:
    """(clearance mm, 'structure.part', bone, worst point) for every path part and bone."""
    lines = [(f"{sid}.{p.name}", paths.centreline(sid, p.name), p.radius)
             for sid, parts in paths.PATHS.items() if sid != "greater_sciatic_foramen_right"
             for p in parts]  # the outline runs along the bone edge by design
    allpts = np.concatenate([ln for _, ln, _ in lines])
    splits = np.cumsum([len(ln) for _, ln, _ in lines])[:-1]
    out = []
    for bone in registry.BONES:
        d_all = signed_distance(allpts, g.meshes[bone])
        for (name, line, r), d in zip(lines, np.split(d_all, splits), strict=False):
            i = int(np.argmin(d))
            out.append((float(d[i] - r), name, bone, line[i]))
    return out


def no_path_in_bone(g: Geometry) -> Result:
    worst = min(path_clearances(g), key=lambda t: t[0])
    ok = worst[0] > -0.5  # a tube may graze the surface, never run inside it
    return Result("no_path_in_bone", ok,
                  f"least clearance {worst[0]:.1f} mm: {worst[1]} to {worst[2]}")


def roots_at_foramina(g: Geometry) -> Result:
    expected = {"root_L5": "intervertebral_foramen_l5_right", "root_S1": "anterior_sacral_foramen_s1_right",
                "root_S2": "anterior_sacral_foramen_s2_right"}
    errors = {r: float(np.linalg.norm(paths.centreline(IGN, r)[0] - landmark(lm)))
              for r, lm in expected.items()}
    ok = max(errors.values()) < 2.0
    return Result("roots_start_at_foramina", ok,
                  ", ".join(f"{r} starts {e:.1f} mm from its foramen" for r, e in errors.items()))


def branches_in_gluteus_maximus(g: Geometry) -> Result:
    gm = g.meshes["gluteus_maximus_right"]
    normals = gm.point_data["Normals"]
    tree = cKDTree(np.asarray(gm.points))
    z_mid = float(np.mean(gm.points[:, 2]))
    problems, entries = [], []
    for part in paths.PATHS[IGN]:
        if not part.name.startswith("branch"):
            continue
        line = paths.centreline(IGN, part.name)
        d = signed_distance(line, gm)
        if d[-1] >= 0:
            problems.append(f"{part.name} ends outside the muscle")
            continue
        entry = line[int(np.argmax(d < 0))]
        facing = normals[tree.query(entry)[1]]
        entries.append(entry)
        if facing[1] <= 0:  # the deep surface faces forward (anteriorly)
            problems.append(f"{part.name} enters through the superficial surface")
        if entry[2] > z_mid:
            problems.append(f"{part.name} enters the upper half of the muscle")
    n = len(entries)
    ok = not problems and n >= 2
    detail = "; ".join(problems) or f"{n} branches enter the deep surface in the muscle's lower half"
    return Result("branches_end_in_gluteus_maximus", ok, detail)


ATTACHMENTS = {
    "piriformis_right": ("sacrum", "femur_right"),
    "gluteus_maximus_right": ("sacrum", "hip_bone_right", "sacrotuberous_ligament_right"),
    "sacrospinous_ligament_right": ("sacrum", "hip_bone_right"),
    "sacrotuberous_ligament_right": ("sacrum", "hip_bone_right"),
}


def attachments(g: Geometry) -> Result:
    gaps = {f"{a}-{b}": _gap(g.meshes[a], g.meshes[b]) for a, bs in ATTACHMENTS.items() for b in bs}
    bad = {k: v for k, v in gaps.items() if v > 3.0}
    return Result("muscles_touch_attachments", not bad,
                  "all within 3 mm" if not bad else
                  "; ".join(f"{k} {v:.1f} mm apart" for k, v in bad.items()))


def watertight(g: Geometry) -> Result:
    import trimesh

    leaky = [sid for sid in registry.SOLIDS
             if not trimesh.Trimesh(g.meshes[sid].points, g.meshes[sid].regular_faces,
                                    process=False).is_watertight]
    total = sum(g.meshes[s].n_cells for s in registry.SOLIDS)
    ok = not leaky and total <= 250_000
    return Result("solids_watertight", ok,
                  (f"not watertight: {', '.join(leaky)}; " if leaky else "all closed; ")
                  + f"{total} triangles in all solids (budget 250000)")


RANGES = [  # (name, landmark a, landmark b, low, high): cited distances the table must honour
    ("inter-ASIS distance", "asis_right", "asis_left", 205, 245),
    ("greater sciatic notch width (PIIS to ischial spine)", "piis_right", "ischial_spine_right", 45, 60),
    ("interspinous diameter", "ischial_spine_right", "ischial_spine_left", 85, 115),
    ("intertuberous diameter", "ischial_tuberosity_right", "ischial_tuberosity_left", 100, 135),
    ("true conjugate (promontory to symphysis)", "sacral_promontory", "pubic_symphysis", 100, 125),
    ("head centre below trochanter tip", "hip_joint_center_right", "greater_trochanter_tip_right", 35, 55),
]


def landmark_ranges(g: Geometry) -> Result:
    out = []
    for name, a, b, lo, hi in RANGES:
        d = float(np.linalg.norm(landmark(a) - landmark(b)))
        if not lo <= d <= hi:
            out.append(f"{name} {d:.0f} mm, expected {lo}-{hi}")
    return Result("landmarks_in_published_ranges", not out, "; ".join(out) or
                  f"{len(RANGES)} distances inside their published ranges")


CHECKS: list[Callable[[Geometry], Result]] = [
    ign_through_foramen, ign_below_piriformis, sgn_above_piriformis, sciatic_below_and_lateral,
    no_path_in_bone, roots_at_foramina, branches_in_gluteus_maximus, attachments, watertight,
    landmark_ranges,
]


def run(meshes: dict[str, pv.PolyData] | None = None) -> list[Result]:
    geometry = Geometry(meshes or cache.load())
    return [check(geometry) for check in CHECKS]


def report(results: list[Result]) -> dict:
    return {"landmarks": landmarks.table(), "invariants": [r.as_dict() for r in results]}
