"""Anatomical variants: the data, the edits of the path table, `check --variant` for every variant,
the scene key and renders."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from meshes.anatomy.courses import path_data, paths
from meshes.anatomy.courses import variants as geometry
from scenes import cli
from scenes.clinical.variants import variants

IDS = list(geometry.VARIANTS)
CLINICAL = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "CLINICAL.md"


def test_teaching_data_and_geometry_have_the_same_variants():
    assert list(variants()) == IDS
    for v in variants().values():
        assert v.name and v.frequency and re.search(r"\[\d+\]", v.source), v.id
        assert len(re.findall(r"[.!?](\s|$)", v.paragraph)) >= 2, v.id  # what differs, how often, why
        if v.percent is not None:
            assert f"{v.percent:g}" in v.frequency.replace(",", ""), v.id


@pytest.mark.skipif(not CLINICAL.exists(), reason="CLINICAL.md lives beside the repository (../shared/docs)")
def test_frequencies_are_the_documents():
    section = CLINICAL.read_text("utf-8").split("## 4.")[1].split("## 5.")[0]
    for v in variants().values():
        if v.percent is not None:  # as published, or its complement (no branch: 3 of 12 = 25%)
            assert f"{v.percent:g}%" in section or f"{100 - v.percent:g}%" in section, v.id


def test_variants_command_lists_id_then_frequency_and_source(capsys):
    assert cli.main(["variants"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split()[0] for ln in lines] == IDS
    assert "8.9%" in lines[IDS.index("ign-through-piriformis")] and "Tillmann" in lines[IDS.index(
        "ign-through-piriformis")]
    assert cli.main(["variants", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"id", "name", "frequency", "source", "paragraph"} <= set(doc[0])


def test_edits_leave_the_model_alone_and_change_what_they_say():
    before = repr(path_data.TABLE)
    for vid in IDS:
        table = geometry.edited_table(vid)
        assert table != path_data.TABLE, vid
        assert set(geometry.changed(vid)) - {geometry.PIRIFORMIS}, vid
    assert repr(path_data.TABLE) == before
    through = geometry.edited_table("ign-through-piriformis")
    names = [p["name"] for p in through[geometry.SCIATIC]["parts"]]
    assert "cord_fibular" in names  # tied to Beaton & Anson type B (Tillmann 1979)


def test_edits_follow_the_base_course(monkeypatch):
    """Edits are relative to named parts: moving the base IGN's entry into gluteus maximus moves
    the variant's too."""
    table = {k: dict(v) for k, v in path_data.TABLE.items()}
    ign = [dict(p) for p in table[geometry.IGN]["parts"]]
    trunk = next(p for p in ign if p["name"] == "trunk")
    trunk["via"] = [*trunk["via"][:-1], path_data.gmd(0.6, 0.8, 3)]
    table[geometry.IGN] = {**table[geometry.IGN], "parts": ign}
    monkeypatch.setattr(path_data, "TABLE", table)
    edited = geometry.edited_table("ign-above-piriformis")
    last = next(p for p in edited[geometry.IGN]["parts"] if p["name"] == "trunk")["via"][-1]
    assert last == path_data.gmd(0.6, 0.8, 3)


def test_activate_swaps_the_paths_and_puts_them_back():
    base = paths.get(geometry.IGN, "trunk").points
    geometry.activate("ign-above-piriformis")
    try:
        moved = np.array(paths.get(geometry.IGN, "trunk").points)
        assert not np.allclose(moved[1], base[1])
    finally:
        geometry.activate(None)
    assert paths.get(geometry.IGN, "trunk").points == base
    assert "cord_fibular" not in [p.name for p in paths.PATHS[geometry.SCIATIC]]


@pytest.mark.parametrize("vid", IDS)
def test_check_variant_passes(vid, built_meshes):
    """`check --variant` holds for every variant, through-piriformis only where it says so."""
    from meshes.checks import variants as checks

    results = checks.run(vid, built_meshes)
    failed = [f"{r.name}: {r.detail}" for r in results if not r.ok]
    assert not failed, failed
    names = [r.name for r in results]
    assert "variant_piriformis_relations" in names and "through_piriformis_only_where_allowed" in names
    assert geometry.active() is None


def test_check_variant_fails_where_the_variant_is_not_allowed(built_meshes):
    """The adapted invariants still bite: the through-piriformis geometry checked as if it were the
    base model fails the relation check."""
    from meshes import cache
    from meshes.checks import variants as checks
    from meshes.checks.common import Geometry

    over = cache.load_variant("ign-through-piriformis")
    geometry.activate("ign-through-piriformis")
    try:
        g = Geometry({**built_meshes, **over})
        assert not checks.piriformis_relations(g, "ign-above-piriformis").ok
        assert checks.relation(g, geometry.IGN, "trunk")[0] == "through"
    finally:
        geometry.activate(None)


def test_check_variant_cli(built_meshes, capsys):
    assert cli.main(["check", "--variant", "ign-motor-only"]) == 0
    out = capsys.readouterr().out
    assert "ok   ign_cutaneous_branch: not applicable" in out and "ign-motor-only:" in out
    assert cli.main(["check", "--variant", "ign-sideways"]) == 2
    assert "unknown variant" in capsys.readouterr().err


def test_scene_key(tmp_path, capsys):
    import scenes
    from scenes.validation import json_schema

    bad = tmp_path / "bad.toml"
    bad.write_text('variant = "ign-through"\n')
    assert cli.main(["validate", str(bad)]) == 2
    assert "bad.toml:1: variant: unknown variant 'ign-through'" in capsys.readouterr().err
    scene = scenes.parse('variant = "beaton-anson-b"\n')
    assert scenes.load(scenes.save(scene, tmp_path / "v.toml")).variant == "beaton-anson-b"
    assert json_schema()["properties"]["variant"]["enum"] == IDS


def test_a_label_may_name_a_part_the_variant_adds():
    """The common fibular cord exists only in the variants that split the sciatic nerve: a label
    on it is valid in such a scene and refused, naming the key, in the usual anatomy."""
    import scenes
    from scenes.scene_file import SceneError

    label = '[[labels]]\nstructure = "sciatic_nerve_right"\npart = "cord_fibular"\n'
    scene = scenes.parse('variant = "ign-through-piriformis"\n' + label)
    assert scene.labels[0].part == "cord_fibular"
    with pytest.raises(SceneError, match="labels\\[0\\].part.*no part 'cord_fibular'"):
        scenes.parse(label)


def test_a_label_on_a_part_follows_the_inherited_variant(tmp_path):
    """A child of `default` (which labels the IGN's cutaneous branch) may pick a variant without
    that branch: the inherited label is left out, not the scene refused. The file's own label on a
    part its inherited variant lacks is refused, pointing at its own line."""
    import scenes
    from scenes.scene_file import SceneError

    motor = scenes.parse('extends = "default"\nvariant = "ign-motor-only"\n')
    assert not [lb for lb in motor.labels if lb.part == "branch_cutaneous"]
    assert [lb for lb in scenes.load("default").labels if lb.part == "branch_cutaneous"]
    parent = tmp_path / "parent.toml"
    parent.write_text('extends = "default"\nvariant = "ign-motor-only"\n')
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{parent}"\n\n[[labels]]\nstructure = "inferior_gluteal_nerve_right"\n'
                     'part = "branch_cutaneous"\n')
    with pytest.raises(SceneError, match="no part 'branch_cutaneous'") as err:
        scenes.load(child)
    assert err.value.file == str(child) and err.value.line in (4, 5)



VIEWS = ("foramen", "posterior")  # the course out of the pelvis; the branches in the buttock


@pytest.fixture(scope="module")
def renderer(built_meshes):
    from scenes.offscreen import Renderer

    return Renderer(built_meshes)


@pytest.fixture(scope="module")
def usual(renderer):
    return {view: renderer.image(_deep_view(None, view)).astype(int) for view in VIEWS}


def _deep_view(variant: str | None, preset: str):
    from scenes.offscreen import with_output
    from scenes.scene_file import parse

    text = f"""extends = "default"
replace_labels = true
{f'variant = "{variant}"' if variant else ''}
[camera]
preset = "{preset}"
[output]
size = [640, 360]
quality = "draft"
captions = false
orientation_marker = false
[structures.gluteus_maximus_right]
visible = false
cut_branches = false  # whole: variants of the branches (a second cutaneous one) run beyond the cut
"""
    return with_output(parse(text), labels=False)


@pytest.mark.render
@pytest.mark.parametrize("vid", IDS)
def test_every_variant_renders_its_own_course(vid, renderer, usual):
    """Headless, each variant draws a picture that differs from the usual anatomy where its nerves
    run, seen out of the pelvis or in the buttock (a variant the renderer ignored would give the
    usual pictures back)."""
    changed = []
    for view in VIEWS:
        shown = renderer.image(_deep_view(vid, view)).astype(int)
        assert (shown.std(axis=(0, 1)) > 10).all()  # a picture, not a blank frame
        changed.append(int((np.abs(shown - usual[view]).max(axis=2) > 40).sum()))
    assert max(changed) > 15, f"{vid}: pixels changed per view {changed}; the usual anatomy came back"


@pytest.mark.parametrize("vid", ["beaton-anson-b", "ign-through-piriformis"])
def test_the_fibular_cord_runs_into_the_band_along_its_edge(vid):
    """Lecturer's review of variant-ign-through-piriformis: the teal common fibular cord ended in a
    cap on the sciatic nerve's back, and the tibial part below piriformis kept the whole nerve's
    calibre. The cord's end lies inside the band's section, it comes in in the band's plane (not
    onto its back), and above the join the band is the tibial part alone, narrower than below."""
    geometry.activate(vid)
    try:
        cord = paths.centreline(geometry.SCIATIC, "cord_fibular")
        trunk = paths.centreline(geometry.SCIATIC, "trunk")
        tangent, width, thick = paths.section_frames(geometry.SCIATIC, "trunk")
        half_w, half_t = paths.half_axes(geometry.SCIATIC, "trunk")
    finally:
        geometry.activate(None)
    k = int(np.argmin(np.linalg.norm(trunk - cord[-1], axis=1)))
    off = cord[-1] - trunk[k]
    assert (off @ width[k] / half_w[k]) ** 2 + (off @ thick[k] / half_t[k]) ** 2 <= 1.0  # inside
    # over its last 15 mm the cord's axis stays within the band's thickness: it runs in in the
    # band's plane (joined from behind, it lay 3.4-4.6 mm off the plane, past the face at 2.5)
    back = cord[::-1]
    run = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(back, axis=0), axis=1))])
    for p in back[run <= 15.0]:
        j = int(np.argmin(np.linalg.norm(trunk - p, axis=1)))
        off = (p - trunk[j]) @ thick[j]
        assert abs(off) < half_t[j], f"{off:.1f} mm off the band's plane"
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(trunk, axis=0), axis=1))])
    above = half_w[np.searchsorted(arc, 0.1 * arc[-1])]
    below = half_w[np.searchsorted(arc, 0.4 * arc[-1])]
    assert 2 * above < 0.85 * 2 * below, (2 * above, 2 * below)
