"""Pure tier: scene files, validation errors, extends, round trip, schema."""

import json
from pathlib import Path

import jsonschema
import pytest

import scenes
from scenes import scene_file
from scenes.catalog import CATALOG


def test_at_least_six_builtin_scenes_load():
    names = scene_file.builtin_names()
    assert len([n for n in names if n != "default"]) >= 6
    for name in names:
        s = scenes.load(name)
        assert s.title and s.name == name
        assert all(label.structure in CATALOG for label in s.labels)


def test_extends_merges_the_parent():
    s = scenes.load("roots")
    assert s.output.size == (1920, 1080)  # from default.toml
    assert s.camera.preset == "pelvis-inside"  # its own
    assert not s.style("gluteus_maximus_right").visible  # its own
    assert not s.style("skin_right").visible  # from default.toml


def test_save_and_load_give_back_the_same_scene(tmp_path):
    original = scenes.load("superior-vs-inferior")
    path = scenes.save(original, tmp_path / "copy.toml")
    again = scenes.load(path)
    assert again == original
    assert again.name == "copy"


def test_explicit_camera_round_trip(tmp_path):
    s = scenes.parse('[camera]\nposition = [1, -400, 0]\nfocal_point = [0, -80, -40]\n'
                     'view_up = [0, 0, 1]\nzoom = 1.5\n')
    assert s.camera.preset is None
    assert scenes.load(scenes.save(s, tmp_path / "cam.toml")).camera == s.camera


@pytest.mark.parametrize("text, line, key, words", [
    ("[structures.piriformis_right]\nopacity = 3\n", 2, "structures.piriformis_right.opacity",
     "between 0 and 1"),
    ("[structures.piriformis_right]\nopacty = 0.3\n", 2, "structures.piriformis_right.opacty",
     "did you mean 'opacity'"),
    ("title = 'x'\n[structures.piriformis]\nvisible = false\n", 2, "structures.piriformis",
     "did you mean 'piriformis_right'"),
    ("[camera]\npreset = 'posterior-obliqe'\n", 2, "camera.preset", "did you mean 'posterior-oblique'"),
    ("[output]\nsize = [1920]\n", 2, "output.size", "[width, height]"),
    ("[[labels]]\nstructure = 'sciatic_nerve'\n", 2, "labels[0].structure", "sciatic_nerve_right"),
    ("titel = 'x'\n", 1, "titel", "did you mean 'title'"),
    ("[[labels]]\nstructure = 'sciatic_nerve_right'\nside = 'abov'\n", 3, "labels[0].side",
     "must be one of 'above', 'below', 'left', 'right'"),
    ("[[labels]]\nstructure = 'gluteus_maximus_right'\nnear = 'greater_trochanter'\n", 3, "labels[0].near",
     "greater_trochanter"),
])
def test_errors_name_file_line_and_key(tmp_path, text, line, key, words):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(scenes.SceneError) as err:
        scenes.load(path)
    e = err.value
    assert (e.file, e.line, e.key) == (str(path), line, key)
    assert words in str(e)
    assert str(e).startswith(f"{path}:{line}: {key}: ")


def test_toml_syntax_error_has_its_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('title = "ok"\ncaption = "unterminated\n')
    with pytest.raises(scenes.SceneError) as err:
        scenes.load(path)
    assert err.value.line == 2


def test_unknown_scene_name_suggests():
    with pytest.raises(scenes.SceneError, match="did you mean 'posterior'"):
        scenes.load("posterio")


def test_extends_cycle_is_an_error(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    with pytest.raises(scenes.SceneError, match="extends itself"):
        scenes.load(tmp_path / "a.toml")


def test_shipped_schema_is_current_and_accepts_every_builtin():
    shipped = json.loads((Path(scene_file.__file__).parent / "scene.schema.json").read_text())
    assert shipped == json.loads(json.dumps(scenes.json_schema()))
    import tomllib

    for name in scene_file.builtin_names():
        text = (Path(scene_file.__file__).parent / "builtin" / f"{name}.toml").read_text()
        jsonschema.validate(tomllib.loads(text), shipped)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"structures": {"piriformis_right": {"opacity": 3}}}, shipped)
