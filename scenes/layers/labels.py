"""Our own label layer: anchor on a visible part of the structure, box nearby, leader with a dot.

pyvista's point labels are not pickable, have no leaders and misplace text when a screenshot is
magnified, so labels are laid out here in display pixels for the actual output size, from a
first rendered frame: anchors are tested against its z-buffer (our own depth test:
vtkSelectVisiblePoints let hidden points through) and then
by a pick at the anchor pixel, so every leader ends on its own structure; boxes are placed by
`label_layout`. Each box is a hit box for clicks in the window.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import numpy as np
import pyvista as pv
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkFloatArray, vtkUnsignedCharArray
from vtkmodules.vtkRenderingCore import vtkTextActor

from meshes import PATHS, centreline
from meshes.geometry.curves import length, resample

from ..catalog import CATALOG
from ..picking import GHOST, Picker
from ..projection import to_display, to_display_depth
from .base import BuiltScene, LabelBox, Layer
from .draw2d import boxed_text, dots_2d, haloed_2d
from .label_layout import LINE_HALF_PX, SIDES, Box, layout
from .structures import drawn_through
from .style import MARGIN, ink_for, paper_for, rgb, type_height

MAX_TRIES = 60  # anchor candidates checked by picking, best first
WIDER_TRIES = 400  # when none of those is its own: this many more, spread over all of them
SOLID_TRIES = 20  # of those, how many are tried for a margin around the dot that is also their own
SOLID_REACH = (0.008, 0.003)  # that margin, of the width: about 15 px at 1920, else about 6 px
LINEAR = ("nerve", "artery", "region")  # thin things a dot beside them reads as naming
# A dot keeps this clear of every other structure, in px at 1920 wide (scaled): first the widest,
# then narrower. The lecturer read the sciatic dot as the IGN branch that slips under the sciatic
# nerve 14 px (at 1600) from it, so 8-10 px is not enough where a wider margin can be had.
CLEAR_PX = (36.0, 28.0, 22.0, 18.0, 10.0)
BROAD_TIERS = 3  # the first three also ask the structure to cover SOLID_REACH[0] each side (broad)
SPREAD = 0.03  # of the width: two end dots no closer than this (about 58 px at 1920)
ANCHORS = 3  # dots offered to the layout per label: the best, and two others as good
REST = "<rest>"  # an owners entry for what no label's part names of a structure labelled by part
RING = 24  # samples on the ring (3 px apart at 10 px: a 5 px nerve cannot slip between them)

log = logging.getLogger(__name__)


def draw(built: BuiltScene) -> list:
    labels = built.scene.labels[: built.scene.output.max_labels]
    labels = [lb for lb in labels if lb.structure in built.actors and _part_shown(lb)]
    if not labels:
        built.frame = None
        return []
    renderer = built.plotter.renderer
    lines = drawn_lines(built, renderer.GetSize()[::-1])  # before the see-through lines are hidden
    with _opaque_only(built):
        zbuffer, _ = frame(built)  # anchors are tested against this frame's z-buffer
        built.frame = None  # the next layout (camera moved) renders its own
        covered = zbuffer < 0.99999  # where the model covers the background
        w, h = renderer.GetSize()
        picker = Picker(still=True)  # nothing moves while the labels are laid out
        through = _drawn_through(built, zbuffer)
        blocked = built.blocked()
        found = []
        for label in labels:
            sid = label.structure
            ghost = built.scene.style(sid).opacity < GHOST
            wanted = _candidates(sid, built.meshes[sid], label.part, label.near)
            candidates = _anchors(renderer, wanted, zbuffer, covered if ghost else None)
            candidates = _outside(_clear_of(candidates, blocked, pad=0.01 * w), built.no_dots, pad=0.01 * w)
            found.append((label, candidates, ghost))
    # picks need the see-through structures back in place, as the viewer sees them
    items = []
    for label, candidates, ghost in found:
        tries = candidates[:MAX_TRIES // 2]  # the best, then a spread over the rest
        if len(candidates) > len(tries):
            rest = np.linspace(len(tries), len(candidates) - 1, MAX_TRIES // 2).astype(int)
            tries = np.concatenate([tries, candidates[rest]])
        # a nerve drawn through others is seen where a pick finds them (plexus-divisions: the IGN
        # shows only through the see-through band, and went unlabelled)
        seen_as = {label.structure, *drawn_through(built.scene, label.structure)}
        own = _picked(picker, renderer, built.actors, tries, candidates, seen_as, ghost)
        if own and label.structure not in PATHS:  # a nerve's dot may sit on its own dashed course
            own = list(_off_lines(np.asarray(own), lines, CLEAR_PX[2] * w / 1920))
        # apart from the dots already chosen: two labels on one structure (roots: a root and the
        # posterior divisions) took neighbouring clear spots, and each leader ran over the other dot
        # and from the dots of the tags laid out before (danger-triangle: the IGN's dot on its exit
        # sat in the ring of the tag that marks that exit)
        dots = [a[0] for _, a in items] + [b.anchor for b in built.placed]
        apart = [c for c in own if all(np.hypot(*(c - a)) > SPREAD * w for a in dots)]
        own = _off_through(apart or own, through, label.structure, label.part, THROUGH_CLEAR_PX * w / 1920)
        anchors = _good_anchors(picker, renderer, built.actors, own, label.structure, zbuffer, ghost,
                                _part_test(built.meshes[label.structure], label.structure, label.part))
        if anchors:  # a structure out of sight in this view gets no label
            items.append((label, np.asarray(anchors, float)))
        else:
            log.info("label for %s left out of '%s': no visible part of it in this view", label.structure,
                     built.scene.title or "scene")
    named = [(lb.structure, lb.part) for lb, _ in items]
    owners = _owners(built, named + _unnamed_paths(built, named), zbuffer, labelled=len(named))
    return _draw_boxes(built, items, covered, owners)


def _unnamed_paths(built: BuiltScene, named: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The opaque nerves and vessels shown without a label, and the rest of those labelled only on
    a part (REST): a box on one, or a leader across it, reads as naming it too (lateral: the
    sciatic nerve's box sat on the posterior femoral cutaneous nerve; deep-gluteal: on unlabelled
    vessels)."""
    out = []
    for sid in built.actors:
        style = built.scene.style(sid)
        if sid not in PATHS or CATALOG[sid].kind not in ("nerve", "artery") or not style.visible \
                or style.opacity < GHOST:
            continue
        parts = {part for s, part in named if s == sid}
        if not parts:
            out.append((sid, None))
        elif None not in parts:
            out.append((sid, REST))
    return out


def path_pixels(built: BuiltScene) -> np.ndarray:
    """(H, W) mask of where the opaque nerves and vessels show (a few pixels wide at least), made
    once per layout: what a box laid out by another layer should keep off."""
    if built.path_mask is None:
        with _opaque_only(built):
            zbuffer, _ = frame(built)
        built.path_mask = _owners(built, _unnamed_paths(built, []), zbuffer) > 0
    return built.path_mask


def _part_shown(label) -> bool:
    """A label on a part names it only where the anatomy drawn has it: the window may switch to a
    variant without it (the IGN's cutaneous branch), and the whole nerve is not that part."""
    return label.part is None or label.structure not in PATHS or \
        any(p.name == label.part for p in PATHS[label.structure])


def _owners(built: BuiltScene, entries: list[tuple[str, str | None]], zbuffer: np.ndarray,
            labelled: int | None = None) -> np.ndarray:
    """(H, W) map of where each (structure, part) entry shows: k + 1 for entries[k], 0 elsewhere.
    From its visible mesh points, widened by a few pixels to close the gaps between them; the
    layout makes a leader that crosses another entry pay (it reads as naming that one). A label on
    a part owns that part only: two labels on one nerve (the through variant's fibular and tibial
    parts) each own their own; part None is the whole structure, REST what no entry's part names.
    Where two show at once, the labelled nerves and vessels win, then the unlabelled ones, then
    the rest: a nerve seen through an outlined or see-through muscle is what shows there
    (lesion-ign: outlined gluteus maximus owned the posterior femoral cutaneous nerve, so the
    sciatic nerve's leader crossed that nerve at no cost)."""
    from scipy.ndimage import grey_dilation

    renderer = built.plotter.renderer
    h, w = zbuffer.shape
    labelled = len(entries) if labelled is None else labelled
    tiers = np.zeros((3, h, w), np.int16)  # labelled paths, unlabelled paths, the rest labelled
    for k, (sid, part) in enumerate(entries):
        mesh = built.meshes[sid]
        pts = np.asarray(mesh.points)[_entry_mask(mesh, sid, part, entries)]
        pts = pts[:: max(1, len(pts) // 20000)]
        xy = np.floor(to_display(renderer, pts[in_sight(renderer, pts, zbuffer)])).astype(int)
        xy = xy[(xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)]
        tier = 1 if k >= labelled else 0 if sid in PATHS else 2
        tiers[tier, xy[:, 1], xy[:, 0]] = k + 1
    gap = max(1, round(4 * w / 1920))
    out = np.zeros((h, w), np.int16)
    for tier in tiers[::-1]:  # the first tier written last, over the others
        grown = grey_dilation(tier, size=(2 * gap + 1, 2 * gap + 1))
        out = np.where(grown > 0, grown, out)
    return out


def drawn_lines(built: BuiltScene, shape: tuple[int, int]) -> np.ndarray:
    """(H, W) mask of the lines drawn over the model (`built.lines`) as they show now: a box on a
    foramen's dashed outline hides the space the slide draws (deep-gluteal: piriformis's box sat
    inside the foramen's outline, over the nerve's exit; lecturer's review). And the outlines of
    muscles drawn as outline only, where they show: one running out from under a box reads as
    its leader (deep-gluteal, superior-vs-inferior: gluteus medius's; lecturer's review). And the
    zones an overlay hatches (`no_dots`), whole: a box on the hatch hid the zone it marks, and its
    sparse lines priced it like one line crossed (danger-triangle: piriformis's; lecturer's review)."""
    from scipy.ndimage import binary_dilation

    # kept while nothing is added: an overlay may draw a line or a zone after a tag asked for it
    key = (tuple(shape), len(built.lines), len(built.no_dots))
    if built.line_mask is not None and built.line_mask_key == key:
        return built.line_mask
    renderer = built.plotter.renderer
    h, w = shape
    mask = np.zeros(shape, bool)
    for actor, polylines in built.lines:  # an overlay's lines come without an actor: drawn later
        if actor is not None and not (actor.GetVisibility() and renderer.HasViewProp(actor)):
            continue
        for line in polylines:
            xy = to_display(renderer, line)
            pts = np.floor(resample(xy, 2 + int(length(xy) / 2))).astype(int)  # every 2 px or less
            _mark(mask, pts)
    for sid in built.outlines:
        if (actor := built.actors.get(sid)) is not None and actor.GetVisibility():
            _mark(mask, _outline_shown(built, actor))
    for zone in built.no_dots:
        _fill_convex(mask, zone)
    built.line_mask = binary_dilation(mask, iterations=max(1, round(LINE_HALF_PX * w / 1920)))
    built.line_mask_key = key
    return built.line_mask


def _fill_convex(mask: np.ndarray, poly: np.ndarray) -> None:
    """Set the pixels inside a convex display polygon (its corners in either turn)."""
    h, w = mask.shape
    x0, y0 = np.clip(np.floor(poly.min(axis=0)).astype(int), 0, [w, h])
    x1, y1 = np.clip(np.ceil(poly.max(axis=0)).astype(int) + 1, 0, [w, h])
    yy, xx = np.mgrid[y0:y1, x0:x1]
    pixels = np.stack([xx.ravel(), yy.ravel()], axis=1).astype(float)
    mask[y0:y1, x0:x1] |= _in_convex(pixels, poly, closed=True).reshape(yy.shape)


def _mark(mask: np.ndarray, pts: np.ndarray) -> None:
    h, w = mask.shape
    pts = pts[(pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)]
    mask[pts[:, 1], pts[:, 0]] = True


def _outline_shown(built: BuiltScene, actor) -> np.ndarray:
    """Display pixels of an outline's edges where the frame shows the line: its unlit colour there
    (drawn pulled toward the eye, the line fails a depth test against its own points)."""
    xy = np.floor(to_display(built.plotter.renderer, _silhouette_points(actor))).astype(int)
    rgb = frame(built)[1]
    h, w = rgb.shape[:2]
    xy = xy[(xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)]
    color, drawn = pv.Color(actor.prop.color).int_rgb, np.zeros(len(xy), bool)
    for dx, dy in ((0, 0), (2, 0), (-2, 0), (0, 2), (0, -2)):  # a point may fall on the line's edge
        px = np.clip(xy + (dx, dy), 0, [w - 1, h - 1])
        # within 24: seen through its own see-through body (at 0.2), ink shows as (40, 27, 27)
        drawn |= np.abs(rgb[px[:, 1], px[:, 0]].astype(int) - color).max(axis=1) <= 24
    return xy[drawn]


def _silhouette_points(actor, step: float = 1.0) -> np.ndarray:
    """World points along a silhouette actor's edges as the camera sees them now, `step` mm apart
    or closer (its filter follows the camera)."""
    algorithm = actor.GetMapper().GetInputAlgorithm()
    algorithm.Update()
    edges = pv.wrap(algorithm.GetOutput())
    if edges.n_lines == 0:
        return np.empty((0, 3))
    ends = np.asarray(edges.points)[edges.lines.reshape(-1, 3)[:, 1:]]  # (n, 2, 3): two-point lines
    n = max(2, int(np.ceil(np.linalg.norm(ends[:, 1] - ends[:, 0], axis=1).max() / step)) + 1)
    t = np.linspace(0.0, 1.0, n)[None, :, None]
    return (ends[:, :1] * (1 - t) + ends[:, 1:] * t).reshape(-1, 3)


def _entry_mask(mesh: pv.PolyData, sid: str, part: str | None, entries) -> np.ndarray:
    """Mask of the mesh points an owners entry covers."""
    if part != REST:
        on = _on_part(mesh, sid, part)
        return np.ones(mesh.n_points, bool) if on is None else on
    rest = np.ones(mesh.n_points, bool)
    for s, p in entries:
        if s == sid and p not in (None, REST) and (on := _on_part(mesh, sid, p)) is not None:
            rest &= ~on
    return rest


def _draw_boxes(built: BuiltScene, items, covered: np.ndarray, owners: np.ndarray) -> list:
    renderer = built.plotter.renderer
    w, h = renderer.GetSize()
    background = rgb(built.scene.output.background)
    ink, paper = ink_for(background), paper_for(background)
    font_px = max(12, round(type_height(w, h) / 36))  # 30 px at 1080p: read from the back row
    pad = 0.35 * font_px
    texts, boxes = [], []
    for k, (label, anchors) in enumerate(items):
        text = label.text or CATALOG[label.structure].name
        actor = _text_actor(text, font_px, ink, paper)
        bbox = [0.0] * 4
        actor.GetBoundingBox(renderer, bbox)
        texts.append((label.structure, text, actor))
        boxes.append(Box(anchors[0], bbox[1] - bbox[0] + 2 * pad, bbox[3] - bbox[2] + 2 * pad,
                         key=f"{label.structure}:{label.part or ''}:{text}", owner=k + 1,
                         anchors=tuple(anchors), side=SIDES.get(label.side)))
    # nerves and vessels: the labelled ones, and the unnamed ones numbered after them in `owners`
    thin = frozenset(k + 1 for k, (lb, _) in enumerate(items) if lb.structure in PATHS)
    thin |= frozenset(range(len(items) + 1, int(owners.max()) + 1))
    layout(boxes, covered, MARGIN, reserved=built.reserved, previous=built.label_places, fixed=built.placed,
           owners=owners, thin=thin, lines=drawn_lines(built, covered.shape))
    built.label_places = {b.key: b.choice for b in boxes if b.choice is not None}  # for the next frame
    line = max(2.0, h / 360)  # 3 px at 1080p
    leaders = [(tuple(b.anchor), tuple(b.leader_end(pad))) for b in boxes]
    out = [*haloed_2d(leaders, line, ink, paper, h),  # a halo against the background
           dots_2d([b.anchor for b in boxes], 1.6 * line + 1.5, paper),
           dots_2d([b.anchor for b in boxes], 1.6 * line, ink)]
    built.labels = []
    for (sid, text, actor), b, (label, _) in zip(texts, boxes, items, strict=True):
        actor.SetDisplayPosition(int(b.x0 + pad), int(b.y0 + pad))
        out.append(actor)
        built.labels.append(LabelBox(sid, text, b.x0, b.y0, b.x0 + b.w, b.y0 + b.h,
                                     (float(b.anchor[0]), float(b.anchor[1])), pad, label.part))
    return out


def _candidates(sid: str, mesh: pv.PolyData, part: str | None = None, near=None) -> list[np.ndarray]:
    """World points a label may point at, best first: the part it names, or a nerve's trunk, then
    all its parts; a sample of a solid's surface, or the part of it nearest `near`. (Tube points
    are tagged by part.)"""
    if CATALOG[sid].kind == "region":  # drawn as its outline: point at the line itself
        return [np.concatenate([centreline(sid, p.name) for p in PATHS[sid]])]
    pts = np.asarray(mesh.points)
    if "Normals" in mesh.point_data:  # half a millimetre inside: the ray at that pixel hits it
        pts = pts - 0.5 * np.asarray(mesh.point_data["Normals"])
    if near is not None:
        return [_nearest(pts, near)]
    sample = pts[:: max(1, len(pts) // 800)]
    on = _on_part(mesh, sid, part or "trunk")
    if on is None:
        return [sample]
    own = pts[on]
    return [own[:: max(1, len(own) // 400)]] + ([] if part else [sample])


NEAR_SHARE = 0.08  # of a solid's points, nearest the label's `near` point: one flap of a divided muscle


def _nearest(pts: np.ndarray, near) -> np.ndarray:
    """The share of `pts` nearest a point reference, nearest first (thinned to about 400)."""
    from meshes.measure import parse_point

    order = np.argsort(np.linalg.norm(pts - parse_point(near).xyz, axis=1))
    order = order[: max(1, int(NEAR_SHARE * len(pts)))]
    return pts[order[:: max(1, len(order) // 400)]]


def _on_part(mesh: pv.PolyData, sid: str, part: str | None) -> np.ndarray | None:
    """Mask of the mesh's points on one named part of a nerve or vessel (tube points are tagged
    by part); None for a whole structure, or a part it does not have."""
    if part is None or sid not in PATHS or "part" not in mesh.point_data:
        return None
    names = [p.name for p in PATHS[sid]]
    return np.asarray(mesh.point_data["part"]) == names.index(part) if part in names else None


def in_sight(renderer, pts: np.ndarray, zbuffer: np.ndarray, tolerance: float = 2.0) -> np.ndarray:
    """Mask of points not hidden behind anything opaque in the frame whose z-buffer is given:
    a point counts as visible if nothing lies more than `tolerance` mm in front of it."""
    h, w = zbuffer.shape
    here = to_display_depth(renderer, pts)
    eye = np.array(renderer.GetActiveCamera().GetPosition())
    toward = (eye - pts) / np.linalg.norm(eye - pts, axis=1, keepdims=True)
    nearer = to_display_depth(renderer, pts + tolerance * toward)[:, 2]
    px = np.floor(here[:, :2]).astype(int)
    inside = (px[:, 0] >= 0) & (px[:, 0] < w) & (px[:, 1] >= 0) & (px[:, 1] < h)
    px = np.clip(px, 0, [w - 1, h - 1])
    return inside & (zbuffer[px[:, 1], px[:, 0]] >= nearer - 1e-7)


def _zbuffer(renderer) -> np.ndarray:
    """(H, W) depths of the last frame, origin bottom-left (1 where nothing was drawn)."""
    win = renderer.GetRenderWindow()
    w, h = renderer.GetSize()
    z = vtkFloatArray()
    win.GetZbufferData(0, 0, w - 1, h - 1, z)
    return vtk_to_numpy(z).reshape(h, w)


def _anchors(renderer, groups: list[np.ndarray], zbuffer: np.ndarray,
             ghost_over: np.ndarray | None) -> np.ndarray:
    """Display points a leader may end on, best first: the visible points of each group in turn
    (a nerve's trunk, then the rest of it), each group's from the middle of where it shows out; a
    see-through structure where nothing opaque lies behind it; hidden points last, so a
    structure out of sight still gets a point where it lies."""
    h, w = zbuffer.shape
    visible, hidden = [], []
    for pts in groups:
        xy = to_display(renderer, pts)
        inside = ((xy[:, 0] > MARGIN * w) & (xy[:, 0] < (1 - MARGIN) * w)
                  & (xy[:, 1] > MARGIN * h) & (xy[:, 1] < (1 - MARGIN) * h))
        seen = inside & in_sight(renderer, pts, zbuffer)
        visible.append(_central(xy[seen], w, h, ghost_over))
        hidden.append(xy[inside & ~seen])
    ordered = [c for c in visible if len(c)] + [c for c in hidden if len(c)]
    return np.concatenate(ordered) if ordered else np.empty((0, 2))


def frame(built: BuiltScene) -> tuple[np.ndarray, np.ndarray]:
    """(z-buffer, RGB) of a frame of the opaque structures, rendered once per layout and shared
    by the overlay layers that need it (the captions' key line, the labels' anchors)."""
    if built.frame is None:
        with _opaque_only(built):
            renderer = built.plotter.renderer
            built.plotter.render_window.Render()
            w, h = renderer.GetSize()
            pixels = vtkUnsignedCharArray()
            renderer.GetRenderWindow().GetPixelData(0, 0, w - 1, h - 1, 0, pixels, 0)
            built.frame = (_zbuffer(renderer), vtk_to_numpy(pixels).reshape(h, w, -1)[..., :3].copy())
    return built.frame


def drawn(built: BuiltScene, sid: str, share: float = 0.05) -> bool:
    """Does a region's dashed outline show (its colour at enough of its projected points)?
    Pixels, not depths: the outline is drawn over the edge it runs along."""
    renderer = built.plotter.renderer
    pts = np.concatenate([centreline(sid, p.name) for p in PATHS[sid]])
    w, h = renderer.GetSize()
    xy = np.floor(to_display(renderer, pts)).astype(int)
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)
    if not inside.any():
        return False
    img = frame(built)[1].astype(float)
    target = np.array(pv.Color(CATALOG[sid].color).int_rgb, float)
    near = np.zeros(len(xy), bool)
    for dx, dy in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):  # a dash is a few pixels wide
        px = np.clip(xy + (dx, dy), 0, [w - 1, h - 1])
        near |= np.linalg.norm(img[px[:, 1], px[:, 0]] - target, axis=1) < 40
    return bool((near & inside).mean() >= share)


def _part_test(mesh: pv.PolyData, sid: str, part: str | None):
    """For a label naming one part of a structure (roots: "S3" of the sacral plexus), a test of
    whether a world point lies on that part; None for a whole structure. Round such a dot the
    other parts count as other structures: a dot where the rami meet names none of them."""
    on = _on_part(mesh, sid, part)
    if on is None:
        return None
    from scipy.spatial import cKDTree

    tree = cKDTree(np.asarray(mesh.points))
    return lambda xyz: bool(on[tree.query(xyz)[1]])


def _good_anchors(picker: Picker, renderer, actors, own: list, sid: str, zbuffer: np.ndarray,
                  ghost: bool, on_part=None) -> list:
    """Dots for the label, best first: well inside its structure and clear of every other, not on
    an edge or a crossing where a neighbour seems to own it (issue 10: the sciatic dot where an
    IGN branch slips under it, obturator internus's dot against the posterior femoral cutaneous
    nerve). First where it shows broad with the widest margin clear of others, then narrower
    margins, then (the old rule) anywhere its own structure covers a small margin round the dot.
    Up to ANCHORS dots of the first tier that has one, SPREAD apart: the layout may take a later
    one when the best one's leader must cross a nerve (posterior: the posterior femoral cutaneous
    nerve's leader crossed the sciatic band)."""
    if not own:
        return []
    w = zbuffer.shape[1]
    broad: dict[int, bool] = {}
    for k, px in enumerate(CLEAR_PX):
        found = []
        for i, c in enumerate(own):
            if k < BROAD_TIERS:
                if i not in broad:
                    broad[i] = _solid(picker, renderer, actors, c, sid, SOLID_REACH[0] * w)
                if not broad[i]:
                    continue
            if all(np.hypot(*(c - f)) > SPREAD * w for f in found) and \
                    _clear(picker, renderer, actors, c, sid, px * w / 1920, zbuffer, ghost, on_part):
                found.append(c)
                if len(found) == ANCHORS:
                    break
        if found:
            return found
    return [next((c for reach in SOLID_REACH for c in own[:SOLID_TRIES]
                  if _solid(picker, renderer, actors, c, sid, reach * w)), own[0])]


def _clear(picker: Picker, renderer, actors, point, sid: str, radius: float, zbuffer: np.ndarray,
           ghost: bool, on_part=None) -> bool:
    """Is every pixel on two rings round the dot (radius and half of it) its own structure, the
    background, or a broad structure that cannot be mistaken for it? Another nerve, vessel or
    outline there makes the dot read as naming that instead; so does, within the inner ring round
    a broad structure's dot, another broad one lying in front (the dot is on the edge where that
    one covers it; a narrow tendon between bones has no room for more). A nerve's dot may have
    muscle or bone round it: the dot plainly sits on the nerve."""
    h, w = zbuffer.shape
    x, y = point
    linear = CATALOG[sid].kind in LINEAR
    here = -np.inf if ghost or linear else zbuffer[int(np.clip(y, 0, h - 1)), int(np.clip(x, 0, w - 1))]
    for r, n in ((radius / 2, RING // 2), (radius, RING)):
        for a in np.linspace(0, 2 * np.pi, n, endpoint=False):
            px, py = x + r * np.cos(a), y + r * np.sin(a)
            if not (0 <= px < w and 0 <= py < h):
                continue
            hit = picker.pick(renderer, actors, px, py)
            if hit == sid and on_part is not None and not on_part(picker.position()):
                return False  # another part of it (another ramus): reads as naming that one
            if hit in ("", sid):
                continue
            if CATALOG[hit].kind in LINEAR or (r < radius and zbuffer[int(py), int(px)] <= here):
                return False
    return True


def _solid(picker: Picker, renderer, actors, point, sid: str, reach: float) -> bool:
    """Is the structure also what lies `reach` pixels to each side of the point?"""
    return all(picker.pick(renderer, actors, point[0] + dx, point[1] + dy) == sid
               for dx, dy in ((reach, 0), (-reach, 0), (0, reach), (0, -reach)))


THROUGH_CLEAR_PX = 12.0  # at 1920 wide: a dot this near a part drawn through another reads as on it
THROUGH_DEPTH = 6.0  # mm: how far behind the front surface a drawn-through part still shows


def _drawn_through(built: BuiltScene, zbuffer: np.ndarray) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(structure, part index per point, display xy) of what is drawn through what lies in front
    (structures.py's `-through` actors: the plexus's posterior divisions, the gluteal nerves behind
    it). They write no depth and are not picked, so the anchor tests do not see them, yet a dot on
    one reads as naming it (roots: the lumbosacral trunk's dot on the teal division that leaves it)."""
    renderer, out = built.plotter.renderer, []
    for name, actor in built.plotter.actors.items():
        if not name.endswith("-through") or not actor.GetVisibility():
            continue
        mesh = actor.mapper.dataset
        pts = np.asarray(mesh.points)
        shown = in_sight(renderer, pts, zbuffer, tolerance=THROUGH_DEPTH)
        out.append((name.removesuffix("-through"), np.asarray(mesh.point_data["part"])[shown],
                    to_display(renderer, pts[shown])))
    return out


def _foreign(through, sid: str, part: str | None) -> list[np.ndarray]:
    """Display points of what is drawn through and is not the labelled structure (or, for a label
    on a part, not that part)."""
    names = [p.name for p in PATHS.get(sid, ())]
    own = names.index(part) if part in names else None
    out = []
    for owner, parts, xy in through:
        if owner == sid:
            xy = xy[parts != own] if own is not None else xy[:0]
        if len(xy):
            out.append(xy)
    return out


def _off_through(candidates: list, through, sid: str, part: str | None, radius: float) -> list:
    """The candidates clear of what another structure (or another part of this one) draws
    through; if none is, the farthest from it (roots: every clear spot on S1 lay under the
    caption, and its dot took the middle of the teal division in front of the ramus)."""
    foreign = _foreign(through, sid, part)
    if not foreign or not len(candidates):
        return candidates
    from scipy.spatial import cKDTree

    gap = cKDTree(np.concatenate(foreign)).query(np.asarray(candidates))[0]
    keep = gap >= radius if (gap >= radius).any() else gap >= 0.75 * gap.max()
    return [c for c, k in zip(candidates, keep, strict=True) if k]


def _outside(candidates: np.ndarray, polygons, pad: float) -> np.ndarray:
    """The candidates outside every convex polygon given (display pixels), and `pad` from it (a
    dot on the zone's edge line reads as naming the line); all of them if none is (as _clear_of:
    a dot in the zone beats no label)."""
    keep = np.ones(len(candidates), bool)
    for poly in polygons:
        edges = np.roll(poly, -1, axis=0) - poly
        rel = candidates[:, None, :] - poly[None]  # (candidate, edge, xy)
        inside = _in_convex(candidates, poly)
        t = np.clip((rel * edges[None]).sum(-1) / np.maximum((edges ** 2).sum(-1), 1e-9)[None], 0, 1)
        near = np.linalg.norm(rel - t[..., None] * edges[None], axis=-1).min(axis=1) < pad
        keep &= ~(inside | near)
    return candidates[keep] if keep.any() else candidates


def _in_convex(pts: np.ndarray, poly: np.ndarray, closed: bool = False) -> np.ndarray:
    """Which display points lie inside a convex polygon (its corners in either turn); `closed`
    counts its edges in."""
    edges = np.roll(poly, -1, axis=0) - poly
    rel = pts[:, None, :] - poly[None]  # (point, edge, xy)
    side = edges[None, :, 0] * rel[..., 1] - edges[None, :, 1] * rel[..., 0]
    if closed:
        return (side >= 0).all(axis=1) | (side <= 0).all(axis=1)
    return (side > 0).all(axis=1) | (side < 0).all(axis=1)


def _clear_of(candidates: np.ndarray, rects, pad: float) -> np.ndarray:
    """The candidates not under (or just beside) a box already drawn: a title, legend or tag
    would hide the dot; if every one is under a box, all of them (a hidden end beats none)."""
    keep = np.ones(len(candidates), bool)
    for x0, y0, x1, y1 in rects:
        keep &= ~((candidates[:, 0] > x0 - pad) & (candidates[:, 0] < x1 + pad)
                  & (candidates[:, 1] > y0 - pad) & (candidates[:, 1] < y1 + pad))
    return candidates[keep] if keep.any() else candidates


def _picked(picker: Picker, renderer, actors, tries, candidates, seen_as: set, ghost: bool) -> list:
    """The tries a pick finds as the structure (or what it is drawn through); if none, a wider
    spread of the candidates: an outline is picked only along its line (lesion-l5's gluteus
    maximus had 3 of 60, then none when the title's box moved). A see-through structure over bone
    or muscle wherever a pick reaches it takes the points where it is the see-through one in
    front, from the middle out (sgn-safe-zone's gluteus medius went unlabelled): a label, if not
    a click."""
    own = [c for c in tries if picker.pick(renderer, actors, *c) in seen_as]
    if not own:
        wider = candidates[:: max(1, len(candidates) // WIDER_TRIES)]
        own = [c for c in wider if picker.pick(renderer, actors, *c) in seen_as]
    if own or not ghost:
        return own
    spread = candidates[np.linspace(0, len(candidates) - 1, min(MAX_TRIES, len(candidates)), dtype=int)]
    front = [c for c in spread if picker.pick(renderer, actors, *c, see_through=True) in seen_as]
    mid = np.median(front, axis=0) if front else None
    return sorted(front, key=lambda c: float(np.hypot(*(c - mid))))


def _off_lines(candidates: np.ndarray, lines: np.ndarray, px: float) -> np.ndarray:
    """The candidates more than `px` from a line drawn over the model first, then the rest: a dot
    on a zone's rim or a split reads as naming the line (gmax-split-zone: gluteus maximus's dot
    sat on the 5 cm circle)."""
    from scipy.ndimage import distance_transform_edt

    if not len(candidates) or not lines.any():
        return candidates
    far = distance_transform_edt(~lines) > px
    h, w = lines.shape
    xy = np.clip(np.floor(candidates).astype(int), 0, [w - 1, h - 1])
    keep = far[xy[:, 1], xy[:, 0]]
    return np.concatenate([candidates[keep], candidates[~keep]])


def _central(cand: np.ndarray, w, h, ghost_over: np.ndarray | None) -> np.ndarray:
    """Candidates sorted from the middle of where they show outward."""
    if not len(cand):
        return cand
    if ghost_over is not None:  # see-through: prefer where nothing opaque shows through it
        px = np.clip(cand.astype(int), 0, [w - 1, h - 1])
        clear = ~ghost_over[px[:, 1], px[:, 0]]
        cand = cand[clear] if clear.sum() >= 3 else cand
    centre = np.median(cand, axis=0)
    if ghost_over is not None:  # a see-through structure's middle overlies others: its outer part
        away = centre - np.array([w / 2, h / 2])
        away = away / (np.linalg.norm(away) or 1.0)
        reach = np.percentile((cand - centre) @ away, 85)
        centre = centre + 0.8 * reach * away
    # rounded and stable: with an even count the median lies midway between two candidates, and a
    # camera restored from a pose (a tour's still) moved them by 1e-13 px, which flipped their order
    return cand[np.argsort(np.round(np.linalg.norm(cand - centre, axis=1), 6), kind="stable")]


def _text_actor(text: str, font_px: int, ink, paper) -> vtkTextActor:
    return boxed_text(text, font_px, ink, paper, frame=ink, frame_px=max(1, font_px // 18), opacity=0.88)


@contextmanager
def _opaque_only(built: BuiltScene):
    """Draw only opaque actors without depth peeling: the z-buffer is the same (see-through
    surfaces do not write depth) and the frame costs far less on a software renderer."""
    ghosts = [a for a in built.actors.values() if a.visibility and a.prop.opacity < 1]
    renderer = built.plotter.renderer
    peeling = renderer.GetUseDepthPeeling()
    for a in ghosts:
        a.visibility = False
    renderer.SetUseDepthPeeling(False)
    try:
        yield
    finally:
        for a in ghosts:
            a.visibility = True
        renderer.SetUseDepthPeeling(peeling)


LAYER = Layer("labels", draw, shown=lambda scene: scene.output.labels, overlay=True)
