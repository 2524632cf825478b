"""Pure tier: the tour file format, the built-in tour, the `tours` and `validate` commands."""

import json
from pathlib import Path

import pytest

import scenes
from scenes import cli
from scenes.scene_file import SceneError
from scenes.teaching.tour import load_tour, parse_tour, plain_text, tour_names, tour_schema

SMALL = """
title = "Two steps"
[[steps]]
title = "From behind"
scene = "posterior"
caption = "The **nerve** below [piriformis](structure:piriformis_right)."
highlight = ["sciatic_nerve_right"]
hold = 1.0
[[steps]]
transition = 0.5
easing = "linear"
caption = "Closer."
[steps.scene]
extends = "posterior"
[steps.scene.camera]
zoom = 1.6
"""


def test_builtin_tour_follows_the_clinical_order():
    assert "inferior-gluteal-nerve" in tour_names()
    tour = load_tour("inferior-gluteal-nerve")
    titles = [s.title for s in tour.steps]
    words = ["Roots", "Plexus", "Foramen", "gluteus maximus", "Function", "Clinical", "Diagnosis", "Variants"]
    assert len(titles) == 8 and all(w in t for w, t in zip(words, titles, strict=True))
    for step in tour.steps:  # every step says where its facts come from and shows the IGN
        assert "[" in step.caption and "]" in step.caption
        assert "inferior_gluteal_nerve_right" in step.highlight
        view = step.view()
        assert view.style("inferior_gluteal_nerve_right").highlight and view.title == step.title
        assert "**" not in view.caption


def test_inline_scene_extends_and_highlights(tmp_path):
    tour = parse_tour(SMALL, "small.toml")
    first, second = tour.steps
    assert first.scene.name == "posterior" and first.view().style("sciatic_nerve_right").highlight
    assert first.view().caption == "The nerve below piriformis."
    parent = scenes.load("posterior").camera.preset  # the inline scene keeps its parent's preset
    assert second.scene.camera.zoom == 1.6 and second.scene.camera.preset == parent
    assert (second.transition, second.easing, second.hold) == (0.5, "linear", 5.0)


def test_scene_paths_are_relative_to_the_tour(tmp_path):
    (tmp_path / "mine.toml").write_text('extends = "foramen"\ntitle = "Mine"\n')
    (tmp_path / "t.toml").write_text('[[steps]]\nscene = "mine.toml"\n[[steps]]\n[steps.scene]\n'
                                     'extends = "./mine.toml"\n')
    tour = load_tour(tmp_path / "t.toml")
    assert [s.scene.title for s in tour.steps] == ["Mine", "Mine"]


@pytest.mark.parametrize("text, where", [
    ('[[steps]]\nscene = "posterior"\nhold = 0\n', "t.toml:3: steps[0].hold: must be between"),
    ('[[steps]]\nscene = "posterior"\nhighlite = ["x"]\n',
     "steps[0].highlite: unknown key (did you mean 'highlight'?)"),
    ('[[steps]]\nscene = "posterior"\nhighlight = ["sciatic_nerve"]\n',
     "steps[0].highlight[0]: unknown structure id"),
    ('[[steps]]\nscene = "posterio"\n',
     "steps[0].scene: no built-in scene named 'posterio' (did you mean 'posterior'?)"),
    ('[[steps]]\n[steps.scene]\nextends = "posterior"\n[steps.scene.camera]\nzoom = 99\n',
     "steps[0].scene.camera.zoom: must be between"),
    ('title = "no steps"\n', "t.toml: steps: a tour needs at least one [[steps]] table"),
    ('[[steps]]\ncaption = "x"\n', "steps[0]: needs a 'scene'"),
    ('[[steps]]\nscene = "posterior"\neasing = "bounce"\n', "steps[0].easing: must be one of"),
])
def test_bad_tours_are_one_clear_line(text, where):
    with pytest.raises(SceneError) as info:
        parse_tour(text, "t.toml")
    assert where in str(info.value) and "\n" not in str(info.value)


def test_markdown_to_plain_text():
    assert plain_text("**Bold** and *it* `code` [link](x)\n next") == "Bold and it code link next"


def test_tours_command_lists_ids_first(capsys):
    assert cli.main(["tours"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and lines[0].split()[0] == "inferior-gluteal-nerve" and "8 steps" in lines[0]


def test_validate_covers_tours(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(SMALL)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[steps]]\nscene = "posterior"\nhold = -1\n')
    assert cli.main(["validate", "inferior-gluteal-nerve", str(good), "posterior"]) == 0
    out = capsys.readouterr().out
    assert "tour, 8 steps" in out and "Two steps (tour, 2 steps)" in out and "ok posterior" in out
    assert cli.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"gluteal-viewer: {bad}:3: steps[0].hold") and "\n" not in err


def test_shipped_schema_is_current_and_checks_the_builtin_tour():
    jsonschema = pytest.importorskip("jsonschema")
    import tomllib

    shipped = json.loads((Path(scenes.__file__).parent / "tour.schema.json").read_text())
    assert shipped == tour_schema()
    for name in tour_names():
        text = (Path(scenes.__file__).parent / "builtin" / "tours" / f"{name}.toml").read_text()
        data = tomllib.loads(text)
        jsonschema.validate(data, shipped)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"steps": [{"scene": "posterior", "hold": "long"}]}, shipped)


def test_a_child_may_switch_labels_off_in_output(tmp_path):
    # [output] labels = false in a file that extends another once crashed the merge of [[labels]]
    (tmp_path / "plain.toml").write_text('extends = "posterior"\n[output]\nlabels = false\n')
    scene = scenes.load(tmp_path / "plain.toml")
    parent = scenes.load("posterior").labels
    assert scene.output.labels is False and len(parent) >= 5 and scene.labels == parent
