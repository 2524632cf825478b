"""Pure tier: the view state drives selection, styles, ghosting and labels without Qt."""

import scenes
from scenes.state import GHOST_OPACITY, ViewState


def _recorder(signal):
    seen = []
    signal.connect(lambda *args: seen.append(args[0] if args else None))
    return seen


def test_selection_is_announced_once_and_unknown_ids_clear_it():
    state = ViewState(scenes.load("posterior"))
    seen = _recorder(state.selection_changed)
    state.select("piriformis_right")
    state.select("piriformis_right")  # an echo from a widget changes nothing
    state.select("no_such_structure")
    assert seen == ["piriformis_right", ""]
    assert state.selection == ""


def test_style_changes_are_idempotent_and_hiding_the_selection_clears_it():
    state = ViewState(scenes.load("posterior"))
    styles, selections = _recorder(state.style_changed), _recorder(state.selection_changed)
    state.select("sacrum")
    state.set_style("sacrum", opacity=0.5)
    state.set_style("sacrum", opacity=0.5)
    state.set_style("sacrum", visible=False)
    assert styles == ["sacrum", "sacrum"]
    assert selections == ["sacrum", ""]
    assert state.scene.style("sacrum") == scenes.Style(visible=False, opacity=0.5)


def test_ghosting_spares_the_selection_and_restores_every_opacity():
    state = ViewState(scenes.load("posterior"))
    before = {s: state.scene.style(s).opacity for s in ("sacrum", "gluteus_maximus_right")}
    state.select("piriformis_right")
    seen = _recorder(state.ghosting_changed)
    state.set_ghosting(True)
    assert state.scene.style("sacrum").opacity == GHOST_OPACITY
    assert state.scene.style("piriformis_right").opacity == 1.0
    assert state.scene.style("inferior_gluteal_nerve_right").opacity == 1.0  # paths stay
    state.set_ghosting(False)
    assert {s: state.scene.style(s).opacity for s in before} == before
    assert seen == [True, False]


def test_a_new_scene_is_a_copy_and_ends_ghosting():
    scene = scenes.load("foramen")
    state = ViewState()
    state.set_ghosting(True)
    rebuilt = _recorder(state.scene_changed)
    state.set_scene(scene)
    state.set_style("sacrum", visible=False)
    assert scene.style("sacrum").visible  # the caller's scene is untouched
    assert not state.ghosting and len(rebuilt) == 1


def test_isolate_keeps_the_structure_and_the_bones():
    state = ViewState(scenes.load("posterior"))
    state.isolate("sciatic_nerve_right")
    shown = set(state.scene.visible())
    assert "sciatic_nerve_right" in shown and "sacrum" in shown
    assert "piriformis_right" not in shown
    state.show_all()
    assert "piriformis_right" in state.scene.visible()
