import json

from scenes import cli


def test_check_json(built_meshes, capsys):
    assert cli.main(["check", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["landmarks"]["asis_right"]) == 3
    assert all({"name", "ok", "detail"} <= set(r) for r in doc["invariants"])
    assert all(r["ok"] for r in doc["invariants"])


def test_export_meshes(built_meshes, tmp_path):
    assert cli.main(["export-meshes", str(tmp_path / "out"), "--format", "stl"]) == 0
    files = {p.name for p in (tmp_path / "out").iterdir()}
    assert "inferior_gluteal_nerve_right.stl" in files and "hip_bone_left.stl" in files
    doc = json.loads((tmp_path / "out" / "paths.json").read_text())
    root = doc["paths"]["inferior_gluteal_nerve_right.root_S1"]
    assert root["structure"] == "inferior_gluteal_nerve_right" and root["part"] == "root_S1"
    assert len(root["points"][0]) == 3 and root["radius"] > 0
    assert "greater_sciatic_foramen_right.outline" in doc["paths"]
    assert not [f for f in files if f.endswith(".tmp") or f.startswith(".")]


def test_bad_format_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["export-meshes", str(tmp_path), "--format", "vrml"]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_unwritable_destination(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cli.main(["export-meshes", str(blocker / "sub")]) == 2
    assert "gluteal-viewer:" in capsys.readouterr().err
