"""The injection map (`layers = ["injection-map"]`): the skin coloured by how close a needle's tip
comes to a nerve, with the three taught injection sites and their needles.

Each skin point is coloured by the distance from the tip of a needle pushed in there,
perpendicular to the skin, `[injection] depth` mm deep, to the surface of the nearest nerve
(`scenes.clinical.injection.depth_map`), in 5 mm bands: red where the tip would lie within 5 mm
of a nerve, blue where it stays 35 mm or more away. The skin actor replaces the plain one, so it
is picked and labelled as the skin. Each site shows its needle (the part outside the skin) and a
tag with the nearest nerve to the tip; a legend in mm names the depth and the sources.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import PATHS, REGISTRY, centreline
from meshes.anatomy.injection_sites import SkinMarks, skin_marks, surface_track
from meshes.anatomy.soft_tissue.skin import below_fold

from ... import palette
from ...catalog import CATALOG
from ...clinical import injection
from ..base import BuiltScene, Layer
from .draw import legend, tags

NAME = "injection-map"
BAND = 5.0  # mm per colour band
# ColorBrewer RdYlBu, 8 classes (colour-blind safe): red nearest a nerve, blue farthest
COLORS = ("#d73027", "#f46d43", "#fdae61", "#fee090", "#e0f3f8", "#abd9e9", "#74add1", "#4575b4")
NEEDLE_OUT = 30.0  # mm of needle and hub drawn outside the skin
NEEDLE_COLOR, HUB_COLOR = "#6b7079", "#111111"  # hub near-black: apart from every band and white
# the thigh below the gluteal fold, no injection site's, in a plain grey: mapped, its speckle of
# bands over the sciatic nerve and the model's section drew the eye (lecturer's review)
THIGH_COLOR = "#c8c8c4"
# the nurse's marks on the skin: ink, as a felt pen draws them, dark on every band
MARK_COLOR = palette.INK  # the deck's ink: landmarks and taught lines
MARK_RADIUS = 1.3  # mm: a line about 5 px wide on a 1600 px slide of the buttock
DOT_RADIUS = 4.0  # mm: a palpated landmark
# a landmark is a white dot ringed in ink: filled with ink, it read as a label's leader dot
# (lecturer's review)
DOT_COLOR = "#ffffff"
DASH = (7.0, 5.0)  # mm drawn, mm gap: the quadrant lines
# the PSIS-GT line dotted: dashed like the quadrant lines, it read as a third quadrant line
# (lecturer's review)
DOTTED = {"psis_gt": (1.6, 4.4)}
SOLID = ("iliac_crest", "v_index", "v_middle")  # bone felt, and the fingers of the V
MARK_NAMES = {"psis": "PSIS", "crest_top": "Iliac crest", "iliac_tubercle": "Iliac tubercle",
              "asis": "ASIS", "greater_trochanter": "Greater trochanter"}

# The sciatic nerve's surface marking, from its exit below piriformis to the gluteal fold: the
# nerve the sites' rules keep the needle from, which the map (35 mm deep) never reaches, so it
# showed nowhere and its quarter of the buttock read as plain safe (lecturer's reviews). Drawn in
# the nerve's colour, long-dashed, apart from the ink of the taught lines; the caption names it (a
# 13th tag found no room on a small slide, and a legend row pushed the legend over the V).
SCIATIC = "sciatic_nerve_right"
SCIATIC_DASH = (9.0, 4.0)  # mm drawn, mm gap

_made: dict = {}  # id of the meshes -> (meshes, sites, {(site, depth): needle}): one model at a time
_marks: dict = {}  # id of the skin -> (skin, marks): one model at a time
_tracks: dict = {}  # id of the skin -> (skin, variant, sciatic track): one model at a time


def marks(built: BuiltScene) -> SkinMarks:
    """The landmarks and lines on this model's skin (projected once per skin)."""
    skin = built.meshes["skin_right"]
    held = _marks.get(id(skin))
    if held is None or held[0] is not skin:
        _marks.clear()
        held = _marks[id(skin)] = (skin, skin_marks(skin))
    return held[1]


def sciatic_track(built: BuiltScene) -> np.ndarray:
    """The sciatic trunk's surface marking above the gluteal fold (once per skin and variant: a
    variant may move the trunk)."""
    from meshes.anatomy.courses import variants

    skin = built.meshes["skin_right"]
    held = _tracks.get(id(skin))
    if held is None or held[0] is not skin or held[1] != variants.active():
        trunk = centreline(SCIATIC, "trunk")
        _tracks.clear()
        held = _tracks[id(skin)] = (skin, variants.active(), surface_track(skin, trunk[~below_fold(trunk)]))
    return held[2]


def draw_sciatic(built: BuiltScene) -> list:
    line = sciatic_track(built)
    if len(line) < 2:
        return []
    pieces = [pv.lines_from_points(d).tube(radius=MARK_RADIUS, n_sides=10, capping=True)
              for d in dashed(line, *SCIATIC_DASH) if np.linalg.norm(d[-1] - d[0]) > 0.5]
    ring = dict(color=MARK_COLOR, line_width=2 * max(1.0, built.plotter.window_size[1] / 1080))
    actor = built.plotter.add_mesh(pv.merge(pieces), color=CATALOG[SCIATIC].color, ambient=0.4,
                                   pickable=False, name="skin-sciatic-track", silhouette=ring)
    built.lines.append((actor, [line]))
    return [actor]


def dashed(line: np.ndarray, on: float, off: float) -> list[np.ndarray]:
    """The polyline cut into dashes `on` mm long with `off` mm gaps, measured along it."""
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
    out, start = [], 0.0
    while start < s[-1]:
        t = np.linspace(start, min(start + on, s[-1]), 6)
        out.append(np.stack([np.interp(t, s, line[:, k]) for k in range(3)], axis=1))
        start += on + off
    return out


def draw_marks(built: BuiltScene) -> list:
    """Landmark dots and the taught lines, in ink on the skin (drawn over it, never through)."""
    found = marks(built)
    pieces = []
    for name, line in found.lines.items():
        for part in ([line] if name in SOLID else dashed(line, *DOTTED.get(name, DASH))):
            if len(part) > 1 and np.linalg.norm(part[-1] - part[0]) > 0.5:
                pieces.append(pv.lines_from_points(part).tube(radius=MARK_RADIUS, n_sides=10, capping=True))
    dots = pv.merge([pv.Sphere(radius=DOT_RADIUS, center=p, theta_resolution=16, phi_resolution=12)
                     for p in found.points.values()])
    ring = dict(color=MARK_COLOR, line_width=3 * max(1.0, built.plotter.window_size[1] / 1080))
    ink = built.plotter.add_mesh(pv.merge(pieces), color=MARK_COLOR, ambient=0.3, specular=0.2,
                                 pickable=False, name="skin-marks")
    # the tags keep off the taught lines: laid along one, a tag hid the line it sat on
    built.lines.append((ink, list(found.lines.values())))
    return [ink, built.plotter.add_mesh(dots, color=DOT_COLOR, ambient=0.7, diffuse=0.4, pickable=False,
                                        name="skin-landmarks", silhouette=ring)]


def shown(scene) -> bool:
    return NAME in scene.layers


def needles(built: BuiltScene) -> list[injection.Needle]:
    """The needles of the scene's sites at its depth (each measured once per model and depth)."""
    held = _made.get(id(built.meshes))
    if held is None or held[0] is not built.meshes:
        _made.clear()
        held = _made[id(built.meshes)] = (built.meshes, injection.sites(built.meshes), {})
    _, found, made = held
    depth = built.scene.injection.depth
    out = []
    for sid in built.scene.injection.sites or list(injection.SITES):
        if (sid, depth) not in made:
            made[(sid, depth)] = injection.needle(found[sid], depth, built.meshes)
        out.append(made[(sid, depth)])
    return out


def draw(built: BuiltScene) -> list:
    plotter, depth = built.plotter, built.scene.injection.depth
    skin = built.meshes["skin_right"]
    d, _ = injection.depth_map(skin, depth)
    mesh = skin.copy(deep=False)
    mesh.point_data["nerve_mm"] = np.where(below_fold(skin.points), np.nan,
                                           np.clip(d, 0.0, BAND * len(COLORS) - 1e-3))
    old = built.actors.pop("skin_right", None)
    if old is not None:
        plotter.remove_actor(old)
    actor = plotter.add_mesh(mesh, scalars="nerve_mm", cmap=list(COLORS), n_colors=len(COLORS),
                             clim=(0.0, BAND * len(COLORS)), nan_color=THIGH_COLOR,
                             show_scalar_bar=False, smooth_shading=True,
                             name="skin_right", pickable=True, specular=0.1, ambient=0.15)
    built.actors["skin_right"] = actor
    out = [actor] + draw_marks(built) + draw_sciatic(built)
    for n in needles(built):
        outside = n.site.entry - NEEDLE_OUT * n.site.direction
        shaft = pv.Tube(pointa=outside, pointb=n.site.entry, radius=0.9, n_sides=16)
        hub = pv.Cylinder(center=outside - 6 * n.site.direction, direction=n.site.direction,
                          radius=3.2, height=12, resolution=24)
        out.append(plotter.add_mesh(shaft, color=NEEDLE_COLOR, specular=0.8, specular_power=30,
                                    pickable=False, name=f"needle-{n.site.id}"))
        out.append(plotter.add_mesh(hub, color=HUB_COLOR, specular=0.4, pickable=False,
                                    name=f"hub-{n.site.id}"))
    return out


SHORT = {"dorsogluteal-quadrant": "Upper-outer quadrant", "dorsogluteal-line": "Above PSIS-GT line",
         "ventrogluteal": "Ventrogluteal"}


def draw_overlay(built: BuiltScene) -> list:
    depth = built.scene.injection.depth
    rows = [(c, f"{i * BAND:g}-{(i + 1) * BAND:g} mm" if i < len(COLORS) - 1 else f"{i * BAND:g} mm or more")
            for i, c in enumerate(COLORS)] + [(THIGH_COLOR, "Thigh below the gluteal fold")]
    note = ""
    if any(n.site.id == "ventrogluteal" for n in needles(built)):
        # the reviewer's question: why a nerve at 22 mm on the "safe" site (CLINICAL.md section 1)
        note = ("\nVentrogluteal: far from the sciatic nerve;\n"  # lines no wider than the title
                "the nearest is the superior gluteal nerve:\n"
                "its branch to tensor fasciae latae is the\n"
                "site's remaining risk (Ince 2007).")
    spots = _hot_in_sight(built)
    tagged = hot_tags(built, spots)
    spelled = "".join(f"\n{short_name(sid)}: {REGISTRY[sid].name.lower()}."  # the tags' short names
                      for sid in sorted({sid for _, sid in spots}) if short_name(sid) != REGISTRY[sid].name)
    spelled += "".join(f"\n{short}: {name}." for short, name in SPELLED.items()
                       if any(short in text.split() for _, text in tagged))
    out = legend(built, f"Needle tip at {depth:g} mm to nearest nerve", rows,
                 "Nerve surfaces from the model's paths." + spelled +
                 "\nSites: Ellis 2006; Sobotta fig. 1402." + note)
    items = []
    for n in needles(built):
        nearest = min(injection.NERVES, key=lambda s: n.distances[s])
        items.append((n.site.entry - NEEDLE_OUT * n.site.direction,
                      f"{SHORT[n.site.id]}: tip in {injection.layer_name(n.layer).lower()}\n"
                      f"{REGISTRY[nearest].name} {max(n.distances[nearest], 0):.0f} mm"))
    found = marks(built)
    items += [(p, MARK_NAMES[k]) for k, p in found.points.items()]
    return out + tags(built, items + tagged)


# the two red bands (tip within 10 mm) read as one hot spot on a slide (the lecturer took the
# 5-10 mm orange-red for red); a patch of them this large (about 2 x 1.5 cm) gets a tag
HOT_MM, HOT_MM2 = 2 * BAND, 300.0


def hot_tags(built: BuiltScene, spots: list | None = None) -> list[tuple[np.ndarray, str]]:
    """The hot spots in sight (`_hot_in_sight`, unless given), each tagged with its nerve
    (lecturer's reviews: whose are they?), by its short name where it has one: the tags share the
    slide with the sites' and landmarks'."""
    return [(p, _hot_text(sid, p)) for p, sid in (_hot_in_sight(built) if spots is None else spots)]


# a hot spot whose branch the slide must name where it is: the SGN's spot inside von Hochstetter's
# V is its branch to tensor fasciae latae, the ventrogluteal site's remaining risk (Ince 2007);
# said only in the legend, it read as the site being unsafe (lecturer's review)
BRANCH_NOTES = {("superior_gluteal_nerve_right", "branch_inferior"): "branch to TFL"}
# spelled out in the legend when a tag uses them: in full, the SGN's two-line tag found no room
# beside its spot and ran a leader across the whole map (the slide's own review)
SPELLED = {"TFL": "tensor fasciae latae"}


def _hot_text(sid: str, at: np.ndarray) -> str:
    """A hot spot's tag: its nerve, and the branch where BRANCH_NOTES names the nearest one."""
    part = min(PATHS[sid], key=lambda q: np.linalg.norm(centreline(sid, q.name) - at, axis=1).min()).name
    note = BRANCH_NOTES.get((sid, part))
    return f"{short_name(sid)} within {HOT_MM:g} mm" + (f":\n{note}" if note else "")


def _hot_in_sight(built: BuiltScene) -> list[tuple[np.ndarray, str]]:
    """(the hottest point in sight, nerve id) of each hot spot that shows."""
    from ..labels import frame, in_sight

    out = []
    for h in injection.hot_spots(built.meshes["skin_right"], built.scene.injection.depth, HOT_MM, HOT_MM2):
        # in sight within 0.5 mm: a point under an inked line's 1.3 mm tube is not
        seen = np.flatnonzero(in_sight(built.plotter.renderer, h.points, frame(built)[0], tolerance=0.5))
        seen = seen[~below_fold(h.points[seen])]  # the grey thigh is not mapped
        if seen.size:
            out.append((h.points[seen[0]], h.nerve))
    return out


def short_name(sid: str) -> str:
    """IGN, SGN, PFCN: the abbreviation among a structure's synonyms, else its name."""
    return next((s for s in REGISTRY[sid].synonyms if s.isupper()), REGISTRY[sid].name)


LAYER = Layer(NAME, draw, shown=shown)
LEGEND = Layer(NAME + "-legend", draw_overlay, shown=shown, overlay=True)
