"""GUI tier: tour mode and "Export animation..." in the real window under Xvfb (pytest-qt)."""

import shutil

import numpy as np
import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]

QUICK = """
title = "Quick"
[[steps]]
scene = "posterior"
caption = "First, from **behind**."
highlight = ["piriformis_right"]
hold = 0.5
[[steps]]
scene = "foramen"
caption = "Second."
transition = 0.3
hold = 0.5
"""


@pytest.fixture(autouse=True)
def no_modal_warnings(monkeypatch):
    """A message box would wait for a click forever: fail instead (tests that expect one patch it)."""
    from PySide6.QtWidgets import QMessageBox

    def fail(*args):
        raise AssertionError(f"unexpected message: {args[2] if len(args) > 2 else args}")

    monkeypatch.setattr(QMessageBox, "warning", fail)


@pytest.fixture
def window(window):
    window.view.widget.setFocus()  # the tour keys go to the view
    return window


def _menu_action(window, menu: str, text: str):
    bar = window.menuBar()
    for top in bar.actions():
        if top.text().replace("&", "") == menu:
            for a in top.menu().actions():
                if a.text().replace("&", "") == text:
                    return a
    raise AssertionError(f"no {menu} > {text}")


def _camera(window):
    return np.array([list(v) for v in window.view.plotter.camera_position], float)


def test_tour_mode_keys_buttons_caption_and_leaving(window, qtbot):
    from PySide6.QtCore import Qt

    from scenes.teaching.camera_path import scene_pose

    window.view.plotter.camera.Azimuth(25)  # the user's own view, to come back to
    before, title = _camera(window), window.view.scene.title
    assert not window.tour_dock.isVisible()
    _menu_action(window, "Tour", "The inferior gluteal nerve, root to muscle").trigger()
    panel = window.tour_panel
    assert window.tour_dock.isVisible() and panel.progress.text() == "Step 1 of 8"
    assert "posterior divisions" in panel.caption.toPlainText()  # Markdown shown as text
    assert window.article.current == "inferior_gluteal_nerve_right"  # the article follows
    assert not panel.previous.isEnabled()
    view = window.view.widget
    for key, shown in ((Qt.Key.Key_Right, 2), (Qt.Key.Key_PageDown, 3), (Qt.Key.Key_PageUp, 2),
                       (Qt.Key.Key_Left, 1), (Qt.Key.Key_Right, 2)):
        qtbot.keyClick(view, key)
        assert panel.progress.text() == f"Step {shown} of 8"
        assert window.state.tour_step == shown - 1
    qtbot.mouseClick(panel.next, Qt.MouseButton.LeftButton)
    assert panel.progress.text() == "Step 3 of 8" and "below piriformis" in panel.caption.toPlainText()
    assert window.view.scene.title.startswith("3. Foramen")
    assert window.tour_motion.moving  # the camera flies in from where it was
    qtbot.waitUntil(lambda: not window.tour_motion.moving, timeout=60000)
    step = window.state.tour.steps[2]
    want = scene_pose(step.view(), window.view.meshes)
    assert np.allclose(_camera(window)[0], want.position, atol=0.5)
    assert all(a.GetVisibility() for a in window.view.built.overlay)  # caption and labels back
    pixels = window.view.plotter.screenshot(return_img=True)
    assert pixels.std() > 20  # a picture, not an empty frame
    qtbot.mouseClick(panel.leave, Qt.MouseButton.LeftButton)
    assert not window.tour_dock.isVisible() and window.state.tour is None
    assert window.view.scene.title == title
    assert np.allclose(_camera(window), before, atol=1e-3)  # the view from before the tour
    qtbot.keyClick(view, Qt.Key.Key_Right)  # arrow keys do nothing outside a tour
    assert window.state.tour is None and np.allclose(_camera(window), before, atol=1e-3)


def test_play_runs_through_a_tour_file_and_pauses(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    path = tmp_path / "quick.toml"
    path.write_text(QUICK)
    assert window.start_tour(str(path))
    panel = window.tour_panel
    assert window.article.current == "piriformis_right"
    qtbot.mouseClick(panel.play, Qt.MouseButton.LeftButton)
    assert panel.play.text() == "Pause"
    # a step change rebuilds the scene: seconds on a loaded software renderer
    qtbot.waitUntil(lambda: window.state.tour_step == 1, timeout=120000)
    qtbot.waitUntil(lambda: panel.play.text() == "Play", timeout=120000)  # stops at the end
    assert panel.progress.text() == "Step 2 of 2" and not panel.next.isEnabled()
    qtbot.keyClick(window.view.widget, Qt.Key.Key_Space)  # from the start again
    assert window.state.tour_step == 0 and panel.play.text() == "Pause"
    qtbot.keyClick(window.view.widget, Qt.Key.Key_Space)
    assert panel.play.text() == "Play"
    qtbot.wait(1500)
    assert window.state.tour_step == 0  # paused


def test_bad_tour_file_is_a_message_and_nothing_changes(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    bad = tmp_path / "bad.toml"
    bad.write_text('[[steps]]\nscene = "posterior"\nhold = "long"\n')
    assert not window.start_tour(str(bad))
    assert said and "steps[0].hold" in said[0] and window.state.tour is None


def _fill_dialog(qtbot, out, what_index=0):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    dialog = QApplication.activeModalWidget()
    dialog.what.setCurrentIndex(what_index)
    dialog.path.setText(str(out))
    dialog.size.setCurrentIndex(3)  # 960 x 540
    dialog.fps.setValue(5)
    dialog.seconds.setValue(1.2)
    dialog.quality.setCurrentIndex(1)  # draft
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_export_animation_with_progress_and_cancel(window, qtbot, tmp_path):
    import imageio.v2 as imageio
    from PySide6.QtCore import Qt, QTimer

    action = _menu_action(window, "File", "Export animation...")
    out = tmp_path / "turn.mp4"
    seen = []

    def cancel_at_third_frame():
        progress = getattr(window, "animation_progress", None)
        if progress is not None and progress.value() >= 2:
            seen.append(progress.maximum())
            button = progress.findChildren(type(window.tour_panel.play))[0]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, cancel_at_third_frame)

    QTimer.singleShot(300, lambda: _fill_dialog(qtbot, out))
    QTimer.singleShot(400, cancel_at_third_frame)
    action.trigger()
    assert seen == [6]  # 1.2 s at 5 frames/s
    assert list(tmp_path.iterdir()) == [tmp_path / "settings.ini"] or not out.exists()
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert "cancelled" in window.statusBar().currentMessage()

    QTimer.singleShot(300, lambda: _fill_dialog(qtbot, out))
    action.trigger()
    reader = imageio.get_reader(out)
    frames = [f for f in reader]
    assert len(frames) == 6 and frames[0].shape == (540, 960, 3) and reader.get_meta_data()["fps"] == 5
    assert "Exported" in window.statusBar().currentMessage()
