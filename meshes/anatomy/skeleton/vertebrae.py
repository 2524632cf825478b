"""L4 and L5 vertebrae and the L4/L5 and L5/S1 discs, stacked on the S1 endplate with the lordosis.

Each vertebra is built in its own frame (landmarks.lumbar_levels): x to the right, `front` along
the body's mid-sagittal forward axis, `up` along its mid-normal. The body is a waisted, kidney-
shaped cylinder cut by its two endplates (tilted by the level's wedge); the posterior arch is
pedicles, laminae, a spinous process, transverse processes and the superior and inferior
articular processes. The intervertebral foramen is the gap left below each pedicle, in front of
the facet joint, beside the disc: the landmark `intervertebral_foramen_*` is its outer opening.
Dimensions: SOURCES["vertebrae"] in landmarks.py (Panjabi 1992; Zhou 2000).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyvista as pv

from ...geometry.field import Field, ellipsoid, swept_spheres
from ...geometry.shapes import swept_tube
from ..landmarks import BODY_DEPTH, lumbar_levels

SPACING = 1.2  # mm: laminae and articular processes are 6-8 mm thick


@dataclass(frozen=True)
class Vertebra:
    level: str  # key in lumbar_levels()
    width: float  # body, mm
    pedicle_x: float  # pedicle axis from the midline (canal about 2 x (pedicle_x - 7) wide)
    pedicle_r: float
    transverse_tip: tuple[float, float, float]  # (x, front, up) of the transverse process tip
    transverse_r: tuple[float, float, float]  # radii root -> tip
    spinous_length: float  # behind the laminae
    spinous_height: float


# L4: slender transverse processes; L5: short, thick, conical ones rising to the iliolumbar
# ligament, a smaller spinous process, wider pedicles (Gray's Anatomy 1918, the fifth lumbar).
L4 = Vertebra("l4_body", 48.0, 17.5, 6.5, (38.0, -30.0, 6.0), (5.5, 4.0, 3.2), 30.0, 20.0)
L5 = Vertebra("l5_body", 50.0, 19.0, 7.5, (45.0, -26.0, 10.0), (8.0, 6.5, 5.0), 24.0, 16.0)


class _Frame:
    """World points from (x, front, up) coordinates of one level."""

    def __init__(self, level: str):
        lv = lumbar_levels()[level]
        self.centre, self.up = np.asarray(lv["centre"]), np.asarray(lv["up"])
        self.front = -np.asarray(lv["back"])
        self.height, self.tilt, self.wedge = float(lv["height"]), float(lv["tilt"]), float(lv["wedge"])

    def __call__(self, x: float, front: float, up: float) -> np.ndarray:
        return self.centre + x * np.array([1.0, 0, 0]) + front * self.front + up * self.up

    def local(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = p - self.centre
        return d[:, 0], d @ self.front, d @ self.up


def _endplate_cut(fr: _Frame, half_height: float):
    """Signed distance to the slab between the level's two endplates (tilted by its wedge):
    each endplate turns by half the wedge about the transverse axis through its own centre."""
    half = np.radians(fr.wedge / 2)

    def sdf(p):
        _, a, z = fr.local(p)
        top = (z - half_height) * np.cos(half) - a * np.sin(half)  # normal turns back (less tilt)
        bottom = -(z + half_height) * np.cos(half) - a * np.sin(half)
        return np.maximum(top, bottom)

    return sdf


def _cylinder(fr: _Frame, width: float, depth: float, half_height: float, waist: float, round_r: float):
    """Kidney-shaped body (flattened behind), waisted, between the endplates, edges rounded."""
    cut = _endplate_cut(fr, half_height - round_r)

    def sdf(p):
        x, a, z = fr.local(p)
        s = 1 - waist * (1 - np.clip(z / half_height, -1, 1) ** 2)  # narrower at mid-height
        ax, aa = width / 2 * s - round_r, depth / 2 * s - round_r
        a = a + 0.06 * depth * (x / (width / 2)) ** 2  # the back is flat to slightly concave
        n = 2.6
        r = (np.abs(x / ax) ** n + np.abs(a / aa) ** n) ** (1 / n)
        d2 = (r - 1) * np.minimum(ax, aa) * 0.85
        dz = cut(p)
        q = np.stack([np.maximum(d2, 0), np.maximum(dz, 0)])
        return np.linalg.norm(q, axis=0) + np.minimum(np.maximum(d2, dz), 0) - round_r

    return sdf


def _patch(corners: list[np.ndarray], radius: float, step: float = 1.0):
    """Swept spheres over a bilinear quad (p00, p10, p01, p11): a plate of thickness 2 x radius."""
    p00, p10, p01, p11 = (np.asarray(c, float) for c in corners)
    nu = max(3, int(max(np.linalg.norm(p10 - p00), np.linalg.norm(p11 - p01)) / step) + 1)
    nv = max(3, int(max(np.linalg.norm(p01 - p00), np.linalg.norm(p11 - p10)) / step) + 1)
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv), indexing="ij")
    u, v = u.ravel()[:, None], v.ravel()[:, None]
    pts = (1 - u) * (1 - v) * p00 + u * (1 - v) * p10 + (1 - u) * v * p01 + u * v * p11
    return swept_spheres(pts, radius)


def _vertebra(v: Vertebra) -> pv.PolyData:
    fr = _Frame(v.level)
    half = fr.height / 2
    c = fr.centre
    f = Field(lo=c + (-52, -80, -48), hi=c + (52, 30, 48), spacing=SPACING)
    body = _cylinder(fr, v.width, BODY_DEPTH, half, 0.06, 2.0)
    f.apply(body, c - (30, 30, 30), c + (30, 30, 30), blend=0)
    back = -BODY_DEPTH / 2
    px, canal_back = v.pedicle_x, back - 16.0  # the canal is about 16 mm deep behind the body
    for s in (1, -1):
        # pedicle: upper half of the body's back to the arch
        f.apply(*swept_tube([fr(s * px, back + 4, 5), fr(s * (px + 0.5), canal_back + 1, 5)],
                            [v.pedicle_r, v.pedicle_r - 1.0]), blend=3)
        # lamina: from the pedicle back and in to the midline, sloping down behind
        f.apply(*_patch([fr(s * px, canal_back, -6), fr(0, canal_back - 9, -9),
                         fr(s * px, canal_back, 7), fr(0, canal_back - 8, 4)], 3.2), blend=2.5)
        # transverse process: from the pedicle-lamina junction out to its tip
        tx, tf, tu = v.transverse_tip
        f.apply(*swept_tube([fr(s * (px + 2), canal_back + 2, 6),
                             fr(s * (px + 10), canal_back + 4, 6 + tu / 2), fr(s * tx, tf, tu)],
                            list(v.transverse_r)), blend=3)
        # superior articular process, rising behind the pedicle, its facet facing back and in;
        # the mammillary process is the knob on its back
        f.apply(*swept_tube([fr(s * (px + 1), canal_back + 1, 8),
                             fr(s * (px + 2.5), canal_back - 1, half + 4)], [4.8, 4.2]), blend=2.5)
        f.apply(*ellipsoid(fr(s * (px + 4), canal_back - 3.5, half), (2.6, 2.2, 3.2)), blend=2)
        # inferior articular process: hangs from the lamina's lower corner, medial to the
        # superior process of the vertebra below
        f.apply(*swept_tube([fr(s * (px - 6), canal_back - 5, -6),
                             fr(s * (px - 7.5), canal_back - 9, -half - 3)], [4.5, 3.8]), blend=2.5)
    # spinous process: a flat hatchet straight back from the laminae, its tip thickened
    L, H = v.spinous_length, v.spinous_height
    f.apply(*_patch([fr(0, canal_back - 6, -H / 2 + 2), fr(0, canal_back - 8 - L, -H / 2 - 1),
                     fr(0, canal_back - 6, H / 2 - 2), fr(0, canal_back - 8 - L, H / 2 - 3)], 3.2), blend=3)
    f.apply(*ellipsoid(fr(0, canal_back - 8 - L, -1), (4.5, 3.5, H / 2 - 1)), blend=3)
    return f.surface(smooth_sigma=0.6)


def _disc(level: str) -> pv.PolyData:
    """The disc fills the wedge between two endplates, bulging about 1 mm past the bodies' rims."""
    fr = _Frame(level)
    half = fr.height / 2 - 0.3  # a hair short of the endplates: the meshes touch, never overlap
    c = fr.centre
    width = 51.0 if level == "disc_l5_s1" else 49.0
    f = Field(lo=c + (-30, -30, -18), hi=c + (30, 30, 18), spacing=1.0)
    f.apply(_cylinder(fr, width, BODY_DEPTH + 1.0, half, -0.03, 1.2), c - (30, 30, 18), c + (30, 30, 18))
    return f.surface(smooth_sigma=0.5)


def vertebra_l4() -> pv.PolyData:
    return _vertebra(L4)


def vertebra_l5() -> pv.PolyData:
    return _vertebra(L5)


def disc_l4_l5() -> pv.PolyData:
    return _disc("disc_l4_l5")


def disc_l5_s1() -> pv.PolyData:
    return _disc("disc_l5_s1")
