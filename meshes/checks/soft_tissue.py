"""Invariants of muscles, fascia, ligaments and skin: attachments, the foramen, volumes, bone."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from .common import Geometry, Result, _gap

# Solids each muscle or ligament must touch (within 3 mm): Gray's Anatomy; ANATOMY.md.
ATTACHMENTS = {
    "piriformis_right": ("sacrum", "femur_right"),
    "gluteus_medius_right": ("hip_bone_right", "femur_right"),
    "gluteus_minimus_right": ("hip_bone_right", "femur_right"),
    "superior_gemellus_right": ("hip_bone_right", "femur_right"),
    "obturator_internus_right": ("hip_bone_right", "femur_right"),
    "inferior_gemellus_right": ("hip_bone_right", "femur_right"),
    "quadratus_femoris_right": ("hip_bone_right", "femur_right"),
    "coccygeus_right": ("hip_bone_right", "coccyx", "sacrospinous_ligament_right"),
    "gluteus_maximus_right": ("sacrum", "hip_bone_right", "sacrotuberous_ligament_right", "coccyx",
                              "iliotibial_tract_right"),
    "tensor_fasciae_latae_right": ("hip_bone_right", "iliotibial_tract_right"),
    "iliotibial_tract_right": ("gluteus_maximus_right", "tensor_fasciae_latae_right"),
    "hamstring_origin_right": ("hip_bone_right",),
    "sacrospinous_ligament_right": ("sacrum", "hip_bone_right"),
    "sacrotuberous_ligament_right": ("sacrum", "hip_bone_right"),
}


# Bony points a muscle must reach: its surface within 3 mm of the bone around the landmark
# (bone vertices within 10 mm of it). Gray's Anatomy; ANATOMY.md: the deep quarter of gluteus
# maximus inserts into the gluteal tuberosity, ...
LANDMARK_ATTACHMENTS = {
    "gluteus_maximus_right": (("femur_right", "gluteal_tuberosity_top_right"),
                              ("femur_right", "gluteal_tuberosity_right")),
    "gluteus_medius_right": (("femur_right", "greater_trochanter_tip_right"),),
    "superior_gemellus_right": (("hip_bone_right", "ischial_spine_right"),),
    "obturator_internus_right": (("hip_bone_right", "lesser_sciatic_notch_right"),),
    "inferior_gemellus_right": (("hip_bone_right", "ischial_tuberosity_right"),),
    "quadratus_femoris_right": (("hip_bone_right", "ischial_tuberosity_right"),
                                ("femur_right", "quadrate_tubercle_right")),
    "coccygeus_right": (("hip_bone_right", "ischial_spine_right"),),
    "tensor_fasciae_latae_right": (("hip_bone_right", "asis_right"),),
    "hamstring_origin_right": (("hip_bone_right", "ischial_tuberosity_right"),),
}


def landmark_gap(g: Geometry, muscle: str, bone: str, name: str) -> float:
    """Gap (mm) between a muscle and the bone surface within 10 mm of a bony landmark."""
    from ..anatomy.landmarks import point as landmark

    pts = np.asarray(g.meshes[bone].points)
    near = pts[np.linalg.norm(pts - landmark(name), axis=1) < 10.0]
    if not len(near):
        return np.inf
    return float(cKDTree(np.asarray(g.meshes[muscle].points)).query(near)[0].min())


def landmark_attachments(g: Geometry) -> Result:
    gaps = {f"{m}-{lm}": landmark_gap(g, m, bone, lm)
            for m, pairs in LANDMARK_ATTACHMENTS.items() if m in g.meshes for bone, lm in pairs}
    bad = {k: v for k, v in gaps.items() if v > 3.0}
    return Result("muscles_reach_bony_landmarks", not bad,
                  f"all {len(gaps)} within 3 mm (gluteus maximus on the gluteal tuberosity, ...)"
                  if not bad else "; ".join(f"{k} {v:.1f} mm apart" for k, v in bad.items()))


def attachments(g: Geometry) -> Result:
    gaps = {f"{a}-{b}": _gap(g.meshes[a], g.meshes[b]) for a, bs in ATTACHMENTS.items() for b in bs
            if a in g.meshes and b in g.meshes}
    bad = {k: v for k, v in gaps.items() if v > 3.0}
    return Result("muscles_touch_attachments", not bad,
                  "all within 3 mm" if not bad else
                  "; ".join(f"{k} {v:.1f} mm apart" for k, v in bad.items()))


# --- piriformis in the greater sciatic foramen ----------------------------------------------

# In life piriformis largely fills the greater sciatic foramen, leaving narrow supra- and
# infrapiriform gaps (ANATOMY.md; Gray's Anatomy; Standring, Gray's 41st ed., gluteal region).
# No series gives a percentage; "most" is taken as at least 70 % of the outline's area, and the
# gaps must stay open (at most 90 %) for the nerves and vessels that pass above and below it.
PIRIFORMIS_COVER = (0.70, 0.90)


def piriformis_coverage(g: Geometry, step: float = 0.5) -> float:
    """Fraction of the foramen outline's area that piriformis covers, seen along its normal."""
    poly = g.to_plane(g.ring)
    lo = poly.min(axis=0)
    shape = tuple(np.ceil((poly.max(axis=0) - lo) / step).astype(int) + 1)
    centres = lo + step * (np.stack(np.meshgrid(*map(np.arange, shape), indexing="ij"), -1) + 0.5)
    inside = _inside(centres.reshape(-1, 2), poly).reshape(shape)
    covered = _shadow(g.to_plane(np.asarray(g.meshes["piriformis_right"].points)),
                      g.meshes["piriformis_right"].regular_faces, lo, step, shape)
    return float((covered & inside).sum() / inside.sum())


def _inside(q: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd rule for many 2-D points in one closed polygon."""
    inside = np.zeros(len(q), bool)
    for (x0, y0), (x1, y1) in zip(poly, np.roll(poly, -1, axis=0), strict=True):
        if y0 == y1:
            continue
        crosses = (y0 > q[:, 1]) != (y1 > q[:, 1])
        inside ^= crosses & (q[:, 0] < x0 + (q[:, 1] - y0) * (x1 - x0) / (y1 - y0))
    return inside


def _shadow(pts: np.ndarray, faces: np.ndarray, lo: np.ndarray, step: float, shape) -> np.ndarray:
    """Grid cells (centres) covered by any of the projected triangles (2-D points, faces)."""
    a, b, c = (pts[faces[:, k]] for k in range(3))
    i0 = np.floor((np.minimum(np.minimum(a, b), c) - lo) / step).astype(int)
    i1 = np.floor((np.maximum(np.maximum(a, b), c) - lo) / step).astype(int)
    span = int((i1 - i0).max()) + 1
    det = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (c[:, 0] - a[:, 0]) * (b[:, 1] - a[:, 1])
    ok = np.abs(det) > 1e-12
    a, b, c, i0, det = a[ok], b[ok], c[ok], i0[ok], det[ok]
    out = np.zeros(shape, bool)
    for di in range(span):
        for dj in range(span):
            idx = i0 + (di, dj)
            q = lo + step * (idx + 0.5)
            w1 = ((q[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (c[:, 0] - a[:, 0]) * (q[:, 1] - a[:, 1])) / det
            w2 = ((b[:, 0] - a[:, 0]) * (q[:, 1] - a[:, 1]) - (q[:, 0] - a[:, 0]) * (b[:, 1] - a[:, 1])) / det
            hit = (w1 >= 0) & (w2 >= 0) & (w1 + w2 <= 1)
            hit &= np.all((idx >= 0) & (idx < shape), axis=1)
            out[idx[hit, 0], idx[hit, 1]] = True
    return out


def piriformis_fills_foramen(g: Geometry) -> Result:
    cover = piriformis_coverage(g)
    lo, hi = PIRIFORMIS_COVER
    return Result("piriformis_fills_foramen", lo <= cover <= hi,
                  f"piriformis covers {100 * cover:.0f} % of the greater sciatic foramen outline in "
                  f"projection along its normal (wanted {100 * lo:.0f}-{100 * hi:.0f} %)")


# --- gluteus maximus against piriformis: volume ----------------------------------------------

# Handsfield GG, Meyer CH, Hart JM, Abel MF, Blemker SS. Relationships of 35 lower limb muscles
# to height and body mass quantified using MRI. J Biomech 2014;47:631-8 (24 young adults;
# regressions of their supplementary table 3): muscle = b1 * Vt + b2 cm3, with the total
# lower-limb muscle volume Vt = 47 * height (m) * mass (kg) + 1285 cm3.
HANDSFIELD = {"gluteus_maximus_right": (0.123, -25.4), "piriformis_right": (0.00372, 16.2)}
ADULT_SIZES = ((1.55, 50.0), (1.90, 100.0))  # small and large adults: the ends of the range


def handsfield_volume(muscle: str, height: float, mass: float) -> float:
    b1, b2 = HANDSFIELD[muscle]
    return b1 * (47 * height * mass + 1285) + b2


def volume_ratio_range() -> tuple[float, float]:
    """Published gluteus maximus / piriformis volume ratio across adult sizes (about 17 to 23)."""
    ratios = [handsfield_volume("gluteus_maximus_right", h, m) / handsfield_volume("piriformis_right", h, m)
              for h, m in ADULT_SIZES]
    return min(ratios), max(ratios)


def gluteus_maximus_volume_ratio(g: Geometry) -> Result:
    gm, pm = (abs(g.meshes[s].volume) / 1000 for s in ("gluteus_maximus_right", "piriformis_right"))
    lo, hi = volume_ratio_range()
    return Result("gluteus_maximus_volume_ratio", lo <= gm / pm <= hi,
                  f"gluteus maximus {gm:.0f} cm3 / piriformis {pm:.0f} cm3 = {gm / pm:.1f} "
                  f"(Handsfield 2014 MRI regressions: {lo:.1f}-{hi:.1f})")


# --- gluteus maximus thickness (Hwang 2009) ----------------------------------------------------

# Hwang K, Nam YS, Han SH, Hwang SW. Ann Plast Surg 2009;63:361-5 (20 cadaver buttocks): medial
# part 17.1-18.1 mm, lateral 14.5-15.7 mm, inferior 14.5-14.7 mm. Sites in the muscle's patch
# coordinates (u: upper to lower border, v: origin to insertion); 1.5 mm tolerance (mesh).
HWANG_SITES = {"medial": ((0.5, 0.13), (17.1, 18.1)), "lateral": ((0.5, 0.86), (14.5, 15.7)),
               "inferior": ((0.87, 0.5), (14.5, 14.7))}
HWANG_TOLERANCE = 1.5


def gluteus_maximus_thickness_at(g: Geometry, u: float, v: float, tree=None) -> float:
    """Thickness of the built muscle along its normal through the patch point (u, v)."""
    import vtk

    from ..anatomy.soft_tissue.muscles import gluteus_maximus_point

    mid, deep = gluteus_maximus_point(u, v), gluteus_maximus_point(u, v, 1.0)
    n = deep - mid
    if tree is None:
        tree = vtk.vtkOBBTree()
        tree.SetDataSet(g.meshes["gluteus_maximus_right"])
        tree.BuildLocator()
    hits = vtk.vtkPoints()
    tree.IntersectWithLine(mid - 40 * n, mid + 40 * n, hits, None)
    t = sorted((np.array(hits.GetPoint(i)) - mid) @ n for i in range(hits.GetNumberOfPoints()))
    below, above = [x for x in t if x < 0], [x for x in t if x > 0]
    return float(above[0] - below[-1]) if below and above else 0.0


def gluteus_maximus_thickness(g: Geometry) -> Result:
    import vtk

    tree = vtk.vtkOBBTree()
    tree.SetDataSet(g.meshes["gluteus_maximus_right"])
    tree.BuildLocator()
    parts, ok = [], True
    for site, ((u, v), (lo, hi)) in HWANG_SITES.items():
        t = gluteus_maximus_thickness_at(g, u, v, tree)
        ok &= lo - HWANG_TOLERANCE <= t <= hi + HWANG_TOLERANCE
        parts.append(f"{site} {t:.1f} mm (Hwang 2009: {lo}-{hi})")
    return Result("gluteus_maximus_thickness", ok, "; ".join(parts))


# --- muscles against bone ----------------------------------------------------------------------

# A muscle lies on bone and grips it at its attachments; it never runs through it. "A couple of
# millimetres" allows for the attachment overlap and the 1.5 mm voxels of the solids.
BONE_OVERLAP_MM = 2.0


def muscles_clear_bone(g: Geometry) -> Result:
    from ..anatomy import registry

    worst = (np.inf, "", "")
    bones = {b: (cKDTree(np.asarray(g.meshes[b].points)), np.asarray(g.meshes[b].point_data["Normals"]))
             for b in registry.BONES if b in g.meshes}
    for sid in (s.id for s in registry.SOFT_TISSUE if s.kind == "muscle"):
        pts = np.asarray(g.meshes[sid].points)
        for bone, (tree, normals) in bones.items():
            d = float(_depth_inside(pts, g.meshes[bone], tree, normals).min())
            worst = min(worst, (d, sid, bone))
    ok = worst[0] >= -BONE_OVERLAP_MM
    return Result("muscles_clear_bone", ok,
                  f"deepest muscle point {-worst[0]:.1f} mm inside bone ({worst[1]} in {worst[2]}; "
                  f"allowed {BONE_OVERLAP_MM} mm)")


def _depth_inside(pts: np.ndarray, mesh, tree, normals: np.ndarray) -> np.ndarray:
    """Signed distance of points to a closed mesh near its surface (negative inside), from the
    nearest vertex and its outward normal: exact enough within a few mm, and fast."""
    lo, hi = np.asarray(mesh.bounds).reshape(3, 2).T
    near = np.all((pts > lo - 5) & (pts < hi + 5), axis=1)
    out = np.full(len(pts), np.inf)
    d, i = tree.query(pts[near], distance_upper_bound=8.0)
    hit = i < len(normals)
    rel = pts[near][hit] - np.asarray(mesh.points)[i[hit]]
    sub = out[near]
    sub[hit] = np.einsum("ij,ij->i", rel, normals[i[hit]])
    out[near] = sub
    return out


# --- skin: subcutaneous fat over the injection sites ---------------------------------------------

# Nisbet AC, BMJ 2006;332:637 (CT of 100 adults): fat deeper than 25 / 35 mm at 72 / 43 % of
# dorsogluteal sites and 26 / 12 % of ventrogluteal ones: medians near 33 and 20 mm. Measured
# where the needle goes in (meshes/anatomy/injection_sites.py, the sites the clinical layer uses),
# along the needle: from the skin's outer surface to the first muscle, as a needle meets it. The
# model must sit inside the central part of those distributions: 25-40 mm dorsogluteal (the
# median near 33 mm), 15-25 mm ventrogluteal (the median near 20 mm; 26 % of sites deeper).
FAT_RANGES = {"dorsogluteal-quadrant": (25.0, 40.0), "dorsogluteal-line": (25.0, 40.0),
              "ventrogluteal": (15.0, 25.0)}
# the muscles a needle meets first, superficial to deep (injection.TISSUES order)
SITE_MUSCLES = ("gluteus_maximus_right", "tensor_fasciae_latae_right", "gluteus_medius_right",
                "gluteus_minimus_right")
NEEDLE_MM = 35.0  # Nisbet's needle (CLINICAL.md [16])
REACH_MM = 150.0  # far enough to meet the ilium at every site


def needle_runs(g: Geometry, site) -> list[tuple[str, float, float]]:
    """(solid, from mm, to mm) where a straight needle from the site's entry along its direction
    lies inside each site muscle and the hip bone, by depth. Surface crossings pair up as in and
    out; an odd count means the entry itself lies inside (skin on or in the muscle: no fat)."""
    import vtk

    a, b = site.entry, site.entry + REACH_MM * site.direction
    runs = []
    for sid in (*SITE_MUSCLES, "hip_bone_right"):
        tree = vtk.vtkOBBTree()
        tree.SetDataSet(g.meshes[sid])
        tree.BuildLocator()
        hits = vtk.vtkPoints()
        tree.IntersectWithLine(a, b, hits, None)
        t = sorted(float((np.array(hits.GetPoint(i)) - a) @ site.direction)
                   for i in range(hits.GetNumberOfPoints()))
        if len(t) % 2:
            t = [0.0, *t]
        runs += [(sid, t[k], t[k + 1]) for k in range(0, len(t) - 1, 2)]
    return sorted(runs, key=lambda r: r[1])


def fat_depth_at(g: Geometry, site) -> float:
    """Skin surface to the first muscle (mm) along the needle at a site (an injection_sites.Site)."""
    return min((r[1] for r in needle_runs(g, site) if r[0] in SITE_MUSCLES), default=np.inf)


def tip_layer(runs: list[tuple[str, float, float]], depth: float = NEEDLE_MM) -> str:
    """The site muscle holding the needle's tip at `depth` mm, else "fat" (short of the first
    muscle) or "intermuscular" (past it)."""
    held = [r[0] for r in runs if r[1] <= depth <= r[2]]
    if held:
        return min(held, key=(*SITE_MUSCLES, "hip_bone_right").index)
    return "fat" if all(depth < r[1] for r in runs) else "intermuscular"


def skin_fat_depth(g: Geometry) -> Result:
    from ..anatomy.injection_sites import sites

    parts, ok = [], True
    for site in sites(g.meshes).values():
        lo, hi = FAT_RANGES[site.id]
        d = fat_depth_at(g, site)
        ok &= lo <= d <= hi
        parts.append(f"{site.id} {d:.0f} mm (wanted {lo:.0f}-{hi:.0f})")
    return Result("skin_over_subcutaneous_fat", ok, "; ".join(parts) + "; Nisbet 2006 CT, along the needle")


# What a 35 mm needle reaches. Ventrogluteal: gluteus medius (or minimus) on the outer ilium, with
# both between the skin and the bone (CLINICAL.md section 1; Sobotta 2006 fig. 1402).
# Dorsogluteal: gluteus maximus over medius; with fat near 33 mm a 35 mm needle just reaches
# maximus, or stops short of it in the 43 % of Nisbet's sites with fat deeper than 35 mm
# (Chan 2006, CLINICAL.md [17]: 32 % of upper-outer quadrant injections reached muscle), so its
# tip lies in maximus or at most 5 mm short of it.
DORSOGLUTEAL_SHORT_MM = 5.0


def injection_site_layers(g: Geometry) -> Result:
    from ..anatomy.injection_sites import sites

    parts, ok = [], True
    for site in sites(g.meshes).values():
        runs = needle_runs(g, site)
        layer = tip_layer(runs)
        bone = min((r[1] for r in runs if r[0] == "hip_bone_right"), default=REACH_MM)
        above = [r[0] for r in runs if r[1] < bone and r[0] in SITE_MUSCLES]
        if site.id == "ventrogluteal":
            good = layer in ("gluteus_medius_right", "gluteus_minimus_right")
            good &= {"gluteus_medius_right", "gluteus_minimus_right"} <= set(above)
        else:
            first = min((r[1] for r in runs if r[0] == "gluteus_maximus_right"), default=np.inf)
            short = first - NEEDLE_MM
            good = layer == "gluteus_maximus_right" or (layer == "fat" and short <= DORSOGLUTEAL_SHORT_MM)
        ok &= good
        names = ", ".join(dict.fromkeys(a.removesuffix("_right") for a in above)) or "none"
        parts.append(f"{site.id}: tip at {NEEDLE_MM:.0f} mm in {layer.removesuffix('_right')} "
                     f"(over the bone: {names})")
    return Result("injection_sites_over_muscle", ok, "; ".join(parts))


CHECKS = [attachments, landmark_attachments, piriformis_fills_foramen, gluteus_maximus_volume_ratio,
          gluteus_maximus_thickness, muscles_clear_bone, skin_fat_depth, injection_site_layers]


__all__ = ["ATTACHMENTS", "CHECKS", "handsfield_volume", "piriformis_coverage", "volume_ratio_range"]
