"""Surgical danger zones around the gluteal nerves, built from landmarks (CLINICAL.md section 2).

- The PIIS - ischial tuberosity - greater trochanter triangle and its upper "danger" part, which
  holds the inferior gluteal nerve (IGN) and its branches (Apaydin et al. 2009, 36 sides,
  CLINICAL.md [3]). The paper names the upper part without drawing its lower border; here it is
  the half of the triangle above the line from the trochanter to the midpoint of the PIIS-IT
  side (our reading), which holds the IGN's exit at 3.2 cm from the PIIS and 4.8 cm from the IT.
- The 5 cm zone around the trochanter tip within which gluteus maximus can be split without
  reaching the IGN's trunk (its branches come nearer: Apaydin 2009), which enters the muscle's
  deep surface about 5 cm from the tip (Ling & Kumar 2006, 12 cadavers, CLINICAL.md [1]).
  Distances are measured across the muscle's plane (the mark a surgeon makes on it).
- The superior gluteal nerve's (SGN) safe zone on gluteus medius above the trochanter: up to
  5 cm above it (Jacobs & Buxton 1989, 10 cadavers, CLINICAL.md [6]), and the stricter 3 cm
  above the tip (Bos et al. 1994, 20 specimens, CLINICAL.md [7]). Heights are measured straight
  up from the trochanter tip, the model's point for the middle of its upper border.

Every function is pure geometry on the landmark table, the paths and the built meshes; no Qt.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import PATHS, centreline, point
from meshes.measure import across_sheet

IGN, SGN = "inferior_gluteal_nerve_right", "superior_gluteal_nerve_right"
GMAX, GMED = "gluteus_maximus_right", "gluteus_medius_right"
GT = "greater_trochanter_tip_right"
TRIANGLE = ("piis_right", "ischial_tuberosity_right", GT)
# Apaydin 2009 (CLINICAL.md [3]): closest mean distances of the IGN to each corner, mm
APAYDIN_IGN_MM = {"piis_right": 32.0, "ischial_tuberosity_right": 48.0, GT: 54.0}
APAYDIN_BRANCH_TO_GT_MM = 8.0  # Apaydin 2009 [3]: branches as close as 0.8 cm to the GT on average
GT_ZONE_MM = 50.0  # Ling & Kumar 2006 (CLINICAL.md [1]): IGN enters GMax about 5 cm from the GT tip
SGN_STRICT_MM = 30.0  # Bos 1994 (CLINICAL.md [7]): keep within 3 cm above the GT tip
SGN_SAFE_MM = 50.0  # Jacobs & Buxton 1989 (CLINICAL.md [6]): up to 5 cm above the GT
SGN_INCE_MM = (10.0, 35.0, 20.0)  # Ince 2007 (CLINICAL.md [8]): nearest branches, range and mean


def triangle() -> tuple[np.ndarray, np.ndarray]:
    """(upper danger part, lower part) of the PIIS-IT-GT triangle as polygons (k, 3), mm."""
    piis, it, gt = (point(n) for n in TRIANGLE)
    mid = (piis + it) / 2  # the upper part: above the line from the GT to the PIIS-IT midpoint
    return np.array([piis, mid, gt]), np.array([mid, it, gt])


def extrapelvic_trunk() -> np.ndarray:
    """The IGN trunk's centreline from where it crosses the foramen's plane (the plane the
    anatomical checks use) to its end: the nerve "at its origin" as the paper measured it."""
    from meshes.checks.common import Geometry

    line = centreline(IGN, "trunk")
    return beyond if len(beyond := Geometry({}).beyond_foramen(line)) else line


def ign_corner_distances() -> dict[str, float]:
    """Closest distance (mm) from each corner of the triangle to the IGN trunk outside the pelvis
    (Apaydin 2009 measured the nerve at its exit; its branches come closer to the GT)."""
    line = extrapelvic_trunk()
    return {n: float(np.linalg.norm(line - point(n), axis=1).min()) for n in TRIANGLE}


def ign_branches_to_gt() -> float:
    """Closest distance (mm) from the GT tip to any IGN branch (Apaydin 2009: 0.8 cm on average)."""
    line = np.concatenate([centreline(IGN, p.name) for p in PATHS[IGN] if p.name.startswith("branch")])
    return float(np.linalg.norm(line - point(GT), axis=1).min())


def ign_motor_branches() -> list[str]:
    """The IGN's branches into gluteus maximus (the cutaneous one leaves the muscle for the skin):
    the set `check` measures."""
    from meshes.checks.paths import ign_motor_branches

    return ign_motor_branches()


def ign_branches_to_gt_in_plane(gmax: pv.PolyData) -> float:
    """Closest distance (mm) from the GT tip to an IGN motor branch, across the muscle's plane as
    the split-zone slide measures."""
    return nearest_ign_branch(gmax)[1]


def nearest_ign_branch(gmax: pv.PolyData) -> tuple[np.ndarray, float]:
    """The point of an IGN motor branch closest to the GT tip across the muscle's plane, and that
    distance (mm): the one `check` holds to Apaydin's 0.8 cm."""
    from meshes.checks.common import Geometry
    from meshes.checks.paths import ign_nearest_branch

    return ign_nearest_branch(Geometry({GMAX: gmax}))


def ign_exit() -> tuple[np.ndarray, np.ndarray, str]:
    """Where the IGN leaves the pelvis (its trunk crossing the foramen's plane), projected square
    onto the triangle's plane: (that point, its barycentric weights for PIIS, IT and GT, and
    "upper", "lower" or "outside"). Apaydin 2009 puts it in the upper part."""
    upper, lower = triangle()
    corners = np.array([point(n) for n in TRIANGLE])
    n = np.cross(corners[1] - corners[0], corners[2] - corners[0])
    n /= np.linalg.norm(n)
    p = extrapelvic_trunk()[0]
    flat = p - ((p - corners[0]) @ n) * n
    a = np.vstack([corners.T, np.ones(3)])
    weights = np.linalg.lstsq(a, np.append(flat, 1.0), rcond=None)[0]
    part = ("upper" if _inside(flat[None], upper, n)[0] else
            "lower" if _inside(flat[None], lower, n)[0] else "outside")
    return flat, weights, part


def ign_exit_below_split() -> float:
    """How far (mm, in the triangle's plane) the IGN's exit lies below the line that bounds the
    upper part (from the GT to the PIIS-IT midpoint); negative when it lies above, in the upper
    part. Lets the slide say "at the border" instead of a bare "lower part" when the exit sits on
    the line."""
    upper, _ = triangle()
    flat = ign_exit()[0]
    mid, gt, piis = upper[1], upper[2], upper[0]
    along = (gt - mid) / np.linalg.norm(gt - mid)
    off = flat - mid - ((flat - mid) @ along) * along
    toward_piis = piis - mid - ((piis - mid) @ along) * along
    return float(-np.sign(off @ toward_piis) * np.linalg.norm(off))


def _inside(pts: np.ndarray, tri: np.ndarray, n: np.ndarray) -> np.ndarray:
    signs = [np.cross(tri[(i + 1) % 3] - tri[i], pts - tri[i]) @ n for i in range(3)]
    return np.all(np.stack(signs) >= 0, axis=0) | np.all(np.stack(signs) <= 0, axis=0)


_entry: list = [None, None, None, None]  # (gluteus maximus mesh, active variant, entry, branch)


def ign_entry(meshes: dict[str, pv.PolyData]) -> tuple[np.ndarray | None, float]:
    """(point, distance in mm from the GT tip) where the IGN enters gluteus maximus: of its motor
    branches' entries, the one nearest the tip across the muscle, the same point `check` measures
    against Ling & Kumar 2006. Kept for the model and variant on show: the split-zone tag asks
    again at every camera move."""
    return _ign_entry_found(meshes)[0]


def ign_entry_branch(meshes: dict[str, pv.PolyData]) -> str | None:
    """The IGN branch that enters there (`ign_entry`)."""
    return _ign_entry_found(meshes)[1]


def _ign_entry_found(meshes: dict[str, pv.PolyData]) -> tuple[tuple, str | None]:
    from meshes.anatomy.courses import variants
    from meshes.checks.common import Geometry
    from meshes.checks.paths import ign_gm_entry

    if _entry[0] is not meshes[GMAX] or _entry[1] != variants.active():
        found = ign_gm_entry(Geometry({GMAX: meshes[GMAX]}))
        at, branch = (None, None) if found is None else found
        _entry[:] = [meshes[GMAX], variants.active(),
                     (at, float("inf") if at is None else float(np.linalg.norm(at - point(GT)))), branch]
    return _entry[2], _entry[3]


def _sgn_lateral() -> np.ndarray:
    """The SGN's samples lateral to the notch (on gluteus medius and minimus, not in the pelvis)."""
    line = np.concatenate([centreline(SGN, p.name) for p in PATHS[SGN]])
    return line[line[:, 0] > point("greater_sciatic_notch_apex_right")[0] + 20]


IN_MEDIUS_MM = 3.0  # a nerve point this near gluteus medius (or inside it) lies in the muscle's plane


def sgn_lowest(gmed: pv.PolyData | None = None) -> tuple[np.ndarray, float]:
    """(point, height in mm above the GT tip) of the SGN's lowest point lateral to the notch; with
    `gmed`, of its lowest point in or on gluteus medius, which is what the safe zones measure (a
    split of the muscle meets it there; Jacobs & Buxton 1989). Past the muscle's front border the
    branch to tensor fasciae latae runs lower, in the gap where that muscle lies (lecturer: a dot
    there, outside the banded muscle, seemed to put the nerve in the green band)."""
    lateral = _sgn_lateral()
    if gmed is not None:
        near = np.asarray(pv.PolyData(lateral).compute_implicit_distance(gmed)["implicit_distance"])
        lateral = lateral[near < IN_MEDIUS_MM]
    k = int(np.argmin(lateral[:, 2]))
    return lateral[k], float(lateral[k, 2] - point(GT)[2])


def sgn_to_gt() -> float:
    """Closest distance (mm) from the GT tip to the SGN (Ince 2007: nearest branches 1.0-3.5 cm)."""
    return float(np.linalg.norm(_sgn_lateral() - point(GT), axis=1).min())


def distance_from_gt_in_gmax_plane(gmax: pv.PolyData, points: np.ndarray | None = None) -> np.ndarray:
    """Distance (mm) from the GT tip measured across the muscle's plane, through its thickness
    (`meshes.measure.across_sheet`: the measure `check` holds the IGN's entry to as well)."""
    return across_sheet(gmax, gmax.points if points is None else points, point(GT))


def height_above_gt(points: np.ndarray) -> np.ndarray:
    """Height (mm) straight up from the GT tip (Jacobs & Buxton measure up from the trochanter)."""
    return np.asarray(points)[:, 2] - point(GT)[2]


def summary(meshes: dict[str, pv.PolyData]) -> dict:
    """The model's numbers beside the published ones, for reports and tests."""
    corners = ign_corner_distances()
    closest, lowest = sgn_to_gt(), sgn_lowest(meshes[GMED])[1]
    entry, entry_mm = ign_entry(meshes)
    return {
        "ign_to_corners_mm": {k: round(v, 1) for k, v in corners.items()},
        "apaydin_2009_mm": APAYDIN_IGN_MM,
        "ign_exit_in_triangle": ign_exit()[2],
        "ign_exit_weights_piis_it_gt": [round(float(w), 2) for w in ign_exit()[1]],
        "ign_branches_to_gt_mm": round(ign_branches_to_gt(), 1),
        "ign_branches_to_gt_in_plane_mm": round(ign_branches_to_gt_in_plane(meshes[GMAX]), 1),
        "apaydin_2009_branches_to_gt_mm": APAYDIN_BRANCH_TO_GT_MM,
        "ign_enters_gmax_from_gt_mm": round(entry_mm, 1),
        "ign_enters_gmax_from_gt_in_plane_mm": round(float(distance_from_gt_in_gmax_plane(
            meshes[GMAX], [entry])[0]), 1),
        "ling_kumar_2006_mm": GT_ZONE_MM,
        "sgn_closest_to_gt_mm": round(closest, 1),
        "sgn_lowest_above_gt_mm": round(lowest, 1),
        "sgn_published_mm": {"jacobs_buxton_1989": SGN_SAFE_MM, "bos_1994": SGN_STRICT_MM,
                             "ince_2007_nearest_range": SGN_INCE_MM[:2]},
    }
