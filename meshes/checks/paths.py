"""Invariants of the nerve and vessel paths: the foramen, piriformis, bone, roots, branches."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from ..anatomy import paths, registry
from ..anatomy.landmarks import point as landmark
from .common import IGN, Geometry, Result, _inside_polygon, signed_distance


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


CHECKS = [ign_through_foramen, ign_below_piriformis, sgn_above_piriformis, sciatic_below_and_lateral,
          no_path_in_bone, roots_at_foramina, branches_in_gluteus_maximus]
