import logging

import numpy as np
import pytest

from meshes import cache


def test_warm_load_matches(built_meshes):
    again = cache.load(["sacrum", "inferior_gluteal_nerve_right"])
    assert np.array_equal(again["sacrum"].points, built_meshes["sacrum"].points)


def test_corrupt_file_is_rebuilt_with_a_log_line(built_meshes, caplog):
    target = cache.cache_dir() / "coccyx.npz"
    target.write_bytes(b"not a numpy file")
    with caplog.at_level(logging.WARNING):
        mesh = cache.load(["coccyx"], workers=1)["coccyx"]
    assert "unreadable" in caplog.text
    assert mesh.n_cells == built_meshes["coccyx"].n_cells
    assert np.load(target)["points"].shape[1] == 3  # the good file is back


def test_missing_file_is_rebuilt(built_meshes):
    target = cache.cache_dir() / "piriformis_right.npz"
    target.unlink()
    cache.load(["piriformis_right"], workers=1)
    assert target.exists()


def test_key_changes_with_the_builders(monkeypatch):
    from meshes import cachedir

    key = cache.code_key()
    monkeypatch.setattr(cachedir, "FORMAT", cachedir.FORMAT + 1)
    assert cache.code_key() != key


def _fails(sid):
    raise ValueError(f"no builder for {sid}")


def test_a_builder_error_in_a_worker_reaches_the_caller(monkeypatch):
    monkeypatch.setattr(cache, "_build_packed", _fails)  # the workers are forked: they see it
    with pytest.raises(ValueError, match="no builder for"):
        list(cache._build_all(["a", "b", "c"], workers=2))


def test_workers_that_die_are_an_error_not_a_wait_for_ever(monkeypatch):
    """Killed for memory, say: the build stops with a message (a Pool would wait for ever)."""
    import os

    monkeypatch.setattr(cache, "_build_packed", lambda sid: os._exit(9))
    with pytest.raises(RuntimeError, match=r"exit status \[9\]"):
        list(cache._build_all(["a", "b", "c"], workers=2))
