"""Structure tree (left dock): structures grouped by kind, with visibility, opacity and colour."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from scenes.catalog import CATALOG
from scenes.model import Scene

GROUPS = [("bone", "Bones"), ("ligament", "Ligaments"), ("muscle", "Muscles"), ("nerve", "Nerves"),
          ("artery", "Vessels"), ("region", "Regions")]
ID_ROLE = Qt.ItemDataRole.UserRole


class StructureTree(QWidget):
    """Emits what the user asks for; the window applies it to the view and calls back update()."""

    selected = Signal(str)
    visibility_changed = Signal(str, bool)
    opacity_changed = Signal(str, float)
    colour_changed = Signal(str, str)
    isolate_requested = Signal(str)
    show_all_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tree = QTreeWidget(headerHidden=True)
        self.items: dict[str, QTreeWidgetItem] = {}
        for kind, title in GROUPS:
            group = QTreeWidgetItem(self.tree, [title])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for entry in (e for e in CATALOG.values() if e.kind == kind):
                item = QTreeWidgetItem(group, [entry.name])
                item.setData(0, ID_ROLE, entry.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked)
                item.setToolTip(0, ", ".join(entry.synonyms) or entry.name)
                self.items[entry.id] = item
        self.tree.expandAll()
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._current_changed)

        self.name = QLabel("Select a structure")
        self.opacity = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=100, value=100)
        self.opacity.setToolTip("Opacity")
        self.opacity.valueChanged.connect(self._opacity_moved)
        self.colour = QPushButton("Colour...")
        self.colour.clicked.connect(self._pick_colour)
        self.isolate = QPushButton("Isolate")
        self.isolate.setToolTip("Show only this structure and the bones")
        self.isolate.clicked.connect(lambda: self._current() and self.isolate_requested.emit(self._current()))
        self.show_all = QPushButton("Show all")
        self.show_all.clicked.connect(self.show_all_requested.emit)
        buttons = QHBoxLayout()
        for b in (self.colour, self.isolate, self.show_all):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.opacity)
        layout.addLayout(buttons)
        self._updating = False
        self._details("")

    def _current(self) -> str:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) or "" if item else ""

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        sid = item.data(0, ID_ROLE)
        if sid and not self._updating:
            self.visibility_changed.emit(sid, item.checkState(0) == Qt.CheckState.Checked)

    def _current_changed(self, item, _previous) -> None:
        if self._updating:
            return
        sid = item.data(0, ID_ROLE) if item else ""
        self._details(sid or "")
        if sid:
            self.selected.emit(sid)

    def _opacity_moved(self, value: int) -> None:
        if self._current() and not self._updating:
            self.opacity_changed.emit(self._current(), value / 100)

    def _pick_colour(self) -> None:
        sid = self._current()
        if not sid:
            return
        colour = QColorDialog.getColor(QColor(self._colours.get(sid, CATALOG[sid].color)), self,
                                       f"Colour of {CATALOG[sid].name}")
        if colour.isValid():
            self.colour_changed.emit(sid, colour.name())

    def _details(self, sid: str) -> None:
        for w in (self.opacity, self.colour, self.isolate):
            w.setEnabled(bool(sid))
        self.name.setText(CATALOG[sid].name if sid else "Select a structure")

    def update_from(self, scene: Scene, selected: str = "") -> None:
        """Show the scene's visibility and the selection without echoing signals back."""
        self._updating = True
        try:
            self._colours = {sid: scene.style(sid).color or CATALOG[sid].color for sid in CATALOG}
            for sid, item in self.items.items():
                checked = scene.style(sid).visible
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item = self.items.get(selected)
            self.tree.setCurrentItem(item) if item else self.tree.clearSelection()
            if not item:
                self.tree.setCurrentItem(None)
            self._details(selected)
            if selected:
                self.opacity.setValue(round(scene.style(selected).opacity * 100))
        finally:
            self._updating = False
