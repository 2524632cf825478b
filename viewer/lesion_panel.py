"""The lesion panel and the Variant menu: thin widgets on the ViewState.

The panel picks a lesion level and lists what it takes away (the same walk as `gluteal-viewer
lesion`); the view colours the muscles because the scene now names the level. The Variant menu
switches the anatomy. Neither calls the view or the other: both set the state and follow it.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QTextBrowser, QVBoxLayout, QWidget

from scenes.clinical import lesion
from scenes.clinical.variants import variants
from scenes.state import ViewState

NONE = "No lesion"


class LesionPanel(QWidget):
    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.combo = QComboBox()
        self.combo.addItem(NONE, None)
        for level, spec in lesion.levels().items():
            self.combo.addItem(spec["name"], level)
        self.combo.setToolTip("Pick a lesion level: the muscles that lose supply are coloured by grade")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Lesion level"))
        layout.addWidget(self.combo)
        layout.addWidget(self.browser, 1)
        self.combo.currentIndexChanged.connect(self._picked)
        state.scene_changed.connect(self._follow)
        self._follow(state.scene)

    @property
    def level(self) -> str | None:
        return self.combo.currentData()

    def _picked(self, _index: int) -> None:
        self.state.set_lesion(self.level)

    def _follow(self, scene) -> None:
        index = max(0, self.combo.findData(scene.lesion)) if scene.lesion else 0
        if index != self.combo.currentIndex():
            self.combo.blockSignals(True)  # following the state, not a pick
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)
        text = findings_html(scene.lesion, scene.variant) if scene.lesion else \
            ("<p>Pick a level to see which muscles weaken, what goes numb, and what needle EMG and "
             "nerve conduction show.</p>")
        self.browser.setHtml(variant_html(scene.variant) + text)


def findings_html(level: str, variant: str | None = None) -> str:
    """The panel's text: weakness by grade, sensory loss, reflexes, sign, EMG and SNAPs."""
    r, g = lesion.simulate(level, variant), lesion.graph(variant)
    f = r.findings
    rows = "".join(f"<tr><td align='center'><b>{grade}</b></td><td>{html.escape(g.nodes[m].name)}</td>"
                   "</tr>" for m, grade in sorted(r.muscles.items(), key=lambda kv: (-kv[1], kv[0])))
    rows = rows or "<tr><td>none</td></tr>"
    skin = ", ".join(html.escape(g.nodes[s].name) for s in r.sensory) or "none"
    emg = "".join(f"<tr><td align='center'>{html.escape(r.emg.get(m, '0'))}</td>"
                  f"<td>{html.escape(g.nodes[m].name)}</td><td>{html.escape(f['emg'][col])}</td></tr>"
                  for col, ms in lesion.emg_screen(level).items() for m in ms)
    return (f"<h3>{html.escape(r.name)}</h3>"
            f"<p><b>Weakness</b> (3 severe, 2 moderate, 1 mild or variable)</p><table>{rows}</table>"
            f"<p><b>Sensory loss:</b> {skin}</p>"
            f"<p><b>Reflexes:</b> {html.escape(f['reflexes'])}</p>"
            f"<p><b>Sign:</b> {html.escape(f['sign'])}</p>"
            f"<p><b>Needle EMG</b> (+ denervation, ± variable, 0 normal; published)</p><table>{emg}</table>"
            f"<p><b>SNAPs:</b> {r.snap} (published: {html.escape(f['snap_text'])})</p>"
            f"<p><small>Published row: {html.escape(f['weakness'])}. "
            "Source: CLINICAL.md section 3.</small></p>")


def variant_html(variant: str | None) -> str:
    """The article paragraph of the variant on show (nothing for the usual anatomy)."""
    if not variant:
        return ""
    v = variants()[variant]
    return (f"<p><b>Variant: {html.escape(v.name)}</b> ({html.escape(v.frequency)}; "
            f"{html.escape(v.source)})<br>{html.escape(v.paragraph)}</p><hr>")


class VariantMenu(QMenu):
    """Usual anatomy or one variant at a time (exclusive, checkable)."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__("Va&riant", parent)
        self.state = state
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_id: dict[str | None, QAction] = {}
        for vid, text, tip in [(None, "Usual anatomy (Beaton && Anson type A)", ""),
                               *[(v.id, f"{v.name.replace('&', '&&')}  ({v.frequency})",
                                  v.paragraph) for v in variants().values()]]:
            action = QAction(text, self, checkable=True)
            action.setStatusTip(tip[:200])
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, vid=vid: self.state.set_variant(vid))
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_id[vid] = action
        state.scene_changed.connect(self._follow)
        self._follow(state.scene)

    def _follow(self, scene) -> None:
        self.actions_by_id.get(scene.variant, self.actions_by_id[None]).setChecked(True)
