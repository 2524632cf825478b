import numpy as np
import pytest

from meshes.anatomy import landmarks

REQUIRED = ["asis_right", "asis_left", "psis_right", "piis_right", "ischial_spine_right",
            "ischial_tuberosity_right", "greater_trochanter_tip_right", "hip_joint_center_right",
            "sacral_promontory", "coccyx_tip", "pubic_symphysis"] + [
    f"anterior_sacral_foramen_s{i}_right" for i in range(1, 5)]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_landmarks_exist(name):
    assert landmarks.point(name).shape == (3,)


def test_every_landmark_cites_a_source():
    for lm in landmarks.LANDMARKS.values():
        assert lm.source in landmarks.SOURCES, lm.name
        assert len(landmarks.SOURCES[lm.source]) > 40


def test_left_mirrors_right():
    r, left = landmarks.point("asis_right"), landmarks.point("asis_left")
    assert np.allclose(left, r * (-1, 1, 1))


def test_hip_joint_centre_follows_bell_and_brand():
    iad = np.linalg.norm(landmarks.point("asis_right") - landmarks.point("asis_left"))
    assert np.allclose(landmarks.point("hip_joint_center_right"), [0.36 * iad, -0.19 * iad, -0.30 * iad])


def test_sacral_foramina_descend_in_order():
    z = [landmarks.point(f"anterior_sacral_foramen_s{i}_right")[2] for i in range(1, 5)]
    assert z == sorted(z, reverse=True)


def test_unknown_landmark_is_a_key_error():
    with pytest.raises(KeyError):
        landmarks.point("nonexistent_right")
