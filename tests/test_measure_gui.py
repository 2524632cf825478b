"""GUI tier: the measure tool in the real window under Xvfb, clicked by pytest-qt."""

import shutil

import numpy as np
import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]

IGN = "inferior_gluteal_nerve_right"


@pytest.fixture
def window_scene() -> str:
    """The lateral plate: the posterior one reflects gluteus maximus, and the nerve it carries is
    drawn away from the course that `along` measures on."""
    return "lateral"



def _click(qtbot, widget, pos):
    from PySide6.QtCore import Qt

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _nerve_spots(window, sid, parts):
    """Widget positions where a click lands on the nerve, from its centreline points."""
    from meshes import centreline

    spots = []
    for part in parts:
        for p in centreline(sid, part)[::3]:
            pos = window.view.screen_position(p)
            if window.view.widget.rect().contains(pos) and window.view.pick_at(pos) == sid \
                    and window.view.built.label_at(*window.view._to_display(pos)) is None:
                spots.append(pos)
    return spots


def test_two_clicks_on_the_nerve_measure_straight_and_along(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    import scenes
    from meshes import centreline
    from scenes.teaching.measure import along

    qtbot.keyClick(window.view.widget, Qt.Key.Key_M)
    assert window.measure.active and window.measure_action.isChecked()
    spots = _nerve_spots(window, IGN, ["branch_1", "branch_2", "branch_3"])
    assert len(spots) >= 2
    first = spots[0]
    second = max(spots, key=lambda p: (p - first).manhattanLength())
    _click(qtbot, window.view.widget, first)
    _click(qtbot, window.view.widget, second)
    tool = window.measure
    assert [sid for sid, _ in tool.points] == [IGN, IGN]
    a, b = (p for _, p in tool.points)
    # each clicked point lies on the nerve's surface: within its radius (and a little) of the centreline
    lines = np.concatenate([centreline(IGN, p) for p in ("branch_1", "branch_2", "branch_3", "trunk")])
    for p in (a, b):
        assert np.linalg.norm(lines - p, axis=1).min() < 3.5
    assert tool.result.value_mm == pytest.approx(np.linalg.norm(a - b), abs=1e-6)
    assert tool.along_result.value_mm == pytest.approx(along(a, b, IGN).value_mm, abs=1e-6)
    assert tool.along_result.value_mm >= tool.result.value_mm - 1.0  # a path is never shorter than the chord
    status = window.statusBar().currentMessage()
    assert f"Straight: {tool.result.value_mm:.1f} mm" in status
    assert f"{tool.along_result.value_mm:.1f} mm" in status

    reserved = len(window.view.built.reserved)
    qtbot.keyClick(window.view.widget, Qt.Key.Key_K)  # keep it in the scene, then save the view
    assert len(window.state.scene.measurements) == 1
    kept = window.state.scene.measurements[0]
    assert kept.along == IGN and np.allclose(kept.start, a, atol=0.01)
    assert tool.points == [] and "Kept in the scene" in window.statusBar().currentMessage()
    saved = window.save_view(tmp_path / "measured.toml")
    assert scenes.load(saved).measurements == window.state.scene.measurements
    # the kept measurement is drawn by the measurements layer: its value box is reserved
    assert len(window.view.built.reserved) == reserved + 1


def test_a_click_on_the_background_adds_no_point(window, qtbot):
    from PySide6.QtCore import QPoint, Qt

    qtbot.keyClick(window.view.widget, Qt.Key.Key_M)
    _click(qtbot, window.view.widget, QPoint(5, window.view.widget.height() - 5))
    assert window.measure.points == []


def test_hover_names_the_distance_to_the_nearest_nerve(window, qtbot):
    from PySide6.QtCore import Qt

    from scenes.teaching.measure import nearest_nerve

    qtbot.keyClick(window.view.widget, Qt.Key.Key_M)
    box = next(b for b in window.view.built.labels if b.structure == "piriformis_right")
    pos = window.view._to_widget(*box.anchor)
    qtbot.mouseMove(window.view.widget, pos)
    qtbot.waitUntil(lambda: "nearest nerve" in window.statusBar().currentMessage(), timeout=3000)
    sid, xyz = window.measure.surface_point(pos)
    near = nearest_nerve(xyz)
    assert f"{near.surface_mm:.1f} mm" in window.statusBar().currentMessage()
    assert sid == "piriformis_right" and "Piriformis" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view.widget, Qt.Key.Key_M)  # M again leaves the tool
    assert not window.measure.active
