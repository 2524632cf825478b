"""Export for slides: a dialog over the same off-screen export code the CLI uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from meshes.files import DestinationError
from scenes.offscreen import check_image
from scenes.validation import MAX_SIDE, MIN_SIDE, Invalid, check_pixels

SIZE_CHOICES = [("1920 x 1080 (16:9 slide)", (1920, 1080)), ("3840 x 2160 (16:9, 4K)", (3840, 2160)),
           ("2048 x 1536 (4:3 slide)", (2048, 1536)), ("Custom", None)]


def file_row(path: QLineEdit, browse: Callable[[], None]) -> QHBoxLayout:
    """The file name box with its Browse... button, as the export dialogs show it."""
    button = QPushButton("Browse...")
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(path, 1)
    row.addWidget(button)
    return row


class ExportDialog(QDialog):
    """Asks for size, background, labels and file; `options()` gives what render() takes."""

    def __init__(self, parent: QWidget | None, default_path: Path):
        super().__init__(parent)
        self.setWindowTitle("Export image for slides")
        self.preset = QComboBox()
        for name, size in SIZE_CHOICES:
            self.preset.addItem(name, size)
        self.width_box = QSpinBox(minimum=MIN_SIDE, maximum=MAX_SIDE, value=1920, suffix=" px")
        self.height_box = QSpinBox(minimum=MIN_SIDE, maximum=MAX_SIDE, value=1080, suffix=" px")
        self.preset.currentIndexChanged.connect(self._preset_changed)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(self.height_box)
        self.transparent = QCheckBox("Transparent background")
        self.labels = QCheckBox("Labels", checked=True)
        self.path = QLineEdit(str(default_path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Size", self.preset)
        form.addRow("", size_row)
        form.addRow("", self.transparent)
        form.addRow("", self.labels)
        form.addRow("File", file_row(self.path, self._browse))
        form.addRow(buttons)
        self._preset_changed(0)

    def _preset_changed(self, index: int) -> None:
        size = self.preset.itemData(index)
        for box in (self.width_box, self.height_box):
            box.setEnabled(size is None)
        if size:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export image", self.path.text(), "PNG images (*.png)")
        if name:
            self.path.setText(name if name.lower().endswith(".png") else name + ".png")

    def _accept(self) -> None:
        path = Path(self.path.text()).expanduser()
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
            self.path.setText(str(path))
        try:
            check_image(path, self.transparent.isChecked())
            check_pixels(self.width_box.value(), self.height_box.value())
        except (DestinationError, Invalid) as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return
        self.accept()

    def options(self) -> dict:
        return dict(path=Path(self.path.text()).expanduser(),
                    size=(self.width_box.value(), self.height_box.value()),
                    transparent=self.transparent.isChecked(), labels=self.labels.isChecked())
