"""Starting the desktop window: the window first, then the meshes (with real progress on a first
run of this version), then the scene.

The window paints at once; the status bar shows how many structures are built as each one
finishes, so a first start never looks frozen.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar

import scenes
from meshes import cache

from .window import MainWindow, start_scene


def load_meshes_into(window: MainWindow, meshes: dict) -> None:
    """Fill `meshes` (the dict the window's view and renderer hold) from the cache, showing
    progress in the status bar while a first run builds them."""
    bar = QProgressBar(maximumWidth=240, textVisible=True)
    bar.hide()
    window.statusBar().addPermanentWidget(bar)

    def progress(done: int, total: int, sid: str) -> None:
        if not sid and done < total:
            window.statusBar().showMessage("Building the anatomy (first start of this version)...")
            bar.setRange(0, total)
            bar.show()
        bar.setValue(done)
        if sid:
            bar.setFormat(f"%v of %m built ({sid.replace('_', ' ')})")
        QCoreApplication.processEvents()

    meshes.update(cache.load(progress=progress))
    window.statusBar().removeWidget(bar)
    window.statusBar().clearMessage()


def start(argv: list[str]) -> tuple[QApplication, MainWindow]:
    """The application and its shown window, with the scene from argv (or the default one)."""
    QCoreApplication.setOrganizationName("gluteal-viewer")
    QCoreApplication.setApplicationName("gluteal-viewer")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    meshes: dict = {}
    window = MainWindow(meshes)
    window.show()
    QCoreApplication.processEvents()  # the first paint, before any mesh work
    load_meshes_into(window, meshes)
    scene = start_scene()
    if argv:
        try:
            scene = scenes.load(argv[0])
        except scenes.SceneError as exc:
            QMessageBox.warning(window, "Cannot open the scene", str(exc))
    window.show_scene(scene)
    return app, window


def run(argv: list[str]) -> int:
    app, _window = start(argv)
    return app.exec()
