"""File > Export animation...: a dialog over the same frame and video code as `gluteal-viewer
animate`, with a progress bar and Cancel (a cancelled export leaves no file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from meshes.files import DestinationError
from scenes.scene import Scene
from scenes.teaching.animation import Frames, tour_frames, turntable_frames, video_scene
from scenes.teaching.tour import load_tour, tour_names
from scenes.teaching.video import Cancelled, check_video, write_frames
from scenes.validation import Invalid, check_pixels

from .export_dialog import file_row

SIZES = [("1920 x 1080 (16:9, Full HD)", (1920, 1080)), ("1280 x 720 (16:9, HD)", (1280, 720)),
         ("3840 x 2160 (16:9, 4K)", (3840, 2160)), ("960 x 540 (quick look)", (960, 540))]
TURNTABLE = "turntable"  # the "what" of this view turning once


class AnimationDialog(QDialog):
    """What to animate (this view turning, or a tour), size, frame rate, length, file."""

    def __init__(self, parent: QWidget | None, default_path: Path, tour: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export animation")
        self.what = QComboBox()
        self.what.addItem("This view, turning once about the vertical", TURNTABLE)
        for name in tour_names():
            self.what.addItem(f"Tour: {load_tour(name).title}", name)
        if tour is not None:
            self.what.setCurrentIndex(max(0, self.what.findData(tour)))
        self.size = QComboBox()
        for text, size in SIZES:
            self.size.addItem(text, size)
        self.fps = QSpinBox(minimum=5, maximum=60, value=30, suffix=" frames/s")
        self.seconds = QDoubleSpinBox(minimum=1, maximum=120, value=12, suffix=" s", decimals=1)
        self.quality = QComboBox()
        self.quality.addItem("Slide (smooth edges)", "slide")
        self.quality.addItem("Draft (about 3x faster)", "draft")
        self.path = QLineEdit(str(default_path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.what.currentIndexChanged.connect(lambda _i: self.seconds.setEnabled(
            self.what.currentData() == TURNTABLE))
        form = QFormLayout(self)
        form.addRow("Animate", self.what)
        form.addRow("Size", self.size)
        form.addRow("Frame rate", self.fps)
        form.addRow("Turn in", self.seconds)
        form.addRow("Quality", self.quality)
        form.addRow("File", file_row(self.path, self._browse))
        form.addRow(buttons)
        self.seconds.setEnabled(self.what.currentData() == TURNTABLE)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export animation", self.path.text(),
                                              "MP4 video (*.mp4);;GIF animation (*.gif)")
        if name:
            self.path.setText(name if Path(name).suffix.lower() in (".mp4", ".gif") else name + ".mp4")

    def options(self) -> dict:
        return dict(path=Path(self.path.text()).expanduser(), what=self.what.currentData(),
                    size=self.size.currentData(), fps=self.fps.value(), seconds=self.seconds.value(),
                    quality=self.quality.currentData())

    def _accept(self) -> None:
        o = self.options()
        try:
            check_pixels(*o["size"])
            check_video(o["path"], o["size"])
        except (DestinationError, Invalid) as exc:
            QMessageBox.warning(self, "Export animation", str(exc))
            return
        self.accept()


def plan(options: dict, view_scene: Scene, meshes) -> Frames:
    """The frames the options ask for (the same functions as the command line's)."""
    if options["what"] == TURNTABLE:
        scene = video_scene(view_scene, options["size"], options["quality"])
        return turntable_frames(scene, meshes, options["fps"], options["seconds"])
    return tour_frames(load_tour(options["what"]), meshes, options["fps"], options["size"],
                       options["quality"])


def export_animation(parent: QWidget, options: dict, view_scene: Scene, meshes) -> Path | None:
    """Render and write the animation with a modal progress dialog; None if cancelled."""
    frames = plan(options, view_scene, meshes)
    progress = QProgressDialog("Rendering the animation...", "Cancel", 0, frames.count, parent)
    progress.setWindowTitle("Export animation")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setValue(0)
    parent.animation_progress = progress  # tests find it here

    def step(done: int, total: int) -> None:
        progress.setLabelText(f"Frame {done} of {total}")
        progress.setValue(done)
        QApplication.processEvents()
        if progress.wasCanceled():
            raise Cancelled

    try:
        return write_frames(frames.frames, frames.count, options["path"], options["fps"], step)
    except Cancelled:
        return None
    finally:
        progress.reset()
        progress.deleteLater()
        parent.animation_progress = None
