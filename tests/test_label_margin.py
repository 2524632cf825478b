"""Render tier: a label's end dot keeps clear of every other structure (issue 10, the lecturer's
review): the anchor pick test passed, yet the dot read as naming whatever crossed it - the sciatic
dot where an IGN branch crosses it, obturator internus's dot touching the posterior femoral
cutaneous nerve, the ischial tuberosity's dot on an IGN branch.

Round each dot, on rings 5 and 10 px out at 1920 wide (scaled; 18 px for the sciatic nerve),
every pixel must be the labelled structure, the background, or a broad structure (muscle, bone,
ligament): never another nerve, vessel or outline; and on the inner ring round a broad
structure's dot, no other broad structure lying in front of it (the dot would sit on the edge
where that one covers it).
"""

import numpy as np
import pytest

import scenes
from meshes import centreline
from scenes.offscreen import Renderer, with_output

pytestmark = pytest.mark.render

RING_PX = 10.0  # at 1920 wide: every dot (the brief's 8-10 px)
# a thick nerve has room for more: the IGN branch the lecturer saw at the sciatic dot lay 14 px
# from it at 1600 wide (17 at 1920)
WIDE_PX = {"sciatic_nerve_right": 18.0}
SAMPLES = 24
LINEAR = ("nerve", "artery", "region")  # thin things a dot beside them reads as naming


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


def crowded_dots(built, plotter, ring_px: float = RING_PX, wide: dict | None = None) -> list[str]:
    """What lies on the ring round each label's dot where it should not."""
    from scenes.catalog import CATALOG
    from scenes.layers.labels import frame
    from scenes.picking import GHOST, Picker

    renderer = plotter.renderer
    w, h = renderer.GetSize()
    zbuffer, _ = frame(built)
    picker = Picker()
    faults = []
    for b in built.labels:
        r = (wide or {}).get(b.structure, ring_px) * w / 1920
        x, y = b.anchor
        ghost = built.scene.style(b.structure).opacity < GHOST or CATALOG[b.structure].kind in LINEAR
        here = zbuffer[int(np.clip(y, 0, h - 1)), int(np.clip(x, 0, w - 1))]
        ring = [(rr * np.cos(a), rr * np.sin(a)) for rr in (r / 2, r)
                for a in np.linspace(0, 2 * np.pi, SAMPLES, endpoint=False)]
        for dx, dy in ring:
            hit = picker.pick(renderer, built.actors, x + dx, y + dy)
            if hit in ("", b.structure):
                continue
            depth = zbuffer[int(np.clip(y + dy, 0, h - 1)), int(np.clip(x + dx, 0, w - 1))]
            if CATALOG[hit].kind in LINEAR or (np.hypot(dx, dy) < r and not (ghost or depth > here)):
                faults.append(f"{b.structure}: {hit} {np.hypot(dx, dy):.0f} px from the dot")
                break
    return faults


@pytest.mark.parametrize("name", ["deep-gluteal", "danger-triangle", "superior-vs-inferior", "foramen"])
def test_a_dot_keeps_clear_of_other_structures(renderer, name):
    scene = with_output(scenes.load(name), size=(1600, 900))  # the review's size
    with renderer.open(scene) as (plotter, built):
        faults = crowded_dots(built, plotter, wide=WIDE_PX)
    assert not faults, "dots crowded by another structure:\n" + "\n".join(faults)


@pytest.mark.parametrize("name", ["foramen", "landmark-spans"])
def test_the_nerve_is_named_where_it_leaves_the_pelvis(renderer, name):
    """The review: in foramen and landmark-spans the IGN's leader ended on a branch some 10 cm
    down the thigh, not at the foramen the slide is about. Its dot lies on the trunk outside the
    pelvis (33 mm from the exit to the division): of the nerve's courses as drawn, that is the one
    nearest the dot, within 6 px (branches from 5 mm past the division). Pixels from the exit no
    longer tell: seen from behind the trunk runs toward the viewer, and a closer camera moves the
    same dot further from the exit."""
    from meshes import PATHS
    from scenes.clinical.danger_zones import extrapelvic_trunk
    from scenes.projection import to_display

    ign = "inferior_gluteal_nerve_right"
    scene = with_output(scenes.load(name), size=(1600, 900))
    with renderer.open(scene) as (plotter, built):
        dot = np.asarray(next(b.anchor for b in built.labels if b.structure == ign), float)
        trunk = to_display(plotter.renderer, extrapelvic_trunk())[:, :2]
        others = np.concatenate([to_display(plotter.renderer, centreline(ign, p.name)[5:])[:, :2]
                                 for p in PATHS[ign] if p.name != "trunk"])  # past the division
    on_trunk = float(np.linalg.norm(trunk - dot, axis=1).min())
    elsewhere = float(np.linalg.norm(others - dot, axis=1).min())
    assert on_trunk < 6 and on_trunk < elsewhere, (
        f"{name}: the IGN's dot is {on_trunk:.0f} px from its trunk outside the pelvis, "
        f"{elsewhere:.0f} px from a root or branch")
