"""[[measurements]] in scene files: validation (with the JSON Schema from the same spec), saving,
and the measurements layer's pixels (render tier)."""

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import scenes
from meshes import point
from scenes import scene_file
from scenes.offscreen import Renderer, with_output
from scenes.projection import to_display

SPANS = """
title = "Spans"
caption = ""
[camera]
position = [89.0, -680.0, -50.0]
focal_point = [89.0, -103.0, -50.0]
view_up = [0.0, 0.0, 1.0]
[output]
quality = "draft"
labels = false
orientation_marker = false
[[measurements]]
start = "ischial_tuberosity_right"
end = "greater_trochanter_tip_right"
label = "IT-GT"
color = "#ff00ff"
"""


def test_measurements_load_and_save_round_trip(tmp_path):
    text = SPANS + """
[[measurements]]
start = [40.0, -140.0, 22.0]
end = "inferior_gluteal_nerve_right.trunk@end"
along = "inferior_gluteal_nerve_right"
[[measurements]]
along = "sciatic_nerve_right.trunk"
"""
    scene = scenes.parse(text)
    assert [m.start for m in scene.measurements] == ["ischial_tuberosity_right", (40.0, -140.0, 22.0), None]
    assert scene.measurements[2].along == "sciatic_nerve_right.trunk"
    saved = scene_file.save(scene, tmp_path / "m.toml")
    assert scenes.load(saved).measurements == scene.measurements


@pytest.mark.parametrize("entry, words", [
    ('start = "psis"\nend = "piis_right"', "measurements[0].start: unknown point 'psis'"),
    ('start = "psis_right"', "needs both 'start' and 'end'"),
    ('label = "x"', "needs 'start' and 'end', or 'along'"),
    ('along = "sciatic_nerve_right.trnk"', "did you mean 'sciatic_nerve_right.trunk'"),
    ('start = [1, 2]\nend = "psis_right"', "three finite numbers"),
    ('start = "psis_right"\nend = "piis_right"\ncolour = "red"', "unknown key"),
])
def test_bad_measurements_are_one_clear_line(entry, words):
    with pytest.raises(scenes.SceneError) as info:
        scenes.parse(f"[[measurements]]\n{entry}\n", "bad.toml")
    assert words in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith("bad.toml:")  # with the line where the entry is


def test_schema_covers_measurements():
    schema = json.loads((Path(scene_file.__file__).parent / "scene.schema.json").read_text())
    good = {"measurements": [{"start": "psis_right", "end": [1.0, 2.0, 3.0], "label": "x"},
                             {"along": "sciatic_nerve_right.trunk"}]}
    jsonschema.validate(good, schema)
    for bad in ({"measurements": [{"start": 3}]}, {"measurements": [{"start": "a", "to": "b"}]},
                {"measurements": [{"start": [1, 2], "end": "a"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


@pytest.mark.render
def test_measurement_line_and_value_are_drawn(renderer):
    scene = with_output(scenes.parse(SPANS), size=(480, 270))
    bare = with_output(scenes.parse(SPANS.split("[[measurements]]")[0]), size=(480, 270))
    with renderer.open(scene) as (plotter, built):
        img = plotter.screenshot(return_img=True)[..., :3].astype(int)
        ends = to_display(plotter.renderer, [point("ischial_tuberosity_right"),
                                             point("greater_trochanter_tip_right")])
        boxes = list(built.reserved)
    before = renderer.image(bare)[..., :3].astype(int)
    h, w = img.shape[:2]
    magenta = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] > 200)
    assert not ((before[..., 0] > 200) & (before[..., 1] < 80) & (before[..., 2] > 200)).any()
    # along the segment between the projected landmarks the line shows in its colour
    hits = 0
    for t in np.linspace(0.1, 0.9, 17):
        x, y = ends[0] + t * (ends[1] - ends[0])
        r, c = int(round(h - 1 - y)), int(round(x))
        hits += magenta[r - 2:r + 3, c - 2:c + 3].any()
    assert hits >= 15, f"measurement colour at {hits} of 17 points along the line"
    # and nowhere far from it except the value box's frame
    ys, xs = np.nonzero(magenta)
    pts = np.c_[xs, h - 1 - ys].astype(float)
    d = ends[1] - ends[0]
    t = np.clip((pts - ends[0]) @ d / (d @ d), 0, 1)
    off = np.linalg.norm(pts - (ends[0] + t[:, None] * d), axis=1)
    in_box = np.zeros(len(pts), bool)
    for x0, y0, x1, y1 in boxes:
        in_box |= ((pts[:, 0] >= x0 - 1) & (pts[:, 0] <= x1 + 1)
                   & (pts[:, 1] >= y0 - 1) & (pts[:, 1] <= y1 + 1))
    assert (off[~in_box] < 6).all()
    # the value box: dark text on light paper beside the line, where the bare picture differs
    # the title's, the dashed-outline key line's (the foramina show), then the value's, drawn last
    assert len(boxes) >= 2
    x0, y0, x1, y1 = (int(v) for v in boxes[-1])
    box = img[h - y1:h - y0, x0:x1]
    assert (box.sum(axis=-1) < 150).mean() > 0.05, "no text in the value box"
    assert (np.abs(box - before[h - y1:h - y0, x0:x1]).sum(axis=-1) > 60).mean() > 0.3


def test_value_text_is_the_measured_distance():
    from scenes.layers.measurements import text_of
    from scenes.teaching.measure import straight

    value = straight("ischial_tuberosity_right", "greater_trochanter_tip_right").value_mm
    assert text_of("IT-GT", value) == f"IT-GT: {round(value)} mm"
    assert text_of(None, 72.6) == "73 mm"


@pytest.mark.render
def test_a_length_along_a_nerve_follows_its_centreline(renderer):
    from meshes import centreline

    text = SPANS.split("[[measurements]]")[0] + """
[[measurements]]
along = "sciatic_nerve_right.trunk"
color = "#ff00ff"
"""
    with renderer.open(with_output(scenes.parse(text), size=(480, 270))) as (plotter, built):
        img = plotter.screenshot(return_img=True)[..., :3].astype(int)
        line = to_display(plotter.renderer, centreline("sciatic_nerve_right", "trunk"))
        boxes = list(built.reserved)
    h, w = img.shape[:2]
    magenta = (img[..., 0] > 200) & (img[..., 1] < 80) & (img[..., 2] > 200)
    inside = (line[:, 0] > 3) & (line[:, 0] < w - 3) & (line[:, 1] > 3) & (line[:, 1] < h - 3)
    near = [magenta[int(h - 1 - y) - 2:int(h - 1 - y) + 3, int(x) - 2:int(x) + 3].any()
            for x, y in line[inside]]
    assert inside.sum() > 20 and np.mean(near) > 0.9
    ys, xs = np.nonzero(magenta)
    pts = np.c_[xs, h - 1 - ys].astype(float)
    gap = np.min(np.linalg.norm(pts[:, None] - line[None, ::2], axis=2), axis=1)
    x0, y0, x1, y1 = boxes[-1]  # the value box (its frame is in the line's colour)
    in_box = (pts[:, 0] >= x0 - 1) & (pts[:, 0] <= x1 + 1) & (pts[:, 1] >= y0 - 1) & (pts[:, 1] <= y1 + 1)
    assert (gap[~in_box] < 5).all()
