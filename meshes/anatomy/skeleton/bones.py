"""Bones: hip bone, sacrum, coccyx and proximal femur, built as implicit solids.

Every shape is hung on the landmark table, so moving a landmark moves the bone with it.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.curves import profile, spline
from ...geometry.field import Field, ellipsoid, sphere, swept_spheres
from ...geometry.shapes import frame, loft, swept_tube, unit
from ..landmarks import (  # noqa: F401 (re-exported)
    ANTEVERSION,
    BODY_DEPTH,
    NECK_SHAFT_ANGLE,
    OFFSET,
    SECTION_PLANE_Z,
    SHAFT_ADDUCTION,
    femur_axes,
    lumbar_levels,
)
from ..landmarks import point as landmark
from .notch import notch, notch_depth

SPACING = 1.5  # mm per voxel: keeps spines, rami and foramina crisp within the triangle budget

# Acetabulum: 45 mm across and about 21 mm deep; femoral head 42 mm (ANATOMY.md ranges).
ACETABULUM_RADIUS = 22.5
HEAD_RADIUS = 21.0
# Opening axis: lateral, anterior and inferior (inclination ~45 deg, anteversion ~20 deg).
ACETABULUM_AXIS = np.array([0.66, 0.24, -0.71]) / np.linalg.norm([0.66, 0.24, -0.71])


def _half_space(normal, offset):
    """Solid where normal . p < offset (used to trim at the midline)."""
    n = unit(normal)

    def sdf(p):
        return p @ n - offset

    return sdf


# The quadrilateral plate (the pelvic wall medial to the acetabulum) lies on this plane: x is
# 69 mm at the level of the ASIS and falls 0.25 mm per mm downward, so the side wall of the lesser
# pelvis slopes in from the brim (x 64.5) toward the ischial spines (x 50, SOURCES["spine"]). The
# cup around the socket is cut flat here, leaving an acetabular floor about 5 mm thick: the femoral
# head is not seen from inside the pelvis.
_WALL = np.array([1.0, 0.0, -0.25])
PELVIC_WALL = (_WALL / np.linalg.norm(_WALL), 69.0 / np.linalg.norm(_WALL))

# Gluteal lines: low ridges on the outer ilium between their landmarks, through a middle point
# bowed as Gray's Anatomy describes (the anterior line arches back over the middle of the blade).
GLUTEAL_LINES = {
    "posterior": ("posterior_gluteal_line_top_right", [(68.0, -116.0, 20.0)],
                  "posterior_gluteal_line_bottom_right"),
    "anterior": ("anterior_gluteal_line_top_right", [(122.0, -78.0, 30.0), (92.0, -98.0, 4.0)],
                 "anterior_gluteal_line_bottom_right"),
    "inferior": ("inferior_gluteal_line_front_right", [(96.0, -40.0, -22.0)],
                 "inferior_gluteal_line_back_right"),
}


def _surface_along(f: Field, points: np.ndarray, direction: np.ndarray, reach: float = 25.0) -> np.ndarray:
    """Move each point along `direction` to where the field crosses zero (the bone's surface),
    searching `reach` mm either way; points with no crossing stay where they are."""
    from scipy.ndimage import map_coordinates

    t = np.linspace(-reach, reach, int(4 * reach) + 1)
    points = np.atleast_2d(points)
    rays = points[:, None, :] + t[None, :, None] * direction  # (point, step, xyz): one lookup
    d = map_coordinates(f.values, ((rays - f.lo) / f.spacing).reshape(-1, 3).T, order=1,
                        mode="nearest").reshape(rays.shape[:2])
    out = []
    for p, ray, dr in zip(points, rays, d, strict=True):
        cross = np.nonzero((dr[:-1] < 0) & (dr[1:] >= 0))[0]  # leaving the solid, outward
        if len(cross):
            i = cross[-1]
            out.append(ray[i] + (ray[i + 1] - ray[i]) * dr[i] / (dr[i] - dr[i + 1]))
        else:
            out.append(p)
    return np.array(out)


def gluteal_line(name: str, n: int = 24) -> np.ndarray:
    """The centreline of a gluteal line through its landmarks (before projection on the bone)."""
    top, middle, bottom = GLUTEAL_LINES[name]
    return spline([landmark(top), *middle, landmark(bottom)], n)


def _loft_bulged(base, rim, base_r, rim_r, mid_r, bulges, spacing=1.0):
    """shapes.loft with a bulge per ruling (the blade bows out more behind than in front)."""
    centres, radii = [], []
    for j in range(len(rim)):
        m = max(6, int(np.linalg.norm(rim[j] - base[j]) / spacing))
        t = np.linspace(0, 1, m)[:, None]
        centres.append(base[j] + t * (rim[j] - base[j]) + np.sin(np.pi * t) * bulges[j])
        radii.append(profile([base_r[j], mid_r, mid_r, rim_r[j]], m))
    return swept_spheres(np.concatenate(centres), np.concatenate(radii))


def pelvic_brim() -> list[np.ndarray]:
    """Control points of the right arcuate line and pecten (the tube's centreline, 4 mm radius),
    from the sacroiliac joint to the pubic tubercle; its inner edge is widest at
    arcuate_line_widest_right (transverse inlet 125 mm, SOURCES["inlet"])."""
    widest = landmark("arcuate_line_widest_right")
    return [landmark("sacroiliac_joint_anterior_margin_right") + (5, 1, -2), np.array([62.0, -64.0, -4.0]),
            widest + (5, 0, 0), np.array([67.0, -34.0, -40.0]), np.array([60.0, -17.0, -58.0]),
            landmark("pubic_tubercle_right")]


def hip_bone_right() -> pv.PolyData:
    C = landmark("hip_joint_center_right")
    n = ACETABULUM_AXIS
    wall_n, wall_d = PELVIC_WALL
    f = Field(lo=(-2, -150, -140), hi=(150, 12, 82), spacing=SPACING)

    # Ilium: a blade lofted from the acetabular roof and the body of the ilium up to the crest.
    # the crest's thick lip is centred inside the spines so that its surface passes through them
    outline = [landmark("aiis_right"), (108, -6, -18), landmark("asis_right") + (-4.0, -3.5, 0.0),
               landmark("iliac_crest_anterior_right"), landmark("iliac_tubercle_right"), (133, -50, 62),
               landmark("iliac_crest_top_right"), (98, -92, 66), landmark("iliac_crest_posterior_right"),
               (56, -130, 42), landmark("psis_right") + (2.0, 6.5, -1.0), (42, -134, -2),
               landmark("piis_right"), (54, -98, -27), landmark("greater_sciatic_notch_apex_right")]
    crest = spline(outline, 260)
    # arcuate line (pelvic brim): from the sacroiliac joint forward and down to the pubic
    # tubercle; its inner edge is widest at arcuate_line_widest_right (transverse inlet 128 mm)
    brim = pelvic_brim()
    roof = [C + (4, 6, 27), (76, -58, -30), (66, -80, -14), (56, -100, 0)]
    base = spline([landmark("aiis_right") + (-6, -6, -6), *roof, (47, -114, 8), (52, -110, -24),
                   landmark("greater_sciatic_notch_apex_right")], 260)
    s = np.linspace(0, 1, len(crest))
    # thick lip at the crest and the ASIS, thicker posterior part (iliac tuberosity)
    rim_r = 3.2 + 2.4 * np.exp(-((s - 0.16) / 0.05) ** 2) + 4.5 * np.clip((s - 0.68) / 0.12, 0, 1)
    base_r = 4.0 + 4.0 * np.exp(-((s - 0.1) / 0.1) ** 2) + 3.0 * np.clip((s - 0.65) / 0.15, 0, 1)
    # the gluteal surface: convex behind (bowing out up to 10 mm), a little concave in front,
    # each ruling bowed along the blade's own outward normal
    tangent = np.gradient(crest, axis=0)
    normal = np.cross(crest - base, tangent)
    length = np.linalg.norm(normal, axis=1)[:, None]
    normal = np.where(length > 1e-6, normal / np.maximum(length, 1e-6), (1.0, 0.0, 0.0))
    normal *= np.where(normal[:, :1] < 0, -1.0, 1.0)  # outward: lateral
    bow = 1.5 + 8.5 * np.exp(-((s - 0.52) / 0.12) ** 2) - 3.5 * np.exp(-((s - 0.22) / 0.08) ** 2)
    bulges = normal * bow[:, None]
    # in strips of rulings, each with its own tight box: the same union of spheres (plain min, as
    # the field is still empty), evaluated on far fewer grid points than one box round the blade
    for j in range(0, len(crest), 40):
        k = slice(j, j + 41)
        f.apply(*_loft_bulged(base[k], crest[k], base_r[k], rim_r[k], 2.6, bulges[k], spacing=1.6), blend=0)
    f.apply(*swept_tube(crest[: int(0.72 * len(crest))] - (1.5, 0, 0), [3.2, 4.2, 4.6, 4.2]), blend=2.5)
    # posterior ilium: a second fan closes the thick part behind the brim (iliac tuberosity)
    back_part = crest[int(0.6 * len(crest)):]
    f.apply(*loft((58, -100, 4), back_part, 8.0, rim_r[int(0.6 * len(crest)):], 5.0), blend=5)
    # auricular part: a slab on the lateral side of the shared joint surface
    def auricular_slab(p):
        j = sacroiliac_distance(p)
        return np.maximum(np.maximum(SI_HALF_GAP - j, j - 16.0), _auricular_outline(p, 3.0))

    f.apply(auricular_slab, (20, -140, -40), (75, -60, 45), blend=4)
    # iliac fossa below the blade's foot: down to the arcuate line
    fossa_brim = spline([brim[3], brim[2], brim[1], brim[0], (50, -100, 14)], 80)
    f.apply(*loft(fossa_brim, spline(roof, 80), 3.5, 4.0, 3.0), blend=4)
    # the brim itself: a rounded ridge that rings the pelvic inlet
    f.apply(*swept_tube(brim, [4.5, 4.0, 4.0, 4.0, 4.0, 4.5]), blend=4)

    # Pelvic wall (quadrilateral plate): a flat plate from the brim down to the ischium and the
    # obturator groove, its inner face on the PELVIC_WALL plane.
    upper = spline(brim[:5], 60)
    lower = spline([(56, -80, -42), (56, -68, -62), (55, -52, -72), (54, -36, -74), (53, -22, -68)], 60)

    def onto_wall(pts, lift):
        return pts + ((wall_d + lift) - pts @ wall_n)[:, None] * wall_n

    f.apply(*loft(onto_wall(lower, 3.5), onto_wall(upper, 3.5), 4.0, 4.0, 3.5), blend=6)

    # Acetabulum: a thick-walled cup opening laterally, anteriorly and inferiorly; its outer wall
    # cut flat at the rim plane, its inner side flat on the pelvic wall; a lip rings the rim.
    f.apply(*_rimmed_cup(C, n, 27.0), blend=5)
    u, v = frame(n)
    ring = [C - 1.5 * n + 24.5 * (np.cos(a) * u + np.sin(a) * v) for a in np.linspace(0, 2 * np.pi, 40)]
    f.apply(*swept_tube(np.array(ring), 2.6), blend=2)

    # Ischium: body and posterior border with the spine, the lesser sciatic notch, tuberosity, ramus.
    # the tuberosity's body is hung 11.5 mm above its lowest point, so that its lowest point
    # lands on the landmark
    spine = landmark("ischial_spine_right")
    tub = landmark("ischial_tuberosity_lowest_right") + (-2.0, -3.5, 11.5)
    border = spline([landmark("greater_sciatic_notch_apex_right"), (58, -79, -48), (58, -79, -62),
                     (59, -76, -84), (60, -74, -100), tub + (0, -4, 10)], 120)
    f.apply(*loft(C - 12 * n + (0, -6, -8), border, 10.0, 4.5, 4.0), blend=4)
    f.apply(*swept_tube([(59, -77, -65), spine], [6.0, 2.0]), blend=3)
    # the tuberosity: its lowest point below, its most prominent (posterior) point above
    prominent = landmark("ischial_tuberosity_right")
    f.apply(*ellipsoid(tub + (2, 0, 8), (11, 13, 20), [(1, 0, 0), (0, 0.96, 0.28), (0, -0.28, 0.96)]),
            blend=5)
    f.apply(*ellipsoid(prominent + (-2, 6.5, -8), (7, 6, 16), [(1, 0, 0), (0, 0.9, 0.44), (0, -0.44, 0.9)]),
            blend=10)
    f.apply(*swept_tube([C + (-4, -18, -22), tub + (0, 6, 10)], [10, 9]), blend=5)
    ramus = [tub + (-4, 8, -2), (36, -38, -120), (14, -20, -112), (3, -18, -104)]
    f.apply(*swept_tube(ramus, [7.0, 5.5, 5.5, 6.5]), blend=4)

    # Pubis: superior ramus and body at the symphysis.
    sup = [C + (-10, 22, -4), (48, -6, -74), landmark("pubic_tubercle_right"), (5, -8, -86)]
    f.apply(*swept_tube(sup, [9.0, 7.5, 7.0, 7.5]), blend=5)
    f.apply(*ellipsoid((10, -11, -95), (8, 8, 18), [(1, 0, 0), (0, 0.9, 0.44), (0, -0.44, 0.9)]), blend=6)

    # Gluteal lines: low rough ridges (1.3 mm) on the outer surface of the blade.
    for name in GLUTEAL_LINES:
        line = _surface_along(f, gluteal_line(name), unit((1.0, -0.4, 0.0)))
        f.apply(*swept_tube(line, [1.6, 2.0, 2.0, 1.6]), blend=2.0)

    # Carve the greater sciatic notch to its modelled depth, so the foramen has the room
    # that the paths crossing it are placed in (paths.notch).
    lumen = [notch(a, b, x) for a in np.linspace(3, 51, 25)
             for b in np.linspace(0, max(0.0, notch_depth(a) - 2.5), 8) for x in np.linspace(28, 78, 26)]
    f.apply(*swept_spheres(np.array(lumen), 2.5), blend=2, subtract=True)
    # the lesser sciatic notch: a smooth groove (for the obturator internus tendon) between
    # the spine and the tuberosity, 10 mm deep
    ln = landmark("lesser_sciatic_notch_right")
    f.apply(*swept_tube([ln + (-18, -9, 0), ln + (0, -9, 0), ln + (16, -9, 0)], 9.0), blend=2.5,
            subtract=True)

    # Carve: the socket, its notch, the joint space at the sacrum, the medial bulge of the cup
    # (flat on the pelvic wall), and a clean symphyseal face at the midline.
    f.apply(*sphere(C, ACETABULUM_RADIUS), blend=1.5, subtract=True)
    f.apply(*sphere(C + 17 * unit(n + (0, 0, -1.3)), 9.0), blend=2, subtract=True)
    f.apply(lambda p: np.maximum(sacroiliac_distance(p) - SI_HALF_GAP, _auricular_outline(p, 12.0)),
            (20, -150, -50), (75, -50, 50), blend=1.0, subtract=True)
    f.apply(lambda p: np.maximum(p @ wall_n - wall_d, np.linalg.norm(p - C, axis=1) - 36.0),
            C - 40, C + 40, blend=3, subtract=True)
    f.apply(_half_space((1, 0, 0), 1.5), (-5, -170, -150), (1.5, 20, 70), subtract=True)
    return _triangles(f.surface())


def _rimmed_cup(centre, axis, radius):
    """Solid ball around the socket, cut flat 1.5 mm short of the head centre (the rim plane)."""
    ball, lo, hi = sphere(centre - 4 * axis, radius)

    def sdf(p):
        return np.maximum(ball(p), (p - centre) @ axis + 1.5)

    return sdf, lo, hi


def _triangles(surface: pv.PolyData) -> pv.PolyData:
    """Drop the stray lines and points that contouring leaves where a triangle collapsed (the
    surface stays closed: a collapsed triangle has no area), so decimation accepts the mesh."""
    if surface.is_all_triangles:
        return surface
    out = pv.PolyData(surface.points, faces=surface.faces).clean()
    return out.compute_normals(auto_orient_normals=True, split_vertices=False)


def mirrored(mesh: pv.PolyData) -> pv.PolyData:
    out = mesh.copy()
    out.clear_data()
    out.points[:, 0] *= -1
    out = out.flip_faces()  # a reflection turns the surface inside out; flip it back
    return out.compute_normals(auto_orient_normals=True, split_vertices=False)


# --- sacrum and coccyx ---------------------------------------------------------------------

# The sacroiliac joint: one surface shared by the sacrum and the ilium, so the two auricular
# surfaces meet with a 1 mm joint space, never a gap or an overlap. A plane through the joint's
# centre facing lateral, a little back and down: in axial CT the joint runs from anterolateral to
# posteromedial (about 15 deg to the sagittal plane) and the sacrum narrows downward like an
# inverted keystone. The auricular (ear-shaped) surface covers S1-S3: about 56 mm high
# (SOURCES["sacral_width"]: auricular height 56 +/- 5 mm).
SI_NORMAL = np.array([0.93, -0.26, -0.20]) / np.linalg.norm([0.93, -0.26, -0.20])
SI_HALF_GAP = 0.5  # mm: each bone stops half the joint space short of the shared surface
AURICULAR_SEMI_AXES = (27.0, 20.0)  # mm, in the joint plane: (down the joint, front to back)


def sacroiliac_distance(p: np.ndarray) -> np.ndarray:
    """Signed distance from the right joint surface, positive toward the ilium (lateral); the
    left side is mirrored, so |x| is used."""
    q = np.array(p, float)
    q[:, 0] = np.abs(q[:, 0])
    return (q - landmark("sacroiliac_joint_center_right")) @ SI_NORMAL


def auricular_axes() -> tuple[np.ndarray, np.ndarray]:
    """In-plane unit axes of the auricular surface: down the joint, and front to back."""
    v = np.array([0.0, 0.0, -1.0])
    down = v - (v @ SI_NORMAL) * SI_NORMAL
    down /= np.linalg.norm(down)
    return down, np.cross(SI_NORMAL, down)


def _auricular_outline(p: np.ndarray, grow: float) -> np.ndarray:
    """Approximate signed distance to the elliptic cylinder (normal to the joint) around the
    auricular surface, grown by `grow` mm; |x| so it serves both sides."""
    q = np.array(p, float)
    q[:, 0] = np.abs(q[:, 0])
    down, across = auricular_axes()
    d = q - landmark("sacroiliac_joint_center_right")
    a, b = AURICULAR_SEMI_AXES[0] + grow, AURICULAR_SEMI_AXES[1] + grow
    return (np.sqrt((d @ down / a) ** 2 + (d @ across / b) ** 2) - 1) * min(a, b)


def auricular_points(step: float = 2.0) -> np.ndarray:
    """Points of the right joint surface inside the ear-shaped outline: an ellipse whose lower
    front quadrant is cut away (the lower arm runs down and back) and whose upper back corner is
    rounded off (the sacral tuberosity behind it is rough, for the interosseous ligament)."""
    c = landmark("sacroiliac_joint_center_right")
    down, across = auricular_axes()
    a, b = AURICULAR_SEMI_AXES
    pts = []
    for u in np.arange(-a, a + 1e-6, step):
        for v in np.arange(-b, b + 1e-6, step):
            front = v * np.sign(across[1])
            cut = (u > 6 and front > 0) or (u < -14 and front < -10)
            if (u / a) ** 2 + (v / b) ** 2 <= 1 and not cut:
                pts.append(c + u * down + v * across)
    return np.array(pts)


# Midline of the sacrum's anterior (pelvic) surface, promontory to apex: concave forward, the
# upper part sloping back steeply and the lower part turning down and forward to the apex. Its
# middle lies about 9 mm behind the promontory-apex chord (98 mm), passing within 2 mm of the
# anterior foramina (landmarks). It was 4.6 mm, which with the lateral parts set back read as a
# flat plate. Published curvature is deeper still: sacral curved index (chord over the deepest
# point's distance from it) 6.15 on average in 606 pelvic CT scans ('Analysis of sacrococcygeal
# morphology in Koreans using computed tomography', PMID 27904724), i.e. about 16 mm here; the
# model's index is about 10.5. The foramina, promontory and apex are landmarks the paths hang on,
# and they allow no more without moving the landmark table.
def _sacral_curve():
    return spline([landmark("sacral_promontory"), (0, -75, -1), (0, -93, -15), (0, -104, -30),
                   (0, -111, -44), landmark("sacral_apex")], 120)


def _sagittal_back(curve: np.ndarray) -> np.ndarray:
    """Unit vectors in the midsagittal plane, perpendicular to the curve, pointing backward."""
    tan = np.gradient(curve, axis=0)
    tan /= np.linalg.norm(tan, axis=1)[:, None]
    back = np.cross(tan, [1.0, 0.0, 0.0])
    return back * np.sign(-back[:, 1:2])


FORAMINA = [f"anterior_sacral_foramen_s{i}_right" for i in range(1, 5)]

# Along the pelvic surface (t = 0 promontory, 1 apex): half-width of the whole bone (alae at the
# top: sacral breadth 104 mm, SOURCES["sacral_width"]), half-width of the bodies, front-to-back
# thickness of the bodies + canal + dorsal wall, and of the lateral parts.
# The outline seen from the front is an inverted triangle (Gray's Anatomy 1918, "The sacrum"):
# broad base with the alae; the lateral border beside the auricular surface (S1-S3), then running
# down and in, thin, to the inferior lateral angle at S5 (t about 0.9), then in to the apex. The
# half-widths (13 values, t every 1/12) keep the base and the lower border where they were (the
# ligaments and coccygeus attach there); the inferior lateral angle is the shoulder before the
# last value (model, after Gray's figure of the pelvic surface).
_HALF_WIDTH = [47, 49.5, 49, 47, 44, 40.5, 37, 33, 29, 26, 23, 21, 11]
_BODY_HALF_WIDTH = [25, 23, 19, 16, 13, 11, 9]
# A curved wedge seen from the side: thick above (body, canal and dorsal wall about 54 mm at S1),
# thin below (about 12 mm at the apex), the dorsal surface kept where it was (the hiatus and cornua
# are landmarks on it) while the pelvic surface moved back into its concavity.
_MID_DEPTH = [54, 51, 41, 30, 20, 14, 12]
# The lateral parts: thick at the alae and the auricular surface (S1-S2: the joint and the sacral
# tuberosity behind it), thin below it, where the lateral border is "thin" (Gray's) and gives
# attachment to the sacrotuberous and sacrospinous ligaments.
_LATERAL_DEPTH = [40, 42, 37, 28, 16, 10, 8]
# Canal (its front wall's depth behind the pelvic surface, the offset of its axis behind that, and
# its radius): triangular at S1 (about 30 x 15 mm), narrowing down to the hiatus.
_CANAL_FRONT = [35, 30, 21, 14, 10, 8, 6]
_CANAL_OFFSET = [8, 7, 5, 4, 3, 3, 3]
_CANAL_RADIUS = [8.5, 7, 5.5, 4.5, 3.5, 3, 3]


def _pelvic_offset(w: np.ndarray, t: float) -> np.ndarray:
    """How far (mm, backward) the pelvic surface of the lateral parts lies behind the bodies' at
    `w` (0 body edge, 1 lateral border) and `t` (0 promontory, 1 apex). At the base the alae lie
    behind the projecting promontory; from S2 down the lateral parts come up nearly level with the
    bodies, so the pelvic surface reads flat to slightly concave from side to side (Gray's Anatomy
    1918: "slightly so from side to side"). They stay 3 mm back at the border: further forward,
    the bone met piriformis's origin and the superior gluteal artery's course in front of it."""
    s = float(np.clip((t - 0.12) / 0.25, 0, 1))
    s = s * s * (3 - 2 * s)
    return w ** 2 * (10.0 * (1 - s) + 3.0 * s)


def _sacral_mass(f: Field, curve: np.ndarray, back: np.ndarray) -> None:
    """The bone's mass as rows of spheres across each station: concave in front, the lateral
    parts thinner below, the alae thick."""
    curve, back = curve[::2], back[::2]  # large spheres: every other station is smooth enough
    n = len(curve)
    hw, bw = profile(_HALF_WIDTH, n), profile(_BODY_HALF_WIDTH, n)
    mid, lat = profile(_MID_DEPTH, n), profile(_LATERAL_DEPTH, n)
    centres, radii = [], []
    for i in range(n):
        t = i / (n - 1)
        x = np.linspace(-hw[i], hw[i], max(5, int(2 * hw[i] / 2.0)))
        w = np.clip((np.abs(x) - bw[i]) / max(hw[i] - bw[i], 1.0), 0, 1)  # 0 body, 1 lateral edge
        depth = mid[i] + (lat[i] - mid[i]) * w ** 0.7
        depth = depth * (1 - (0.25 + 0.35 * t) * w ** 4)  # the lateral border: rounded, sharper below
        front = curve[i] + x[:, None] * (1, 0, 0) + _pelvic_offset(w, t)[:, None] * back[i]
        r = depth / 2
        centres.append(front + back[i] * r[:, None])
        radii.append(r)
    f.apply(*swept_spheres(np.concatenate(centres), np.concatenate(radii)), blend=2)


def _base_cut(f: Field) -> None:
    """The sacral base: the S1 endplate (sloping 40 deg, its front edge the promontory) over the
    body; the alae lower, sloping down and out; the dorsal wall lower still behind the canal."""
    lv = lumbar_levels()["s1_endplate"]
    up, c = lv["up"], lv["centre"]
    prom, ala = landmark("sacral_promontory"), landmark("sacral_ala_top_right")
    ala_n = unit((0.22, 0.42, 0.88))  # ala faces up, forward and a little out

    def top(p):  # negative inside what is cut away: above the endplate, and the arch behind it
        q = np.abs(p[:, 0])
        above_endplate = (p - prom) @ up
        behind = (p - c) @ lv["back"] - BODY_DEPTH / 2 - 1.0  # behind the body's back
        above_arch = (p - (c - 9.0 * up)) @ up  # laminae 9 mm below the endplate
        arch = np.maximum(np.maximum(-above_arch, -behind), q - 32.0)  # the lateral masses stay
        return np.minimum(-above_endplate, arch)

    def alae(p):  # above the alae's smooth upper surface, beside the body
        q = p.copy()
        q[:, 0] = np.abs(q[:, 0])
        return np.maximum(-((q - ala) @ ala_n), 23.0 - q[:, 0])

    f.apply(top, c - (70, 60, 40), c + (70, 40, 40), blend=2.5, subtract=True)
    f.apply(alae, c - (70, 60, 40), c + (70, 40, 40), blend=6.0, subtract=True)
    # the endplate: a shallow dish inside a raised rim (ring apophysis)
    f.apply(*ellipsoid(c + 1.2 * up, (19, 13, 2.2), [(1, 0, 0), -lv["back"], up]), blend=1.2,
            subtract=True)


def sacrum() -> pv.PolyData:
    curve = _sacral_curve()
    back = _sagittal_back(curve)
    f = Field(lo=(-58, -145, -70), hi=(58, -45, 55), spacing=SPACING)
    _sacral_mass(f, curve, back)
    _base_cut(f)
    lv = lumbar_levels()["s1_endplate"]
    c1, up1, back1 = lv["centre"], lv["up"], lv["back"]
    n = len(curve)
    mid = profile(_MID_DEPTH, n)
    dorsal = curve + back * mid[:, None]  # midline of the dorsal surface
    # the hiatus opens at the level of the fourth foramina (apex at S4 in 80 %, SOURCES["sacrum"])
    i_hiatus = int(np.argmin(np.abs(curve[:, 2] - landmark(FORAMINA[3])[2])))
    # canal: triangular at S1 (about 30 x 15 mm), narrowing down to the hiatus
    body_back = curve + back * profile(_CANAL_FRONT, n)[:, None]
    canal = body_back + back * profile(_CANAL_OFFSET, n)[:, None]
    canal[0] += 10 * up1  # open at the top, behind the S1 body
    f.apply(*swept_tube(canal[::3], profile(_CANAL_RADIUS, n)[::3]), blend=1.5, subtract=True)
    f.apply(*ellipsoid(canal[4] + 4 * up1, (14, 7, 9), [(1, 0, 0), back1, up1]), blend=2, subtract=True)
    # S1 superior articular processes: rising behind the canal's lateral corners, facing back
    # and in, for the inferior articular processes of L5
    for s in (1, -1):
        base_p = c1 + s * 20.5 * np.array([1.0, 0, 0]) + (BODY_DEPTH / 2 + 13) * back1 - 8 * up1
        f.apply(*swept_tube([base_p, base_p + 12 * up1 + 1.5 * back1], [5.5, 4.5]), blend=3)
    # median crest: spinous tubercles of S1-S4 on a low ridge, ending at the hiatus
    ridge = dorsal[: i_hiatus + 1]
    f.apply(*swept_tube(ridge[::4] + 1.0 * back[: i_hiatus + 1: 4], 2.5), blend=2)
    for t in np.linspace(0.08, 0.92, 4):
        k = int(t * i_hiatus)
        f.apply(*ellipsoid(dorsal[k] + 3 * back[k], (3.2, 4.0, 5.0)), blend=2.5)
    # posterior foramina (smaller than the anterior), with the intermediate crest medial to them
    # (ending below as the cornua) and the lateral crest of fused transverse tubercles outside
    crests: dict[tuple[int, int], list] = {(s, k): [] for s in (1, -1) for k in (0, 1)}
    for k, name in enumerate(FORAMINA):
        a = landmark(name)
        i = int(np.argmin(np.abs(curve[:, 2] - a[2])))
        for s in (1, -1):
            xa = s * (a[0] + 1.0)
            post = curve[i] + back[i] * (mid[i] - 2) + (xa, 0, 0) + 3 * back[i]
            f.apply(*swept_tube([post + 4 * back[i], post - 14 * back[i]], 4.0 - 0.4 * k), blend=1.2,
                    subtract=True)
            for j, dx in enumerate((-9.5, 12.0 - k)):
                crests[(s, j)].append(curve[i] + back[i] * (mid[i] - 0.5) + (xa + s * dx, 0, 0))
    cornu = landmark("sacral_cornu_right")
    for (s, j), pts in crests.items():
        if j == 0:
            pts.append(cornu * (s, 1, 1) + (0, -1, 8))
        f.apply(*swept_tube(pts, [2.2, 2.0, 1.8, 1.6][: len(pts)] if j == 0 else [3.2, 2.8, 2.4, 2.0]),
                blend=2.5)
    # anterior foramina: drilled from the front into the lateral parts, meeting the posterior ones
    for k, name in enumerate(FORAMINA):
        for s in (1, -1):
            c = landmark(name) * (s, 1, 1)
            i = int(np.argmin(np.abs(curve[:, 2] - c[2])))
            f.apply(*swept_tube([c - 6 * back[i], c + (0.6 * mid[i]) * back[i]], 5.5 - 0.5 * k), blend=1.5,
                    subtract=True)
            # the transverse ridge (fused disc) runs in from each anterior foramen
            # (about 1 mm proud of the pelvic surface, from the foramen to the midline)
            inner = curve[i] + (s * 9.0, 0, 0) + 0.8 * _pelvic_offset(np.array(0.0), i / (n - 1)) * back[i]
            f.apply(*swept_tube([c + (-s * 6, 0, 0) - 0.2 * back[i], inner, curve[i] - 0.2 * back[i]], 2.0),
                    blend=2.0)
    # sacral hiatus: the canal open behind from the hiatus apex down, between the cornua
    low = canal[i_hiatus - 4:]
    f.apply(*swept_tube(np.concatenate([low[::3], [low[-1] + 6 * back[-1]]]), 4.2), blend=1.0, subtract=True)
    # the opening: a flat-floored inverted U, the canal's back wall gone between the cornua
    for depth in (0.0, 3.0, 6.0):
        slot = [dorsal[k] + (2 - depth) * back[k] for k in range(i_hiatus, n, 3)]
        f.apply(*swept_tube(slot, 5.0), blend=1.0, subtract=True)
    cornu = landmark("sacral_cornu_right")
    for s in (1, -1):
        tip = cornu * (s, 1, 1)
        f.apply(*swept_tube([tip + (0, 2, 11.5), tip + (0, 0, 2.6)], [3.2, 2.6]), blend=2)
    # the apex: a flat facet for the coccyx (the last spheres reached 1 mm into its first segment)
    # (only in front of the canal: the cornua behind it reach down beside the coccyx's)
    apex, tip = landmark("sacral_apex"), unit(curve[-1] - curve[-5])
    f.apply(lambda p: np.maximum((apex - 0.5 * tip - p) @ tip, (p - apex) @ back[-1] - 5.0), apex - 20,
            apex + 20, blend=1.0, subtract=True)
    # the auricular surfaces: clip to the shared joint surface, half the joint space short
    # (only around the auricular surface: elsewhere the lateral border keeps its rounded edge)
    f.apply(lambda p: np.maximum(-(sacroiliac_distance(p) + SI_HALF_GAP), _auricular_outline(p, 8.0)),
            (-70, -150, -70), (70, -40, 60), blend=3.0, subtract=True)
    return _triangles(f.surface())


def coccyx() -> pv.PolyData:
    axis = spline([landmark("sacral_apex") + (0, -1, -4), (0, -116, -70), (0, -114, -80),
                   landmark("coccyx_tip")], 40)
    f = Field(lo=(-18, -132, -100), hi=(18, -96, -50), spacing=1.0)
    # four fused segments, each narrower than the last; the first carries the cornua
    for k, (i, w) in enumerate([(4, 12.0), (15, 8.5), (25, 6.5), (34, 4.5)]):
        tan = axis[min(i + 1, 39)] - axis[max(i - 1, 0)]
        f.apply(*ellipsoid(axis[i], (w, 0.5 * w + 2.0, 6.5 - 0.7 * k),
                           [(1, 0, 0), np.cross(tan, (1, 0, 0)), tan]), blend=4)
    return f.surface()


# --- femur -----------------------------------------------------------------------------------

def femur_right() -> pv.PolyData:
    """Head, neck, trochanters, intertrochanteric crest with the quadrate tubercle, the gluteal
    tuberosity, and the shaft cut flat at SECTION_PLANE_Z (the model's deliberate section)."""
    ax = femur_axes()
    C, neck, down, base = ax["head"], ax["neck"], ax["down"], ax["base"]
    lateral, back = ax["lateral"], ax["back"]
    bottom = SECTION_PLANE_Z - 12
    f = Field(lo=(C[0] - 26, C[1] - 38, bottom), hi=C + (62, 30, 28), spacing=SPACING)
    f.apply(*sphere(C, HEAD_RADIUS), blend=0)
    f.apply(*swept_tube([C - 8 * neck, base + 6 * neck], [15.0, 13.0, 16.0]), blend=6)  # neck
    reach = (bottom - base[2]) / down[2]  # shaft length down to below the section
    shaft = [base + 12 * -down + 8 * lateral, base, base + 60 * down, base + reach * down]
    f.apply(*swept_tube(shaft, [19.0, 16.0, 14.0, 13.5]), blend=8)
    gt = landmark("greater_trochanter_tip_right")
    f.apply(*ellipsoid(gt + 22 * down + 4 * back + 3 * lateral, (11, 17, 24),
                       [lateral, back, -down]), blend=6)  # greater trochanter
    f.apply(*swept_tube([gt + 14 * down, gt + 2 * down + 2 * back], [8.0, 5.0]), blend=4)  # its tip
    # lesser trochanter: a cone from the posteromedial shaft, its tip on the landmark
    lt = landmark("lesser_trochanter_right")
    root = base + 14 * down - 2 * lateral + 2 * back
    f.apply(*swept_tube([root, lt - 5.0 * unit(lt - root)], [9.0, 5.5]), blend=4)
    # intertrochanteric crest joins the two trochanters behind; the quadrate tubercle on it
    qt = landmark("quadrate_tubercle_right")
    f.apply(*swept_tube([gt + 18 * down + 10 * back, qt - 5.0 * back, lt - 3.0 * unit(lt - root)], 4.5),
            blend=5)
    f.apply(*ellipsoid(qt - 4.5 * back, (5.0, 4.0, 7.0), [lateral, back, -down]), blend=3)
    # gluteal tuberosity: a rough ridge on the posterolateral upper shaft, continued below as
    # the lateral lip of the linea aspera (insertion of the deep part of gluteus maximus)
    ridge = [landmark(f"gluteal_tuberosity{k}_right") for k in ("_top", "", "_bottom")]
    axis_pts = [base + ((p - base) @ down) * down for p in ridge]
    inward = [unit(p - a) for p, a in zip(ridge, axis_pts, strict=True)]
    f.apply(*swept_tube([p - 2.5 * w for p, w in zip(ridge, inward, strict=True)]
                        + [ridge[2] + 25 * down - 3.5 * inward[2]], [3.0, 3.6, 3.0, 1.8]), blend=3)
    # the trochanteric fossa behind the neck (where obturator externus inserts)
    f.apply(*sphere(gt + 16 * down - 12 * lateral + 12 * back, 6.0), blend=3, subtract=True)
    # the section: a clean horizontal cut
    f.apply(lambda p: p[:, 2] - SECTION_PLANE_Z, (C[0] - 40, C[1] - 50, bottom - 10),
            (C[0] + 70, C[1] + 40, SECTION_PLANE_Z), blend=0.0, subtract=True)
    return _triangles(f.surface(smooth_sigma=0.6))
