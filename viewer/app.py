"""Starting the desktop window: the window first, then the meshes (with real progress on a first
run of this version), then the scene.

The window paints at once; the status bar shows how many structures are built as each one
finishes, so a first start never looks frozen.
"""

from __future__ import annotations

import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar

import scenes
from meshes import cache

from .window import MainWindow, start_scene

INTERRUPTED = 130  # the exit status of a program stopped by Ctrl+C, as the commands give


def load_meshes_into(window: MainWindow, meshes: dict,
                     interrupted: Callable[[], bool] = lambda: False) -> None:
    """Fill `meshes` (the dict the window's view and renderer hold) from the cache, showing
    progress in the status bar while a first run builds them; stop (KeyboardInterrupt, which
    stops the build's workers) as soon as `interrupted()` says so."""
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
        if interrupted():
            raise KeyboardInterrupt

    meshes.update(cache.load(progress=progress))
    window.statusBar().removeWidget(bar)
    window.statusBar().clearMessage()


def application() -> QApplication:
    QCoreApplication.setOrganizationName("gluteal-viewer")
    QCoreApplication.setApplicationName("gluteal-viewer")
    return QApplication.instance() or QApplication(sys.argv[:1])


def start(argv: list[str],
          interrupted: Callable[[], bool] = lambda: False) -> tuple[QApplication, MainWindow]:
    """The application and its shown window, with the scene from argv (or the default one)."""
    app = application()
    meshes: dict = {}
    window = MainWindow(meshes)
    window.show()
    QCoreApplication.processEvents()  # the first paint, before any mesh work
    load_meshes_into(window, meshes, interrupted)
    scene = start_scene()
    if argv:
        try:
            scene = scenes.load(argv[0])
        except scenes.SceneError as exc:
            QMessageBox.warning(window, "Cannot open the scene", str(exc))
    window.show_scene(scene)
    return app, window


class CtrlC:
    """What Ctrl+C does in the window: in the event loop, close every window (settings saved as
    on any close) and end the loop with status 130; before it, only remember the press.

    The handler runs inside whatever Python code was running, possibly a VTK render callback, so
    it only posts the closing to the event loop (closing a window mid-render aborts the process)
    and never raises KeyboardInterrupt (VTK exits with status 1 on one from a callback); start()
    checks `pressed` where stopping is safe."""

    def __init__(self, app: QApplication):
        self.app, self.pressed, self.looping = app, False, False

    def __call__(self, _sig=None, _frame=None) -> None:
        self.pressed = True
        if self.looping:
            QTimer.singleShot(0, self._quit)

    def loop_started(self) -> None:
        self.looping = True
        if self.pressed:  # pressed while the window was being set up
            self._quit()

    def _quit(self) -> None:
        self.app.closeAllWindows()
        self.app.exit(INTERRUPTED)  # also ends a modal dialog's loop


@contextmanager
def ctrl_c_closes(app: QApplication) -> Iterator[CtrlC]:
    """While inside, SIGINT (Ctrl+C from the terminal) goes to a CtrlC. Python runs a signal
    handler only when it next runs Python code, and Qt's idle event loop runs none, so a handler
    alone would wait for the next mouse move: the C-level handler also writes to a socket
    (signal.set_wakeup_fd) that a QSocketNotifier watches, which wakes the loop into Python at
    once. On leaving, the previous handler and wakeup fd come back, so nothing outlives the
    window. An ignored SIGINT (a job started in the background with &) stays ignored, as meant."""
    ctrl_c = CtrlC(app)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield ctrl_c
        return
    wake_r, wake_w = socket.socketpair()
    for end in (wake_r, wake_w):
        end.setblocking(False)
    notifier = QSocketNotifier(wake_r.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: wake_r.recv(64))  # entering Python runs the handler
    old_fd = signal.set_wakeup_fd(wake_w.fileno(), warn_on_full_buffer=False)
    old_handler = signal.signal(signal.SIGINT, ctrl_c)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, old_handler)
        signal.set_wakeup_fd(old_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        wake_r.close()
        wake_w.close()


def run(argv: list[str]) -> int:
    app = application()
    with ctrl_c_closes(app) as ctrl_c:
        try:
            start(argv, interrupted=lambda: ctrl_c.pressed)
        except KeyboardInterrupt:  # pressed while a first start built the meshes
            code = INTERRUPTED
        else:
            QTimer.singleShot(0, ctrl_c.loop_started)
            code = app.exec()
    if code == INTERRUPTED:
        print("gluteal-viewer: interrupted", file=sys.stderr)
    return code
