"""Telling colours apart: CAM02-UCS colour differences as seen with normal colour vision and with
full protanopia, deuteranopia and tritanopia (Machado 2009 simulation, via colorspacious).

Used to check the catalog's colours: every pair of touching structures must stay apart for
every viewer, and the inferior gluteal nerve must stand out from the other nerves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from scenes.catalog import COLORS

VISIONS = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")
LESION_SCENES = ("lesion-ign", "lesion-l5", "lesion-sgn")


@cache
def _as_seen(color: str, vision: str) -> tuple[float, float, float]:
    import colorspacious
    import pyvista as pv

    rgb = np.array(pv.Color(color).float_rgb)
    if vision != "normal":
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return tuple(colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS"))


def difference(a: str, b: str) -> dict[str, float]:
    """CAM02-UCS distance between two colours for each kind of colour vision."""
    return {v: float(np.linalg.norm(np.subtract(_as_seen(a, v), _as_seen(b, v)))) for v in VISIONS}


def worst(a: str, b: str) -> tuple[float, str]:
    """The smallest difference over the kinds of colour vision, and whose it is."""
    d = difference(a, b)
    vision = min(d, key=d.get)
    return d[vision], vision


def touching(meshes: dict, within: float = 3.0, step: int = 1, skip_kinds=("skin",)) -> list[tuple[str, str]]:
    """Pairs of structures whose surfaces come within `within` mm of each other (ids sorted).

    `meshes` maps structure id -> mesh with `.points`; `step` > 1 uses every step-th point only
    (faster, and it can only miss pairs, never invent them). Kinds in `skip_kinds` are left out.
    """
    from scipy.spatial import cKDTree

    from scenes.catalog import CATALOG

    ids = sorted(s for s in meshes if CATALOG[s].kind not in skip_kinds)
    points = {s: np.asarray(meshes[s].points)[::step] for s in ids}
    boxes = {s: (p.min(axis=0) - within, p.max(axis=0) + within) for s, p in points.items()}
    trees: dict = {}
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            lo, hi = np.maximum(boxes[a][0], boxes[b][0]), np.minimum(boxes[a][1], boxes[b][1])
            if np.any(lo > hi):
                continue
            near = points[b][np.all((points[b] >= lo) & (points[b] <= hi), axis=1)]
            if not len(near):
                continue
            tree = trees.get(a) or trees.setdefault(a, cKDTree(points[a]))
            if tree.query(near, distance_upper_bound=within)[0].min() < within:
                pairs.append((a, b))
    return pairs


# --- What each colour means, across the whole deck ------------------------------------------------
# One rule for the 17 built-in scenes: a colour means one thing wherever it appears. A structure's
# catalog colour (scenes/catalog.py) names that structure; the colours below are the ones the
# clinical layers paint, each with its one meaning. The clinical layers import them from here, so a
# meaning cannot drift apart in two modules. tests/test_palette.py (test_a_colour_means_one_thing)
# fails where two meanings come too close for a viewer to tell which is meant: two key colours
# anywhere in the deck (a key is learnt once and read in every scene), and a key colour or a
# labelled structure against anything named in the same scene.
#
# colour     meaning                                        where
# #1a9850    safe: inside the strict published limit         gmax-split-zone, sgn-safe-zone
# #c2e699    inside the looser published limit only          sgn-safe-zone (3-5 cm, Jacobs & Buxton)
# #ff4d6d    danger: danger zone, outside every limit,       danger-triangle, sgn-safe-zone,
#            a split carried past the limit                  gmax-split-zone (was three reds and a magenta)
# #80b0b0    a zone layer's part below what it measures      sgn-safe-zone (below the trochanter tip:
#            from, neither safe nor danger (grey-teal)      in the muscle's own red it read as danger)
# #0b4d27    the safe limit's line and its reference point   gmax-split-zone
# (none)     the rest of a drawn zone: rim only, no fill      danger-triangle (lower part; was the IGN's
#                                                           yellow, and white read as bone)
# #3b1b10    a drawn zone's rim, corners and pegs            danger-triangle
# IGN's      where the IGN leaves or enters (its own yellow) danger-triangle, gmax-split-zone
# purples    weakness: mild / moderate / severe             lesion-* (grades; a muscle's outline too)
# #93ad95    muscle spared (grey-sage: no hue of its own)   lesion-*
# #00b4d8    the lesion site (ring)                         lesion-*
# #404040    nerve beyond the lesion (every fibre lost)     lesion-* (3:1 against #8f8f8f; #4d4d4d
#                                                           was 2.6: the two greys read as one)
# #8f8f8f    nerve carrying some of its fibres               lesion-*
# #1a1a1a    ink: text, leaders, silhouettes, landmark dots  every scene (never a structure's fill or outline)
# ramp       needle tip to nearest nerve, 5 mm bands        injection-map (a ramp read off its own key,
#                                                           red end = near a nerve = the deck's danger)
SAFE = "#1a9850"
SAFE_LAX = "#c2e699"
DANGER = "#ff4d6d"  # a rose red: the old #e31a1c was 8.6 from the superior gluteal artery (read as one)
LIMIT = "#0b4d27"
UNMEASURED = "#80b0b0"
EDGE = "#3b1b10"
IGN_POINT = COLORS["inferior_gluteal_nerve_right"]  # its own yellow, one source for both
GRADES = {1: "#e0c2ec", 2: "#8c6bb1", 3: "#6e016b"}  # purples, darker = weaker; mild was #b3b7dc,
# 7.2 from the sacrotuberous ligament's grey-blue in the lesion scenes
SPARED = "#93ad95"  # a greyer sage (chroma 17): #9dbf9e shared the safe zones' green hue
SITE = "#00b4d8"
BEYOND = "#404040"
PARTIAL = "#8f8f8f"
INK = "#1a1a1a"
# a muscle drawn as its outline: a slate grey, lighter than the ink of the leaders (lecturer's
# review: black outlines sweeping across the frame read as leader lines)
OUTLINE = "#5f6b76"
PLEXUS_PALE = "#f6cfd6"  # what goes into a plexus (rami, trunk), drawn pale so its outputs show


@dataclass(frozen=True)
class Meaning:
    color: str
    means: str  # what a viewer reads it as; a structure id for a structure's own colour
    scenes: tuple[str, ...]  # built-in scenes it is shown in
    key: bool = True  # explained in a legend or caption: learnt once, read in every scene
    names: bool = True  # read as naming its thing (a nerve by its colour); a muscle's red only says "muscle"
    scale: str = ""  # steps of one graded scale (weakness grades) may share a hue; other keys may not


MEANINGS = (
    Meaning(SAFE, "safe: inside the strict limit", ("gmax-split-zone", "sgn-safe-zone"), scale="safety"),
    Meaning(SAFE_LAX, "inside the looser limit only", ("sgn-safe-zone",), scale="safety"),
    Meaning(DANGER, "danger", ("danger-triangle", "sgn-safe-zone", "gmax-split-zone")),
    Meaning(UNMEASURED, "below the zone's measure", ("sgn-safe-zone",)),
    Meaning(LIMIT, "the safe limit", ("gmax-split-zone",), key=False),
    Meaning(EDGE, "a zone's rim", ("danger-triangle",), key=False),
    Meaning(IGN_POINT, "inferior_gluteal_nerve_right", ("gmax-split-zone",), key=False),
    *(Meaning(c, f"weakness grade {g}", LESION_SCENES, scale="weakness") for g, c in GRADES.items()),
    Meaning(SPARED, "muscle spared", LESION_SCENES),
    Meaning(SITE, "lesion site", LESION_SCENES),
    Meaning(BEYOND, "nerve beyond the lesion", LESION_SCENES),
    Meaning(PARTIAL, "nerve carrying some fibres", LESION_SCENES),
    Meaning(PLEXUS_PALE, "the plexus's rami and trunk", ("roots", "plexus-divisions"), names=False),
    Meaning(OUTLINE, "a muscle drawn as its outline", ("*",)),
    Meaning(INK, "ink", ("*",), key=False),
)

# Two meanings a viewer must tell apart: CAM02-UCS difference in normal vision, and in the worst of
# the three dichromacies (the touching-structure test asks 12 between kinds; a key swatch is read
# against a picture, not beside it, so a little more in normal vision)
APART_NORMAL, APART_CVD = 11.0, 4.5
# Two structures in one scene, neither a key colour: normal vision only (the nerve family is too
# crowded around the IGN's yellow for every pair to part under the dichromacies; the touching-pair
# test above keeps neighbours apart). The lumbosacral trunk at 7.8 read as the SGN's orange; the
# nerve pairs the lecturer told apart are 11.6 or more.
APART_NAMED = 10.0
# Two key colours of different scales must not share a hue either: the safe zone's magenta was
# 26 from the severe-weakness purple, yet read as one more purple of that scale (hues 355 and 330).
SAME_HUE, CHROMATIC = 35.0, 20.0  # CIELCh degrees; colours below this chroma have no hue to share
# Whose colour tells which one it is: the deck teaches the IGN's yellow against the SGN's orange.
# Other structures' colours tell their kind (an artery's red, a muscle's red-brown); shape and
# labels tell which.
# The small muscular branches (to obturator internus, to quadratus femoris) and the pudendal nerve
# share muted khakis and ochres; they are told apart by course and label, so a nerve's colour is
# taken to name it where it is labelled, and the two nerves the deck teaches by colour everywhere
# (no other nerve but the plexus comes near the SGN's orange: tests/test_palette.py).
READ_BY_COLOUR = ("nerve",)
TAUGHT = ("inferior_gluteal_nerve_right", "superior_gluteal_nerve_right")


def _same_hue(a: str, b: str) -> bool:
    import colorspacious
    import pyvista as pv

    (_, ca, ha), (_, cb, hb) = (colorspacious.cspace_convert(pv.Color(c).float_rgb, "sRGB1", "CIELCh")
                                for c in (a, b))
    turn = abs(ha - hb) % 360
    return ca >= CHROMATIC and cb >= CHROMATIC and min(turn, 360 - turn) < SAME_HUE


def clashes(meanings) -> list[str]:
    """Pairs of different meanings too close to tell apart where both are read: both keys (any
    scenes), or sharing a scene ("*" is every scene). Each pair is reported as 'a / b: ...'."""
    out = []
    items = list(dict.fromkeys(meanings))
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a.means == b.means:
                continue
            shared = "*" in a.scenes or "*" in b.scenes or set(a.scenes) & set(b.scenes)
            if not (a.key and b.key) and not shared:
                continue
            normal, (cvd, vision) = difference(a.color, b.color)["normal"], worst(a.color, b.color)
            if not (a.key or b.key):  # two structures: only where both colours name which one
                too_close = a.names and b.names and normal < APART_NAMED
            elif not (a.names and b.names):  # a key against a kind's colour (bone, muscle): shape tells
                too_close = normal < APART_NORMAL
            else:
                too_close = normal < APART_NORMAL or cvd < APART_CVD
            if a.key and b.key and not (a.scale and a.scale == b.scale) and _same_hue(a.color, b.color):
                too_close = True
            if too_close:
                out.append(f"{a.means} {a.color} / {b.means} {b.color}: {normal:.1f} normal, "
                           f"{cvd:.1f} {vision} (in {sorted(set(a.scenes) & set(b.scenes)) or 'keys'})")
    return out
