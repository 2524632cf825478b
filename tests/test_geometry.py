"""The implicit-solid primitives' shortcuts give what the plain computation gives."""

import numpy as np
import pytest

from meshes.geometry.curves import profile
from meshes.geometry.field import FAR, Field, swept_spheres


def _plain(f: Field, sdf, lo, hi) -> np.ndarray:
    """The field after one union, every grid point read (no narrow band)."""
    sdf_all = lambda p: sdf(p)  # noqa: E731 (no `lipschitz` attribute: read everywhere)
    f.apply(sdf_all, lo, hi)
    return f.values


@pytest.mark.parametrize("spacing", [1.0, 1.5])
def test_the_narrow_band_gives_the_same_field(spacing):
    rng = np.random.default_rng(3)
    t = np.linspace(0, 1, 400)[:, None]
    curve = np.hstack([90 * t, 25 * np.sin(5 * t), 12 * np.cos(3 * t)])
    radii = 2.0 + 6.0 * rng.random(1) * np.sin(np.pi * t[:, 0]) ** 2  # radii that change along it
    sdf, lo, hi = swept_spheres(curve, radii)
    assert sdf.lipschitz
    box = (np.array([-20, -40, -30]), np.array([110, 40, 30]))  # much of it far from the tube
    banded = Field(*box, spacing)
    banded.apply(sdf, lo, hi)
    plain = _plain(Field(*box, spacing), sdf, lo, hi)
    assert np.array_equal(banded.values, plain)
    assert (plain < FAR).any() and (plain == FAR).mean() > 0.5  # the band had points to skip


def test_profile_is_the_natural_spline_through_the_values():
    from scipy.interpolate import CubicSpline

    rng = np.random.default_rng(1)
    for m, n in [(2, 5), (3, 40), (4, 17), (4, 17), (6, 200)]:  # a repeat reads the cached basis
        v = rng.uniform(1, 10, m)
        expected = CubicSpline(np.linspace(0, 1, m), v, bc_type="natural")(np.linspace(0, 1, n))
        np.testing.assert_allclose(profile(v, n), expected, rtol=0, atol=1e-12)
    assert np.array_equal(profile([4.0], 7), np.full(7, 4.0))
