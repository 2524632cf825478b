"""Pure tier: camera interpolation between keyframes, turntable and fly-along (no rendering)."""

import numpy as np
import pytest

from scenes.teaching.camera_path import FlyAlong, Pose, ease, interpolate, turntable


def _angle(a, b) -> float:
    return float(np.degrees(np.arccos(np.clip(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))


BEHIND = Pose((0.0, -400.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0))
SIDE = Pose((1600.0, 0.0, 100.0), (0.0, 0.0, 100.0), (0.0, 0.0, 1.0))


def test_ends_are_the_keyframes():
    for t, pose in ((0.0, BEHIND), (1.0, SIDE)):
        got = interpolate(BEHIND, SIDE, t)
        for mine, want in zip((got.position, got.focal_point, got.view_up),
                              (pose.position, pose.focal_point, pose.view_up), strict=True):
            assert np.allclose(mine, want, atol=1e-6)


def test_distance_in_log_space_and_orientation_by_slerp():
    mid = interpolate(BEHIND, SIDE, 0.5, "linear")
    assert mid.distance == pytest.approx(np.sqrt(400 * 1600))  # geometric mean: 800, not 1000
    assert np.allclose(mid.focal_point, (0, 0, 50))  # focal point linear
    sight = np.subtract(mid.position, mid.focal_point)
    assert _angle(sight, (0, -1, 0)) == pytest.approx(45, abs=1e-6)  # half of the 90 degree orbit
    # an orbit at one distance never dollies in (VTK's interpolator reaches 0.7 of the radius)
    orbit_end = Pose((400.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0))
    for t in np.linspace(0, 1, 11):
        assert interpolate(BEHIND, orbit_end, t).distance == pytest.approx(400, rel=1e-9)


def test_easing_starts_and_ends_at_rest():
    for name in ("ease-in-out", "ease-in", "ease-out", "linear"):
        assert ease(0, name) == 0 and ease(1, name) == pytest.approx(1)
    first = interpolate(BEHIND, SIDE, 0.01).position
    assert np.linalg.norm(np.subtract(first, BEHIND.position)) < 0.01 * 400  # slow start


def test_turntable_keeps_its_distance_and_turns_once():
    poses = [turntable(BEHIND, t) for t in np.linspace(0, 1, 97)]
    distances = np.array([p.distance for p in poses])
    assert np.ptp(distances) / distances.mean() < 0.005  # the 0.5 %
    assert _angle(np.subtract(poses[24].position, poses[24].focal_point), (0, -1, 0)) == pytest.approx(90)
    assert np.allclose(poses[-1].position, BEHIND.position, atol=1e-6)
    assert all(p.view_up[2] == pytest.approx(1) for p in poses)  # turns about the vertical: no roll


def test_fly_along_moves_at_constant_speed_and_looks_ahead():
    t = np.linspace(0, 1, 200)
    line = np.c_[100 * np.cos(3 * t), 100 * np.sin(3 * t), -150 * t]  # a helix, like a winding nerve
    fly = FlyAlong(line, offset=60, look_ahead=20)
    poses = [fly.pose(s) for s in np.linspace(0, 1, 41)]
    travelled = [fly.at(s * fly.length) for s in np.linspace(0, 1, 41)]
    steps = np.linalg.norm(np.diff(travelled, axis=0), axis=1)
    assert np.ptp(steps) / steps.mean() < 0.02  # equal arc per frame
    for pose, here in zip(poses[:-5], travelled, strict=False):
        assert np.linalg.norm(np.subtract(pose.position, here)) == pytest.approx(60, rel=1e-6)
        ahead = np.subtract(pose.focal_point, here)
        assert 10 < np.linalg.norm(ahead) <= 20.001  # looks ahead along the course
        assert abs(np.dot(pose.view_up, np.subtract(pose.focal_point, pose.position))) < 1e-6
