"""GUI tier: the injection panel in the real window under Xvfb, driven by pytest-qt."""

import json
import shutil

import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]



def test_panel_follows_site_and_depth_and_matches_the_cli(window, qtbot, capsys):
    from PySide6.QtCore import Qt

    from meshes import REGISTRY
    from scenes import cli


    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Clinical")
    action = next(a for a in menu.actions() if a.text() == "&Injection safety")
    assert action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    panel = window.injection_dock.widget()
    assert window.injection_dock.isVisible() and not panel.map_box.isChecked()
    # choose the ventrogluteal site with the keyboard in the combo box
    panel.site.setFocus()
    while panel.site.currentData() != "ventrogluteal":
        qtbot.keyClick(panel.site, Qt.Key.Key_Down)
    assert window.state.scene.injection.sites == ["ventrogluteal"]
    # step the depth with the keyboard: PageUp moves the slider by its page step
    panel.slider.setFocus()
    start = panel.slider.value()
    qtbot.keyClick(panel.slider, Qt.Key.Key_PageUp)
    depth = panel.slider.value()
    assert depth > start and window.state.scene.injection.depth == depth
    assert panel.depth_label.text() == f"{depth} mm"
    # the table shows what `injection --json` prints for that site and depth
    capsys.readouterr()
    assert cli.main(["injection", "ventrogluteal", "--depth", str(depth), "--json"]) == 0
    site = json.loads(capsys.readouterr().out)["sites"][0]
    shown = {panel.table.item(r, 0).text(): float(panel.table.item(r, 1).text())
             for r in range(panel.table.rowCount())}
    assert len(shown) == len(site["distances_mm"])
    for sid, mm in site["distances_mm"].items():
        assert shown[REGISTRY[sid].name] == pytest.approx(mm, abs=0.051)
    # the map on: the scene gains the layer and the view draws the chosen site's needle
    panel.map_box.click()
    assert window.state.scene.layers == ["injection-map"]
    needles = [a for a in window.view.plotter.actors if a.startswith("needle-")]
    assert needles == ["needle-ventrogluteal"]
    panel.map_box.click()
    assert not any(a.startswith("needle-") for a in window.view.plotter.actors)
