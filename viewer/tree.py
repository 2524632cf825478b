"""Structure tree (left dock): structures grouped by kind, with visibility, opacity and colour.

It reads and changes the view state only: a click selects, a checkbox shows or hides, the slider
and colour button restyle; it follows the state's signals to show what others changed.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
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

from scenes.catalog import CATALOG, GROUPS
from scenes.state import ViewState

ID_ROLE = Qt.ItemDataRole.UserRole


class StructureTree(QWidget):
    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.state = state
        self.tree = QTreeWidget(headerHidden=True)
        self.items: dict[str, QTreeWidgetItem] = {}
        for kind, title in GROUPS.items():
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
        self.color = QPushButton("Colour...")
        self.color.clicked.connect(self._pick_color)
        self.isolate = QPushButton("Isolate")
        self.isolate.setToolTip("Show only this structure and the bones")
        self.isolate.clicked.connect(lambda: self._current() and state.isolate(self._current()))
        self.show_all = QPushButton("Show all")
        self.show_all.clicked.connect(state.show_all)
        buttons = QHBoxLayout()
        for b in (self.color, self.isolate, self.show_all):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.opacity)
        layout.addLayout(buttons)

        state.scene_changed.connect(self._show_all_styles)
        state.style_changed.connect(self._show_style)
        state.ghosting_changed.connect(self._show_all_styles)
        state.selection_changed.connect(self._show_selection)
        self._show_all_styles()
        self._show_selection(state.selection)

    def _current(self) -> str:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) or "" if item else ""

    # --- user actions become state changes -----------------------------------------------------

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        sid = item.data(0, ID_ROLE)
        if sid:
            self.state.set_style(sid, visible=item.checkState(0) == Qt.CheckState.Checked)

    def _current_changed(self, item, _previous) -> None:
        sid = item.data(0, ID_ROLE) if item else ""
        if sid:
            self.state.select(sid)

    def _opacity_moved(self, value: int) -> None:
        if self._current():
            self.state.set_style(self._current(), opacity=value / 100)

    def _pick_color(self) -> None:
        sid = self._current()
        if not sid:
            return
        current = self.state.scene.style(sid).color or CATALOG[sid].color
        color = QColorDialog.getColor(QColor(current), self, f"Colour of {CATALOG[sid].name}")
        if color.isValid():
            self.state.set_style(sid, color=color.name())

    # --- the state's changes are shown ---------------------------------------------------------

    def _show_style(self, sid: str) -> None:
        item = self.items.get(sid)
        if item is None:
            return
        style = self.state.scene.style(sid)
        with QSignalBlocker(self.tree):
            item.setCheckState(0, Qt.CheckState.Checked if style.visible else Qt.CheckState.Unchecked)
        if sid == self.state.selection:
            with QSignalBlocker(self.opacity):
                self.opacity.setValue(round(style.opacity * 100))

    def _show_all_styles(self, *_args) -> None:
        for sid in self.items:
            self._show_style(sid)

    def _show_selection(self, sid: str) -> None:
        item = self.items.get(sid)
        with QSignalBlocker(self.tree):
            self.tree.setCurrentItem(item)
            if item is None:
                self.tree.clearSelection()
        for w in (self.opacity, self.color, self.isolate):
            w.setEnabled(bool(sid))
        self.name.setText(CATALOG[sid].name if sid else "Select a structure")
        if sid:
            self._show_style(sid)
