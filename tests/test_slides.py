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


def _leaders(built) -> list[tuple[str, np.ndarray, np.ndarray, tuple]]:
    """(name, end dot, where it meets its box, box) of every leader: the labels' and the clinical
    layers' tags (laid out first, then kept clear of by the labels)."""
    out = [(b.text, np.array(b.anchor), np.clip(b.anchor, (b.x0, b.y0), (b.x1, b.y1)),
            (b.x0, b.y0, b.x1, b.y1)) for b in built.labels]
    return out + [(f"tag {i}", b.anchor, b.attach, b.rect()) for i, b in enumerate(built.placed)]


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_no_leader_crosses_another_or_runs_over_a_dot_or_a_box(renderer, name):
    """A leader that crosses another, runs over another's end dot or through a box (the title, a
    legend, a tag) reads as ending on the wrong structure; a dot under a box cannot be seen
    (issue 10: foramen, deep-gluteal, sgn-safe-zone)."""
    from scenes.layers.label_layout import _crosses, _through, grazes

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (plotter, built):
        w = plotter.renderer.GetSize()[0]
        leaders = _leaders(built)
        boxes = [(n, rect) for n, _, _, rect in leaders] + [("a title or legend", r) for r in built.reserved]
    faults = [f"{a} crosses {c}" for i, (a, *ab, _) in enumerate(leaders) for (c, *cd, _) in leaders[:i]
              if _crosses(*ab, *cd)]
    faults += [f"{a} runs over the dot of {c}" for a, p, q, _ in leaders for c, dot, _, _ in leaders
               if c != a and grazes(p, q, dot, 0.008 * w)]
    faults += [f"{a} runs through the box of {c}" for a, p, q, own in leaders for c, rect in boxes
               if rect != own and _through(p, q, rect)]
    faults += [f"the dot of {a} is under the box of {c}" for a, dot, _, own in leaders for c, r in boxes
               if r != own and r[0] <= dot[0] <= r[2] and r[1] <= dot[1] <= r[3]]
    assert not faults, "\n".join(sorted(set(faults)))
