"""Pure geometry of the label layout (no rendering): what a placement costs."""

import numpy as np

from scenes.layers import label_layout as ll


def _strips() -> tuple[ll._Areas, ll.Box]:
    """A label's dot between a nerve (owner 2, thin) 30 px to its right and a muscle (owner 3)
    30 px to its left, each a 4 px strip the height of a 400 x 300 picture."""
    owners = np.zeros((300, 400), np.int16)
    owners[:, 228:232] = 2
    owners[:, 168:172] = 3
    area = ll._Areas(np.zeros(owners.shape, bool), [], 1.0, owners, frozenset({2}))
    return area, ll.Box(np.array([200.0, 150.0]), 20, 10, owner=1)


def test_crossings_tell_nerves_from_muscles():
    area, box = _strips()
    assert area.crossings(box.anchor, np.array([300.0, 150.0]), 1) == (1, 0)
    assert area.crossings(box.anchor, np.array([100.0, 150.0]), 1) == (0, 1)
    assert area.crossings(box.anchor, np.array([300.0, 150.0]), 2) == (0, 0)  # its own


def test_a_leader_pays_more_to_cross_a_nerve_than_a_muscle():
    """A leader across a nerve reads as naming it; atlases run leaders over muscles all the time
    (lesion-ign: the sciatic nerve's leader crossed the posterior femoral cutaneous nerve rather
    than an outlined gluteus maximus, both priced alike)."""
    area, box = _strips()
    bounds = (np.zeros(2), np.array([400.0, 300.0]))

    def cost(direction: int) -> float:
        u = ll.DIRECTIONS[direction]
        return ll._cost(box, (direction, 0, 0), u, 80.0, [], area, (400, 300), bounds, (), [box], None)[0]

    right, left = cost(0), cost(len(ll.DIRECTIONS) // 2)
    assert right - left > 0.3, (right, left)


def test_a_box_a_drawn_line_runs_up_to_pays_for_it():
    """A line drawn on the model (an outline) that ends at a box's edge reads as its leader
    (posterior: gluteus medius's outline came down to the Piriformis box's corner). Two spots
    alike but for a line 5 px past one box's far end: that spot costs more; 40 px off, no more."""
    w, h = 1920, 1080
    box = ll.Box(np.array([900.0, 500.0]), 200, 40, owner=1)
    bounds = (np.zeros(2), np.array([float(w), float(h)]))

    def cost(direction: int, line_x: int | None) -> float:
        lines = np.zeros((h, w), bool)
        if line_x is not None:
            lines[400:600, line_x:line_x + 6] = True
        area = ll._Areas(np.zeros((h, w), bool), [], 1.0, lines=lines)
        u = ll.DIRECTIONS[direction]
        return ll._cost(box, (direction, 0, 0), u, 100.0, [], area, (w, h), bounds, (), [box], None)[0]

    right, left = 0, len(ll.DIRECTIONS) // 2
    far_end = 900 + 100 + 200  # the right-hand box spans x 1000-1200
    assert cost(right, far_end + 5) - cost(left, far_end + 5) > 0.1
    assert cost(right, far_end + 40) == cost(left, far_end + 40)


def test_a_box_another_nerve_runs_up_to_pays_for_it():
    """A nerve that ends at a box's edge reads as that label's leader (superior-vs-inferior: the
    superior gluteal nerve's branch ran into the Gluteus minimus box). Another nerve 5 px past the
    right-hand spot's far end makes it cost more; the label's own nerve there costs nothing."""
    w, h = 1920, 1080
    box = ll.Box(np.array([900.0, 500.0]), 200, 40, owner=1)
    bounds = (np.zeros(2), np.array([float(w), float(h)]))

    def cost(direction: int, nerve: int) -> float:
        owners = np.zeros((h, w), np.int16)
        owners[400:600, 1205:1211] = nerve  # the right-hand box spans x 1000-1200
        area = ll._Areas(np.zeros((h, w), bool), [], 1.0, owners, frozenset({1, 2}))
        u = ll.DIRECTIONS[direction]
        return ll._cost(box, (direction, 0, 0), u, 100.0, [], area, (w, h), bounds, (), [box], None)[0]

    right, left = 0, len(ll.DIRECTIONS) // 2
    assert cost(right, nerve=2) - cost(left, nerve=2) > 0.1
    assert cost(right, nerve=1) == cost(left, nerve=1)


def test_no_dot_in_or_beside_a_hatched_zone():
    """danger-triangle: piriformis's dot sat inside the hatched danger zone and named it as well
    (two lecturer's reviews). Dots inside a zone an overlay claims, or within `pad` of its edge,
    are dropped, unless no other is left."""
    from scenes.layers.labels import _outside

    zone = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0]])
    dots = np.array([[20.0, 20.0], [105.0, 2.0], [80.0, 40.0], [200.0, 200.0]])
    assert _outside(dots, [zone], pad=10.0).tolist() == [[80.0, 40.0], [200.0, 200.0]]
    assert _outside(dots[:1], [zone], pad=10.0).tolist() == [[20.0, 20.0]]  # none outside: kept


def _laid_out(side, model_below: bool = True) -> ll.Box:
    """One label laid out in a 400 x 300 picture whose lower half is free and upper half model,
    so that by itself the box goes below its dot (y up: the dot at mid-height)."""
    covered = np.zeros((300, 400), bool)
    covered[150:, :] = model_below  # rows from the bottom: the upper half is model
    box = ll.Box(np.array([200.0, 150.0]), 60, 16, owner=1, side=ll.SIDES.get(side))
    ll.layout([box], covered, 0.02, owners=np.zeros((300, 400), np.int16))
    return box


def test_a_label_goes_on_the_side_the_scene_asks():
    """superior-vs-inferior: laid out freely, the superior gluteal nerve's box went below
    piriformis, though the nerve leaves above it; a scene may say `side = "above"`."""
    free = _laid_out(None)
    assert free.y0 + free.h / 2 < 150  # below the dot, off the model
    above = _laid_out("above")
    assert above.y0 > 150  # the whole box above the dot, over the model
    left = _laid_out("left")
    assert left.x0 + left.w < 200


def test_a_side_that_has_no_room_falls_back_to_the_best_place():
    """A dot at the top edge has no room above: the label is still drawn, where it fits."""
    covered = np.zeros((300, 400), bool)
    box = ll.Box(np.array([200.0, 292.0]), 60, 16, owner=1, side=ll.SIDES["above"])
    ll.layout([box], covered, 0.02, owners=np.zeros((300, 400), np.int16))
    assert box.choice is not None and box.y0 + box.h <= 300
