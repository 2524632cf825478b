"""Help: the keyboard shortcuts and the scene-file reference, shown in the app (no browser)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

SHORTCUTS = """# Keyboard shortcuts

| Keys | What they do |
|---|---|
| 1 - 7 | Views: posterior, anterior, lateral, medial, superior, inferior, foramen close-up |
| R | Back to the scene's camera |
| F | Fly to the selected structure |
| L | Labels on or off |
| G | Ghost everything but the selection |
| M | Measure: two clicks give mm (and along a nerve); hovering, the nearest nerve |
| K | Keep the last measurement in the scene (saved with the view) |
| Q | Quiz: name the highlighted structure, or click the one named; score at the end |
| Esc | Clear the selection (in the search box: leave it) |
| Ctrl+F | Search names and synonyms ("IGN", "os coxae"); Enter selects |
| Alt+Left, Alt+Right | Back and forward through the articles |
| Ctrl+O, Ctrl+S | Open a scene file; save the view as a scene file |
| Ctrl+E, Ctrl+Shift+E | Export an image for slides; export every view |
| Ctrl+Shift+C | Copy the image |
| Ctrl+I | Injection safety panel: site, needle depth, distances to the nerves |
| Left, Right / Page Up, Page Down | In a tour: previous and next step |
| Space | In a tour: play or pause |
| Ctrl+Q | Quit |

Mouse: click a structure or its label to select it; drag to rotate; right-drag or scroll to zoom;
middle-drag to pan. Hovering names what is under the pointer.
"""


def show_markdown(parent: QWidget, title: str, text: str) -> QDialog:
    dialog = QDialog(parent, windowTitle=title)
    browser = QTextBrowser(openExternalLinks=True)
    browser.setMarkdown(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(720, 620)
    dialog.show()
    return dialog


def scene_reference() -> str:
    """The scene-file reference shipped with the package (scenes/reference.md)."""
    return resources.files("scenes").joinpath("reference.md").read_text("utf-8")
