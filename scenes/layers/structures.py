"""The structures layer: one actor per visible structure, coloured and styled as the scene says.

A region (a foramen) is a space, so it is drawn as a dashed outline, not a tube; a structure with
`outline = true` shows only its silhouette, so what lies under it keeps its colour (an atlas's
way of showing a removed muscle in a deep view), and with an opacity below 1 a faint see-through
body inside that line as well.
"""

from __future__ import annotations

import weakref

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkMapper

from meshes import PATHS, SOLIDS, centreline
from meshes.measure import exit_index

from ..catalog import CATALOG, PART_COLORS, ROOT_COLORS
from ..palette import OUTLINE
from ..scene import Style
from .base import BuiltScene, Layer
from .style import contrast, ink_for, rgb

HIGHLIGHT_OUTLINE = "#1a1a1a"
NERVE_EDGE = "#4a3a1a"  # a dark umber: ink, softened to the nerves' and arteries' warm colours
INKED = ("nerve", "artery")  # the thin things drawn with that edge
SHOW_THROUGH_OFFSET = -3000  # depth-buffer units: about a nerve's thickness at these distances
# A path's silhouette lines are drawn at the tube's own depth instead of VTK's 4 units forward: a
# branched path is tubes that overlap at their junctions, and the silhouettes of the tubes inside
# another (the plexus's divisions in its rami, a nerve's branches at its division) came through the
# outer tube as black hairlines (lecturer's reviews of roots and deep-gluteal); at 1 unit forward
# the IGN's branches still drew two black lines on where they dip under gluteus maximus's surface
SILHOUETTE_LINE_UNITS = 4.0  # added to VTK's -4

# VTK keeps the coincident-topology mode in one static of vtkMapper, though the call reads as a
# mapper's own: set once here, before anything is drawn, so that a picture never depends on
# whether an outlined scene was drawn before it in the same process (the offsets stay per mapper)
vtkMapper.SetResolveCoincidentTopologyToPolygonOffset()


OUTLINE_PX = 5  # an outline's width at 1080p: at 3 px a reviewer called it a hairline on a slide
RIM_CONTRAST = 3.0  # WCAG's least contrast for graphics: a lighter outline gets an ink rim
RIM_UNITS = 40.0  # depth units behind the outline: the rim shows only past the line's sides
GMAX = "gluteus_maximus_right"
PLEXUS = "sacral_plexus_right"


def draw(built: BuiltScene) -> list:
    style = built.scene.style(GMAX)
    if style.reflected and style.visible and GMAX in built.meshes:
        built.meshes = {**built.meshes, **reflected(built.meshes)}  # this build only
    cut = cut_short(built)
    built.framed |= {sid: built.meshes[sid] for sid in cut}  # framed as a whole: the subject is its course
    built.meshes = {**built.meshes, **cut}
    for sid in CATALOG:
        style = built.scene.style(sid)
        if style.visible and sid in built.meshes:
            parts = parts_of(built, sid)
            built.actors[sid] = add_structure(built.plotter, sid, built.meshes[sid], style, parts)
            if CATALOG[sid].kind == "region":
                built.lines.append((built.actors[sid], [centreline(sid, p.name) for p in PATHS[sid]]))
            if style.show_through and sid in PATHS:
                _through_nerves(built, sid, parts)
            if style.projected and sid in PATHS and _may_cover(built):
                _projected(built, sid, style)
            if style.outline:
                built.outlines.add(sid)
                sync_fill(built, sid, style)  # its see-through body (below opacity 1) and rim
    _sync_projected(built)  # shown while the muscle, as drawn now, covers the nerve
    return list(built.actors.values())


DASHES_UNITS = -40000  # depth units: dashed lines drawn over what lies in front (muscle and fat)


def _dashes(plotter: pv.Plotter, lines: pv.PolyData, color: str, width: float, name: str,
            pickable: bool, opacity: float = 1.0) -> pv.Actor:
    """Dashed lines drawn flat and pulled toward the eye: a foramen's outline over the bone edge
    it runs along, a nerve's course over the muscle that covers it."""
    actor = plotter.add_mesh(lines, color=color, opacity=opacity, line_width=width, name=name,
                             pickable=pickable, render_lines_as_tubes=False, lighting=False)
    actor.mapper.SetRelativeCoincidentTopologyLineOffsetParameters(0, DASHES_UNITS)
    return actor


def _may_cover(built: BuiltScene) -> bool:
    """Is gluteus maximus drawn whole in this scene (not outlined, reflected or with the branches
    into it cut)? Only then may a nerve under it have its course dashed over it: drawn, and shown
    while the muscle is visible and solid (the window ghosts and hides it without a rebuild)."""
    gm = built.scene.style(GMAX)
    return not (gm.outline or gm.reflected or gm.cut_branches)


def _projected(built: BuiltScene, sid: str, style: Style) -> None:
    """`projected`: the nerve's course from where it leaves the pelvis, dashed in its colour over
    what covers it, as surface anatomy draws a deep nerve on the buttock (lecturer's review of
    default: the subject showed only as its cutaneous branch's 20 px tip)."""
    from meshes.checks.common import Geometry

    g = Geometry({})  # the foramen's plane only
    lines = [_under_muscle(ln, built.meshes.get(GMAX)) if "skin_right" in p.ends_in else ln
             for p in PATHS[sid] if len(ln := g.beyond_foramen(centreline(sid, p.name))) >= 2]
    lines = [ln for ln in lines if len(ln) >= 2]
    if not lines:  # nothing of it outside the pelvis: nothing under the muscle to show
        return
    px = max(1.0, built.plotter.window_size[1] / 1080)
    actor = _dashes(built.plotter, dashed(sid, lines=lines), dash_color(sid, style), 4 * px,
                    f"{sid}-projected", pickable=False)
    built.lines.append((actor, lines))
    built.projected.add(sid)


def _under_muscle(line: np.ndarray, muscle: pv.PolyData | None) -> np.ndarray:
    """The line of a branch that pierces the muscle for the skin (the IGN's cutaneous branch) up
    to where it comes out: beyond, it is in view, drawn as itself, not dashed over."""
    if muscle is None:
        return line
    out = exit_index(np.asarray(pv.PolyData(line).compute_implicit_distance(muscle)["implicit_distance"]) < 0)
    return line if out is None else line[: out + 1]  # and one point (1 mm) out: dashes meet the tube


def parts_of(built: BuiltScene, sid: str) -> dict[str, str]:
    """The parts of `sid` drawn in their own colour in this scene (part-name prefix -> colour).
    A colour the scene gives the structure is its body's: parts with a meaning of their own (the
    posterior divisions) keep theirs, so a plexus can be drawn pale behind teal divisions; roots
    that borrow the divisions' teal take the nerve's given colour instead."""
    style = built.scene.style
    if sid in ROOT_COLORS and style(PLEXUS).highlight and style(PLEXUS).visible:
        return {} if style(sid).color else ROOT_COLORS[sid]
    return PART_COLORS.get(sid, {})


def add_structure(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, style: Style,
                  parts: dict[str, str] | None = None) -> pv.Actor:
    color = style.color or CATALOG[sid].color
    px = max(1.0, plotter.window_size[1] / 1080)  # lines keep their weight at any output size
    if CATALOG[sid].kind == "region":  # drawn over the bone edge it runs along, not half inside it
        return _dashes(plotter, dashed(sid), color, 5 * px, sid, pickable=True, opacity=style.opacity)
    if style.outline:  # of a smoothed copy: fasciculi and grooves would each draw a line
        # in slate grey unless the scene gives it a meaning (a weakness grade): in the muscle's own red
        # a reviewer read gluteus medius's outline as an artery running over the region
        actor = plotter.add_silhouette(outline_of(mesh), color=style.color or own_color(sid, style),
                                       line_width=OUTLINE_PX * px)
        actor.SetVisibility(style.visible)
        # and, below opacity 1, a faint see-through body in its own colour inside the line, so the
        # line reads as a muscle's edge (lecturer's review: ink outlines alone read as wires) while
        # what lies under it keeps its colour; not picked, a click goes through. Built always (and
        # hidden at opacity 1: sync_fill): the window's ghosting shows it without a rebuild
        plotter.add_mesh(mesh, color=CATALOG[sid].color, smooth_shading=True, name=f"{sid}-fill",
                         pickable=False)
        # and an ink rim under the line, shown while the line's colour is too light for the
        # background (sync_fill: lesion-l5's mild lilac on white was faint; lecturer's review)
        rim = plotter.add_silhouette(outline_of(mesh), line_width=(OUTLINE_PX + 4) * px)
        rim.mapper.SetRelativeCoincidentTopologyLineOffsetParameters(0, RIM_UNITS)  # under the line
        plotter.remove_actor(rim, render=False)
        plotter.add_actor(rim, name=f"{sid}-rim", pickable=False)
        return actor
    is_path = sid in PATHS
    kwargs = dict(color=color, opacity=style.opacity, smooth_shading=True,
                  name=sid, pickable=True, specular=0.35 if is_path else 0.15, specular_power=20)
    parts = parts or {}
    mesh = painted(sid, mesh, color, parts)
    if "rgb" in mesh.point_data:
        kwargs.update(scalars="rgb", rgb=True)
    if style.highlight:
        # lit mostly by ambient light: diffusely shaded, the thin subject nerve's turned-away side
        # darkened to the sciatic nerve's gold (lecturer's review)
        kwargs.update(specular=0.6, ambient=0.45, diffuse=0.65)
        if sid in SOLIDS or is_path:
            kwargs["silhouette"] = dict(color=HIGHLIGHT_OUTLINE, line_width=2.5 * px)
    elif CATALOG[sid].kind in INKED and style.opacity == 1:
        # a thin dark edge keeps touching nerves of near colours apart, as an atlas inks them
        # (lecturer: the IGN's yellow ran into the sciatic nerve's gold where they touch), and an
        # artery off the red muscle it lies on (posterior: the inferior gluteal artery on the
        # flap of gluteus maximus; lecturer's review); 2.5 px, as the tube itself hides the inner
        # half of a line drawn at its own depth
        kwargs["silhouette"] = dict(color=NERVE_EDGE, line_width=2.5 * px)
    actor = plotter.add_mesh(mesh, **kwargs)
    if is_path and "silhouette" in kwargs:
        plotter.actors[f"{sid}-silhouette"].mapper.SetRelativeCoincidentTopologyLineOffsetParameters(
            0, SILHOUETTE_LINE_UNITS)
    if "cut" in mesh.point_data:
        _cut_faces(plotter, sid, mesh, color)
    if style.highlight and parts and "part" in mesh.point_data:
        _show_through(plotter, sid, mesh, parts)
    return actor


CUT_FACE_TINT = 0.6  # share of white in a cut face: a nerve's section shows paler than its sheath


def _cut_faces(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, color: str) -> None:
    """The flat faces where a branch was cut (removal.py), drawn paler over the tube's own, so a
    stump reads as cut, not as the nerve's natural end (lecturer review)."""
    faces = mesh.extract_points(np.asarray(mesh.point_data["cut"]) == 1, adjacent_cells=False)
    if not faces.n_cells:
        return
    rgb = np.asarray(pv.Color(color).float_rgb)
    actor = plotter.add_mesh(faces.extract_surface(algorithm="dataset_surface"), name=f"{sid}-cut",
                             color=rgb + CUT_FACE_TINT * (1 - rgb), pickable=False, ambient=0.3)
    # just over the tube's own cap: at -300 units the faces showed through the ligaments in front
    # of the stumps in roots, as stray pale dots (lecturer's review)
    actor.mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-1, -20)


def _show_through(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, colors: dict[str, str]) -> None:
    """The parts in `colors` drawn again over the rest of their own structure, as a plexus
    diagram shades them: the posterior divisions run a few millimetres behind the anterior ones
    and would be hidden in any view from in front. The depth offset lets them through a nerve's
    thickness, not through a muscle or a bone."""
    names = [p.name for p in PATHS[sid]]
    wanted = [i for i, n in enumerate(names) if any(n.startswith(k) for k in colors)]
    keep = np.isin(np.asarray(mesh.point_data["part"], int), wanted)
    if not keep.any():
        return
    parts = mesh.extract_points(keep, adjacent_cells=False).extract_surface(algorithm="dataset_surface")
    _through(plotter, sid, parts, next(iter(colors.values())))


# Whatever is drawn through what lies in front of it (a highlighted nerve's coloured parts, the
# gluteal nerves through the plexus) is see-through, as an atlas draws what lies behind: drawn
# solid, the gluteal nerves seemed to lie on the front of the plexus, against the caption's
# "posterior divisions" (lecturer's review). It writes no depth, so labels anchor on what is seen.
THROUGH_OPACITY = 0.6
# mm: a nerve is drawn through the highlighted nerves this close to their courses. 25, not 12 or
# 16: behind the 15 mm-wide sciatic nerve (roots) the IGN's trunk runs 12-20 mm from its
# centreline, and the drawing-through ended there in a ragged pale patch, as if the IGN entered
# the sciatic nerve and came out again (two lecturer's reviews)
SHOW_THROUGH_REACH = 25.0


def drawn_through(scene, sid: str) -> list[str]:
    """The nerves `sid` is drawn through (`show_through`): the scene's other highlighted ones."""
    style = scene.style
    if not style(sid).show_through:
        return []
    return [o for o in PATHS if o != sid and style(o).highlight and not style(o).show_through
            and style(o).visible]


def _through_nerves(built: BuiltScene, sid: str, parts: dict[str, str]) -> None:
    """`show_through`: the part of a nerve that runs behind the scene's other highlighted nerves
    (within SHOW_THROUGH_REACH of their courses) drawn through them, as a plexus diagram draws
    the gluteal nerves leaving its back. Only there: drawn through everywhere, a nerve's branches
    on the outer ilium showed through the bone."""
    others = drawn_through(built.scene, sid)
    if not others:
        return
    near = np.concatenate([centreline(o, p.name) for o in others for p in PATHS[o]])
    mesh = built.meshes[sid]
    keep = np.array([np.min(np.linalg.norm(near - p, axis=1)) < SHOW_THROUGH_REACH for p in mesh.points])
    if keep.any():
        color = built.scene.style(sid).color or CATALOG[sid].color
        mesh = painted(sid, mesh, color, parts)  # its roots stay teal through the band
        close = mesh.extract_points(keep, adjacent_cells=False).extract_surface(algorithm="dataset_surface")
        _through(built.plotter, sid, close, color)


def _through(plotter: pv.Plotter, sid: str, mesh: pv.PolyData, color: str) -> None:
    """`mesh` drawn again, see-through and pulled toward the eye by about a nerve's thickness in
    depth (in its parts' colours where it carries them)."""
    colors = dict(scalars="rgb", rgb=True) if "rgb" in mesh.point_data else dict(color=color)
    actor = plotter.add_mesh(mesh, **colors, smooth_shading=True, name=f"{sid}-through",
                             pickable=False, specular=0.3, ambient=0.3, opacity=THROUGH_OPACITY)
    actor.mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(0, SHOW_THROUGH_OFFSET)


def cut_short(built: BuiltScene) -> dict[str, pv.PolyData]:
    """Nerves and vessels cut where gluteus maximus, the muscle they end in, was removed (hidden,
    or outlined with `cut_branches`) with whatever else they end in (meshes/anatomy/removal.py)."""
    from meshes.anatomy import removal

    style = built.scene.style
    asked = style(GMAX).cut_branches
    if not (asked or (asked is None and not style(GMAX).visible)):
        return {}
    removed = frozenset(sid for sid in SOLIDS if not style(sid).visible or style(sid).outline) | {GMAX}
    meshes = {sid: removal.cut_path(sid, removed) for sid in PATHS if sid in built.meshes}
    return {sid: mesh for sid, mesh in meshes.items() if mesh is not None}


_reflected: dict[int, dict[str, pv.PolyData]] = {}  # by id of the muscle's mesh


def reflected(meshes: dict[str, pv.PolyData]) -> dict[str, pv.PolyData]:
    """Gluteus maximus cut and folded back, and the nerve and artery that enter it moved with it
    (made once per set of meshes: a batch of scenes reuses them)."""
    from meshes.anatomy import reflection

    key = id(meshes[GMAX])
    if key not in _reflected:
        out = {GMAX: reflection.reflected_muscle(meshes[GMAX])}
        out |= {sid: reflection.folded_path(sid, meshes[sid])
                for sid in reflection.FOLDED_WITH if sid in meshes}
        _reflected[key] = out
        weakref.finalize(meshes[GMAX], _reflected.pop, key, None)
    return _reflected[key]


_outlines: dict[int, pv.PolyData] = {}  # by id of the mesh, dropped when the mesh goes


def outline_of(mesh: pv.PolyData) -> pv.PolyData:
    """A smoothed, coarser copy of a solid whose silhouette is its outline alone (made once per
    mesh: a batch of scenes reuses it)."""
    key = id(mesh)
    if key not in _outlines:
        coarse = mesh.decimate(0.8) if mesh.n_cells > 5000 else mesh
        _outlines[key] = coarse.smooth_taubin(n_iter=120, pass_band=0.005)
        weakref.finalize(mesh, _outlines.pop, key, None)
    return _outlines[key]


def painted(sid: str, mesh: pv.PolyData, base: str, colors: dict[str, str]) -> pv.PolyData:
    """`mesh`, or a shallow copy of it carrying per-point "rgb" where `colors` names its parts."""
    if not colors or "part" not in mesh.point_data:
        return mesh
    mesh = mesh.copy(deep=False)
    mesh.point_data["rgb"] = part_colors(sid, mesh, base, colors)
    return mesh


def part_colors(sid: str, mesh: pv.PolyData, base: str, colors: dict[str, str]) -> np.ndarray:
    """Per-point RGB: each part in its own colour where `colors` names it, else the base."""
    names = [p.name for p in PATHS[sid]]
    table = np.array([pv.Color(next((c for prefix, c in colors.items() if n.startswith(prefix)),
                                    base)).int_rgb for n in names], np.uint8)
    return table[np.asarray(mesh.point_data["part"], int)]


def dashed(sid: str, dash: float = 5.0, gap: float = 3.0,
           lines: list[np.ndarray] | None = None) -> pv.PolyData:
    """The outline of a region as dashes (mm along it), every part of the structure (or `lines`)."""
    pieces = []
    for line in lines if lines is not None else [centreline(sid, p.name) for p in PATHS[sid]]:
        s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
        for start in np.arange(0.0, s[-1], dash + gap):
            t = np.linspace(start, min(start + dash, s[-1]), 6)
            pieces.append(pv.lines_from_points(np.stack([np.interp(t, s, line[:, k]) for k in range(3)], 1)))
    return pv.merge(pieces) if len(pieces) > 1 else pieces[0]


def own_color(sid: str, style: Style) -> str:
    """A structure's colour when the scene chooses none: an outline in slate grey (in the muscle's
    own red a reviewer read gluteus medius's outline as an artery, in ink as a leader line), the
    rest in the catalog's colour."""
    return OUTLINE if style.outline and CATALOG[sid].kind != "region" else CATALOG[sid].color


def drawn_color(sid: str, actor: pv.Actor, style: Style) -> str:
    """The colour the layers left `sid` in (a lesion's grade on an outline), apart from one the
    scene chose, so that a restyle that drops the chosen colour returns to it."""
    return own_color(sid, style) if style.color else pv.Color(actor.prop.color).hex_rgb


# actors drawn for a structure besides its own (an outline's body follows it in sync_fill)
COMPANIONS = ("silhouette", "through", "cut", "projected", "rim")


def restyle(actor: pv.Actor, sid: str, style: Style, built: BuiltScene | None = None) -> None:
    """Apply a changed style to an existing actor (no rebuild), and with `built`, to the actors
    drawn beside it (its edge, its see-through and cut parts), which would float on otherwise."""
    actor.visibility = style.visible
    outlined = sid in built.outlines if built else style.outline
    actor.prop.opacity = 1.0 if outlined else style.opacity  # a line ghosted is lost; its body ghosts
    drawn = built.drawn.get(sid) if built else None
    actor.prop.color = style.color or drawn or own_color(sid, style)
    if actor.mapper is not None and "rgb" in actor.mapper.dataset.point_data:
        actor.mapper.scalar_visibility = style.color is None  # a chosen colour wins over parts
    for name in COMPANIONS if built else ():
        if (extra := built.plotter.actors.get(f"{sid}-{name}")) is not None:
            extra.SetVisibility(style.visible and (style.opacity == 1 or name != "silhouette"))
    if built is not None:
        if (dashes := built.plotter.actors.get(f"{sid}-projected")) is not None:
            dashes.prop.color = dash_color(sid, style)  # recoloured with its nerve
        sync_fill(built, sid, style)
        _sync_projected(built)


def dash_color(sid: str, style: Style) -> str:
    """A nerve's dashed course in the nerve's colour, the scene's or the window's if it chose one."""
    return style.color or CATALOG[sid].color


def sync_fill(built: BuiltScene, sid: str, style: Style) -> None:
    """An outlined muscle's see-through body follows its line: shown while the muscle is and its
    opacity is below 1, at that opacity (the window ghosts it further), in the muscle's own colour
    under a plain grey line and in the line's colour where the line means something (a lesion's grade:
    a red body under a purple line read as a wash of the wrong muscle). Its ink rim shows while
    the line's colour has too little contrast with the background."""
    fill, line = built.plotter.actors.get(f"{sid}-fill"), built.actors.get(sid)
    if fill is None or line is None:
        return
    if (rim := built.plotter.actors.get(f"{sid}-rim")) is not None:
        background = rgb(built.scene.output.background)
        rim.prop.color = ink_for(background)
        rim.SetVisibility(style.visible and contrast(line.prop.color, background) < RIM_CONTRAST)
    fill.SetVisibility(style.visible and style.opacity < 1)
    fill.prop.opacity = min(style.opacity, 0.99)  # hidden at 1; never drawn opaque over the scene
    plain = pv.Color(line.prop.color) == pv.Color(OUTLINE)  # no colour of its own (a grade's)
    fill.prop.color = CATALOG[sid].color if plain else line.prop.color


def _sync_projected(built: BuiltScene) -> None:
    """Dashed courses show only while gluteus maximus, as drawn now, covers them whole (the
    window ghosts or hides it: the nerve itself is then in view) and their nerve is shown."""
    gm = built.actors.get(GMAX)
    covered = (gm is not None and bool(gm.GetVisibility()) and gm.GetProperty().GetOpacity() >= 0.99
               and GMAX not in built.outlines)
    for sid in built.projected:
        dashes, nerve = built.plotter.actors.get(f"{sid}-projected"), built.actors.get(sid)
        if dashes is not None:
            dashes.SetVisibility(covered and nerve is not None and bool(nerve.GetVisibility()))

LAYER = Layer("structures", draw)
