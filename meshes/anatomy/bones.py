"""Bones: hip bone, sacrum, coccyx and proximal femur, built as implicit solids.

Every shape is hung on the landmark table, so moving a landmark moves the bone with it.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ..geometry.curves import profile, spline
from ..geometry.field import Field, ellipsoid, sphere, swept_spheres
from ..geometry.shapes import frame, loft, swept_tube, unit
from .landmarks import ANTEVERSION, NECK_SHAFT_ANGLE, OFFSET, SHAFT_ADDUCTION, femur_axes  # noqa: F401 (re-exported)
from .landmarks import point as landmark
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


def hip_bone_right() -> pv.PolyData:
    C = landmark("hip_joint_center_right")
    n = ACETABULUM_AXIS
    f = Field(lo=(-2, -150, -140), hi=(150, 12, 82), spacing=SPACING)

    # Ilium: a blade lofted from the pelvic brim and acetabular roof up to the crest.
    outline = [landmark("aiis_right"), (108, -6, -18), landmark("asis_right"), (130, -16, 26),
               landmark("iliac_tubercle_right"), (133, -50, 62), landmark("iliac_crest_top_right"),
               (98, -92, 66),
               (68, -118, 50), landmark("psis_right"), (42, -132, 0), landmark("piis_right"), (54, -98, -27),
               landmark("greater_sciatic_notch_apex_right")]
    crest = spline(outline, 260)
    # arcuate line: from the auricular surface forward and down to the iliopubic eminence
    brim = [(46, -84, 22), (52, -64, -8), (58, -42, -42), (56, -18, -64), landmark("pubic_tubercle_right")]
    # the blade stands on the acetabular roof and the body of the ilium, not on the brim, so
    # its gluteal surface faces out and back rather than down
    roof = [C + (4, 6, 27), (74, -58, -32), (64, -80, -16), (54, -100, 0)]
    base = spline([landmark("aiis_right") + (-6, -6, -6), *roof, (47, -114, 8), (52, -110, -24),
                   landmark("greater_sciatic_notch_apex_right")], 260)
    s = np.linspace(0, 1, len(crest))
    # thick lip at the crest and the ASIS, thicker auricular part behind (joint with sacrum)
    rim_r = 3.2 + 2.4 * np.exp(-((s - 0.16) / 0.05) ** 2) + 4.5 * np.clip((s - 0.68) / 0.12, 0, 1)
    base_r = 4.0 + 4.0 * np.exp(-((s - 0.1) / 0.1) ** 2) + 3.0 * np.clip((s - 0.65) / 0.15, 0, 1)
    f.apply(*loft(base, crest, base_r, rim_r, 2.2, bulge=np.array([3.0, 0.0, 0.0])), blend=3)
    f.apply(*swept_tube(crest[: int(0.72 * len(crest))], [3.5, 4.5, 5.0, 4.5]), blend=2)
    # posterior ilium: a second fan closes the thick part behind the brim (auricular region)
    back_part = crest[int(0.6 * len(crest)):]
    f.apply(*loft((56, -98, 2), back_part, 8.0, rim_r[int(0.6 * len(crest)):], 5.0), blend=5)
    # auricular part: the thick posterior ilium that meets the sacrum
    f.apply(*ellipsoid((49, -112, 0), (9, 20, 31), [(1, 0, 0), (0, 0.94, 0.33), (0.16, 0.33, -0.93)]),
            blend=6)
    f.apply(*ellipsoid((50, -94, 12), (7, 10, 13)), blend=5)  # front of the auricular surface
    # iliac fossa below the blade's foot: down to the arcuate line
    fossa_brim = spline([brim[2], brim[1], brim[0], (46, -100, 12)], 80)
    f.apply(*loft(fossa_brim, spline(roof, 80), 3.5, 4.0, 3.0), blend=4)
    # the brim itself: a ridge that rings the pelvic inlet
    f.apply(*swept_tube(brim, [4.5, 3.5, 3.5, 4.0, 4.5]), blend=4)

    # Pelvic wall: the plate between the brim and the acetabulum (quadrilateral surface).
    wall = spline([landmark("greater_sciatic_notch_apex_right")] + brim[:4], 80)
    f.apply(*loft(C - 20 * n, wall, 7.0, 4.0, 3.5), blend=4)

    # Acetabulum: a thick-walled cup opening laterally, anteriorly and inferiorly; its outer
    # wall is cut flat at the rim plane, and a lip rings the rim.
    f.apply(*_rimmed_cup(C, n, 27.0), blend=5)
    u, v = frame(n)
    ring = [C - 1.5 * n + 24.5 * (np.cos(a) * u + np.sin(a) * v) for a in np.linspace(0, 2 * np.pi, 40)]
    f.apply(*swept_tube(np.array(ring), 2.6), blend=2)

    # Ischium: body and posterior border with the spine, tuberosity, ramus.
    spine, tub = landmark("ischial_spine_right"), landmark("ischial_tuberosity_lowest_right")
    border = spline([landmark("greater_sciatic_notch_apex_right"), (58, -79, -48), (58, -79, -62),
                     (59, -76, -84), (60, -74, -100), tub + (0, -4, 10)], 120)
    f.apply(*loft(C - 12 * n + (0, -6, -8), border, 10.0, 4.5, 4.0), blend=4)
    f.apply(*swept_tube([(59, -77, -65), spine], [6.0, 2.0]), blend=3)
    f.apply(*ellipsoid(tub + (2, 0, 8), (11, 13, 20), [(1, 0, 0), (0, 0.96, 0.28), (0, -0.28, 0.96)]),
            blend=5)
    f.apply(*swept_tube([C + (-4, -18, -22), tub + (0, 6, 10)], [10, 9]), blend=5)
    ramus = [tub + (-4, 8, -2), (36, -38, -120), (14, -20, -112), (3, -18, -104)]
    f.apply(*swept_tube(ramus, [7.0, 5.5, 5.5, 6.5]), blend=4)

    # Pubis: superior ramus and body at the symphysis.
    sup = [C + (-10, 22, -4), (48, -6, -74), landmark("pubic_tubercle_right"), (5, -8, -86)]
    f.apply(*swept_tube(sup, [9.0, 7.5, 7.0, 7.5]), blend=5)
    f.apply(*ellipsoid((10, -11, -95), (8, 8, 18), [(1, 0, 0), (0, 0.9, 0.44), (0, -0.44, 0.9)]), blend=6)

    # Carve the greater sciatic notch to its modelled depth, so the foramen has the room
    # that the paths crossing it are placed in (paths.notch).
    lumen = [notch(a, b, x) for a in np.linspace(3, 51, 25)
             for b in np.linspace(0, max(0.0, notch_depth(a) - 2.5), 8) for x in np.linspace(28, 78, 26)]
    f.apply(*swept_spheres(np.array(lumen), 2.5), blend=2, subtract=True)

    # Carve: the socket, its notch, and a clean symphyseal face at the midline.
    f.apply(*sphere(C, ACETABULUM_RADIUS), blend=1.5, subtract=True)
    f.apply(*sphere(C + 17 * unit(n + (0, 0, -1.3)), 9.0), blend=2, subtract=True)
    f.apply(_half_space((1, 0, 0), 1.5), (-5, -170, -150), (1.5, 20, 70), subtract=True)
    return f.surface()


def _rimmed_cup(centre, axis, radius):
    """Solid ball around the socket, cut flat 1.5 mm short of the head centre (the rim plane)."""
    ball, lo, hi = sphere(centre - 4 * axis, radius)

    def sdf(p):
        return np.maximum(ball(p), (p - centre) @ axis + 1.5)

    return sdf, lo, hi


def mirrored(mesh: pv.PolyData) -> pv.PolyData:
    out = mesh.copy()
    out.clear_data()
    out.points[:, 0] *= -1
    out = out.flip_faces()  # a reflection turns the surface inside out; flip it back
    return out.compute_normals(auto_orient_normals=True, split_vertices=False)


# --- sacrum and coccyx ---------------------------------------------------------------------

# Midline of the sacrum's anterior (pelvic) surface, promontory to apex: concave forward.
def _sacral_curve():
    return spline([landmark("sacral_promontory"), (0, -73, -2), (0, -89, -17), (0, -99, -32),
                   (0, -107, -45), landmark("sacral_apex")], 120)


def _sagittal_back(curve: np.ndarray) -> np.ndarray:
    """Unit vectors in the midsagittal plane, perpendicular to the curve, pointing backward."""
    tan = np.gradient(curve, axis=0)
    tan /= np.linalg.norm(tan, axis=1)[:, None]
    back = np.cross(tan, [1.0, 0.0, 0.0])
    return back * np.sign(-back[:, 1:2])


FORAMINA = [f"anterior_sacral_foramen_s{i}_right" for i in range(1, 5)]


def sacrum() -> pv.PolyData:
    curve = _sacral_curve()
    back = _sagittal_back(curve)
    f = Field(lo=(-64, -150, -70), hi=(64, -45, 50), spacing=SPACING)
    t = np.linspace(0, 1, len(curve))
    depth = profile([44, 40, 30, 20, 13], len(curve))       # front-to-back thickness
    half_width = profile([44, 49, 42, 30, 20, 13], len(curve))  # alae at the top, narrow apex
    centres, radii = [], []
    for i in range(len(curve)):
        u = np.linspace(-1, 1, max(3, int(2 * half_width[i] / 1.2)))[:, None]
        # the front is concave side to side too; the lateral parts are thinner
        front = curve[i] + u * half_width[i] * np.array([1, 0, 0]) + 9 * u**2 * back[i]
        front[:, 2] -= 16 * u[:, 0] ** 2 * max(0.0, 1 - t[i] / 0.25)  # alae slope down sideways
        r = depth[i] / 2 * (1 - 0.3 * u[:, 0] ** 2) + 0.8 * (t[i] < 0.05)
        centres.append(front + back[i] * r[:, None])
        radii.append(r)
    f.apply(*swept_spheres(np.concatenate(centres), np.concatenate(radii)), blend=2)
    # S1 body: the oval top whose front edge is the promontory
    body_axes = [(1, 0, 0), back[6], np.cross((1, 0, 0), back[6])]
    f.apply(*ellipsoid(curve[6] + 15 * back[6], (22, 16, 9), body_axes),
            blend=5)
    # median sacral crest down the back
    f.apply(*swept_tube(curve[:100] + back[:100] * (depth[:100, None] + 2), [4.0, 3.0, 2.0]), blend=3)
    # sacral canal behind the bodies, open at the top
    canal = curve[:105] + back[:105] * (0.55 * depth[:105, None] + 4)
    canal[0] -= 8 * np.gradient(curve, axis=0)[0] / np.linalg.norm(np.gradient(curve, axis=0)[0])
    f.apply(*swept_tube(canal, [9.0, 7.5, 5.0, 3.0]), blend=2, subtract=True)
    # the S1 endplate: flat, sloping 40 deg (sacral slope), its front edge the promontory
    endplate = np.array([0.0, np.sin(np.radians(40)), np.cos(np.radians(40))])
    prom = landmark("sacral_promontory")
    f.apply(lambda p: (prom - p) @ endplate, (-64, -150, 0), (64, -45, 50), blend=2, subtract=True)
    # four pairs of anterior foramina, drilled front to back
    for k, name in enumerate(FORAMINA):
        for side in (1, -1):
            c = landmark(name) * (side, 1, 1)
            i = int(np.argmin(np.abs(curve[:, 2] - c[2])))
            hole = [c - 6 * back[i], c + (depth[i] + 12) * back[i]]
            f.apply(*swept_tube(hole, 5.5 - 0.5 * k), blend=1.5, subtract=True)
    return f.surface()


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
    ax = femur_axes()
    C, neck, down, base = ax["head"], ax["neck"], ax["down"], ax["base"]
    lateral = unit(np.cross(down, (0, 1, 0)))
    back = np.array([0.0, -1.0, 0.0])
    f = Field(lo=C + (-26, -38, -245), hi=C + (62, 30, 28), spacing=SPACING)
    f.apply(*sphere(C, HEAD_RADIUS), blend=0)
    f.apply(*swept_tube([C - 8 * neck, base + 6 * neck], [15.0, 13.0, 16.0]), blend=6)  # neck
    shaft = [base + 12 * -down + 8 * lateral, base, base + 60 * down, base + 190 * down]
    f.apply(*swept_tube(shaft, [19.0, 16.0, 14.0, 13.5]), blend=8)
    gt = landmark("greater_trochanter_tip_right")
    f.apply(*ellipsoid(gt + 22 * down + 4 * back + 3 * lateral, (11, 17, 24),
                       [lateral, back, -down]), blend=6)  # greater trochanter
    f.apply(*swept_tube([gt + 14 * down, gt + 2 * down + 2 * back], [8.0, 5.0]), blend=4)  # its tip
    lt = landmark("lesser_trochanter_right")
    f.apply(*swept_tube([base + 14 * down - 2 * lateral + 2 * back, lt], [9.0, 7.0]), blend=4)  # lesser
    # intertrochanteric crest joins the two trochanters behind
    f.apply(*swept_tube([gt + 18 * down + 10 * back, base + 22 * down + 12 * back, lt], 5.0), blend=5)
    # the trochanteric fossa behind the neck (where obturator externus inserts)
    f.apply(*sphere(gt + 16 * down - 12 * lateral + 12 * back, 6.0), blend=3, subtract=True)
    return f.surface()
