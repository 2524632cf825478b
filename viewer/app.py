"""The desktop window (first version): every structure in a pyvistaqt view, coloured by kind."""

from __future__ import annotations

import sys


def make_window(meshes=None):
    """Main window with a QtInteractor showing the model; returns (window, plotter)."""
    from PySide6.QtWidgets import QMainWindow
    from pyvistaqt import QtInteractor

    from meshes import cache
    from scenes.catalog import CATALOG

    window = QMainWindow()
    window.setWindowTitle("Gluteal viewer - inferior gluteal nerve")
    view = QtInteractor(window)
    view.render_window.SetMultiSamples(0)  # depth peeling with MSAA renders black under llvmpipe
    window.setCentralWidget(view.interactor)
    for sid, mesh in (meshes or cache.load()).items():
        view.add_mesh(mesh, color=CATALOG[sid].color, smooth_shading=True, name=sid)
    view.view_vector((0.5, -1.0, 0.15), viewup=(0, 0, 1))
    view.reset_camera()
    window.resize(1280, 800)
    return window, view


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, view = make_window()
    window.show()
    app.aboutToQuit.connect(view.close)  # release the interactor before Qt tears down
    return app.exec()
