"""Render tier: the built-in scenes render pixel for pixel as the reference images say.

The references in tests/golden/ pin the pictures across refactors ("no behaviour change" means
no pixel change). When a change is meant to alter the pictures (new anatomy, new styling),
look at the new renders, then run `make golden` and commit them with the change.
"""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import scenes
from scenes.offscreen import Renderer, with_output

pytestmark = pytest.mark.render
GOLDEN = Path(__file__).parent / "golden"
SIZE = (640, 360)


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_builtin_scene_matches_its_reference(renderer, name):
    reference = GOLDEN / f"{name}.png"
    assert reference.exists(), f"no reference for {name}: run `make golden`"
    shown = renderer.image(with_output(scenes.load(name), size=SIZE))
    expected = np.asarray(Image.open(reference))
    assert shown.shape == expected.shape
    differ = int((shown != expected).any(axis=-1).sum())
    assert differ == 0, f"{differ} pixels of {name} differ from tests/golden/{name}.png"


def write_references(folder: Path = GOLDEN) -> None:
    """Render every built-in scene as the new references (`make golden`)."""
    renderer = Renderer()
    for name in scenes.builtin_names():
        renderer.render(scenes.load(name), folder / f"{name}.png", size=SIZE)


if __name__ == "__main__":
    write_references()
