"""What the clinical layers share in 2-D: a legend box with its source, and tags on 3-D points.

A legend is a framed box in the lower or upper right (the scene's `output.legend`): a title,
coloured swatches with their meaning and a source line, sized from the picture's height (laid
out for the output size, never magnified). Its rectangle is reserved so the structure labels
keep clear of it. Tags are short texts with a leader to a point in the model (an injection
site), placed by the label layout.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData
from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor

from meshes.geometry.curves import length, resample

from ...projection import to_display
from ..base import BuiltScene
from ..draw2d import dots_2d, haloed_2d, segments_2d
from ..label_layout import SIDES, Box, layout
from ..labels import drawn_lines, frame, in_sight, path_pixels
from ..style import MARGIN, ink_for, paper_for, rgb, type_height


def legend(built: BuiltScene, title: str, rows: list[tuple[str | None, str]], source: str,
           hatched: frozenset[str] = frozenset()) -> list:
    """A framed legend in the scene's corner (`output.legend`: the lower right unless that hides
    what the slide is about): `rows` of (colour, text), then the source. A row whose colour is
    None is text alone, set flush left; a colour in `hatched` is drawn as the model draws a zone,
    lines of it over a faint wash (a solid chip named a hatched zone)."""
    renderer = built.plotter.renderer
    w, h = built.plotter.window_size
    background = rgb(built.scene.output.background)
    ink, paper = ink_for(background), paper_for(background)
    th = type_height(w, h)
    font, small = max(8, round(th / 44)), max(7, round(th / 54))  # 25 and 20 px at 1080p: read from the back
    line, swatch, pad = 1.35 * font, 0.9 * font, 0.6 * font
    texts = [_text(title, font, ink, 0, 0, bold=True)]
    texts += [_text(text, font, ink, 0, 0) for _, text in rows]
    texts.append(_text(source, small, ink, 0, 0, italic=True))
    sizes = [_size(renderer, t) for t in texts]
    widths = [s[0] + (0 if c is None else 2.1 * swatch) for (c, _), s in zip(rows, sizes[1:-1], strict=True)]
    width = max(sizes[0][0], max(widths), sizes[-1][0]) + 2 * pad
    height = 2 * pad + sizes[0][1] + 0.5 * font + line * len(rows) + sizes[-1][1]
    x1, y0 = (1 - MARGIN) * w, MARGIN * h
    if built.scene.output.legend == "upper-right":
        y0 = (1 - MARGIN) * h - height
        y0 = _below_heading(built, x1 - width, y0, height)
    x0, y1 = x1 - width, y0 + height
    out = _box(x0, y0, x1, y1, paper, ink, max(1.0, h / 720))
    y = y1 - pad
    texts[0].SetDisplayPosition(int(x0 + pad), int(y))
    y -= sizes[0][1] + 0.5 * font
    for (color, _), actor in zip(rows, texts[1:-1], strict=True):
        sx, sy = x0 + pad, y - swatch - 0.15 * font
        if color is None:  # a line of text under the swatches (a number beside its source)
            actor.SetDisplayPosition(int(sx), int(y))
            y -= line
            continue
        rect = (sx, sy, sx + 1.6 * swatch, sy + swatch)
        if color in hatched:
            fill = tuple(0.2 * np.array(rgb(color)) + 0.8 * np.array(paper))
            wash, frame = _box(*rect, fill, ink, max(1.0, h / 1080))
            width = max(2.0, h / 360)
            inner = (rect[0] + width / 2, rect[1], rect[2] - width / 2, rect[3])  # ends inside the frame
            out += [wash, segments_2d(_hatch_2d(inner, 0.28 * swatch), width, rgb(color)), frame]
        else:
            out += _box(*rect, rgb(color), ink, max(1.0, h / 1080))
        actor.SetDisplayPosition(int(sx + 2.1 * swatch), int(y))
        y -= line
    texts[-1].SetDisplayPosition(int(x0 + pad), int(y))
    built.reserved.append((x0, y0, x1, y1))
    return out + texts


def _below_heading(built: BuiltScene, x0: float, y0: float, height: float) -> float:
    """The legend's bottom edge, moved down under the title and caption where a narrow picture
    (the window beside its docks) brings the two together; kept if there is no room below."""
    if built.heading is None or x0 >= built.heading[2]:
        return y0
    lowered = built.heading[1] - 0.01 * built.plotter.window_size[1] - height
    return lowered if lowered >= MARGIN * built.plotter.window_size[1] else y0


def _hatch_2d(rect, spacing: float) -> list:
    """Parallel lines at 60 degrees across a rectangle, `spacing` apart along x, clipped to it."""
    x0, y0, x1, y1 = rect
    rise = (y1 - y0) / np.tan(np.radians(60))  # how far a line runs along x from bottom to top
    out = []
    for start in np.arange(x0 - rise + spacing / 2, x1, spacing):
        (ax, ay), (bx, by) = (start, y0), (start + rise, y1)
        if ax < x0:  # clip to the left and right sides
            ay, ax = y0 + (x0 - ax) / rise * (y1 - y0), x0
        if bx > x1:
            by, bx = y1 - (bx - x1) / rise * (y1 - y0), x1
        if bx > ax:
            out.append(((ax, ay), (bx, by)))
    return out


def _size(renderer, actor: vtkTextActor) -> tuple[float, float]:
    box = [0.0] * 4
    actor.GetBoundingBox(renderer, box)
    return box[1] - box[0], box[3] - box[2]


def tags(built: BuiltScene, items: list[tuple], covered: np.ndarray | None = None) -> list:
    """Text boxes with leaders to world points, laid out like the structure labels. An item is
    (point, text) or (point, text, side): `side` as a label's, where the box goes from its dot."""
    if not items:
        return []
    renderer = built.plotter.renderer
    w, h = renderer.GetSize()
    background = rgb(built.scene.output.background)
    ink, paper = ink_for(background), paper_for(background)
    font = max(8, round(type_height(w, h) / 44))
    pad = 0.35 * font
    xy = to_display(renderer, np.array([item[0] for item in items], float))
    shown = [not _under(built, p) for p in xy]  # a tag on a point the heading or a legend hides
    items, xy = [i for i, s in zip(items, shown, strict=True) if s], xy[np.asarray(shown, bool)]
    if not items:
        return []
    actors, boxes = [], []
    for (_, text, *side), anchor in zip(items, xy, strict=True):
        actor = _text(text, font, ink, 0, 0, bold=True)
        actor.GetTextProperty().SetVerticalJustificationToBottom()
        actor.GetTextProperty().SetBackgroundColor(*paper)
        actor.GetTextProperty().SetBackgroundOpacity(0.88)
        actor.GetTextProperty().SetFrame(True)
        actor.GetTextProperty().SetFrameColor(*ink)
        bbox = [0.0] * 4
        actor.GetBoundingBox(renderer, bbox)
        actors.append(actor)
        boxes.append(Box(np.asarray(anchor, float), bbox[1] - bbox[0] + 2 * pad, bbox[3] - bbox[2] + 2 * pad,
                         side=SIDES.get(side[0]) if side else None))
    # clear of the nerves and vessels as the labels are: the exit tag of danger-triangle, kept off
    # its ring, lay on the nerve it names
    paths = path_pixels(built).astype(np.int32)
    layout(boxes, covered if covered is not None else np.zeros((h, w), bool), MARGIN, reserved=built.reserved,
           fixed=built.placed, owners=paths, thin=frozenset({1}), lines=drawn_lines(built, (h, w)))
    built.placed += boxes  # the structure labels keep their leaders clear of these
    width = max(2.0, h / 360)
    leaders = [(tuple(b.anchor), tuple(b.leader_end(pad))) for b in boxes]
    out = [*haloed_2d(leaders, width, ink, paper, h),
           dots_2d([b.anchor for b in boxes], 1.6 * width + 1.5, paper),
           dots_2d([b.anchor for b in boxes], 1.6 * width, ink)]
    for actor, b in zip(actors, boxes, strict=True):
        actor.SetDisplayPosition(int(b.x0 + pad), int(b.y0 + pad))
        built.reserved.append((b.x0, b.y0, b.x0 + b.w, b.y0 + b.h))
        out.append(actor)
    return out


def hidden_dashes(built: BuiltScene, lines: list[np.ndarray], dash_px: tuple[float, float] = (10.0, 8.0),
                  trim_mm: float = 0.0) -> tuple[list, list]:
    """(hidden, shown): display segments of the world polylines, dashed where the opaque model
    lies in front of them (as an atlas draws an outline beneath others) and whole where they show.
    Dashes are `dash_px` on and off at 1080 rows; `trim_mm` is left off each line's ends."""
    renderer = built.plotter.renderer
    zbuffer = frame(built)[0]
    on, off = (v * zbuffer.shape[0] / 1080 for v in dash_px)
    hidden, shown = [], []
    for line in lines:
        dense = resample(line, int(length(line) * 2) + 2)  # every half millimetre
        run_mm = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(dense, axis=0), axis=1))])
        dense = dense[(run_mm >= trim_mm) & (run_mm <= run_mm[-1] - trim_mm)]
        xy = to_display(renderer, dense)
        run = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(xy, axis=0), axis=1))])
        # within 1.2 mm (just over the thickest tube drawn along such a line, the triangle's 0.9 mm
        # rim, which must not hide itself): at 2 mm the split line just under piriformis's surface
        # was taken as seen, and showed neither whole nor dashed (lecturer's review)
        seen = in_sight(renderer, dense, zbuffer, tolerance=1.2)
        dash = run % (on + off) < on
        for i in range(len(xy) - 1):
            if seen[i] and seen[i + 1]:
                shown.append((xy[i], xy[i + 1]))
            elif not (seen[i] or seen[i + 1]) and dash[i] and dash[i + 1]:
                hidden.append((xy[i], xy[i + 1]))
    return hidden, shown


def _under(built: BuiltScene, p) -> bool:
    return any(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for x0, y0, x1, y1 in built.blocked())


def _text(text: str, size: float, color, x: float, y: float, bold: bool = False,
          italic: bool = False) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontFamilyToArial()
    prop.SetFontSize(int(round(size)))
    prop.SetBold(bold)
    prop.SetItalic(italic)
    prop.SetColor(*color)
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToTop()
    actor.SetDisplayPosition(int(x), int(y))
    return actor


def _box(x0: float, y0: float, x1: float, y1: float, fill, edge, width: float) -> list:
    """A filled rectangle with a frame: two 2-D actors."""
    pts, polys = vtkPoints(), vtkCellArray()
    ids = [pts.InsertNextPoint(x, y, 0) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    polys.InsertNextCell(4, ids)
    poly = vtkPolyData()
    poly.SetPoints(pts)
    poly.SetPolys(polys)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    fill_actor = vtkActor2D()
    fill_actor.SetMapper(mapper)
    fill_actor.GetProperty().SetColor(*fill)
    frame = segments_2d([((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)),
                         ((x0, y1), (x0, y0))], width, edge)
    return [fill_actor, frame]


def bands(mesh, values: np.ndarray, edges: tuple[float, ...]) -> list:
    """The mesh cut into len(edges) + 1 pieces along a point scalar at the edges (clean cuts
    through triangles, so a band's border is a smooth line, not a staircase of facets)."""
    work = mesh.copy(deep=False)
    work.point_data["band_value"] = np.asarray(values, float)
    pieces, rest = [], work
    for edge in edges:
        below = rest.clip_scalar(scalars="band_value", value=edge, invert=True)
        rest = rest.clip_scalar(scalars="band_value", value=edge, invert=False)
        pieces.append(below)
    pieces.append(rest)
    return pieces


def replace_actor(built: BuiltScene, sid: str, pieces: list, colors: list,
                  opacity: float | None = None) -> list:
    """Draw a structure as coloured pieces instead of its one actor: one actor still, coloured per
    cell, so the whole of it is picked and labelled as the structure (as separate actors only the
    first piece was: gmax-split-zone's label dot could only land on the green zone)."""
    from ...catalog import CATALOG

    style = built.scene.style(sid)
    old = built.actors.pop(sid, None)
    if old is not None:
        built.plotter.remove_actor(old)
    parts = []
    for piece, color in zip(pieces, colors, strict=True):
        if piece.n_points:
            part = piece.copy(deep=False)
            ink = pv.Color(color or style.color or CATALOG[sid].color).int_rgb
            part.cell_data["band_rgb"] = np.tile(np.asarray(ink, np.uint8), (part.n_cells, 1))
            parts.append(part)
    if not parts:
        return []
    actor = built.plotter.add_mesh(pv.merge(parts), scalars="band_rgb", rgb=True,
                                   opacity=style.opacity if opacity is None else opacity,
                                   smooth_shading=True, specular=0.15, pickable=True, name=f"{sid}-bands")
    built.actors[sid] = actor
    return [actor]
