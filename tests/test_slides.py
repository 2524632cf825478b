"""Render tier: the built-in scenes as a lecturer puts them on a slide (issue "slide-grade")."""

import numpy as np
import pytest

import scenes
from scenes.offscreen import Renderer, with_output

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_every_leader_ends_on_its_own_structure(renderer, name):
    from scenes.picking import Picker

    scene = with_output(scenes.load(name), size=(1280, 720))
    with renderer.open(scene) as (plotter, built):
        picker = Picker()
        wrong = {b.structure: picker.pick(plotter.renderer, built.actors, *b.anchor) for b in built.labels}
    wrong = {sid: hit for sid, hit in wrong.items() if hit != sid}
    assert not wrong, f"leaders ending on another structure (label: picked): {wrong}"


@pytest.mark.parametrize("name", ["foramen", "posterior", "lateral", "roots"])
def test_leaders_are_short_and_do_not_cross(renderer, name):
    from scenes.layers.label_layout import _crosses

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (_, built):
        boxes = built.labels
    ends = [(np.array(b.anchor), np.clip(b.anchor, (b.x0, b.y0), (b.x1, b.y1))) for b in boxes]
    lengths = [np.linalg.norm(e - a) for a, e in ends]
    assert np.median(lengths) < 300, f"median leader {np.median(lengths):.0f} px at 1920 wide"
    crossings = sum(_crosses(*ends[i], *ends[j]) for i in range(len(ends)) for j in range(i))
    assert crossings <= 1, f"{crossings} leaders cross"
