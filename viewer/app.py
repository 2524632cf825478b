"""Starting the desktop window: Qt application, first-run mesh build with progress, the window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

import scenes
from meshes import cache

from .window import MainWindow, start_scene


def load_meshes_with_progress():
    """Cached meshes at once; on the first run of a version, a progress dialog while they build."""
    dialog = None

    def progress(done: int, total: int, sid: str) -> None:
        nonlocal dialog
        if not sid and done < total and dialog is None:
            dialog = QProgressDialog("Building the anatomy (first start of this version)...", None, 0, total)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.setMinimumDuration(0)
        if dialog is not None:
            dialog.setValue(done)
            dialog.setLabelText(f"Built {sid}" if sid else dialog.labelText())
        QCoreApplication.processEvents()

    meshes = cache.load(progress=progress)
    if dialog is not None:
        dialog.close()
    return meshes


def start(argv: list[str]) -> tuple[QApplication, MainWindow]:
    """The application and its shown window, with the scene from argv (or the default one)."""
    QCoreApplication.setOrganizationName("gluteal-viewer")
    QCoreApplication.setApplicationName("gluteal-viewer")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(load_meshes_with_progress())
    scene = start_scene()
    if argv:
        try:
            scene = scenes.load(argv[0])
        except scenes.SceneError as exc:
            QMessageBox.warning(None, "Cannot open the scene", str(exc))
    window.show()
    window.show_scene(scene)
    return app, window


def run(argv: list[str]) -> int:
    app, _window = start(argv)
    return app.exec()
