"""Article panel (right dock): the selected structure's Markdown article, rendered by Qt."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from scenes.catalog import CATALOG
from scenes.state import ViewState

WELCOME = """# Inferior gluteal nerve viewer

Click a structure or its label in the view, pick one in the tree, or search for it.
Drag to rotate, right-drag or scroll to zoom, middle-drag to pan.
Keys: **1-7** views, **R** reset, **F** focus on the selection, **L** labels, **G** ghost others,
**Esc** clear the selection.
"""


class ArticlePanel(QWidget):
    """Follows the selection; "See also" links (structure:<id>) and back/forward select."""

    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.state = state
        self.browser = QTextBrowser(openLinks=False)
        self.browser.anchorClicked.connect(self._follow)
        self.back = QToolButton(text="\u25c0", toolTip="Back (Alt+Left)", autoRaise=True)
        self.forward = QToolButton(text="\u25b6", toolTip="Forward (Alt+Right)", autoRaise=True)
        self.back.clicked.connect(lambda: self.step(-1))
        self.forward.clicked.connect(lambda: self.step(1))
        bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addWidget(self.forward)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.history: list[str] = []
        self.position = -1
        self.current = ""
        self._show("")
        state.selection_changed.connect(lambda sid: sid and self.show_structure(sid))

    def show_structure(self, sid: str) -> None:
        """Show a structure's article and record it in the history (no-op if already shown)."""
        if sid == self.current:
            return
        self.history = self.history[: self.position + 1] + [sid]
        self.position = len(self.history) - 1
        self._show(sid)

    def _show(self, sid: str) -> None:
        self.current = sid
        self.browser.setMarkdown(CATALOG[sid].article() if sid else WELCOME)
        self.back.setEnabled(self.position > 0)
        self.forward.setEnabled(self.position < len(self.history) - 1)

    def step(self, delta: int) -> None:
        """Back (-1) or forward (+1) through the articles shown."""
        target = self.position + delta
        if 0 <= target < len(self.history):
            self.position = target
            self._show(self.history[target])
            self.state.select(self.history[target])

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "structure" and url.path() in CATALOG:
            self.state.select(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
