"""The search box: names and synonyms, completed as you type; Enter or Esc hands the keys back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from scenes.catalog import CATALOG, find
from scenes.state import ViewState


class SearchBox(QLineEdit):
    """Selects the structure typed; afterwards the 3-D view has the keyboard again, so the view
    keys (1-7, G, F, L) work at once."""

    not_found = Signal(str)

    def __init__(self, state: ViewState, give_focus_to, parent=None):
        super().__init__(parent, placeholderText="Search structures (Ctrl+F)", clearButtonEnabled=True)
        self.state, self.give_focus_to = state, give_focus_to
        self.setMaximumWidth(260)
        words = sorted({e.name for e in CATALOG.values()} | {s for e in CATALOG.values() for s in e.synonyms})
        completer = QCompleter(words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.search)
        self.setCompleter(completer)
        self.returnPressed.connect(lambda: self.search(self.text()))

    def search(self, text: str) -> None:
        sid = find(text, self.state.scene.visible())
        if sid:
            self.state.select(sid)
            self.clear()
            self.give_focus_to.setFocus()
        else:
            self.not_found.emit(text)

    def event(self, event) -> bool:
        # Esc leaves the box (a window-wide shortcut would otherwise take it first)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.give_focus_to.setFocus()
            return
        super().keyPressEvent(event)
