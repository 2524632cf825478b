"""The landmark-span table: the model's spans beside the cadaver means, in the lines' colours."""

from __future__ import annotations

import numpy as np
import pytest

import scenes
from meshes.measure import measure
from scenes.layers.clinical import landmark_spans
from scenes.layers.measurements import COLORS
from scenes.offscreen import Renderer, with_output

pytestmark = pytest.mark.render


def test_rows_set_each_model_span_beside_its_cadaver_mean():
    scene = scenes.load("landmark-spans")
    rows = landmark_spans.rows(scene)
    assert len(rows) == 3
    for (_, text), m, published in zip(rows, scene.measurements, (129.6, 151.3, 73.0), strict=True):
        model = measure(m.start, m.end).value_mm
        assert f"model {model:.0f} mm" in text and f"cadaver {published:.0f} mm" in text, text
        assert text.startswith(m.label)
    assert [c for c, _ in rows] == list(COLORS[:3])


def test_landmark_spans_draws_the_table_in_the_upper_right(built_meshes):
    """The lecturer wanted model and cadaver figures side by side: the table's swatches, filled in
    each line's colour, sit in the upper right, the corner the scene chose (in the lower right the
    table hid the inferior gluteal nerve's long branch; the lines alone leave almost none of those
    pixels there)."""
    scene = with_output(scenes.load("landmark-spans"), size=(960, 540), quality="draft")
    img = Renderer(built_meshes).image(scene)
    h, w = img.shape[:2]
    corner = img[: int(0.45 * h), int(0.55 * w):, :3].astype(int)
    for color in COLORS[:3]:
        want = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        hits = (np.abs(corner - want) <= 8).all(axis=-1).sum()
        assert hits >= 80, (color, hits)


def test_no_value_box_lies_on_a_nerve(built_meshes):
    """A span's value box sat on the sciatic nerve (IT-GT in landmark-spans; lecturer's review): each
    box keeps off the nerves and vessels, further from its line if it must."""
    from scenes.layers.labels import path_pixels
    from scenes.layers.measurements import NERVE_SHARE

    scene = with_output(scenes.load("landmark-spans"), size=(1920, 1080), quality="draft")
    with Renderer(built_meshes).open(scene) as (_plotter, built):
        nerves = path_pixels(built)
        boxes = built.reserved[-len(scene.measurements):]  # the measurements layer reserves its boxes last
    assert nerves.mean() > 0.01, "no nerve in view: nothing to check"
    for x0, y0, x1, y1 in boxes:
        under = nerves[int(y0):int(y1), int(x0):int(x1)].mean()
        assert under < NERVE_SHARE, f"a value box lies {under:.0%} on nerves or vessels"


def test_a_bead_marks_where_the_sciatic_nerve_crosses_the_it_gt_span(built_meshes):
    """Lecturer's review: no points were ticked on the spans a surgeon palpates to find the nerve.
    Where the sciatic nerve crosses the IT-GT span in posterior view, a white bead, ringed,
    sits on the span; the table sets the model's fraction beside the CT series' 48 % (Clin Anat
    2015). The inferior gluteal nerve's leader no longer runs 400 px down the thigh."""
    from meshes.checks.paths import SCIATIC_IT_GT
    from scenes.projection import to_display

    scene = with_output(scenes.load("landmark-spans"), size=(1920, 1080), quality="draft")
    (at, text), = landmark_spans.sciatic_ticks(scene)
    fraction = float(text.split("% from")[0].rsplit(" ", 1)[1]) / 100
    assert SCIATIC_IT_GT[0] <= fraction <= SCIATIC_IT_GT[1] and "(CT 48%)" in text
    with Renderer(built_meshes).open(scene) as (plotter, built):
        x, y = to_display(plotter.renderer, at[None])[0]
        img = plotter.screenshot(return_img=True)
        texts = [a.GetInput() for a in built.overlay if hasattr(a, "GetInput")]
        ign = next(b for b in built.labels if b.structure == "inferior_gluteal_nerve_right")
        leader = min(np.hypot(*(np.array(ign.anchor) - (cx, cy)))
                     for cx in (ign.x0, ign.x1) for cy in (ign.y0, ign.y1))
    row, col = int(1080 - 1 - y), int(x)
    around = img[row - 12:row + 13, col - 12:col + 13, :3].astype(int)
    assert (around >= 250).all(axis=-1).sum() > 120  # white, unlit: the bead (the span over it)
    ring = img[row - 14:row + 15, col - 14:col + 15, :3].max(axis=-1)
    assert (ring < 60).sum() > 60  # its ink ring
    assert text in texts
    assert leader < 250, f"the IGN's leader is {leader:.0f} px"
