"""Invariants of the skeleton and of every solid: watertight, budget, published proportions.

Each check measures the built meshes (not only the landmark table) against a published range,
cited beside it; SOURCES in anatomy/landmarks.py holds the full references.
"""

from __future__ import annotations

import numpy as np

from ..anatomy import registry
from ..anatomy.landmarks import SECTION_PLANE_Z, femur_axes, lumbar_levels
from ..anatomy.landmarks import point as landmark
from ..anatomy.skeleton import bones
from .common import Geometry, Result, signed_distance


def watertight(g: Geometry) -> Result:
    import trimesh

    leaky = [sid for sid in registry.SOLIDS
             if not trimesh.Trimesh(g.meshes[sid].points, g.meshes[sid].regular_faces,
                                    process=False).is_watertight]
    total = sum(g.meshes[s].n_cells for s in registry.SOLIDS)
    ok = not leaky and total <= registry.SOLID_BUDGET
    return Result("solids_watertight", ok,
                  (f"not watertight: {', '.join(leaky)}; " if leaky else "all closed; ")
                  + f"{total} triangles in all solids (budget {registry.SOLID_BUDGET})")


RANGES = [  # (name, landmark a, landmark b, low, high): cited distances the table must honour
    ("inter-ASIS distance", "asis_right", "asis_left", 205, 245),
    ("greater sciatic notch width (PIIS to ischial spine)", "piis_right", "ischial_spine_right", 45, 60),
    ("interspinous diameter", "ischial_spine_right", "ischial_spine_left", 85, 115),
    ("intertuberous diameter", "ischial_tuberosity_lowest_right", "ischial_tuberosity_lowest_left", 100, 135),
    ("true conjugate (promontory to symphysis)", "sacral_promontory", "pubic_symphysis", 100, 125),
    ("head centre below trochanter tip", "hip_joint_center_right", "greater_trochanter_tip_right", 35, 55),
    # Wan-ae-loh 2020 (204 sides; CLINICAL.md section 2), +/- 10 %
    ("PSIS to ischial tuberosity (129.6 mm)", "psis_right", "ischial_tuberosity_right", 116.6, 142.6),
    ("PSIS to greater trochanter (151.3 mm)", "psis_right", "greater_trochanter_tip_right", 136.2, 166.4),
    ("ischial tuberosity to greater trochanter (73.0 mm)", "ischial_tuberosity_right",
     "greater_trochanter_tip_right", 65.7, 80.3),
    # head centre to lesser trochanter: 42.8 +/- 4.9 mm (radiographs, PMID 34872277); 1.16 x head
    # diameter on CT (BMC Musculoskelet Disord 2021): 38-56 mm covers both
    ("head centre to lesser trochanter", "hip_joint_center_right", "lesser_trochanter_right", 38, 56),
]


def landmark_ranges(g: Geometry) -> Result:
    out = []
    for name, a, b, lo, hi in RANGES:
        d = float(np.linalg.norm(landmark(a) - landmark(b)))
        if not lo <= d <= hi:
            out.append(f"{name} {d:.0f} mm, expected {lo}-{hi}")
    return Result("landmarks_in_published_ranges", not out, "; ".join(out) or
                  f"{len(RANGES)} distances inside their published ranges")


# Landmarks that sit on a bone's surface (within 3 mm), so distances between them are distances
# on the bones: the Wan-ae-loh spans, the femur proportions, the gluteal lines.
ON_BONE = {
    "hip_bone_right": ["asis_right", "psis_right", "piis_right", "ischial_spine_right",
                       "ischial_tuberosity_right",
                       "ischial_tuberosity_lowest_right", "lesser_sciatic_notch_right",
                       "ischial_tuberosity_medial_margin_top_right",
                       "ischial_tuberosity_medial_margin_bottom_right",
                       "posterior_gluteal_line_top_right", "posterior_gluteal_line_bottom_right",
                       "anterior_gluteal_line_top_right", "anterior_gluteal_line_bottom_right",
                       "inferior_gluteal_line_front_right", "inferior_gluteal_line_back_right",
                       "arcuate_line_widest_right"],
    "femur_right": ["greater_trochanter_tip_right", "lesser_trochanter_right", "quadrate_tubercle_right",
                    "gluteal_tuberosity_top_right", "gluteal_tuberosity_right",
                    "gluteal_tuberosity_bottom_right"],
    "sacrum": ["sacral_promontory", "sacral_ala_top_right", "sacral_hiatus_apex", "sacral_cornu_right"],
}


def landmarks_on_bone(g: Geometry) -> Result:
    out = []
    for sid, names in ON_BONE.items():
        d = np.abs(signed_distance(np.array([landmark(n) for n in names]), g.meshes[sid]))
        out += [f"{n} {v:.1f} mm off {sid}" for n, v in zip(names, d, strict=True) if v > 3.0]
    n = sum(len(v) for v in ON_BONE.values())
    return Result("landmarks_on_bone", not out, "; ".join(out) or f"{n} landmarks within 3 mm of their bone")


# Transverse diameter of the pelvic inlet: 13.5 cm normal female (GPnotebook), about 13 cm (Open
# University); 3D CT series (Salk 2016; Kolesova 2017) put men a little narrower. 120-140 mm.
INLET_RANGE = (120.0, 140.0)


def inlet_plane() -> tuple[np.ndarray, np.ndarray]:
    """A point and unit normal of the inlet plane as the model's arcuate lines define it: the
    least-squares plane through the brim (perpendicular to the midsagittal plane)."""
    from ..geometry.curves import spline

    brim = spline(bones.pelvic_brim(), 60)
    b, a = np.polyfit(brim[:, 1], brim[:, 2], 1)  # z = a + b y
    normal = np.array([0.0, -b, 1.0]) / np.hypot(b, 1.0)
    return brim.mean(axis=0) * (0, 1, 1), normal


def transverse_inlet(meshes) -> float:
    """Widest span between the arcuate lines, measured on the right hip bone's section by the
    inlet plane (the pelvis is symmetric): twice the smallest |x| of the section in each
    front-to-back bin, maximised over the bins between the sacroiliac joint and the pubis."""
    origin, normal = inlet_plane()
    pts = np.asarray(meshes["hip_bone_right"].points)
    pts = pts[np.abs((pts - origin) @ normal) < 4.0]  # a 8 mm slab around the plane
    fwd = np.cross(normal, [1.0, 0.0, 0.0])
    s = (pts - origin) @ fwd
    lo = (landmark("sacroiliac_joint_anterior_margin_right") - origin) @ fwd
    hi = (landmark("pubic_tubercle_right") - origin) @ fwd
    lo, hi = min(lo, hi), max(lo, hi)
    best = 0.0
    for a in np.arange(lo, hi, 3.0):
        sel = pts[(s >= a) & (s < a + 3.0)]
        if len(sel):
            best = max(best, 2 * float(np.abs(sel[:, 0]).min()))
    return best


# Sacral breadth across the alae: 99.5 +/- 5.8 mm male, 103.0 +/- 6.7 female (150 sacra, PMID
# 30487484); 101.5 +/- 6.8 / 106.2 +/- 5.1 (60 sacra, Bangladesh J Anat). Mean +/- 2 SD: 88-116.
SACRAL_WIDTH_RANGE = (88.0, 116.0)


def pelvimetry(g: Geometry) -> Result:
    inlet = transverse_inlet(g.meshes)
    pts = np.asarray(g.meshes["sacrum"].points)
    width = float(pts[:, 0].max() - pts[:, 0].min())
    (ilo, ihi), (slo, shi) = INLET_RANGE, SACRAL_WIDTH_RANGE
    ok = ilo <= inlet <= ihi and slo <= width <= shi
    return Result("pelvimetry", ok, f"transverse inlet {inlet:.0f} mm (published {ilo:.0f}-{ihi:.0f}); "
                  f"sacral breadth {width:.0f} mm (published {slo:.0f}-{shi:.0f})")


# Femur: neck-shaft angle about 125 deg (ANATOMY.md; adult range about 120-135), femoral offset about
# 43 mm (ANATOMY.md; 35-50 covers the radiographic series), head centre to lesser trochanter 42.8 +/-
# 4.9 mm (PMID 34872277) or 1.16 x the head diameter (CT, 100 femora): 38-56 mm.
FEMUR_RANGES = {"neck-shaft angle": (120.0, 135.0), "offset": (35.0, 50.0),
                "head centre to lesser trochanter": (38.0, 56.0)}


def femur_measures(meshes) -> dict[str, float]:
    ax = femur_axes()
    # measured as on an AP radiograph: the neck projected onto the femur's coronal plane (this
    # removes the anteversion), then the angle between it and the shaft toward the knee
    ap = np.cross(ax["lateral"], ax["down"])
    neck = ax["neck"] - (ax["neck"] @ ap) * ap
    angle = float(np.degrees(np.arccos(np.clip(neck @ ax["down"] / np.linalg.norm(neck), -1, 1))))
    rel = ax["head"] - ax["base"]
    offset = float(np.linalg.norm(rel - (rel @ ax["down"]) * ax["down"]))
    femur = meshes["femur_right"]
    # the lesser trochanter measured to the bone: the femur's vertex nearest its landmark
    pts = np.asarray(femur.points)
    lt = pts[np.argmin(np.linalg.norm(pts - landmark("lesser_trochanter_right"), axis=1))]
    return {"neck-shaft angle": angle, "offset": offset,
            "head centre to lesser trochanter": float(np.linalg.norm(lt - ax["head"]))}


def femur_proportions(g: Geometry) -> Result:
    m = femur_measures(g.meshes)
    bad = [k for k, (lo, hi) in FEMUR_RANGES.items() if not lo <= m[k] <= hi]
    z = np.asarray(g.meshes["femur_right"].points)[:, 2]
    cut = abs(z.min() - SECTION_PLANE_Z) < 0.5 and int((np.abs(z - SECTION_PLANE_Z) < 0.3).sum()) >= 30
    detail = ", ".join(f"{k} {m[k]:.1f} (published {lo:.0f}-{hi:.0f})"
                       for k, (lo, hi) in FEMUR_RANGES.items())
    detail += f"; shaft {'ends flat' if cut else 'does NOT end flat'} at z = {SECTION_PLANE_Z:.0f}"
    return Result("femur_proportions", not bad and cut, detail)


def sacroiliac_contact(g: Geometry) -> Result:
    """The auricular surfaces meet: on the joint surface, both bones within 2 mm (a joint space,
    no gap), and no sacral vertex more than 0.5 mm inside the ilium (no overlap)."""
    pts = bones.auricular_points(3.0)
    d_s = np.abs(signed_distance(pts, g.meshes["sacrum"]))
    d_h = np.abs(signed_distance(pts, g.meshes["hip_bone_right"]))
    touching = float(np.mean((d_s <= 2.0) & (d_h <= 2.0)))
    sac = np.asarray(g.meshes["sacrum"].points)
    near = sac[(sac[:, 0] > 25) & (np.abs(bones.sacroiliac_distance(sac)) < 6)]
    depth = float(-signed_distance(near, g.meshes["hip_bone_right"]).min()) if len(near) else 0.0
    ok = touching >= 0.8 and depth <= 0.5
    return Result("sacroiliac_joint_contact", ok, f"{touching:.0%} of the auricular surface has both bones "
                  f"within 2 mm; deepest overlap {max(depth, 0):.1f} mm")


def lesser_sciatic_notch(g: Geometry) -> Result:
    """A notch between the ischial spine and the tuberosity: measured on the bone from the middle
    of the spine-tuberosity chord toward the notch's floor, at least 8 mm deep, the chord itself
    clear of bone in its middle third, and the floor landmark on the bone."""
    hip = g.meshes["hip_bone_right"]
    spine, tub, floor_pt = (landmark(n) for n in ("ischial_spine_right", "ischial_tuberosity_right",
                                                   "lesser_sciatic_notch_right"))
    mid = 0.5 * (spine + tub)
    ray = (floor_pt - mid) / np.linalg.norm(floor_pt - mid)
    t = np.arange(0.0, 30.0, 0.25)
    d = signed_distance(mid + t[:, None] * ray, hip)
    depth = float(t[np.argmax(d < 0)]) if (d < 0).any() else 0.0
    chord = spine + np.linspace(0.35, 0.65, 7)[:, None] * (tub - spine)
    clear = float(signed_distance(chord, hip).min())
    floor = float(abs(signed_distance(floor_pt[None], hip)[0]))
    ok = depth >= 8.0 and clear >= 3.0 and floor <= 3.0
    return Result("lesser_sciatic_notch", ok, f"notch {depth:.1f} mm deep below the spine-tuberosity chord "
                  f"(chord {clear:.1f} mm clear of bone); floor {floor:.1f} mm from its landmark")


def acetabulum_closed(g: Geometry) -> Result:
    """The acetabular floor is bone: every ray from the head centre into the medial half (the
    fossa side) meets the hip bone between the socket and 45 mm out."""
    hip = g.meshes["hip_bone_right"]
    c, n = landmark("hip_joint_center_right"), bones.ACETABULUM_AXIS
    rng = np.random.default_rng(0)
    dirs = rng.normal(size=(400, 3))
    dirs /= np.linalg.norm(dirs, axis=1)[:, None]
    dirs = dirs[dirs @ -n > 0.5]  # within 60 deg of the fossa's axis
    start, end = c + dirs * (bones.ACETABULUM_RADIUS + 0.5), c + dirs * 45.0
    # a ray is closed if it starts in bone (the floor begins at the socket) or crosses bone's surface
    in_bone = signed_distance(start, hip) < 0
    open_rays = sum(1 for a, b, inside in zip(start, end, in_bone, strict=True)
                    if not inside and len(hip.ray_trace(a, b)[0]) == 0)
    return Result("acetabulum_closed", open_rays == 0,
                  f"{open_rays} of {len(dirs)} rays from the head centre through the fossa miss bone")


# L4 and L5 bodies: about 48-50 mm wide and 34-36 mm deep (Panjabi 1992; Zhou 2000): 44-56 x 30-40.
BODY_RANGES = {"width": (44.0, 56.0), "depth": (30.0, 40.0)}


def vertebral_body_size(meshes, sid: str) -> tuple[float, float]:
    lv = lumbar_levels()["l5_body" if sid == "vertebra_l5" else "l4_body"]
    d = np.asarray(meshes[sid].points) - lv["centre"]
    front, up = d @ -lv["back"], d @ lv["up"]
    mid = np.abs(up) < 4
    body = mid & (front > -22)  # in front of the canal
    ahead = body & (front > -5)  # the front of the body: the pedicles join its back
    width = float(d[ahead, 0].max() - d[ahead, 0].min())
    sag = body & (np.abs(d[:, 0]) < 4)
    depth = float(front[sag].max() - front[sag].min())
    return width, depth


def lumbar_spine(g: Geometry) -> Result:
    """L4 and L5 bodies of published size; each foramen opening clear of bone (the ventral ramus
    leaves there) and beside its vertebra; each disc touching its two neighbours without overlap."""
    out, sizes = [], []
    for sid in ("vertebra_l4", "vertebra_l5"):
        w, dp = vertebral_body_size(g.meshes, sid)
        sizes.append(f"{sid[-2:].upper()} {w:.0f} x {dp:.0f} mm")
        if not (BODY_RANGES["width"][0] <= w <= BODY_RANGES["width"][1]
                and BODY_RANGES["depth"][0] <= dp <= BODY_RANGES["depth"][1]):
            out.append(f"{sid} body {w:.0f} x {dp:.0f} mm")
    solids = ["vertebra_l4", "vertebra_l5", "disc_l4_l5", "disc_l5_s1", "sacrum"]
    for level, own in (("l4", "vertebra_l4"), ("l5", "vertebra_l5")):
        p = landmark(f"intervertebral_foramen_{level}_right")[None]
        clear = min(float(signed_distance(p, g.meshes[s])[0]) for s in solids)
        if not 1.0 <= clear or float(signed_distance(p, g.meshes[own])[0]) > 10.0:
            out.append(f"{level.upper()} foramen opening {clear:.1f} mm from bone")
    pairs = (("disc_l4_l5", "vertebra_l4", "vertebra_l5"), ("disc_l5_s1", "vertebra_l5", "sacrum"))
    for disc, above, below in pairs:
        pts = np.asarray(g.meshes[disc].points)
        for other in (above, below):
            d = signed_distance(pts, g.meshes[other])
            if d.min() > 1.5 or d.min() < -0.8:
                out.append(f"{disc} to {other}: {d.min():.1f} mm")
    return Result("lumbar_spine", not out, "; ".join(out) or ", ".join(sizes) +
                  " (published about 50 x 35); foramina open; discs seated")


def bones_apart(g: Geometry) -> Result:
    """No bone or disc inside another: joints touch, they do not interpenetrate (at most 1 mm,
    the contouring's tolerance)."""
    ids = [sid for sid in registry.SOLIDS if registry.REGISTRY[sid].kind in ("bone", "disc")]
    worst, bad = 0.0, []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            box_a = np.array(g.meshes[a].bounds).reshape(3, 2)
            box_b = np.array(g.meshes[b].bounds).reshape(3, 2)
            if np.any(box_a[:, 0] > box_b[:, 1]) or np.any(box_b[:, 0] > box_a[:, 1]):
                continue
            depth = float(-signed_distance(np.asarray(g.meshes[a].points), g.meshes[b]).min())
            worst = max(worst, depth)
            if depth > 1.0:
                bad.append(f"{a} {depth:.1f} mm inside {b}")
    return Result("bones_apart", not bad, "; ".join(bad) or f"deepest contact {max(worst, 0):.1f} mm")


CHECKS = [watertight, landmark_ranges, landmarks_on_bone, pelvimetry, femur_proportions, sacroiliac_contact,
          lesser_sciatic_notch, acetabulum_closed, lumbar_spine, bones_apart]
