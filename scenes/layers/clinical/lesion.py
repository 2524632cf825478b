"""The lesion layer: what a lesion at the scene's level (`lesion = "LEVEL"`) takes away.

World part (after the structures): the modelled muscles that lose supply are recoloured by their
expected weakness grade, the muscles that keep it are greyed, the nerve parts beyond the lesion
are drawn in the lesion colour (paler where a root lesion takes only its share of the fibres),
and a dark ring marks the site. Overlay part: a small legend naming the level and the grades.
Everything comes from `scenes.clinical.lesion.simulate`, the same walk the CLI prints.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pyvista as pv

from meshes import PATHS, centreline

from ... import palette
from ...catalog import CATALOG
from ...clinical.lesion import GRADE_WORDS, simulate
from ..base import BuiltScene, Layer
from ..structures import sync_fill
from .draw import legend

# A sequential purple scale (ColorBrewer "BuPu", 3 classes): darker = weaker. Purple, because red
# is the arteries' and the muscles' own colour and yellow the nerves'; spared muscles are grey.
GRADE_COLORS = palette.GRADES
SPARED = palette.SPARED  # sage: apart from bone grey and from the purple grades (also in CVD)
BEYOND = palette.BEYOND  # nerve beyond the lesion: every fibre lost (dark grey: black is the ink's)
PARTIAL = palette.PARTIAL  # nerve that loses only the lesioned root's share
LESION_AMBIENT = 0.45  # of a nerve painted in the lesion colours
SITE = palette.SITE  # the lesion itself: a colour nothing else in the model has
RING_GAP, RING_TUBE = 4.5, 2.2  # mm: the ring's clearance off the nerve and its tube radius


def draw(built: BuiltScene) -> list:
    result = simulate(built.scene.lesion, getattr(built.scene, "variant", None))
    for sid, actor in built.actors.items():
        if CATALOG[sid].kind == "muscle" and not built.scene.style(sid).color:
            color = GRADE_COLORS.get(result.muscles.get(sid, 0), SPARED)
            actor.prop.color = color
            sync_fill(built, sid, built.scene.style(sid))  # an outline's body and rim go with it
            if sid not in built.outlines:  # as colours per point, so a restyle (ghosting) keeps them
                mesh = built.meshes[sid]
                _paint(actor, mesh, np.tile(pv.Color(color).int_rgb, (mesh.n_points, 1)))
    marked = _by_structure(result.nerve_parts)
    partial = _by_structure(result.partial_parts)
    for sid in set(marked) | set(partial):
        if sid in built.actors and "part" in built.meshes[sid].point_data:
            _paint_parts(built.actors[sid], built.meshes[sid], sid, marked.get(sid, ()), partial.get(sid, ()))
    ring = built.plotter.add_mesh(site_ring(*result.site), color=SITE, smooth_shading=True,
                                  name="lesion-site", pickable=False, specular=0.3)
    return [ring]


def _by_structure(refs: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ref in refs:
        sid, part = ref.split(".", 1)
        out.setdefault(sid, set()).add(part)
    return out


def _paint_parts(actor: pv.Actor, mesh: pv.PolyData, sid: str, full, partial) -> None:
    """Per-point colours: the marked parts in the lesion colours, the rest as they were drawn."""
    names = [p.name for p in PATHS[sid]]
    base = np.array(pv.Color(actor.prop.color).int_rgb, np.uint8)
    table = np.tile(base, (len(names), 1))
    if actor.mapper.scalar_visibility and "rgb" in actor.mapper.dataset.point_data:  # part colours
        idx = np.asarray(mesh.point_data["part"], int)
        drawn = np.asarray(actor.mapper.dataset.point_data["rgb"])
        for i in range(len(names)):
            hit = np.nonzero(idx == i)[0]
            if len(hit):
                table[i] = drawn[hit[0]]
    for i, name in enumerate(names):
        if name in full:
            table[i] = pv.Color(BEYOND).int_rgb
        elif name in partial:
            table[i] = pv.Color(PARTIAL).int_rgb
    _paint(actor, mesh, table[np.asarray(mesh.point_data["part"], int)])


def _paint(actor: pv.Actor, mesh: pv.PolyData, colors: np.ndarray) -> None:
    """Draw the actor with these per-point colours (uint8 RGB), whatever its property colour."""
    painted = mesh.copy(deep=False)
    painted.point_data["lesion_rgb"] = np.asarray(colors, np.uint8)
    mapper = actor.mapper
    mapper.dataset = painted
    mapper.SetScalarModeToUsePointFieldData()
    mapper.SelectColorArray("lesion_rgb")
    mapper.SetColorModeToDirectScalars()  # the array holds the colours themselves
    mapper.ScalarVisibilityOn()
    # lit more evenly: a thick nerve in shade (the sciatic, carrying some fibres) read as dark as
    # the swatch for a nerve beyond the lesion (lecturer's review of lesion-l5)
    actor.prop.ambient, actor.prop.diffuse = LESION_AMBIENT, 1.0 - LESION_AMBIENT


def site_ring(ref: str, t: float) -> pv.PolyData:
    """A ring around the nerve at a fraction t along a part, square to it."""
    sid, part = ref.split(".", 1)
    line = centreline(sid, part)
    seg = np.linalg.norm(np.diff(line, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)]) / max(seg.sum(), 1e-9)
    i = int(np.clip(np.searchsorted(s, t), 1, len(line) - 1))
    centre, tangent = line[i], line[i] - line[i - 1]
    info = next(p for p in PATHS[sid] if p.name == part)
    # a ring a slide can show at the size of a whole region: a 1.3 mm tube 2.5 mm off the nerve
    # was lost in lesion-l5 (lecturer review); 2.2 mm thick and 4.5 mm off, it reads as a collar
    reach = (float(np.max(info.width)) / 2 if info.width else info.radius) + RING_GAP
    ring = pv.ParametricTorus(ringradius=reach, crosssectionradius=RING_TUBE)
    return _orient(ring, centre, tangent / np.linalg.norm(tangent))


def _orient(mesh: pv.PolyData, centre: np.ndarray, axis: np.ndarray) -> pv.PolyData:
    """The torus (axis +z) turned to `axis` and moved to `centre`."""
    z = np.array([0.0, 0.0, 1.0])
    v, c = np.cross(z, axis), float(z @ axis)
    if np.linalg.norm(v) < 1e-9:
        rot = np.eye(3) if c > 0 else np.diag([1.0, -1.0, -1.0])
    else:
        k = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
        rot = np.eye(3) + k + k @ k / (1 + c)
    out = mesh.copy()
    out.points = np.asarray(mesh.points) @ rot.T + centre
    return out


# Muscles the lesion weakens that the model does not have (it ends at the upper thigh), by what an
# examiner tests; said in words in the legend, never drawn. The grades are the simulator's
# (innervation.toml: Harrison's radiculopathy table, CLINICAL.md section 3).
FUNCTIONS = {
    "tibialis_anterior": "ankle dorsiflexors (foot drop)",
    "extensor_hallucis_longus": "great toe extensor",
    "extensor_digitorum_longus": "toe extensors",
    "fibularis_longus": "foot evertors",
    "fibularis_brevis": "foot evertors",
    "tibialis_posterior": "foot invertors",
}


WRAP = 40  # characters per legend line: the width the source line sets (at 34, two lines more
# made lesion-l5's legend reach over the thigh)


def unmodelled(muscles: dict[str, int]) -> list[str]:
    """Legend lines for the moderately or severely weak muscles the model lacks, by grade."""
    lines = []
    for grade in (3, 2):
        names = [FUNCTIONS.get(m, m.replace("_", " ")) for m, g in muscles.items()
                 if g == grade and m not in CATALOG]
        names = list(dict.fromkeys(names))  # two evertors, one phrase
        if names:
            # wrapped: one long line made the legend as wide as half the frame, over the model
            lines += textwrap.wrap(f"{GRADE_WORDS[grade].capitalize()}: {', '.join(names)}", WRAP,
                                   subsequent_indent="   ")
    return ["Also weak, not in the model:", *lines] if lines else []


def draw_legend(built: BuiltScene) -> list:
    """The framed legend of the other clinical layers: the level, one swatch per grade shown, then
    in words what weakens beyond the model (set loose over the model it read as a stray note)."""
    result = simulate(built.scene.lesion, getattr(built.scene, "variant", None))
    # words, not numbers: "3" would read as the MRC grade (3/5 = moderate), the opposite of ours
    rows = [(GRADE_COLORS[g], f"{GRADE_WORDS[g].capitalize()} weakness")
            for g in (3, 2, 1) if g in result.muscles.values()]
    rows += [(SPARED, "Muscle spared"), (SITE, "Lesion site (ring)"), (BEYOND, "Nerve beyond the lesion")]
    if result.partial_parts:
        rows.append((PARTIAL, "Nerve carrying some of its fibres"))
    rows += [(None, text) for text in unmodelled(result.muscles)]
    return legend(built, f"Lesion: {result.name}", rows, result.findings["legend_source"])


LAYER = Layer("lesion", draw, shown=lambda scene: bool(getattr(scene, "lesion", None)))
LEGEND = Layer("lesion-legend", draw_legend, shown=lambda scene: bool(getattr(scene, "lesion", None)),
               overlay=True)
