"""Injection safety (issue 13): sites from landmarks and skin, needle, layer at the tip, distances.

The distances printed by `injection --json` are checked against distances computed here from the
files `export-meshes` writes (paths.json centrelines and radii, mesh files), by another method:
centrelines resampled every 0.02 mm and the nearest sample found by brute force.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import trimesh

from meshes import point
from scenes import cli
from scenes.clinical import injection

SITES = ("dorsogluteal-quadrant", "dorsogluteal-line", "ventrogluteal")


@pytest.fixture(scope="module")
def exported(built_meshes, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    assert cli.main(["export-meshes", str(out)]) == 0
    return out, json.loads((out / "paths.json").read_text())["paths"]


def _injection_json(capsys, *args) -> dict:
    capsys.readouterr()
    assert cli.main(["injection", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _ray_hits(mesh: trimesh.Trimesh, origin, direction) -> np.ndarray:
    """Distances along a ray to every face it crosses (Moller-Trumbore in numpy, no VTK)."""
    v0, v1, v2 = (mesh.triangles[:, k] for k in range(3))
    e1, e2 = v1 - v0, v2 - v0
    p = np.cross(direction, e2)
    det = np.einsum("ij,ij->i", e1, p)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = origin - v0
    u = np.einsum("ij,ij->i", s, p) * inv
    q = np.cross(s, e1)
    v = (q @ direction) * inv
    t = np.einsum("ij,ij->i", e2, q) * inv
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0)
    return t[hit]


def _contains(mesh: trimesh.Trimesh, p) -> bool:
    """Ray parity, by majority over three skew directions (robust to grazing an edge)."""
    dirs = np.array([[0.577, 0.577, 0.577], [-0.31, 0.83, -0.46], [0.72, -0.21, -0.66]])
    votes = [len(_ray_hits(mesh, np.asarray(p, float), d / np.linalg.norm(d))) % 2 for d in dirs]
    return sum(votes) >= 2


def _surface_distance(p: np.ndarray, paths: dict, structure: str) -> float:
    """Nearest resampled centreline point of any part, minus that part's radius."""
    best = np.inf
    for entry in paths.values():
        if entry["structure"] != structure:
            continue
        line = np.asarray(entry["points"], float)
        seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
        s = np.concatenate([[0.0], np.cumsum(seg)])
        t = np.linspace(0.0, s[-1], max(2, int(s[-1] / 0.02)))
        dense = np.stack([np.interp(t, s, line[:, k]) for k in range(3)], axis=1)
        best = min(best, float(np.linalg.norm(dense - p, axis=1).min()) - entry["radius"])
    return best


@pytest.mark.parametrize("depth", [25.0, 50.0])
def test_json_distances_match_the_exported_paths(exported, capsys, depth):
    _, paths = exported
    doc = _injection_json(capsys, "--depth", str(depth))
    assert [s["id"] for s in doc["sites"]] == list(SITES)
    for site in doc["sites"]:
        assert {"id", "entry", "tip", "layer", "distances_mm"} <= set(site)
        tip = np.asarray(site["tip"])
        expected = {"sciatic_nerve_right", "superior_gluteal_nerve_right", "inferior_gluteal_nerve_right",
                    "superior_gluteal_artery_right", "inferior_gluteal_artery_right"}
        assert expected <= set(site["distances_mm"])
        for sid, mm in site["distances_mm"].items():
            assert mm == pytest.approx(_surface_distance(tip, paths, sid), abs=0.03), (site["id"], sid)
        # the shaft is never farther from a nerve than its own tip
        for sid, mm in site["shaft_distances_mm"].items():
            assert mm <= site["distances_mm"][sid] + 1e-9


def test_needle_is_perpendicular_to_the_exported_skin_and_tip_at_depth(exported, capsys):
    folder, _ = exported
    skin = trimesh.load(folder / "skin_right.ply", process=False)
    doc = _injection_json(capsys, "--depth", "40")
    for site in doc["sites"]:
        entry, tip, d = (np.asarray(site[k]) for k in ("entry", "tip", "direction"))
        assert np.linalg.norm(d) == pytest.approx(1.0, abs=1e-3)
        assert np.linalg.norm(tip - entry) == pytest.approx(40.0, abs=0.02)
        # on the skin's outer surface: coming in along the needle, the skin is first met there
        hits = _ray_hits(skin, entry - 300 * d, d)
        assert hits.min() == pytest.approx(300, abs=0.05), site["id"]
        near = np.linalg.norm(skin.triangles_center - entry, axis=1) < 10
        near &= skin.face_normals @ -d > 0  # the outer sheet's faces there
        mean = (skin.face_normals[near] * skin.area_faces[near][:, None]).sum(0)
        angle = np.degrees(np.arccos(np.clip(mean @ -d / np.linalg.norm(mean), -1, 1)))
        assert angle < 3.0, (site["id"], angle)


def test_layer_at_the_tip_is_the_exported_solid_that_holds_it(exported, capsys):
    folder, _ = exported
    meshes = {s: trimesh.load(folder / f"{s}.ply", process=False) for s in injection.TISSUES}
    seen = set()
    for depth in ("10", "35", "60"):
        for site in _injection_json(capsys, "--depth", depth)["sites"]:
            tip = np.asarray(site["tip"])[None]
            layer = site["layer"]
            seen.add(layer)
            solids = list(injection.TISSUES)
            holding = [s for s in solids if _contains(meshes[s], tip[0])]
            if layer in ("fat", "intermuscular", "beyond_bone"):
                assert not holding, (site["id"], depth, holding)
            else:
                assert holding and holding[0] == layer, (site["id"], depth, holding)
            # the layers passed run from the skin, end to end, down to the tip
            passes = site["passes"]
            assert passes[0]["from_mm"] == 0 and passes[-1]["to_mm"] == pytest.approx(float(depth))
            assert passes[-1]["layer"] == layer
    assert "gluteus_maximus_right" in seen and "fat" in seen  # shallow and deep tips differ


def _cross2(a, b) -> float:
    return float(a[0] * b[1] - a[1] * b[0])


def test_sites_follow_their_rules(built_meshes):
    found = injection.sites(built_meshes)
    # quadrant: above the natal-cleft line, lateral to the vertical from the crest's top
    q = found["dorsogluteal-quadrant"].entry
    assert point("sacral_hiatus_apex")[2] < q[2] < point("iliac_crest_top_right")[2]
    assert q[0] > point("iliac_crest_top_right")[0]
    assert found["dorsogluteal-quadrant"].direction[1] > 0  # aimed from behind, forward
    # line rule: above and lateral to the PSIS-trochanter line, seen from behind (x, z)
    psis, gt = point("psis_right")[[0, 2]], point("greater_trochanter_tip_right")[[0, 2]]
    e = found["dorsogluteal-line"].entry[[0, 2]]
    side = _cross2(gt - psis, e - psis)  # > 0: to the left of PSIS->GT, i.e. above and lateral
    assert side > 0
    # ventrogluteal: inside the V (the triangle GT - ASIS - iliac tubercle), seen from the side (y, z)
    tri = [point(n)[[1, 2]] for n in ("greater_trochanter_tip_right", "asis_right", "iliac_tubercle_right")]
    v = found["ventrogluteal"].entry[[1, 2]]
    signs = [_cross2(tri[(i + 1) % 3] - tri[i], v - tri[i]) for i in range(3)]
    assert all(s > 0 for s in signs) or all(s < 0 for s in signs)
    for s in found.values():
        assert s.direction @ (point("hip_joint_center_right") - s.entry) > 0  # into the body


def test_deeper_needle_comes_closer_and_passes_through_gluteus_maximus(built_meshes):
    site = injection.sites(built_meshes)["dorsogluteal-line"]
    shallow, deep = (injection.needle(site, d, built_meshes) for d in (20.0, 60.0))
    assert shallow.layer == "fat"
    assert "gluteus_maximus_right" in [p[0] for p in deep.passes]
    assert deep.distances["superior_gluteal_nerve_right"] < shallow.distances["superior_gluteal_nerve_right"]


def test_plain_output_and_bad_input(built_meshes, capsys):
    assert cli.main(["injection", "ventrogluteal", "--depth", "30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ventrogluteal:") and "Superior gluteal nerve" in out and "tip" in out
    assert cli.main(["injection", "ventro"]) == 2
    assert "did you mean 'ventrogluteal'" in capsys.readouterr().err
    for bad in ("0", "-5", "900"):
        assert cli.main(["injection", "--depth", bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--depth" in err
