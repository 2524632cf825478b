import os

import pytest


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory):
    """One mesh cache for the whole session (built once: about 8 s on two cores)."""
    root = tmp_path_factory.mktemp("mesh-cache")
    os.environ["GLUTEAL_VIEWER_CACHE"] = str(root)
    return root


@pytest.fixture(scope="session")
def built_meshes(cache_root):
    from meshes import cache

    return cache.load()


@pytest.fixture
def window_scene() -> str:
    """The scene the `window` fixture opens; a test module overrides it to start elsewhere."""
    return "posterior"


@pytest.fixture
def window(qtbot, built_meshes, tmp_path, window_scene):
    """The main window (GUI tier, under Xvfb): shown, active, its labels laid out, with settings
    of its own so no test reads or writes the user's."""
    import shutil

    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    from PySide6.QtCore import QSettings

    import scenes
    from viewer.window import MainWindow

    w = MainWindow(built_meshes, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_scene(scenes.load(window_scene))
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.wait(50)
    w.view.refresh_labels()
    yield w
    w.close()
