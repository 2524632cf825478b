"""GUI tier: the injection panel in the real window under Xvfb, driven by pytest-qt."""

import shutil

import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]


@pytest.fixture
def window(qtbot, built_meshes, tmp_path):
    from PySide6.QtCore import QSettings

    import scenes
    from viewer.window import MainWindow

    w = MainWindow(built_meshes, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_scene(scenes.load("injection-map"))
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_panel_follows_site_and_depth_and_matches_the_cli(window, qtbot, capsys):
    import json

    from PySide6.QtCore import Qt

    from scenes import cli

    window.show_injection_panel()
    panel = window.injection_dock.widget()
    assert window.injection_dock.isVisible()
    assert panel.map_box.isChecked()  # the scene shows the map
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
    from meshes import REGISTRY

    for sid, mm in site["distances_mm"].items():
        assert shown[REGISTRY[sid].name] == pytest.approx(mm, abs=0.051)
    assert site["layer"] in ("fat", "intermuscular") or REGISTRY[site["layer"]].name.lower() in \
        panel.tip.text().lower()
    # switching the map off takes the layer out of the scene the view shows
    panel.map_box.click()
    assert "injection-map" not in window.state.scene.layers
    assert not any(a.startswith("needle-") for a in window.view.plotter.actors)
    panel.map_box.click()
    assert any(a.startswith("needle-") for a in window.view.plotter.actors)
