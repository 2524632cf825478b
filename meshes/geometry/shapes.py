"""Swept shapes shared by the builders: tubes, lofted sheets and fans of swept spheres."""

from __future__ import annotations

import numpy as np

from .curves import bezier_patch, profile, sample_curve
from .field import swept_spheres


def unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def loft(base, rim, base_radii, rim_radii, mid_radius, bulge=None, spacing=1.0):
    """Sheet of swept spheres filling the straight rulings from base[j] to rim[j].

    A single base point makes a fan. Radii go base -> middle -> rim, so a blade is thick
    where it is buttressed and thin in its fossa, as the iliac wing is.
    """
    rim = np.asarray(rim, float)
    base = np.broadcast_to(np.asarray(base, float), rim.shape)
    base_r = np.broadcast_to(np.asarray(base_radii, float), (len(rim),))
    rim_r = np.broadcast_to(np.asarray(rim_radii, float), (len(rim),))
    centres, radii = [], []
    for j, end in enumerate(rim):
        n = max(6, int(np.linalg.norm(end - base[j]) / spacing))
        t = np.linspace(0, 1, n)[:, None]
        ray = base[j] + t * (end - base[j])
        if bulge is not None:
            ray = ray + np.sin(np.pi * t) * bulge
        centres.append(ray)
        radii.append(profile([base_r[j], mid_radius, mid_radius, rim_r[j]], n))
    return swept_spheres(np.concatenate(centres), np.concatenate(radii))


def swept_tube(points, radii, spacing=0.8):
    """Distance field of spheres swept along a spline through `points` (radii along its length)."""
    return swept_spheres(*sample_curve(points, radii, spacing))


def frame(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors perpendicular to n and to each other."""
    u = unit(np.cross(n, [0, 0, 1]) if abs(n[2]) < 0.9 else np.cross(n, [1, 0, 0]))
    return u, np.cross(n, u)




def sheet(control, thickness, spacing: float = 1.2):
    """A muscle-like sheet: a Bezier patch swept with spheres, thick in the belly, thin at edges.

    `thickness(u, v)` gives the full thickness in mm on the unit square of the patch.
    """
    net = np.asarray(control, float)
    span_u = np.linalg.norm(net[-1] - net[0], axis=-1).max()
    span_v = np.linalg.norm(net[:, -1] - net[:, 0], axis=-1).max()
    nu, nv = int(span_u / spacing) + 2, int(span_v / spacing) + 2
    pts = bezier_patch(net, nu, nv)
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv), indexing="ij")
    return swept_spheres(pts.reshape(-1, 3), (thickness(u, v) / 2).ravel())
