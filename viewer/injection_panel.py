"""The injection panel: pick a site, slide the needle's depth, read the distances live.

A thin widget on the ViewState: the site and depth live in the scene's [injection] settings
(`state.set_injection`), the map on the skin is the `injection-map` layer (`state.set_layer`);
the numbers come from `scenes.clinical.injection`, the same code as `gluteal-viewer injection`.
While the slider is dragged only the numbers follow (a short debounce); the 3-D map is built
again when it is let go, so dragging stays smooth.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meshes import REGISTRY
from scenes.clinical import injection
from scenes.state import ViewState

MAP = "injection-map"
MIN_DEPTH, MAX_DEPTH = 5, 100  # mm on the slider (the CLI takes up to injection.MAX_DEPTH)


class InjectionPanel(QWidget):
    def __init__(self, state: ViewState, meshes, parent=None):
        super().__init__(parent)
        self.state, self.meshes = state, meshes
        self._sites: dict[str, injection.Site] | None = None
        self.needle: injection.Needle | None = None

        self.site = QComboBox()
        for sid in injection.SITES:
            self.site.addItem(sid, sid)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(MIN_DEPTH, MAX_DEPTH)
        self.depth_label = QLabel()
        self.depth_label.setMinimumWidth(60)
        self.tip = QLabel()
        self.tip.setWordWrap(True)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: palette(mid); font-style: italic;")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Nerve or vessel", "Tip (mm)", "Shaft (mm)"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.map_box = QCheckBox("Colour the skin by distance to the nearest nerve")

        depth_row = QHBoxLayout()
        depth_row.addWidget(self.slider, 1)
        depth_row.addWidget(self.depth_label)
        form = QFormLayout()
        form.addRow("Site", self.site)
        form.addRow("Depth", depth_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tip)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.map_box)
        layout.addWidget(self.source)

        self._debounce = QTimer(self, singleShot=True, interval=120, timeout=self._measure)
        self.site.currentIndexChanged.connect(self._site_chosen)
        self.slider.valueChanged.connect(self._depth_moved)
        self.slider.sliderReleased.connect(self._depth_settled)
        self.map_box.toggled.connect(lambda on: self.state.set_layer(MAP, on))
        state.scene_changed.connect(self._follow)
        state.injection_changed.connect(self._follow)
        self._follow()

    # --- following the state ------------------------------------------------------------------

    def _follow(self, _=None) -> None:
        """Widgets show the scene's settings (setters are idempotent: no echo loops)."""
        settings = self.state.scene.injection
        chosen = (settings.sites or [injection.SITES[0]])[0]
        for widget, value in ((self.site, self.site.findData(chosen)),
                              (self.slider, int(round(min(max(settings.depth, MIN_DEPTH), MAX_DEPTH))))):
            widget.blockSignals(True)
            (widget.setCurrentIndex if widget is self.site else widget.setValue)(value)
            widget.blockSignals(False)
        self.map_box.blockSignals(True)
        self.map_box.setChecked(MAP in self.state.scene.layers)
        self.map_box.blockSignals(False)
        self._measure()

    # --- user actions -------------------------------------------------------------------------

    def _site_chosen(self, _index: int) -> None:
        self.state.set_injection(sites=[self.site.currentData()])

    def _depth_moved(self, value: int) -> None:
        self.depth_label.setText(f"{value} mm")
        if self.slider.isSliderDown():
            self._debounce.start()  # numbers only while dragging
        else:
            self._depth_settled()  # keys, clicks on the groove, tests

    def _depth_settled(self) -> None:
        self.state.set_injection(depth=float(self.slider.value()))

    # --- the numbers --------------------------------------------------------------------------

    def _measure(self) -> None:
        if self._sites is None:
            self._sites = injection.sites(self.meshes)
        site = self._sites[self.site.currentData()]
        depth = float(self.slider.value())
        self.depth_label.setText(f"{depth:g} mm")
        if self.needle is not None and (self.needle.site.id, self.needle.depth) == (site.id, depth):
            return  # already shown (the state echoes each change on two signals)
        self.needle = injection.needle(site, depth, self.meshes)
        self.tip.setText(f"<b>{site.name}</b><br>{site.rule}.<br>Tip {depth:g} mm deep, in "
                         f"<b>{injection.layer_name(self.needle.layer)}</b>.")
        self.source.setText(f"Site: {site.source}. Distances are to each nerve's or vessel's surface.")
        rows = sorted(self.needle.distances.items(), key=lambda kv: kv[1])
        self.table.setRowCount(len(rows))
        for r, (sid, mm) in enumerate(rows):
            shaft = self.needle.shaft_distances[sid]
            for c, text in enumerate((REGISTRY[sid].name, f"{mm:.1f}", f"{shaft:.1f}")):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def distances(self) -> dict[str, float]:
        """What the table shows, by structure id (for tests and scripts)."""
        return dict(self.needle.distances) if self.needle else {}
