import os
import signal
import sys

import pytest


def sigint_disposition() -> tuple:
    """Python's SIGINT handler and, on Linux, whether the process ignores SIGINT (C code can set
    that behind Python's back): a child process inherits the latter."""
    ignored = None
    if sys.platform.startswith("linux"):
        with open("/proc/self/status") as status:
            mask = next(int(line.split()[1], 16) for line in status if line.startswith("SigIgn:"))
        ignored = bool(mask >> (signal.SIGINT - 1) & 1)
    return signal.getsignal(signal.SIGINT), ignored


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
def outlined_gmax():
    """A built-in scene with gluteus maximus drawn as its outline, as a user's scene may draw it
    (the built-in lesion scenes turn it out): for the tests of coloured outlines."""
    import scenes

    def outlined(name: str):
        return scenes.parse(f'extends = "{name}"\n[structures.gluteus_maximus_right]\n'
                            'outline = true\nreflected = false\n')
    return outlined


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

    sigint = sigint_disposition()
    w = MainWindow(built_meshes, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_scene(scenes.load(window_scene))
    qtbot.waitExposed(w)
    w.activateWindow()
    # Xvfb has no window manager: activation comes from Qt's own event round trip, which took
    # over 3 s on a 2-core machine busy with other renders
    qtbot.waitUntil(w.isActiveWindow, timeout=10000)
    qtbot.wait(50)
    w.view.refresh_labels()
    yield w
    w.close()
    # a window that left Ctrl+C handled or ignored would pass that to every later test's children
    assert sigint_disposition() == sigint, "the window test left SIGINT changed"


@pytest.fixture(autouse=True)
def usual_anatomy():
    """Every test ends on the usual anatomy: rendering a scene with `variant = ...` activates that
    variant's paths, and a later test reading the paths would silently see the variant's."""
    yield
    variants = sys.modules.get("meshes.anatomy.courses.variants")
    if variants is not None and variants.active() is not None:
        variants.activate(None)
