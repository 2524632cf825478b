"""GUI tier: the lesion panel and the Variant menu in the real window (pytest-qt under Xvfb)."""

import shutil

import pytest

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")]



def _pick(qtbot, combo, text: str) -> None:
    """Choose an entry the way a user does: open the list, move to it with the keys, Enter."""
    from PySide6.QtCore import Qt

    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_lesion_panel_colours_the_view_and_lists_findings(window, qtbot):
    from scenes.layers.clinical import lesion as layer

    panel = window.lesion_panel
    assert panel.combo.currentData() is None
    _pick(qtbot, panel.combo, "IGN trunk, infrapiriform")
    qtbot.waitUntil(lambda: window.state.scene.lesion == "ign-trunk", timeout=5000)
    text = panel.browser.toPlainText()
    assert "Gluteus maximus" in text and "Trouble rising from a chair" in text and "SNAPs" in text
    gmax = window.view.built.actors["gluteus_maximus_right"]
    import pyvista as pv

    assert tuple(round(c, 3) for c in gmax.prop.color.float_rgb) == \
        tuple(round(c, 3) for c in pv.Color(layer.GRADE_COLORS[3]).float_rgb)
    assert "lesion-site" in window.view.plotter.actors
    _pick(qtbot, panel.combo, "No lesion")
    qtbot.waitUntil(lambda: window.state.scene.lesion is None, timeout=5000)
    assert "lesion-site" not in window.view.plotter.actors


def test_variant_menu_switches_the_anatomy(window, qtbot):
    from meshes.anatomy.courses import paths, variants

    menu = window.variant_menu
    assert menu.actions_by_id[None].isChecked()
    menu.actions_by_id["ign-through-piriformis"].trigger()
    qtbot.waitUntil(lambda: window.state.scene.variant == "ign-through-piriformis", timeout=60000)
    assert variants.active() == "ign-through-piriformis"
    assert "cord_fibular" in [p.name for p in paths.PATHS["sciatic_nerve_right"]]
    built = window.view.built.meshes["sciatic_nerve_right"]
    assert built is not window.view.meshes["sciatic_nerve_right"]  # the variant's mesh, not the base
    assert menu.actions_by_id["ign-through-piriformis"].isChecked()
    menu.actions_by_id[None].trigger()
    qtbot.waitUntil(lambda: window.state.scene.variant is None, timeout=5000)
    assert variants.active() is None
    assert "cord_fibular" not in [p.name for p in paths.PATHS["sciatic_nerve_right"]]


def test_panel_shows_the_variant_article_and_its_lesion(window, qtbot):
    window.variant_menu.actions_by_id["ign-pfcn-common-trunk"].trigger()
    _pick(qtbot, window.lesion_panel.combo, "IGN trunk, infrapiriform")
    qtbot.waitUntil(lambda: window.state.scene.lesion == "ign-trunk", timeout=60000)
    text = window.lesion_panel.browser.toPlainText()
    assert "Variant: Inferior gluteal and posterior femoral cutaneous" in text
    assert "Posterior thigh" in text  # the common trunk carries the PFCN (CLINICAL.md s. 3 row d)


def test_ghosting_keeps_the_grade_colours(window, qtbot):
    """G (ghosting) restyles every actor; the lesion's colours are per point, so they stay."""
    import numpy as np

    window.state.set_lesion("sgn")
    # gluteus minimus: drawn solid in the posterior plate (medius is an outline there, coloured whole)
    minimus = window.view.built.actors["gluteus_minimus_right"]
    before = np.asarray(minimus.mapper.dataset.point_data["lesion_rgb"]).copy()
    window.state.set_ghosting(True)
    assert minimus.mapper.scalar_visibility
    assert np.array_equal(np.asarray(minimus.mapper.dataset.point_data["lesion_rgb"]), before)
    assert minimus.prop.opacity < 0.5
