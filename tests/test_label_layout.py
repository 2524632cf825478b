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
