"""The main window: arranges the view, the tree, the article panel and the actions; thin by design.

It owns the view state (scenes.state.ViewState) that the view, tree and panel share; user
actions become changes to that state. Exports go through scenes.offscreen, the same code as
`gluteal-viewer render`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pyvista as pv
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
)

import scenes
from meshes.files import DestinationError
from scenes.cameras import CAMERA_PRESETS
from scenes.catalog import CATALOG
from scenes.offscreen import Renderer, with_output
from scenes.scene import Camera, Scene
from scenes.scene_file import SceneError, save
from scenes.state import ViewState
from scenes.teaching.tour import load_tour, tour_names

from .animation_dialog import AnimationDialog, export_animation
from .article import ArticlePanel
from .export_dialog import ExportDialog
from .help import SHORTCUTS, scene_reference, show_markdown
from .lesion_panel import LesionPanel, VariantMenu
from .measure_tool import MeasureTool
from .quiz import QuizPanel
from .search import SearchBox
from .tour_panel import TourMotion, TourPanel
from .tree import StructureTree
from .view import SceneView

VIEW_KEYS = [("posterior", "1"), ("anterior", "2"), ("lateral", "3"), ("medial", "4"),
             ("superior", "5"), ("inferior", "6"), ("foramen", "7")]
MAX_RECENT = 8


class MainWindow(QMainWindow):
    def __init__(self, meshes: dict[str, pv.PolyData], settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.renderer = Renderer(meshes)
        self.state = ViewState()
        self.setWindowTitle("Gluteal viewer")
        self.setAcceptDrops(True)

        self.view = SceneView(self, self.state, meshes)
        self.setCentralWidget(self.view.widget)
        self.tree = StructureTree(self.state)
        self.article = ArticlePanel(self.state)
        self._dock(self.tree, "Structures", Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock(self.article, "Article", Qt.DockWidgetArea.RightDockWidgetArea)
        self.lesion_panel = LesionPanel(self.state)  # issue 13: lesion simulator
        self.lesion_dock = self._dock(self.lesion_panel, "Lesion", Qt.DockWidgetArea.RightDockWidgetArea)
        self.quiz = QuizPanel(self.state)
        self.quiz_dock = self._dock(self.quiz, "Quiz", Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.findChild(QDockWidget, "Article"), self.quiz_dock)  # it would tell
        self.quiz_dock.hide()
        self.state.selection_changed.connect(self._selection_shown)
        self.state.scene_changed.connect(self._scene_shown)
        self.tour_panel = TourPanel(self.state)
        self.tour_dock = self._dock(self.tour_panel, "Tour", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tour_motion = TourMotion(self.view, self.state)
        self.state.tour_changed.connect(self._tour_shown)

        self._actions()
        self.statusBar().showMessage("Click a structure or a label; drag to rotate.")
        self._restore()
        self._tour_shown(None)

    # --- layout and actions -------------------------------------------------------------------

    def _dock(self, widget, title: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut: str | QKeySequence | None = None, checkable=False,
                tip: str = "") -> QAction:
        action = QAction(text, self, checkable=checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip or text} ({action.shortcut().toString()})" if shortcut else tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _actions(self) -> None:
        files = self.menuBar().addMenu("&File")
        files.addAction(self._action("&Open scene...", self.open_dialog, QKeySequence.StandardKey.Open))
        self.recent_menu = files.addMenu("Open &recent")
        files.addAction(self._action("&Save view as scene...", self.save_dialog,
                                     QKeySequence.StandardKey.Save))
        files.addSeparator()
        self.export_action = self._action("&Export image...", self.export_dialog, "Ctrl+E")
        files.addAction(self.export_action)
        files.addAction(self._action("Export &all views...", self.export_all_dialog, "Ctrl+Shift+E"))
        files.addAction(self._action("&Copy image", self.copy_image, "Ctrl+Shift+C"))
        files.addAction(self._action("Export a&nimation...", self.export_animation_dialog))
        files.addSeparator()
        files.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        views = self.menuBar().addMenu("&View")
        bar = self.addToolBar("Views")
        bar.setObjectName("Views")
        for preset, key in VIEW_KEYS:
            title = CAMERA_PRESETS[preset].title
            a = self._action(title.split(",")[0].split(" (")[0], lambda _=False, p=preset:
                             self.view.view_preset(p), key, tip=title)
            views.addAction(a)
            bar.addAction(a)
        bar.addSeparator()
        for a in (self._action("Reset", self.view.reset_view, "R", tip="Back to the scene's camera"),
                  self._action("Focus", self.focus_selection, "F", tip="Fly to the selection")):
            views.addAction(a)
            bar.addAction(a)
        self.labels_action = self._action("Labels", self.state.set_labels, "L",
                                          checkable=True, tip="Labels on or off")
        self.ghost_action = self._action("Ghost others", self.state.set_ghosting, "G",
                                         checkable=True, tip="See through everything but the selection")
        self.state.labels_changed.connect(lambda on: self.labels_action.setChecked(on))
        self.state.ghosting_changed.connect(lambda on: self.ghost_action.setChecked(on))
        for a in (self.labels_action, self.ghost_action):
            views.addAction(a)
            bar.addAction(a)
        self._tools_menu()
        self._action("Clear selection", lambda: self.select(""), "Esc")
        self._action("Back", lambda: self.article.step(-1), "Alt+Left")
        self._action("Forward", lambda: self.article.step(1), "Alt+Right")

        bar.addSeparator()
        self.search = SearchBox(self.state, self.view.widget)
        self.search.not_found.connect(
            lambda text: self.statusBar().showMessage(f"No structure matches {text!r}.", 3000))
        bar.addWidget(self.search)
        self._action("Search", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        bar.addAction(self.export_action)

        self.variant_menu = VariantMenu(self.state, self)  # issue 13: anatomical variants
        self.menuBar().addMenu(self.variant_menu)
        views.addAction(self.lesion_dock.toggleViewAction())
        clinical = self.menuBar().addMenu("&Clinical")
        clinical.addAction(self._action("&Injection safety", self.show_injection_panel, "Ctrl+I",
                                        tip="Injection sites, needle depth and distances to the nerves"))

        self._tour_menu()
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", lambda: show_markdown(
            self, "Keyboard shortcuts", SHORTCUTS), QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("&Scene file reference", lambda: show_markdown(
            self, "Scene file reference", scene_reference())))
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About", self._about))

    def _tools_menu(self) -> None:
        self.measure = MeasureTool(self.view, self.state)
        self.measure.message.connect(lambda text: self.statusBar().showMessage(text))
        tools = self.menuBar().addMenu("&Tools")
        self.measure_action = self._action("Measure", self.measure.set_active, "M", checkable=True,
                                           tip="Click two points for a distance in mm")
        tools.addAction(self.measure_action)
        tools.addAction(self._action("Keep measurement in the scene", self.measure.keep, "K"))
        tools.addAction(self._action("Clear measurements", self.state.clear_measurements))
        tools.addSeparator()
        quiz = self.quiz_dock.toggleViewAction()
        quiz.setText("&Quiz")
        quiz.setShortcut(QKeySequence("Q"))
        quiz.triggered.connect(lambda on: on and self.quiz_dock.raise_())
        tools.addAction(quiz)

    def show_injection_panel(self) -> None:
        """The injection panel in a dock, made on first use (it measures the model when made)."""
        from .injection_panel import InjectionPanel

        if getattr(self, "injection_dock", None) is None:
            panel = InjectionPanel(self.state, self.view.meshes)
            self.injection_dock = self._dock(panel, "Injection", Qt.DockWidgetArea.RightDockWidgetArea)
        self.injection_dock.show()
        self.injection_dock.raise_()
    def _tour_menu(self) -> None:
        tours = self.menuBar().addMenu("&Tour")
        for name in tour_names():
            tours.addAction(self._action(load_tour(name).title, lambda _=False, n=name: self.start_tour(n)))
        tours.addAction(self._action("Open tour &file...", self.open_tour_dialog))
        tours.addSeparator()
        self.tour_actions = [
            self._action("&Previous step", lambda: self.tour_panel.step(-1), "Left"),
            self._action("&Next step", lambda: self.tour_panel.step(1), "Right"),
            self._action("Play / &pause", self.tour_panel.toggle_play, "Space"),
            self._action("&Leave tour", self.state.end_tour)]
        self.tour_actions[0].setShortcuts([QKeySequence("Left"), QKeySequence("PgUp")])
        self.tour_actions[1].setShortcuts([QKeySequence("Right"), QKeySequence("PgDown")])
        for a in self.tour_actions:
            tours.addAction(a)

    # --- tours ----------------------------------------------------------------------------------

    def start_tour(self, name_or_path) -> bool:
        """Play a tour (a built-in name or a file); leaving it restores this view."""
        try:
            tour = load_tour(name_or_path)
        except SceneError as exc:
            QMessageBox.warning(self, "Cannot open the tour", str(exc))
            return False
        self.state.start_tour(tour, return_to=self.view.snapshot() if self.state.tour is None else None)
        return True

    def open_tour_dialog(self) -> None:
        start = self.settings.value("scene_folder", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, "Open tour", start, "Tour files (*.toml)")
        if name:
            self.start_tour(name)

    def _tour_shown(self, tour) -> None:
        self.tour_dock.setVisible(tour is not None)
        for a in self.tour_actions:
            a.setEnabled(tour is not None)
        if tour is not None:
            self.tour_dock.setWindowTitle(f"Tour: {tour.title}")

    def export_animation_dialog(self) -> None:
        folder = Path(self.settings.value("export_folder", str(Path.home())))
        what = self.state.tour.name if self.state.tour is not None else None
        dialog = AnimationDialog(self, folder / f"{what or self.view.scene.name or 'view'}.mp4", what)
        if dialog.exec():
            o = dialog.options()
            self.settings.setValue("export_folder", str(o["path"].parent))
            done = self._guarded(lambda: export_animation(self, o, self.view.snapshot(), self.view.meshes))
            self.statusBar().showMessage(f"Exported {done}" if done else "Export cancelled; no file written",
                                         5000)

    # --- selection and styles -------------------------------------------------------------------

    def select(self, sid: str) -> None:
        """Select a structure everywhere (the view, tree and article follow the state)."""
        self.state.select(sid)

    def _selection_shown(self, sid: str) -> None:
        if sid:
            self.statusBar().showMessage(CATALOG[sid].name)
        else:
            self.statusBar().clearMessage()

    def focus_selection(self) -> None:
        if self.state.selection:
            self.view.focus_on(self.state.selection)
        else:
            self.statusBar().showMessage("Select a structure to focus on it.", 3000)

    # --- scenes: open, save ---------------------------------------------------------------------

    def show_scene(self, scene: Scene) -> None:
        self.state.set_scene(scene)

    def _scene_shown(self, scene: Scene) -> None:
        self.labels_action.setChecked(scene.output.labels)
        self.setWindowTitle(f"{scene.title or scene.name} - Gluteal viewer")

    def open_scene(self, path) -> bool:
        try:
            scene = scenes.load(path)
        except SceneError as exc:  # the current view stays as it was
            QMessageBox.warning(self, "Cannot open the scene", str(exc))
            return False
        self.show_scene(scene)
        if Path(str(path)).exists():
            self._remember_recent(str(Path(path).resolve()))
        return True

    def open_dialog(self) -> None:
        start = self.settings.value("scene_folder", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, "Open scene", start, "Scene files (*.toml)")
        if name:
            self.settings.setValue("scene_folder", str(Path(name).parent))
            self.open_scene(name)

    def save_view(self, path) -> Path:
        """Save what the window shows as a scene file (render it to get the same picture)."""
        saved = save(self.view.snapshot(), path)
        self._remember_recent(str(Path(path).resolve()))
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return saved

    def save_dialog(self) -> None:
        start = self.settings.value("scene_folder", str(Path.home()))
        name, _ = QFileDialog.getSaveFileName(self, "Save view as scene", str(Path(start) / "view.toml"),
                                              "Scene files (*.toml)")
        if name:
            self._guarded(lambda: self.save_view(name if name.endswith(".toml") else name + ".toml"))

    def _remember_recent(self, path: str) -> None:
        recent = [p for p in self.settings.value("recent", [], list) if p != path]
        self.settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.settings.value("recent", [], list):
            self.recent_menu.addAction(Path(p).name, lambda p=p: self.open_scene(p)).setToolTip(p)
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if any(u.toLocalFile().endswith(".toml") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".toml"):
                self.open_scene(url.toLocalFile())
                break

    # --- exports: the CLI's code, off screen at the exact size ----------------------------------

    def export_image(self, path, size, transparent=False, labels=True) -> Path:
        scene = self.view.snapshot()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self.renderer.render(scene, path, size=size, transparent=transparent, labels=labels)
        finally:
            QApplication.restoreOverrideCursor()

    def export_dialog(self) -> None:
        folder = Path(self.settings.value("export_folder", str(Path.home())))
        name = (self.view.scene.name or "view") + ".png"
        dialog = ExportDialog(self, folder / name)
        if dialog.exec():
            o = dialog.options()
            self.settings.setValue("export_folder", str(o["path"].parent))
            done = self._guarded(lambda: self.export_image(o["path"], o["size"], o["transparent"],
                                                           o["labels"]))
            if done:
                self.statusBar().showMessage(f"Exported {done}", 5000)

    def export_all_views(self, folder: Path, size=(1920, 1080), progress=None) -> list[Path]:
        """Every view preset of the current scene, one PNG each, with a cancellable progress."""
        base = self.view.snapshot()
        written = []
        for i, (preset, _) in enumerate(VIEW_KEYS):
            if progress is not None:
                progress.setValue(i)
                QApplication.processEvents()
                if progress.wasCanceled():
                    break
            scene = copy.deepcopy(base)
            scene.camera = Camera(preset=preset)
            target = Path(folder) / f"{preset}.png"
            written.append(self.renderer.render(with_output(scene, size=size), target))
        if progress is not None:
            progress.setValue(len(VIEW_KEYS))
        return written

    def export_all_dialog(self) -> None:
        start = self.settings.value("export_folder", str(Path.home()))
        folder = QFileDialog.getExistingDirectory(self, "Export all views to", start)
        if not folder:
            return
        self.settings.setValue("export_folder", folder)
        progress = QProgressDialog("Rendering views...", "Cancel", 0, len(VIEW_KEYS), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        done = self._guarded(lambda: self.export_all_views(Path(folder), progress=progress))
        if done:
            self.statusBar().showMessage(f"Exported {len(done)} views to {folder}", 5000)

    def copy_image(self) -> None:
        scene = self.view.snapshot()
        pixels = self._guarded(lambda: self.renderer.image(scene))
        if pixels is None:
            return
        h, w = pixels.shape[:2]
        fmt = QImage.Format.Format_RGBA8888 if pixels.shape[2] == 4 else QImage.Format.Format_RGB888
        image = QImage(pixels.tobytes(), w, h, pixels.shape[2] * w, fmt).copy()
        QGuiApplication.clipboard().setImage(image)
        self.statusBar().showMessage(f"Copied a {w} x {h} image", 4000)

    def _guarded(self, work):
        """Run work; show a clear message instead of a traceback when it fails."""
        try:
            return work()
        except (SceneError, DestinationError, OSError) as exc:
            QMessageBox.warning(self, "Gluteal viewer", str(exc))
            return None

    # --- settings and shutdown ------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        self._fill_recent()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.view.close()  # release the interactor before Qt tears the widgets down
        super().closeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(self, "Gluteal viewer", "3-D anatomy of the inferior gluteal nerve.\n"
                          "Frame: RAS millimetres, origin midway between the anterior superior "
                          "iliac spines.")


def start_scene() -> Scene:
    return scenes.load("posterior")
