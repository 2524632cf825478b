"""Quiz (issue 12): quiz sets as TOML, the session's marking, and the quiz dock in the real window."""


import numpy as np
import pytest

from scenes.catalog import CATALOG
from scenes.teaching.quiz import QuizError, Session, builtin_quizzes, load_quiz, parse_quiz


def test_builtin_quiz_set_loads_with_both_modes():
    assert "gluteal-region" in builtin_quizzes()
    quiz = load_quiz("gluteal-region")
    assert {i.mode for i in quiz.items} == {"name", "click"}
    assert all(i.structure in CATALOG for i in quiz.items)


def test_session_marks_names_synonyms_and_clicks():
    quiz = parse_quiz("""
title = "t"
shuffle = false
choices = 3
[[items]]
structure = "inferior_gluteal_nerve_right"
[[items]]
structure = "piriformis_right"
[[items]]
structure = "sciatic_nerve_right"
mode = "click"
[[items]]
structure = "gluteus_medius_right"
hint = "above piriformis"
""")
    s = Session(quiz, seed=0)
    assert s.question() == "Name the highlighted structure."
    names = s.choices()
    assert len(names) == 3 and "Inferior gluteal nerve" in names and len(set(names)) == 3
    assert s.answer("  ign ").correct  # a synonym, any case and spacing
    assert s.answer("Piriformis muscle").correct
    assert s.question() == "Click the sciatic nerve."
    assert s.choices() == []
    assert not s.answer("piriformis_right").correct  # clicked the wrong structure
    assert not s.answer("gluteus").correct  # ambiguous: medius, minimus or maximus
    assert s.done and s.score == 2
    assert [a.item.structure for a in s.missed] == ["sciatic_nerve_right", "gluteus_medius_right"]
    text = s.summary()
    assert text.startswith("Score: 2 of 4") and "Sciatic nerve (answered: Piriformis)" in text
    assert "above piriformis" in text


def test_a_quiz_file_names_its_scene_relative_to_itself(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "q.toml").write_text('scene = "./mine.toml"\n[[items]]\nstructure = "coccyx"\n')
    quiz = load_quiz(tmp_path / "sub" / "q.toml")
    assert quiz.scene == str(tmp_path / "sub" / "mine.toml") and quiz.name == "q"
    with pytest.raises(QuizError, match="no built-in quiz named 'gluteal'"):
        load_quiz("gluteal")


@pytest.mark.parametrize("text, words", [
    ('[[items]]\nstructure = "piriformis"', "did you mean 'piriformis_right'"),
    ('mode = "point"\n[[items]]\nstructure = "piriformis_right"', "must be one of 'name', 'click'"),
    ('title = "x"', "needs at least one [[items]]"),
    ('[[items]]\nstructure = "piriformis_right"\nmodes = "click"', "items[0].modes: unknown key"),
    ('choices = 30\n[[items]]\nstructure = "piriformis_right"', "choices: must be between 0 and 8"),
])
def test_bad_quiz_files_are_one_clear_line(text, words):
    with pytest.raises(QuizError) as info:
        parse_quiz(text, "bad.toml")
    assert words in str(info.value) and str(info.value).startswith("bad.toml: ")


# --- the window --------------------------------------------------------------------------------

@pytest.fixture
def window_scene() -> str:
    return "lateral"


def _spot(window, sid):
    """A widget position where a click picks the structure."""
    from meshes import PATHS, centreline

    pts = (np.concatenate([centreline(sid, p.name) for p in PATHS[sid]]) if sid in PATHS
           else np.asarray(window.view.meshes[sid].points)[::40])
    for p in pts:
        pos = window.view.screen_position(p)
        if window.view.widget.rect().contains(pos) and window.view.pick_at(pos) == sid:
            return pos
    raise AssertionError(f"no visible point of {sid}")


@pytest.mark.gui
def test_quiz_in_the_window(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    import scenes
    from viewer.quiz import ASK_COLOR

    qtbot.keyClick(window.view.widget, Qt.Key.Key_Q)
    assert window.quiz_dock.isVisible()
    panel = window.quiz
    bad = tmp_path / "bad.toml"
    bad.write_text('scene = "nowhere"\n[[items]]\nstructure = "coccyx"\n')
    assert not panel.start(str(bad))  # reported in the panel; the view is left as it was
    assert "Cannot start this quiz" in panel.feedback.text() and "nowhere" in panel.feedback.text()
    assert window.state.scene.name == "lateral" and panel.session is None
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    session = panel.session
    assert window.state.scene.name == "posterior" and not window.state.scene.output.labels
    wrong = {"name": 0, "click": 0}
    for k in range(len(session.order)):
        item = session.current
        name = CATALOG[item.structure].name
        assert f"question {k + 1} of {len(session.order)}" in panel.progress.text()
        if item.mode == "name":
            actor = window.view.built.actors[item.structure]
            assert np.allclose(actor.prop.color.float_rgb, np.array([0x00, 0xb4, 0xff]) / 255, atol=0.01)
            assert ASK_COLOR == "#00b4ff" and panel.typed.isVisible()
            if not wrong["name"]:  # a wrong name, typed
                wrong["name"] = 1
                qtbot.keyClicks(panel.typed, "coccyx")
                qtbot.keyClick(panel.typed, Qt.Key.Key_Return)
                assert "Not quite" in panel.feedback.text() and name.lower() in panel.feedback.text()
            else:  # the right one, picked from the list
                row = next(i for i in range(panel.choices.count()) if panel.choices.item(i).text() == name)
                rect = panel.choices.visualItemRect(panel.choices.item(row))
                qtbot.mouseClick(panel.choices.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                assert panel.feedback.text() == f"Right: {name}."
            # answered: the structure has its own style back
            assert window.state.scene.style(item.structure) == scenes.load("posterior").style(item.structure)
        else:
            assert panel.question.text() == f"Click the {name.lower()}."
            target = item.structure if wrong["click"] else "femur_right"
            wrong["click"] = 1
            qtbot.mouseClick(window.view.widget, Qt.MouseButton.LeftButton, pos=_spot(window, target))
    assert session.done and session.score == len(session.order) - 2
    assert len(session.missed) == 2 and panel.summary.isVisible()
    assert panel.question.text() == f"Score: {session.score} of {len(session.order)}"
    assert "Missed:" in panel.summary.toPlainText() and "Right femur" in panel.summary.toPlainText()
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert window.state.scene.name == "lateral"  # the scene before the quiz is back
