"""GUI tier: the real window under Xvfb (pytest-xvfb provides the display)."""

import shutil

import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]


def test_window_shows_every_structure(qtbot, model):
    from viewer.app import make_window

    window, view = make_window(model)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert set(model) <= set(view.actors)
    img = view.screenshot(return_img=True)
    assert img.shape[0] > 100 and (img[..., :3] < 250).any(axis=-1).mean() > 0.02
    view.close()
