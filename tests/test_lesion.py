"""The lesion simulator: the walker against its graph, the data against CLINICAL.md, the CLI."""

import json
import math
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from scenes import cli
from scenes.clinical import lesion

LEVELS = ["L5", "S1", "sacral-plexus", "ign-trunk", "ign-branch", "sciatic-foramen", "sgn"]  # issue 13
CLINICAL = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "CLINICAL.md"


def _data(name: str) -> dict:
    return tomllib.loads(resources.files("scenes.clinical").joinpath(name).read_text("utf-8"))


def _json(capsys, *argv) -> dict:
    assert cli.main(["lesion", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _below(nodes: dict, starts) -> set:
    """Downstream closure, written here from the raw TOML (not the module's walker)."""
    out, grew = set(starts), True
    while grew:
        new = {n for n, d in nodes.items() if set(d.get("from", ())) & out} - out
        out |= new
        grew = bool(new)
    return out


def _expected_muscles(level: str) -> dict:
    """What the graph says a level marks: for a root, every muscle below it with a share of it;
    for nerves, every muscle with a supply edge below the cut, at severity x fraction cut."""
    nodes, spec = _data("innervation.toml")["nodes"], _data("findings.toml")["levels"][level]
    muscles = {n: d for n, d in nodes.items() if d["kind"] == "muscle"}
    if "root" in spec["cut"]:
        root = spec["cut"]["root"]
        below = _below(nodes, [root])
        return {m: d["roots"][root] for m, d in muscles.items() if m in below and d["roots"].get(root, 0) > 0}
    sev = spec["severity"]
    out = {}
    for m, d in muscles.items():
        cut = []
        for parent in d["from"]:
            hits = [s for s in spec["cut"]["nodes"] if parent in _below(nodes, [s])]
            if hits:
                cut.append(max(sev[s] if isinstance(sev, dict) else sev for s in hits))
        if cut:
            out[m] = math.ceil(sum(cut) / len(d["from"]))
    return out


def test_lists_exactly_the_issue_levels(capsys):
    assert cli.main(["lesion", "--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == LEVELS


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_marks_exactly_the_muscles_its_graph_says(level, capsys):
    doc = _json(capsys, level)
    assert set(doc) == {"level", "muscles", "sensory", "emg", "snap"} and doc["level"] == level
    assert doc["muscles"] == _expected_muscles(level)
    assert doc["snap"] in ("normal", "reduced")
    assert set(doc["emg"].values()) <= {"+", "±", "0"}


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_agrees_with_its_clinical_row(level, capsys):
    """Grades inside the published range, the listed skin, the EMG screen and the SNAP of
    findings.toml (CLINICAL.md section 3) come out of the graph walk."""
    doc, spec = _json(capsys, level), lesion.levels()[level]
    expect = spec["expect"]
    for muscle, (lo, hi) in expect["grades"].items():
        assert lo <= doc["muscles"].get(muscle, 0) <= hi, (muscle, doc["muscles"].get(muscle, 0))
    if expect.get("only"):
        assert set(doc["muscles"]) == set(expect["grades"])
    assert doc["sensory"] == [s for s in lesion.graph().nodes if s in expect["sensory"]]
    for column, muscles in lesion.emg_screen(level).items():
        symbol = _symbol(spec["emg"][column])
        for m in muscles:
            assert doc["emg"][m] == symbol, (column, m)
    assert doc["snap"] == ("reduced" if spec["snap_text"].startswith("Reduced") else "normal")
    assert lesion.simulate(level).ankle_jerk == expect["ankle_jerk"]


def _symbol(cell: str) -> str:
    return re.search(r"[+±0]", cell).group(0)


def test_muscle_keys_are_structure_ids_where_modelled_and_snake_case_elsewhere():
    from scenes.catalog import CATALOG

    for node in lesion.graph().leaves("muscle"):
        assert re.fullmatch(r"[a-z][a-z_]*", node.id)
        assert (node.id in CATALOG) == node.id.endswith("_right"), node.id
        if node.id in CATALOG:
            assert CATALOG[node.id].kind == "muscle"


def test_graph_is_sound():
    """Every node has a cited source and real model parts; a leaf's root shares come from roots
    that actually reach it through the graph."""
    from meshes import PATHS

    g = lesion.graph()
    for node in g.nodes.values():
        assert node.source in g.sources, node.id
        for ref in node.paths:
            sid, part = ref.split(".")
            assert part in [p.name for p in PATHS[sid]], ref
        if node.kind in ("muscle", "skin"):
            assert node.parents, node.id
            assert set(node.roots) <= g.roots_above(node.id), node.id


def test_every_nerve_part_of_the_model_is_in_the_graph():
    """A part added to the path table (a new branch) of a nerve the graph walks must join the
    graph, or a lesion above it leaves it drawn as intact. (The pudendal nerve and S4 take part in
    no lesion level, so the graph leaves them out whole.)"""
    from meshes import PATHS
    from meshes.anatomy.courses.paths import KIND

    graphed = {ref for node in lesion.graph().nodes.values() for ref in node.paths}
    nerves = [sid for sid in PATHS if KIND[sid] == "nerve" and any(r.startswith(sid + ".") for r in graphed)]
    outside = {"sacral_plexus_right.ramus_S4"}  # S4 feeds only the pudendal nerve: no level reaches it
    missing = [f"{sid}.{p.name}" for sid in nerves for p in PATHS[sid]
               if f"{sid}.{p.name}" not in graphed | outside]
    assert not missing, missing


def test_nerve_parts_are_downstream_of_the_cut():
    trunk = lesion.simulate("ign-trunk")
    assert "inferior_gluteal_nerve_right.trunk" in trunk.nerve_parts
    assert "inferior_gluteal_nerve_right.branch_cutaneous" in trunk.nerve_parts
    assert "inferior_gluteal_nerve_right.branch_medial" in trunk.nerve_parts
    assert not any(p.startswith("sciatic") for p in trunk.nerve_parts)
    branch = lesion.simulate("ign-branch")
    assert branch.nerve_parts == ["inferior_gluteal_nerve_right.branch_1"]
    l5 = lesion.simulate("L5")
    assert l5.nerve_parts == ["lumbosacral_trunk_right.ramus_L5"]
    assert "inferior_gluteal_nerve_right.trunk" in l5.partial_parts


def test_unknown_level_is_one_clear_line(capsys):
    assert cli.main(["lesion", "ign"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ign-trunk" in err and "Traceback" not in err


def test_printed_table_has_grades_skin_and_emg(capsys):
    assert cli.main(["lesion", "sgn"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^\s+3\s+gluteus_medius_right", out, re.M)
    assert "Trendelenburg" in out and "SNAP" in out


# --- the data against the document ---------------------------------------------------------------

def _clinical_rows() -> dict[str, list[str]]:
    text = CLINICAL.read_text("utf-8")
    section = text.split("## 3.")[1].split("## 4.")[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.skipif(not CLINICAL.exists(), reason="CLINICAL.md lives beside the repository (../shared/docs)")
@pytest.mark.parametrize("level", LEVELS)
def test_findings_tables_match_clinical_md(level):
    rows, spec = _clinical_rows(), lesion.levels()[level]
    weakness, sensory, reflexes, sign = rows[spec["row"]]
    assert (spec["weakness"], spec["sensory_text"], spec["reflexes"], spec["sign"]) == \
           (weakness, sensory, reflexes, sign)
    emg = rows[spec["emg_row"]]
    columns = list(_data("findings.toml")["emg_columns"])
    assert [spec["emg"][c] for c in columns] + [spec["snap_text"]] == emg


# --- the scene key ---------------------------------------------------------------------------------

def test_scene_key_is_validated_with_a_hint(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nlesion = "ign_trunk"\n')
    assert cli.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml:2: lesion: unknown lesion level 'ign_trunk'" in err and "ign-trunk" in err


def test_scene_key_round_trips_and_is_in_the_schema(tmp_path):
    import scenes
    from scenes.validation import json_schema

    scene = scenes.parse('lesion = "sgn"\n')
    assert scene.lesion == "sgn"
    back = scenes.load(scenes.save(scene, tmp_path / "s.toml"))
    assert back.lesion == "sgn" and back == scene
    assert json_schema()["properties"]["lesion"]["enum"] == LEVELS


def test_a_variant_rewires_the_walk(capsys):
    """CLINICAL.md section 3 row d: posterior thigh numb if the PFCN is caught too (the common
    trunk variant); no sensory loss at all with the motor-only nerve."""
    usual = _json(capsys, "ign-trunk")
    common = _json(capsys, "ign-trunk", "--variant", "ign-pfcn-common-trunk")
    motor = _json(capsys, "ign-trunk", "--variant", "ign-motor-only")
    assert "posterior_thigh" not in usual["sensory"] and "posterior_thigh" in common["sensory"]
    assert motor["sensory"] == [] and motor["muscles"] == usual["muscles"] == {"gluteus_maximus_right": 3}
    assert common["snap"] == "normal"  # the routine SNAPs test sural and superficial fibular nerves
    assert _json(capsys, "sciatic-foramen", "--variant", "ign-pfcn-common-trunk") == \
        _json(capsys, "sciatic-foramen")


def test_a_child_scene_may_turn_labels_off_in_output():
    """`[output] labels = false` in a scene that extends another was taken for its [[labels]]
    (found while writing the lesion render tests)."""
    import scenes

    scene = scenes.parse('extends = "default"\nlesion = "sgn"\n[output]\nlabels = false\n')
    assert scene.output.labels is False and scene.labels and scene.lesion == "sgn"


@pytest.mark.skipif(not CLINICAL.exists(), reason="CLINICAL.md lives beside the repository (../shared/docs)")
@pytest.mark.parametrize("level", LEVELS)
def test_the_legend_cites_what_its_row_cites(level):
    """The lesion legend's source line names every reference the level's CLINICAL.md row cites
    (by its first word: an author, or the site), and no other numbered reference: it cited
    Harrison's radiculopathy table for every level, an IGN lesion included (review)."""
    refs = dict(re.findall(r"^(\d+)\. (.+)$", CLINICAL.read_text("utf-8"), re.M))
    first = {n: entry.split()[0].strip('"\'.,:;').lower() for n, entry in refs.items()}
    spec = _data("findings.toml")["levels"][level]
    cited = {n for v in spec.values() if isinstance(v, str) for g in re.findall(r"\[([\d,\s]+)\]", v)
             for n in re.findall(r"\d+", g)}
    text = spec["legend_source"].lower()
    assert cited, f"{level}: its row cites nothing"
    missing = [f"[{n}] {first[n]}" for n in sorted(cited, key=int) if first[n] not in text]
    assert not missing, f"{level}: the legend leaves out {missing}"
    named = " ".join(refs[n] for n in cited).lower()  # an entry may name a second work (38: Preston)
    others = [first[n] for n in first if first[n] not in named and len(first[n]) > 6 and first[n] in text]
    assert not others, f"{level}: the legend names {others}, which its row does not cite"


def test_unmodelled_weakness_is_wrapped_for_the_legend():
    """An L5 lesion's "also weak" line ran 80 characters and made the legend half the frame wide."""
    from scenes.layers.clinical.lesion import WRAP, unmodelled

    lines = unmodelled(lesion.simulate("L5").muscles)
    assert "ankle dorsiflexors (foot drop)" in " ".join(ln.strip() for ln in lines), lines
    assert all(len(ln) <= WRAP for ln in lines[1:]), lines
