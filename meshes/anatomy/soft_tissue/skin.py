"""Skin of the buttock and hip: a thin shell laid over the muscles at the subcutaneous fat depth.

Later layers measure needle depth from it, so its offset from the muscles is the fat thickness,
taken from CT series (FAT below). The shell is found by casting rays in toward a vertical axis
through the hip until they meet an envelope: the muscles' mid-surfaces (and the iliac crest,
sacrum and thigh) swollen by their own half thickness plus the local fat depth.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.field import swept_spheres
from ..landmarks import SECTION_PLANE_Z
from ..landmarks import point as landmark
from . import fascia, gluteals, muscles
from .muscle_shapes import fibre_grid, placed

SKIN_THICKNESS = 2.0  # mm, epidermis and dermis of the buttock (shell shown, not measured from)

# Subcutaneous fat depth (mm) at anchor points; between them it is blended (inverse distance).
# Nisbet AC, BMJ 2006;332:637 (CT of 100 adults): dorsogluteal fat deeper than 25 mm in 72 and
# deeper than 35 mm in 43, so a median near 33 mm; ventrogluteal deeper than 25 mm in 26 and
# than 35 mm in 12, so a median near 20 mm. Thinnest over the PSIS and sacrum, thickest
# superolaterally, 2.15 times the thinnest on CT (Arch Plast Surg 2014;41:133, 120 buttocks):
# 12 mm there. Over the trochanter, the lower buttock and the thigh: placed between (model).
FAT = [
    (("psis_right", "psis_right", "psis_right"), 12.0),
    (("sacral_hiatus_apex", "sacral_hiatus_apex", "sacral_hiatus_apex"), 12.0),
    (("iliac_crest_top_right", "psis_right", "greater_trochanter_tip_right"), 33.0),  # dorsogluteal
    (("asis_right", "iliac_tubercle_right", "greater_trochanter_tip_right"), 20.0),  # ventrogluteal
    (("greater_trochanter_tip_right", "greater_trochanter_tip_right", "greater_trochanter_tip_right"), 25.0),
    (("ischial_tuberosity_lowest_right", "ischial_tuberosity_lowest_right", "coccyx_tip"), 30.0),
    (("femur_section_centre_right", "femur_section_centre_right", "femur_section_centre_right"), 15.0),
]

AXIS = ("hip_joint_center_right", (-20, -20, 0))  # rays run in toward this vertical line
# deg about the axis, from the natal cleft round the side to the front: past the ASIS (51 deg), so
# von Hochstetter's V (trochanter, ASIS, iliac tubercle) lies whole on the skin
ANGLES = (-128.0, 64.0)
NU, NV = 80, 90  # around, top to bottom
TRIANGLES = 26000
# The upper edge follows the iliac crest, CREST_MARGIN mm above it, from the PSIS round to the
# ASIS: the skin of the buttock and hip as an atlas cuts it out, not a cylinder cut flat at the
# crest's highest point. A smooth curve (monotone cubic), not a polyline: the lecturer read the
# polyline's corners as a jagged, torn edge.
CREST = ("psis_right", "iliac_crest_posterior_right", "iliac_crest_top_right", "iliac_tubercle_right",
         "iliac_crest_anterior_right", "asis_right")
CREST_MARGIN = 12.0
# The gluteal fold: the horizontal crease where the lower buttock meets the back of the thigh.
# It lies a little below the lowest point of the ischial tuberosity at the natal cleft and rises
# and fades laterally; it is a fold of skin and fascia, not the lower border of gluteus maximus,
# which crosses it obliquely (Gray's Anatomy 1918, surface anatomy of the gluteal region).
# Depth, width and course are modelled (no measurement found): FOLD = (mm below the tuberosity's
# lowest point at the cleft, mm it rises to its lateral end, crease depth mm, half-width mm).
FOLD = (10.0, 12.0, 9.0, 8.0)
FOLD_ANGLES = (-100.0, -50.0)  # deg: full depth medial to the first, gone lateral to the second


def fat_depth(p: np.ndarray) -> np.ndarray:
    """Subcutaneous fat depth (mm) at points, blended from the FAT anchors."""
    anchors = np.array([np.mean([landmark(n) for n in names], axis=0) for names, _ in FAT])
    depth = np.array([d for _, d in FAT])
    w = 1.0 / np.maximum(np.linalg.norm(p[:, None] - anchors[None], axis=2), 1.0) ** 2
    return (w * depth).sum(axis=1) / w.sum(axis=1)


def _envelope():
    """Spheres whose union's outer boundary lies one fat depth outside the muscles and bone."""
    centres, radii = [], []
    gm = muscles._gm_grid()[::3, ::3]
    u, v = np.meshgrid(np.linspace(0, 1, gm.shape[0]), np.linspace(0, 1, gm.shape[1]), indexing="ij")
    sup = muscles.gluteus_maximus_thickness(u, v) / 2 + 0.3 * muscles.gluteus_maximus_belly(u, v)
    centres.append(gm.reshape(-1, 3))
    radii.append(sup.ravel())
    for spec, half in ((gluteals.MEDIUS, 9.0), (gluteals.TENSOR, 6.0), (fascia.ILIOTIBIAL, 1.0)):
        grid = fibre_grid([placed(c) for c in spec], 12, 24, through=True)
        if spec is fascia.ILIOTIBIAL:
            grid[:, -1, 2] = SECTION_PLANE_Z
            grid = fibre_grid([grid[:, k] for k in range(0, 24, 4)] + [grid[:, -1]], 12, 24, through=True)
        centres.append(grid.reshape(-1, 3))
        radii.append(np.full(grid.shape[0] * grid.shape[1], half))
    # bone under thin fat: the iliac crest, the back of the sacrum and coccyx; the thigh below
    crest = placed([("iliac_crest_anterior_right", (0, 0, 0)), ("iliac_tubercle_right", (0, 0, 0)),
                    ("iliac_crest_top_right", (0, 0, 0)), ("iliac_crest_posterior_right", (0, 0, 0)),
                    ("psis_right", (0, 0, 0)), ("sacral_hiatus_apex", (4, -2, 0)),
                    ("coccyx_tip", (2, -6, 0))])
    line = np.concatenate([np.linspace(a, b, 20) for a, b in zip(crest[:-1], crest[1:], strict=True)])
    centres.append(line)
    radii.append(np.full(len(line), 6.0))
    ham = placed(fascia.HAMSTRING)
    ham[-1, 2] = SECTION_PLANE_Z
    centres.append(np.concatenate([np.linspace(a, b, 30) for a, b in zip(ham[:-1], ham[1:], strict=True)]))
    radii.append(np.repeat(fascia.HAMSTRING_RADII[1:], 30))
    thigh = np.linspace(landmark("greater_trochanter_tip_right") + (0, 5, -40),
                        landmark("femur_section_centre_right"), 30)
    centres.append(thigh)
    radii.append(np.full(30, 38.0))  # femur and the vasti, about 38 mm from the shaft axis
    c = np.concatenate(centres)
    return swept_spheres(c, np.concatenate(radii) + fat_depth(c))[0]


def _top(theta: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Height (mm) of the skin's upper edge at each angle: the crest's height there plus the
    margin, on a monotone cubic through the crest's landmarks (no overshoot, no corners); the
    crest's ends are held flat beyond them, joined with zero slope."""
    from scipy.interpolate import PchipInterpolator

    crest = np.array([landmark(n) for n in CREST])
    angle = np.arctan2(crest[:, 1] - axis[1], crest[:, 0] - axis[0])
    order = np.argsort(angle)
    a, z = angle[order], crest[order, 2]
    # flat shoulders a little beyond each end: a zero slope there, so the held part joins smoothly
    a = np.concatenate([[a[0] - 0.3], a, [a[-1] + 0.3]])
    z = np.concatenate([[z[0]], z, [z[-1]]])
    return PchipInterpolator(a, z)(np.clip(theta, a[0], a[-1])) + CREST_MARGIN


def below_fold(points: np.ndarray) -> np.ndarray:
    """Which points lie on the thigh, below the gluteal fold's crease at the natal cleft (where the
    crease lies lowest: laterally the fold rises and fades, so a little thigh there counts as
    buttock)."""
    below, _, _, half = FOLD
    return np.asarray(points)[:, 2] < landmark("ischial_tuberosity_lowest_right")[2] - below - half


def _fold(theta: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Depth (mm) of the gluteal fold at each (angle, height) of the grid."""
    below, rise, depth, half = FOLD
    a0, a1 = np.radians(FOLD_ANGLES)
    lateral = np.clip((theta - np.radians(ANGLES[0])) / (a1 - np.radians(ANGLES[0])), 0, 1)
    centre = landmark("ischial_tuberosity_lowest_right")[2] - below + rise * lateral
    fade = np.clip((a1 - theta) / (a1 - a0), 0, 1)
    fade = fade * fade * (3 - 2 * fade)
    return depth * fade[:, None] * np.exp(-(((z - centre[:, None]) / half) ** 2))


def skin_grid() -> np.ndarray:
    """(NU, NV, 3) points of the skin's inner surface: rays cast in toward the hip axis."""
    sdf = _envelope()
    axis = placed([AXIS])[0]
    theta = np.radians(np.linspace(*ANGLES, NU))
    top = _top(theta, axis)
    z = top[:, None] + (SECTION_PLANE_Z - top[:, None]) * np.linspace(0, 1, NV)[None, :]  # (NU, NV)
    direction = np.stack([np.cos(theta), np.sin(theta), np.zeros(NU)], axis=1)  # outward
    t = np.full((NU, NV), 260.0)  # distance from the axis, marched inward
    origin = np.stack([np.full((NU, NV), axis[0]), np.full((NU, NV), axis[1]), z], axis=-1)
    d = np.full((NU, NV), np.inf)
    active = np.ones((NU, NV), bool)
    for _ in range(80):  # sphere tracing: step in by the distance to the envelope
        p = origin[active] + t[active][:, None] * direction[np.nonzero(active)[0]]
        d[active] = sdf(p)
        t[active] -= np.clip(d[active], 0.3, None)
        t = np.maximum(t, 5.0)
        active &= (d > 0.05) & (t > 5.0)
        if not active.any():
            break
    # a ray that met nothing (above the sacrum, beside the spine) takes its lower neighbour's depth
    missed = (d > 1.0) | (t < 45.0)
    for j in range(NV - 2, -1, -1):
        t[missed[:, j], j] = t[missed[:, j], j + 1]
    for j in range(1, NV):
        bad = missed[:, j] & (t[:, j] < 45.0)
        t[bad, j] = t[bad, j - 1]
    t = _smooth_rim(t)
    t -= _fold(theta, z)
    return origin + t[..., None] * direction[:, None, :]


RIM_ROWS, RIM_SIGMA = 8, 4.0  # top rows smoothed around (grid steps): the crest's bumps and the
# missed rays above the sacrum left a wavy, torn-looking edge (lecturer review)


def _smooth_rim(t: np.ndarray) -> np.ndarray:
    """Distances from the axis with the upper rows smoothed around the body, fading to the
    untouched surface RIM_ROWS rows down, so the upper edge is a clean curve."""
    from scipy.ndimage import gaussian_filter1d

    smooth = gaussian_filter1d(t, RIM_SIGMA, axis=0, mode="nearest")
    w = np.clip(1.0 - np.arange(t.shape[1]) / RIM_ROWS, 0.0, 1.0)[None, :]
    return w * smooth + (1 - w) * t


def shell(grid: np.ndarray, thickness: float, toward_inside) -> pv.PolyData:
    """A closed thin shell over a (nu, nv, 3) grid: two offset sheets stitched at their borders."""
    nu, nv = grid.shape[:2]
    n = np.cross(np.gradient(grid, axis=0), np.gradient(grid, axis=1))
    n /= np.linalg.norm(n, axis=-1, keepdims=True)
    n *= np.sign(n[nu // 2, nv // 2] @ np.asarray(toward_inside, float))  # one side throughout
    inner, outer = grid.reshape(-1, 3), (grid - thickness * n).reshape(-1, 3)
    idx = np.arange(nu * nv).reshape(nu, nv)
    a, b, c, d = idx[:-1, :-1].ravel(), idx[1:, :-1].ravel(), idx[1:, 1:].ravel(), idx[:-1, 1:].ravel()
    off = nu * nv
    faces = [np.stack([a, b, c], 1), np.stack([a, c, d], 1),  # inner sheet
             np.stack([a, c, b], 1) + off, np.stack([a, d, c], 1) + off]  # outer, reversed
    ring = np.concatenate([idx[:, 0], idx[-1, 1:], idx[-2::-1, -1], idx[0, -2:0:-1]])
    r0, r1 = ring, np.roll(ring, -1)
    faces += [np.stack([r0, r1 + off, r1], 1), np.stack([r0, r0 + off, r1 + off], 1)]  # border wall
    mesh = pv.PolyData.from_regular_faces(np.concatenate([inner, outer]), np.concatenate(faces))
    if mesh.volume < 0:  # wound inside out: flip every face
        mesh = pv.PolyData.from_regular_faces(mesh.points, mesh.regular_faces[:, ::-1])
    return mesh.compute_normals(split_vertices=False)


def skin_right() -> pv.PolyData:
    from scipy.ndimage import gaussian_filter

    grid = skin_grid()
    grid = np.stack([gaussian_filter(grid[..., k], 1.0, mode="nearest") for k in range(3)], axis=-1)
    axis = placed([AXIS])[0]
    return shell(grid, SKIN_THICKNESS, toward_inside=(axis - grid.reshape(-1, 3).mean(axis=0)) * (1, 1, 0))
