"""The PIIS - ischial tuberosity - greater trochanter triangle (`layers = ["danger-triangle"]`).

Apaydin et al. 2009 (36 gluteal regions, CLINICAL.md [3]) located the inferior gluteal nerve by
three palpable bony points: at its exit it lay on average 3.2 cm from the PIIS, 4.8 cm from the
ischial tuberosity and 5.4 cm from the trochanter, in the upper part of the triangle they make,
which the paper calls the danger zone. The triangle is drawn in the plane of its three corners,
its upper part hatched in the danger colour (bounded as in `scenes.clinical.danger_zones.triangle`),
the nerve's exit ringed, and the legend sets the model's distances beside the published ones.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import PATHS, centreline, point
from meshes.anatomy.courses.tubes import path_mesh

from ... import palette
from ...clinical import danger_zones as dz
from ...projection import to_display
from ..base import BuiltScene, Layer
from ..draw2d import haloed_2d
from .draw import hidden_dashes, legend, tags

NAME = "danger-triangle"
# the deck's meanings (scenes/palette.py): the lower part was the IGN's yellow; now only its rim
# and the split line draw it (no fill, no claim of risk either way)
UPPER, LOWER, EDGE = palette.DANGER, None, palette.EDGE
CORNER_NAMES = {"piis_right": "PIIS", "ischial_tuberosity_right": "Ischial tuberosity",
                dz.GT: "Trochanter tip"}
SHORT = {**CORNER_NAMES, dz.GT: "Trochanter"}  # in the legend's "Trochanter: 8.0 cm" lines
# hatched over a faint wash, as an atlas marks a zone: a plain fill, at 0.5 and again at 0.35,
# read as a pinker piriformis (lecturer's reviews)
FILL_OPACITY = 0.15
HATCH_MM = 5.0  # between the hatch lines
# bold enough to read on red piriformis through the outlined, faintly filled gluteus maximus
# (0.5 mm: "low contrast", lecturer's review)
HATCH_RADIUS = 0.75
RING_MM = (4.0, 6.0)  # the circle round the nerve's exit: inner and outer radius
KEEP_OFF = 1.5  # label boxes keep off a circle this many times a ring's outer radius
BORDER_MM = 3.0  # an exit this near the line is "at the border": about the nerve's own radius
DASH_PX = (10.0, 8.0)  # a hidden side's dashes, on and off, at 1080 rows
CORNER_MM = 2.8  # radius of the ball on each corner


def shown(scene) -> bool:
    return NAME in scene.layers


LIFT = 10.0  # mm: the triangle is drawn this far behind its corners' plane, as marked on the body


def lifted() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(upper part, lower part, backward unit normal) as drawn. The corners are bony points on
    different bones, so the plane through them runs partly inside the hip bone; lifted backward
    (toward the skin, where the triangle is marked on a patient) it stays in sight."""
    upper, lower = dz.triangle()
    n = np.cross(upper[2] - upper[0], lower[1] - upper[0])
    n *= -np.sign(n[1]) / np.linalg.norm(n)  # backward
    return upper + LIFT * n, lower + LIFT * n, n


def draw(built: BuiltScene) -> list:
    upper, lower, n = lifted()
    out = []
    for poly, color, opacity in ((upper, UPPER, FILL_OPACITY), (lower, LOWER, 0.45)):
        if color is None:
            continue
        face = pv.PolyData(poly, faces=[3, 0, 1, 2])
        out.append(built.plotter.add_mesh(face, color=color, opacity=opacity, lighting=False,
                                          pickable=False, name=f"{NAME}-{color}"))
        lines = hatch(poly + 0.5 * n, n, HATCH_MM)  # just in front of the fill
        if lines.n_points:
            out.append(built.plotter.add_mesh(lines.tube(radius=HATCH_RADIUS, n_sides=8), color=color,
                                              lighting=False, pickable=False, name=f"{NAME}-{color}-hatch"))
            # a drawn mark the labels keep off: piriformis's box lay on the hatch (lecturer's review)
            built.lines.append((out[-1], list(lines.points.reshape(-1, 2, 3))))
    marks = corners(n)
    ring = np.vstack([marks, marks[:1]])
    rim = pv.lines_from_points(ring).tube(radius=0.9, n_sides=12)
    split = pv.Line(upper[1], upper[2]).tube(radius=0.6, n_sides=12)
    for mesh, name, line in ((rim, "rim", ring), (split, "split", upper[1:3])):
        out.append(built.plotter.add_mesh(mesh, color=EDGE, pickable=False, name=f"{NAME}-{name}"))
        built.lines.append((out[-1], [line]))
    # circled, not covered: a gold ball there read as a swelling of the sciatic nerve and hid
    # the exit it marks (lecturer's review). Circled where the triangle reads it: the exit seen
    # square onto the triangle, in its drawn plane. The scene looks square onto the triangle too,
    # so the ring is round the nerve: from an oblique camera it lay on the artery beside the nerve,
    # and circled at the nerve itself it lay outside the triangle (two reviews)
    circle = pv.Disc(center=exit_mark(n), inner=RING_MM[0], outer=RING_MM[1], normal=n, c_res=48)
    out.append(built.plotter.add_mesh(circle, color=palette.INK, lighting=False, pickable=False,
                                      name=f"{NAME}-ign-exit"))
    built.lines.append((out[-1], [rim_of(exit_mark(n), KEEP_OFF * RING_MM[1], n)]))
    for k, c in enumerate(marks):
        out.append(built.plotter.add_mesh(pv.Sphere(radius=CORNER_MM, center=c), color=EDGE, pickable=False,
                                          name=f"{NAME}-corner-{k}"))
        peg = pv.Line(c, c - LIFT * n).tube(radius=0.6, n_sides=8)  # down to the bony point itself
        out.append(built.plotter.add_mesh(peg, color=EDGE, pickable=False, name=f"{NAME}-peg-{k}"))
    return out + entry_course(built)


IGN = "inferior_gluteal_nerve_right"
ENTRY_MM = (2.6, 4.0)  # the ring round the nerve's entry: inner and outer radius (the exit's is 4-6)


def entry_course(built: BuiltScene) -> list:
    """The branch that enters gluteus maximus nearest the trochanter, drawn from the trunk to that
    entry, ringed: the point the legend's trochanter figure measures to. With the branches
    cut, the nerve ended a centimetre past its exit ring and the figure pointed at nothing
    (lecturer's review: "draw the nerve from its exit to its entry")."""
    entry, branch = dz.ign_entry(built.meshes)[0], dz.ign_entry_branch(built.meshes)
    nerve = built.actors.get(IGN)
    if entry is None or nerve is None:
        return []
    upto = {p.name: 0 for p in PATHS[IGN] if p.name not in (branch, "trunk")}
    upto[branch] = int(np.argmin(np.linalg.norm(centreline(IGN, branch) - entry, axis=1))) + 1
    # ringed as the exit is, square to the triangle as the scene looks: a yellow ball there lay on
    # the sciatic nerve's gold, behind, and read as a point on it (lecturer's review)
    ring = pv.Disc(center=entry, inner=ENTRY_MM[0], outer=ENTRY_MM[1], normal=lifted()[2], c_res=40)
    lit = {k: getattr(nerve.prop, k) for k in ("ambient", "diffuse", "specular")}  # lit as the nerve
    # and inked as it is: bare, its yellow ran into the sciatic nerve's gold where it crosses in
    # front of it (lecturer's review)
    edge = built.plotter.actors.get(f"{IGN}-silhouette")
    if edge is not None:
        lit["silhouette"] = dict(color=edge.prop.color, line_width=edge.prop.line_width)
    out = [built.plotter.add_mesh(path_mesh(IGN, upto), color=nerve.prop.color, smooth_shading=True,
                                  pickable=False, name=f"{NAME}-ign-to-entry", **lit),
           built.plotter.add_mesh(ring, color=palette.INK, lighting=False, pickable=False,
                                  name=f"{NAME}-ign-entry")]
    built.lines.append((out[-1], [rim_of(entry, KEEP_OFF * ENTRY_MM[1], lifted()[2])]))
    return out


def rim_of(centre: np.ndarray, radius: float, normal: np.ndarray) -> np.ndarray:
    """A circle round a ring, as a closed polyline the labels keep their boxes off (at the ring
    itself, the exit tag's box lay against it; lecturer's review)."""
    u = np.cross(normal, [0.0, 0.0, 1.0])
    u /= np.linalg.norm(u)
    v = np.cross(normal, u)
    t = np.linspace(0.0, 2 * np.pi, 49)
    return centre + radius * (np.cos(t)[:, None] * u + np.sin(t)[:, None] * v)


def corners(n: np.ndarray) -> np.ndarray:
    """The three bony points as drawn: lifted LIFT mm along the triangle's backward normal."""
    return np.array([point(c) for c in dz.TRIANGLE]) + LIFT * n


def exit_mark(n: np.ndarray) -> np.ndarray:
    """Where the ring marks the IGN's exit: its square projection onto the triangle, in the
    triangle's drawn plane and just in front of the fill."""
    return dz.ign_exit()[0] + (LIFT + 2.0) * n


def hatch(poly: np.ndarray, normal: np.ndarray, spacing: float) -> pv.PolyData:
    """Parallel lines `spacing` mm apart across the triangle `poly`, at 45 degrees to its first side."""
    side = (poly[1] - poly[0]) / np.linalg.norm(poly[1] - poly[0])
    across = np.cross(normal, side)
    step = (side + across) / np.sqrt(2)  # the lines run across this direction
    s = (poly - poly[0]) @ step
    segments = []
    for c in np.arange(s.min() + spacing / 2, s.max(), spacing):
        ends = [poly[i] + (c - s[i]) / (s[j] - s[i]) * (poly[j] - poly[i])
                for i, j in ((0, 1), (1, 2), (2, 0)) if (s[i] - c) * (s[j] - c) < 0]
        if len(ends) == 2:
            segments.append(ends)
    points = np.array(segments, float).reshape(-1, 3)
    lines = np.array([[2, 2 * k, 2 * k + 1] for k in range(len(segments))], int).ravel()
    return pv.PolyData(points, lines=lines) if segments else pv.PolyData()


def draw_overlay(built: BuiltScene) -> list:
    """The legend carries the numbers (model beside published), so the picture keeps short tags:
    the three corners by name and the nerve's exit."""
    model = dz.ign_corner_distances()
    published = {n: dz.APAYDIN_IGN_MM[n] / 10 for n in dz.TRIANGLE}
    numbers = [(None, f"   {SHORT[n]}: {model[n] / 10:.1f} cm ({published[n]:.1f})")
               for n in dz.TRIANGLE if n != dz.GT]
    # the trochanter's 5.4 cm is where the nerve entered gluteus maximus (CLINICAL.md [3]); the
    # trunk, which turns back onto the muscle at once, lies further off, and the slide says so
    # rather than set the trunk's 8 cm against the entry's 5.4 (lecturer's review)
    entry = dz.ign_entry(built.meshes)[0]
    if entry is not None:  # a variant's nerve may not reach the muscle
        across = dz.distance_from_gt_in_gmax_plane(built.meshes[dz.GMAX], [entry])[0]
        numbers.append((None, f"   Trochanter, at its entry into the muscle: {across / 10:.1f} cm "
                              f"({published[dz.GT]:.1f})"))
    # one line a row, the cadaver figure in brackets (lecturer's review: 11 dense lines)
    out = legend(built, "PIIS - ischial tuberosity - trochanter triangle",
                 # one idea a row (lecturer's review: "Lower part outlined, sides dashed where
                 # hidden" and "bounded here by" did not say what the drawing shows)
                 [(UPPER, "Upper part, hatched: the danger zone"),
                  (LOWER, "Lower part: outline only, dashed where hidden"),
                  (None, "IGN to each landmark, model (cadaver mean):"), *numbers],
                 f"Apaydin 2009, 36 sides. IGN trunk to trochanter: {model[dz.GT] / 10:.1f} cm.\n"
                 "Split on the line from the trochanter to midway PIIS-tuberosity.\n"
                 # why its sides pass in front of nerves (lecturer's review: "solid over nerves")
                 f"Drawn {LIFT / 10:g} cm out from the bones, toward the skin.",
                 hatched=frozenset({UPPER}))
    upper, _, n = lifted()  # the tags point at the markers as drawn, not at the bone beneath
    # no label's dot in the hatched zone: piriformis's, there, named the zone as much as the
    # muscle (two lecturer's reviews); outside it the muscle still shows below the split line
    built.no_dots.append(to_display(built.plotter.renderer, upper))
    items = [(m, CORNER_NAMES[c]) for m, c in zip(corners(n), dz.TRIANGLE, strict=True)]
    items.append((exit_mark(n), exit_text()))  # at the ring
    if entry is not None:
        # below: leftward its leader ran along the nerve's own branch, and rightward up across
        # the hatch
        items.append((entry, entry_text(entry), "below"))
    return out + hidden_sides(built, n) + tags(built, items)


def hidden_sides(built: BuiltScene, n: np.ndarray) -> list:
    """The triangle's sides and split line dashed where muscle or bone lies in front of them, as
    an atlas draws a hidden outline: the lower part is drawn by its outline only, and that ran
    wholly behind the short rotators (lecturer's review: "no trochanter-tuberosity side is drawn")."""
    marks, upper = corners(n), lifted()[0]
    ends = [*zip(marks, np.roll(marks, -1, axis=0), strict=True), (upper[1], upper[2])]
    sides = [np.array(ab) for ab in ends]
    # not over the corner's own ball, which hides the line's end
    dashes, _ = hidden_dashes(built, sides, DASH_PX, trim_mm=CORNER_MM)
    h = built.plotter.window_size[1]
    if not dashes:
        return []
    # on a halo, as the hip joint's dashes: bare, the dark dashes were lost on piriformis where it
    # bulges in front of the split line, and the danger zone's lower edge read as broken (lecturer)
    return haloed_2d(dashes, max(2.0, h / 450), pv.Color(EDGE).float_rgb, pv.Color("white").float_rgb, h)


SCIATIC = "sciatic_nerve_right"


def entry_text(entry: np.ndarray) -> str:
    """The entry tag. Seen from behind its ring lies on the sciatic nerve, and the IGN read as
    ending in it (lecturer's review): where the entry lies more than a nerve's width behind the
    sciatic nerve at that height and side, the tag says so."""
    line = centreline(SCIATIC, "trunk")
    nearest = line[np.argmin(np.linalg.norm(line[:, [0, 2]] - entry[[0, 2]], axis=1))]
    behind = nearest[1] - entry[1]  # y runs forward: the entry's smaller y is nearer the skin
    return "Enters gluteus maximus,\nsuperficial to the sciatic nerve" if behind > 8.0 \
        else "Enters gluteus maximus"


def exit_text() -> str:
    """The exit tag: where this model's nerve leaves, in the words of the paper's parts. Within a
    few millimetres of the border it says so: a bare "lower part" read as a contradiction of the
    slide's own title when the exit lay 0.7 mm below the line."""
    below = dz.ign_exit_below_split()
    part = dz.ign_exit()[2]
    if part == "outside":
        where = "outside the triangle"
    elif abs(below) <= BORDER_MM:
        where = "at the border of the upper part"
    else:
        where = f"in the {part} part"
    # the nerve's full name: the tag is its label here (a label beside it named the same point)
    return f"Inferior gluteal nerve leaves\nbelow piriformis ({where})"


LAYER = Layer(NAME, draw, shown=shown)
LEGEND = Layer(NAME + "-legend", draw_overlay, shown=shown, overlay=True)
