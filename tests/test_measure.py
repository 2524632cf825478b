"""Measurement (issue 12): the `measure` command checked against distances computed here, from
the files `export-meshes` and `check --json` write (paths.json, the landmark table), by other means
(a dense resampling of each centreline instead of projection onto segments)."""

import json

import numpy as np
import pytest

from scenes import cli


@pytest.fixture(scope="module")
def exported(built_meshes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    assert cli.main(["export-meshes", str(folder)]) == 0
    return json.loads((folder / "paths.json").read_text())["paths"]


@pytest.fixture(scope="module")
def landmarks(built_meshes):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", "--json"])
    return {k: np.array(v) for k, v in json.loads(out.getvalue())["landmarks"].items()}


def _run(capsys, *argv) -> dict:
    assert cli.main(["measure", "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def _dense(points, step=0.02) -> tuple[np.ndarray, np.ndarray]:
    """The polyline resampled every `step` mm: (points, arc length of each)."""
    pts = np.asarray(points, float)
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    cum = np.r_[0, np.cumsum(seg)]
    s = np.arange(0, cum[-1], step)
    return np.c_[[np.interp(s, cum, pts[:, k]) for k in range(3)]].T, s


@pytest.mark.parametrize("a, b", [("psis_right", "ischial_tuberosity_right"),
                                  ("psis_right", "greater_trochanter_tip_right"),
                                  ("ischial_tuberosity_right", "greater_trochanter_tip_right"),
                                  ("piis_left", "coccyx_tip")])
def test_straight_distance_between_landmarks(capsys, landmarks, a, b):
    doc = _run(capsys, a, b)
    assert doc["distance_mm"] == pytest.approx(np.linalg.norm(landmarks[a] - landmarks[b]), abs=0.01)
    assert doc["a"]["input"] == a and doc["b"]["input"] == b and doc["kind"] == "straight"


def test_coordinates_and_negative_numbers(capsys, landmarks):
    doc = _run(capsys, "--", "-40,-140,22", "psis_right")
    expected = np.linalg.norm(landmarks["psis_right"] - [-40, -140, 22])
    assert doc["distance_mm"] == pytest.approx(expected, abs=0.01)
    assert doc["a"]["xyz"] == [-40.0, -140.0, 22.0]


@pytest.mark.parametrize("path", ["inferior_gluteal_nerve_right.trunk", "sciatic_nerve_right.trunk",
                                  "inferior_gluteal_nerve_right.branch_2",
                                  "superior_gluteal_artery_right.trunk"])
def test_length_of_a_path_matches_paths_json(capsys, exported, path):
    pts = np.array(exported[path]["points"])
    expected = np.linalg.norm(np.diff(pts, axis=0), axis=1).sum()
    doc = _run(capsys, "--length", path)
    assert set(doc) >= {"length_mm", "path"} and doc["path"] == path
    assert doc["length_mm"] == pytest.approx(expected, abs=0.05)  # paths.json rounds to 0.01 mm


@pytest.mark.parametrize("a, b, path", [
    ("piis_right", "greater_trochanter_tip_right", "inferior_gluteal_nerve_right.trunk"),
    ("ischial_spine_right", "ischial_tuberosity_right", "sciatic_nerve_right.trunk"),
    ("60,-110,-40", "100,-100,-90", "inferior_gluteal_nerve_right.branch_1"),
])
def test_length_along_a_path_matches_paths_json(capsys, exported, landmarks, a, b, path):
    dense, s = _dense(exported[path]["points"])
    ends = [landmarks[p] if p in landmarks else np.array([float(v) for v in p.split(",")]) for p in (a, b)]
    doc = _run(capsys, a, b, "--along", path)
    assert doc["along"] == path and doc["kind"] == "along"
    assert doc["distance_mm"] == pytest.approx(abs(doc["at_mm"][1] - doc["at_mm"][0]), abs=0.011)
    for at, off, p in zip(doc["at_mm"], doc["off_path_mm"], ends, strict=True):
        gap = np.linalg.norm(dense - p, axis=1)
        # where the point falls is a nearest position: no point of the path is closer (the
        # position itself is ill-conditioned far from a path, the distance at it is not)
        assert off == pytest.approx(gap.min(), abs=0.02)
        assert np.interp(at, s, gap) == pytest.approx(gap.min(), abs=0.02)


def test_along_a_whole_nerve_goes_through_its_branch_point(capsys, exported):
    """From the end of one IGN branch to the end of another: down one branch, up the other."""
    b1, b2 = (exported[f"inferior_gluteal_nerve_right.{b}"]["points"] for b in ("branch_1", "branch_2"))
    trunk = np.array(exported["inferior_gluteal_nerve_right.trunk"]["points"])
    ign = "inferior_gluteal_nerve_right"
    doc = _run(capsys, f"{ign}.branch_1@end", f"{ign}.branch_2@end", "--along", ign)

    def span(points):
        p = np.asarray(points)
        return np.linalg.norm(np.diff(p, axis=0), axis=1).sum()

    # both branches leave the trunk; the way between their ends runs down the trunk between the
    # two branch points: at least the two branches, at most the branches plus the whole trunk
    assert span(b1) + span(b2) - 1 <= doc["distance_mm"] <= span(b1) + span(b2) + span(trunk)
    assert doc["off_path_mm"] == [0.0, 0.0]


def test_path_points_are_the_exported_ends(capsys, exported):
    pts = exported["inferior_gluteal_nerve_right.trunk"]["points"]
    doc = _run(capsys, "inferior_gluteal_nerve_right.trunk@start", "inferior_gluteal_nerve_right.trunk@end")
    assert doc["distance_mm"] == pytest.approx(np.linalg.norm(np.subtract(pts[0], pts[-1])), abs=0.05)


@pytest.mark.parametrize("argv, words", [
    (["psis", "ischial_tuberosity_right"], "unknown point 'psis' (did you mean 'psis_right'?)"),
    (["psis_right"], "give two points"),
    (["--length", "inferior_gluteal_nerve_right.trnk"], "did you mean 'inferior_gluteal_nerve_right.trunk'"),
    (["psis_right", "piis_right", "--along", "femur_right"], "unknown path"),
    (["psis_right", "--length", "sciatic_nerve_right.trunk"], "--length takes a path only"),
    (["inferior_gluteal_nerve_right.trunk@2", "psis_right"], "after '@'"),
    (["1,2,nan", "psis_right"], "unknown point"),
])
def test_bad_input_is_one_clear_line(capsys, argv, words):
    assert cli.main(["measure", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_nearest_nerve_matches_a_brute_force_search(exported):
    from meshes import REGISTRY
    from scenes.teaching.measure import nearest_nerve

    p = np.array([110.0, -95.0, -70.0])
    best = min(((np.linalg.norm(_dense(v["points"], 0.05)[0] - p, axis=1).min() - v["radius"], k)
                for k, v in exported.items() if REGISTRY[v["structure"]].kind == "nerve"))
    got = nearest_nerve(p)
    assert got.path == best[1]
    assert got.surface_mm == pytest.approx(best[0], abs=0.05)


def test_list_names_the_points_and_paths(capsys, exported, landmarks):
    assert cli.main(["measure", "--list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["paths"]) == set(exported)
    assert doc["landmarks"]["psis_left"] == pytest.approx(list(landmarks["psis_left"]), abs=0.01)
    assert cli.main(["measure", "--list"]) == 0
    out = capsys.readouterr().out
    assert "landmark psis_right" in out and "path     inferior_gluteal_nerve_right.trunk" in out
