import dataclasses

import numpy as np
import pytest

from meshes import checks
from meshes.anatomy import paths
from meshes.anatomy.landmarks import point as landmark
from meshes.checks import Geometry
from meshes.checks import paths as path_checks


def test_all_invariants_pass(built_meshes):
    results = checks.run(built_meshes)
    assert [r.name for r in results if not r.ok] == []
    assert len(results) >= 10


def _with_trunk(monkeypatch, structure, points):
    parts = [dataclasses.replace(p, points=tuple(map(tuple, points))) if p.name == "trunk" else p
             for p in paths.PATHS[structure]]
    monkeypatch.setitem(paths.PATHS, structure, parts)
    paths.centreline.cache_clear()


@pytest.fixture
def restore_paths():
    yield
    paths.centreline.cache_clear()


def test_nerve_through_piriformis_is_caught(built_meshes, monkeypatch, restore_paths):
    from meshes.anatomy.muscles import PIRIFORMIS_GAP

    trunk = [paths.IGN_JUNCTION, PIRIFORMIS_GAP + (-6, 0, 0), PIRIFORMIS_GAP + (6, -10, 0), paths.IGN_SPLIT]
    _with_trunk(monkeypatch, "inferior_gluteal_nerve_right", trunk)
    result = path_checks.ign_below_piriformis(Geometry(built_meshes))
    assert not result.ok


def test_nerve_through_bone_is_caught(built_meshes, monkeypatch, restore_paths):
    spine = np.array(landmark("ischial_tuberosity_right"))
    trunk = [paths.IGN_JUNCTION, spine + (0, 0, 8), paths.IGN_SPLIT]
    _with_trunk(monkeypatch, "inferior_gluteal_nerve_right", trunk)
    assert not path_checks.no_path_in_bone(Geometry(built_meshes)).ok


def test_branch_ending_outside_the_muscle_is_caught(built_meshes, monkeypatch, restore_paths):
    parts = [dataclasses.replace(p, points=p.points[:1] + ((120.0, -40.0, -60.0),))
             if p.name.startswith("branch") else p for p in paths.PATHS["inferior_gluteal_nerve_right"]]
    monkeypatch.setitem(paths.PATHS, "inferior_gluteal_nerve_right", parts)
    paths.centreline.cache_clear()
    assert not path_checks.branches_in_gluteus_maximus(Geometry(built_meshes)).ok


def test_paths_run_proximal_to_distal():
    trunk = paths.centreline("inferior_gluteal_nerve_right", "trunk")
    assert np.allclose(trunk[0], paths.IGN_JUNCTION) and np.allclose(trunk[-1], paths.IGN_SPLIT)
    for part in paths.PATHS["inferior_gluteal_nerve_right"]:
        if part.name.startswith("branch"):
            assert part.parent == "trunk"
            assert np.allclose(paths.centreline("inferior_gluteal_nerve_right", part.name)[0], trunk[-1])
