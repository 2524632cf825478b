"""Muscles: piriformis (a fan of fibres through the foramen) and gluteus maximus (a thick sheet)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyvista as pv

from ...geometry.curves import resample, sample_curve, smoothstep, spline
from ...geometry.field import Field, swept_spheres
from ..landmarks import point as landmark
from ..skeleton.notch import notch
from .muscle_shapes import fasciculi, fibre_grid, grid_normals, surface, thick_sheet

SPACING = 1.5
GM_SPACING = 1.75  # the largest solid: a coarser grid still resolves its 5 mm furrows, and builds fast

# --- piriformis ------------------------------------------------------------------------------
# From the front of the sacrum between and lateral to the S2-S4 foramina, out through the greater
# sciatic foramen, which it largely fills, to the upper border of the greater trochanter; about
# 118 +/- 7 mm long, belly about 17 mm thick, tendon 3-9 mm across (ANATOMY.md, muscle
# architecture series). Curves run across the fibres, upper to lower border; every fibre passes
# through one point of each curve.
def _piriformis_curves() -> list[np.ndarray]:
    # origin: 5 mm in front of the sacrum's pelvic surface, lateral to the S2-S4 foramina
    s2, s3, s4 = (landmark(f"anterior_sacral_foramen_s{k}_right") for k in (2, 3, 4))
    origin = [s2 + (7, 10, 8), (s2 + s3) / 2 + (7, 14, 8), s3 + (7, 10, 8), (s3 + s4) / 2 + (6, 11, 7),
              s4 + (6, 10, 7), s4 + (5, 10, -1)]
    # in the foramen (notch frame: mm from the PIIS toward the spine, mm from the chord toward the
    # bone): from just below the superior gluteal vessels and nerve to well above the spine
    crossing = [notch(a, b) for a, b in PIRIFORMIS_CROSSING]
    gt = landmark("greater_trochanter_tip_right")
    behind_hip = [gt + (-38, -28, 22), gt + (-38, -32, 4), gt + (-37, -34, -12)]
    junction = [gt + (-14, -10, 6), gt + (-14, -13, -2)]  # musculotendinous junction
    return [np.array(c, float) for c in (origin, crossing, behind_hip, junction)]


# Its lower border at a = 33 of the 54 mm chord: the inferior gluteal nerve leaves just below it,
# 3.5 cm from the PIIS and 4.4 cm from the tuberosity (Apaydin 2009: 3.2 and 4.8). With the border
# at a = 40 the nerve left at a = 42, 3.9 and 3.8 cm, in the triangle's lower half. The belly's
# shadow still covers 72 % of the foramen (checks: 70-90 %, "largely fills it", ANATOMY.md)
PIRIFORMIS_CROSSING = [(10.5, 11), (17, 7), (24, 5), (29, 3), (33, 1)]
# The middle of the muscle where it crosses the foramen (for paths: the gaps lie above and below).
PIRIFORMIS_GAP = notch(*PIRIFORMIS_CROSSING[2])
PIRIFORMIS_NU, PIRIFORMIS_NV = 40, 90
PIRIFORMIS_TRIANGLES = 10000  # budget (registry)


def piriformis_insertion() -> np.ndarray:
    """The tendon's end: upper border of the greater trochanter, just inside its tip."""
    return landmark("greater_trochanter_tip_right") + (-6, -3, -2)


def piriformis_thickness(u, v):
    """Full thickness (mm): 17 mm in the belly (ANATOMY.md), thinner at the origin and junction."""
    u, v = np.asarray(u, float), np.asarray(v, float)
    along = 7.0 + 10.0 * np.sin(np.pi * np.clip(v * 0.8 + 0.1, 0, 1)) ** 0.8
    return 3.0 + (along - 3.0) * np.clip(np.minimum(u, 1 - u) / 0.25, 0, 1) ** 0.5


def piriformis_right(gaps: tuple = ()) -> pv.PolyData:
    """The muscle; `gaps` (centreline, radii) are clefts for nerves that pierce it (variants.py)."""
    grid = fibre_grid(_piriformis_curves(), PIRIFORMIS_NU, PIRIFORMIS_NV, through=True)
    u, v = np.meshgrid(np.linspace(0, 1, PIRIFORMIS_NU), np.linspace(0, 1, PIRIFORMIS_NV), indexing="ij")
    half = piriformis_thickness(u, v) / 2
    groove = fasciculi(grid, 4, depth=1.5, half_width=2.0) * np.sin(np.pi * v)
    f = Field(lo=(5, -125, -80), hi=(130, -45, 0), spacing=SPACING)
    back = half * (0.75 + 0.25 * np.clip(v / 0.25, 0, 1))  # fleshy origin: thin against the sacrum
    f.apply(*thick_sheet(grid, half - 0.5 * groove, back - groove, (0, 1, 0)), blend=0)
    # the tendon: from the junction to the upper border of the greater trochanter
    f.apply(*swept_spheres(*sample_curve([grid[PIRIFORMIS_NU // 2, -4], piriformis_insertion()], [3.5, 2.5],
                                         spacing=0.8)), blend=3)
    for centres, radii in gaps:
        f.apply(*swept_spheres(centres, radii), blend=1.0, subtract=True)
    return surface(f, PIRIFORMIS_TRIANGLES)


# --- gluteus maximus -------------------------------------------------------------------------
# Described by its fibres (ANATOMY.md; Gray's Anatomy): from the ilium behind the posterior gluteal
# line and the thoracolumbar aponeurosis above it, the back of the sacrum and coccyx and the
# sacrotuberous ligament, down and laterally to the iliotibial tract (superficial three quarters)
# and the gluteal tuberosity (deep quarter). Curves run across the fibres, upper to lower border;
# points are the mid-surface, i.e. half a thickness behind the bone or ligament they arise from.
# Attachments hang on landmarks (name, offset mm), so the muscle follows the bones: the origin
# half a thickness behind the crest, PSIS, sacrum, coccyx and the lower sacrotuberous ligament.
# On the sacrum the origin runs on its dorsal surface, medial to the lateral crest (x 16 mm at the
# hiatus, 12 mm beside the cornua) down to the side of the coccyx, so the muscle covers the back of
# the lower sacrum as atlases draw it (Gray's Anatomy 1918; Standring, Gray's 41st ed.); it began
# at the lateral border before, leaving the lower sacrum bare.
GM_ORIGIN = [("iliac_crest_posterior_right", (12, 2, 6)), ("iliac_crest_posterior_right", (-11, -19, -7)),
             ("psis_right", (2, -6, 5)), ("psis_right", (-8, -7, -22)), ("sacral_hiatus_apex", (16, -3.5, 8)),
             ("sacral_cornu_right", (6, -6.5, 3)), ("coccyx_tip", (9, -14, 19)), ("coccyx_tip", (7, -8, 4)),
             ("ischial_tuberosity_medial_margin_top_right", (-31, -26, 13)),
             ("ischial_tuberosity_medial_margin_top_right", (-15, -14, 7))]
# insertion: the iliotibial tract on the lateral thigh, from the trochanter's tip downward to the
# level of the lower end of the gluteal tuberosity (130 mm below the tip; the tract insertion
# reaches somewhat lower than the femoral one: Okajimas Folia Anat Jpn 36(1), J-STAGE abstract)
GM_INSERTION = [("greater_trochanter_tip_right", d) for d in
                ((27, -5, 21), (32, 3, -4), (33, 7, -34), (31, 9, -68), (27, 7, -100), (22, 3, -130))]
# Interior Bezier controls of every fibre, as offsets from the points a third and two thirds of
# the way from origin to insertion: they bow the sheet back over the buttock and round the
# trochanter, so the deep surface clears medius, piriformis, the rotators and the nerves.
GM_BOW_1 = [(3, -22, 7), (0, -50, 0), (-3, -62, -2), (-2, -66, -7), (8, -52, -8), (2, -39, -15)]
GM_BOW_2 = [(11, -14, 3), (9, -36, -9), (7, -48, -14), (7, -46, -20), (13, -31, -20), (9, -17, -23)]
GM_ORIGIN_SHIFT = 0.15  # see _origin_fraction
GM_NU, GM_NV = 181, 161  # samples across and along the fibres (about 1.1 mm apart)
# The belly (away from Hwang's medial, lateral and inferior sites) is thicker, so that the
# volume matches MRI series of living adults (Handsfield 2014; see the volume check).
GM_BELLY = 13.0
GM_BUNDLES = 11  # coarse fasciculi visible through the fascia (parallel bundles, shallow furrows)
GM_GROOVE = 3.2  # mm: furrow depth; the bundles run obliquely, so they need a little more to read
GM_TRIANGLES = 40000  # budget (registry)

# Deep quarter: fibres of the lower half of the muscle, from its deep surface to the gluteal
# tuberosity on the back of the femur below the greater trochanter (Gray's Anatomy).
GLUTEAL_TUBEROSITY = [("gluteal_tuberosity_top_right", (0, -4.5, 0)),
                      ("gluteal_tuberosity_right", (0, -1.5, 0))]



def gluteus_maximus_thickness(u, v):
    """Full thickness in mm at patch coordinates (u: upper to lower border, v: origin to insertion).

    Near the borders it follows Hwang et al. 2009 (Ann Plast Surg 63:361, 20 cadaver buttocks):
    medial part 17.1-18.1 mm, lateral 14.5-15.7 mm, inferior 14.5-14.7 mm. The belly between is
    thicker (GM_BELLY), as in living adults (see gluteus_maximus_belly). Tendinous origin and the
    aponeurosis into the iliotibial tract are thin; the borders are rounded.
    """
    u, v = np.asarray(u, float), np.asarray(v, float)
    body = 18.6 - 3.2 * v - 2.8 * np.clip((u - 0.6) / 0.4, 0, 1) + gluteus_maximus_belly(u, v)
    ends = smoothstep(v / 0.12) * np.clip((1 - v) / 0.12, 0, 1) ** 0.7  # origin: a wedge onto the bone
    border = np.clip(np.minimum(u, 1 - u) / 0.07, 0, 1) ** 0.5
    return 4.0 + (body - 4.0) * ends * border


def gluteus_maximus_belly(u, v):
    """Extra thickness (mm) of the belly, away from Hwang's medial, lateral and inferior sites.

    Sources disagree: Hwang's elderly cadavers give 15-18 mm, but a sheet that thin over this
    area holds about 430 cm3, while MRI of living adults gives 600-850 cm3 and about 20 times
    piriformis (Handsfield et al. 2014, J Biomech 47:631). We follow the MRI volume in the belly.
    """
    return GM_BELLY * (smoothstep((u - 0.08) / 0.17) * smoothstep((0.88 - u) / 0.17)
                       * smoothstep((v - 0.16) / 0.16) * smoothstep((0.86 - v) / 0.16))


def _placed(points) -> np.ndarray:
    return np.array([landmark(name) + offset for name, offset in points])


def _along(curve: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    """Points at the given fractions of a curve's arc length (the curve through `curve`'s points)."""
    dense = spline(curve, 400)
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(dense, axis=0), axis=1))])
    return np.stack([np.interp(fractions * s[-1], s, dense[:, a]) for a in range(3)], axis=1)


def _origin_fraction(u: np.ndarray) -> np.ndarray:
    """Where along the origin line the fibre at u starts. An even pairing of this long origin
    (crest to sacrotuberous ligament) with the shorter insertion made the middle fibres (u 0.3-0.7)
    run at 31-43 degrees below the horizontal seen from behind, flatter than atlas plates of the
    posterior gluteal region show them ('obliquely downward and lateralward', Gray's Anatomy;
    about 45 degrees in the middle). The middle fibres start higher, by up to GM_ORIGIN_SHIFT of
    the line: 40-50 degrees now over that range (tests/test_soft_tissue.py), the lowest fibres
    flatter, as in life. The borders and their neighbours stay put (a sin^2 shift: a stretched
    border samples too coarsely and comes out ragged)."""
    return u - GM_ORIGIN_SHIFT * np.sin(np.pi * u) ** 2


@cache
def _gm_grid() -> np.ndarray:
    from math import comb

    u = np.linspace(0, 1, GM_NU)
    origin = _along(_placed(GM_ORIGIN), _origin_fraction(u))
    insertion = _along(_placed(GM_INSERTION), u)
    rows = [origin]
    for f, bow in ((1 / 3, GM_BOW_1), (2 / 3, GM_BOW_2)):  # interior Bezier controls of every fibre
        offset = np.stack([np.interp(u, np.linspace(0, 1, len(bow)), np.array(bow, float)[:, a])
                           for a in range(3)], axis=1)
        rows.append((1 - f) * origin + f * insertion + offset)
    rows.append(insertion)
    t = np.linspace(0, 1, GM_NV)
    basis = np.stack([comb(3, i) * t**i * (1 - t) ** (3 - i) for i in range(4)])  # (4, nv)
    return np.einsum("kv,kuc->uvc", basis, np.stack(rows))


def gluteus_maximus_point(u: float, v: float, depth: float = 0.0) -> np.ndarray:
    """A point of the muscle's mid-surface at patch coordinates (u: upper to lower border,
    v: origin to insertion), moved `depth` mm toward its deep (anterior) side.

    The iliotibial tract is at v = 1; see gluteus_maximus_deep_point for the deep surface.
    """
    grid = _gm_grid()
    i, j = int(round(u * (GM_NU - 1))), int(round(v * (GM_NV - 1)))
    normal = grid_normals(grid, (0, 1, 0))[i, j]  # the deep surface faces forward
    return grid[i, j] + depth * normal


def gluteus_maximus_deep_point(u: float, v: float, inset: float = 0.0) -> np.ndarray:
    """A point of the muscle's deep (anterior) surface at (u, v), `inset` mm inside the muscle.

    For nerve and vessel paths: the inferior gluteal nerve meets the deep surface about 5 cm
    from the tip of the greater trochanter (Ling & Kumar 2006; Apaydin 2009: 5.4 cm), which is
    about (u, v) = (0.5-0.55, 0.7-0.75) here (tested in tests/test_soft_tissue.py); its
    branches run in the deep half, at 59-82 % of the thickness (Hwang 2009). Below u = 0.55 and
    beyond v = 0.6 the deep quarter leaves this surface for the gluteal tuberosity.
    """
    depth = gluteus_maximus_thickness(u, v) / 2 - 0.3 * gluteus_maximus_belly(u, v)
    return gluteus_maximus_point(u, v, depth - inset)


def gluteus_maximus_right() -> pv.PolyData:
    grid = _gm_grid()
    u, v = np.meshgrid(np.linspace(0, 1, GM_NU), np.linspace(0, 1, GM_NV), indexing="ij")
    half = gluteus_maximus_thickness(u, v) / 2
    belly = gluteus_maximus_belly(u, v)
    deep, superficial = half - 0.3 * belly, half + 0.3 * belly  # the belly bulges backward
    fade = np.clip(v / 0.15, 0, 1) * np.clip((1 - v) / 0.15, 0, 1)  # no furrows at the ends
    groove = fasciculi(grid, GM_BUNDLES, depth=GM_GROOVE) * fade
    f = Field(lo=(0, -190, -200), hi=(162, -44, 66), spacing=GM_SPACING)  # whole muscle, with margin
    f.apply(*thick_sheet(grid, deep - 0.4 * groove, superficial - groove, (0, 1, 0)), blend=0)
    # the deep quarter to the gluteal tuberosity: a thick slip from the lower half's deep surface
    lower = np.linspace(0.55, 1.0, 40)
    start = np.array([gluteus_maximus_point(a, 0.62, 3.0) for a in lower])
    end = resample(spline(_placed(GLUTEAL_TUBEROSITY), 100), len(lower))
    mid = 0.5 * (start + end) + (0, -4, 0)
    slip = fibre_grid([start, mid, end], 40, 50)
    su, sv = np.meshgrid(np.linspace(0, 1, 40), np.linspace(0, 1, 50), indexing="ij")
    slip_half = (3.0 + 5.0 * np.sin(np.pi * (0.1 + 0.8 * su)) ** 0.5) * (1 - 0.35 * sv)
    f.apply(*thick_sheet(slip, slip_half, slip_half, (0, 1, 0)), blend=3)
    return surface(f, GM_TRIANGLES)
