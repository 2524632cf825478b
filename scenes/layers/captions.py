"""The captions layer: the scene's title and caption, set like an atlas plate's heading.

Top left inside the 5 % margin: the title in semibold, the caption wrapped below it, in a colour
that contrasts with the background; under them, key lines for the dashed outlines (the
foramina) and the ink outlines (removed muscles) on screen. Sizes scale with the picture's
height (laid out for the output size, never magnified).
"""

from __future__ import annotations

import textwrap

import pyvista as pv
from vtkmodules.vtkRenderingCore import vtkTextActor

from ..catalog import CATALOG
from ..palette import OUTLINE
from .base import BuiltScene, Layer
from .style import MARGIN, contrast, ink_for, luminance, paper_for, rgb, type_height


def draw(built: BuiltScene) -> list:
    scene = built.scene
    w, h = built.plotter.window_size
    ink = ink_for(rgb(scene.output.background))
    x, y = MARGIN * w, (1 - MARGIN) * h
    actors, first = [], len(built.reserved)
    th = type_height(w, h)
    for text, size, bold in ((scene.title, th / 30, True), (scene.caption, th / 42, False)):
        if text:
            actor, y = _line(built, text, size, bold, ink, (x, y))
            actors.append(actor)
    for key in (region_key, projected_key, outline_key):  # each a line's actors and the height below, or None
        if line := key(built, (x, y)):
            drawn, y = line
            actors.extend(drawn)
    if mine := built.reserved[first:]:  # and the block as a whole, for the labels' dots: one in
        # the notch beside a short title had its leader cross the caption (plexus-divisions: the
        # lumbosacral trunk's). Boxes may still sit there, clear of each line's own rectangle
        built.heading = tuple(f(r[k] for r in mine) for k, f in enumerate((min, min, max, max)))
    return actors


def _line(built: BuiltScene, text: str, size: float, bold: bool, color, at) -> tuple[vtkTextActor, float]:
    """A wrapped text block with its top left at `at`, reserved for the label layout; returns it
    and the height where the next block starts."""
    w, h = built.plotter.window_size
    x, y = at
    per_line = max(20, int(0.55 * w / (0.52 * size)))  # keep clear of the right-hand labels
    wrapped = "\n".join(textwrap.wrap(text, per_line))
    actor = _text(wrapped, round(size), bold, color, paper_for(rgb(built.scene.output.background)))
    actor.SetDisplayPosition(int(x), int(y))
    box = [0.0] * 4
    actor.GetBoundingBox(built.plotter.renderer, box)
    # the box is relative to the actor's position; labels keep clear of it
    built.reserved.append((x + box[0], y + box[2], x + box[1], y + box[3]))
    return actor, y - (box[3] - box[2]) - 0.4 * size


def region_key(built: BuiltScene, at: tuple[float, float]) -> tuple[list[vtkTextActor], float] | None:
    """A line under the caption that says what the dashed outlines on screen are (the foramina:
    spaces, drawn as outlines), in their colour where it reads on the background. It names every
    outline that shows, labelled or not: naming only the unlabelled one read as if the other
    dashed line were something else (issue 10, foramen). Drawn before the tags and labels, so
    they keep clear of it."""
    from .labels import drawn  # the labels' frame of the opaque structures, rendered once

    shown = [sid for sid, a in built.actors.items() if CATALOG[sid].kind == "region" and a.GetVisibility()]
    shown = [sid for sid in shown if drawn(built, sid)]
    if not shown:
        return None
    names = _names(shown)
    if len(names) == 2 and all(n.endswith(" sciatic foramen") for n in names):
        first, second = names[0].removesuffix(" sciatic foramen"), names[1].removesuffix(" foramen")
        names = [f"{first} and {second} foramina"]  # "greater and lesser sciatic foramina"
    color = rgb(CATALOG[shown[0]].color)
    background = rgb(built.scene.output.background)
    legible = abs(luminance(color) - luminance(background)) > 0.4
    plural = "s" if len(shown) > 1 else ""
    text = f"- - -  Dashed outline{plural}: {' and '.join(names)}"
    actor, y = _key(built, text, color if legible else ink_for(background), at)
    return [actor], y


COVER = "gluteus_maximus_right"  # what a projected course is dashed over


def projected_key(built: BuiltScene, at: tuple[float, float]) -> tuple[list[vtkTextActor], float] | None:
    """A line that says what the dashes in a nerve's colour are: its course under the muscle."""
    dashes = built.plotter.actors
    shown = [sid for sid in CATALOG if sid in built.projected
             and (a := dashes.get(f"{sid}-projected")) is not None and a.GetVisibility()]
    if not shown:
        return None
    names = " and ".join(_names(shown))
    # the sample as it shows on the model, the nerve's dashes on the muscle's red (a reviewer read
    # black key dashes against the yellow ones on the muscle), the words in ink
    size = type_height(*built.plotter.window_size) / 42
    chip = _text(" - - - ", round(size), True, rgb(CATALOG[shown[0]].color), rgb(CATALOG[COVER].color))
    chip.GetTextProperty().SetBackgroundOpacity(1.0)
    chip.SetDisplayPosition(int(at[0]), int(at[1]))
    box = [0.0] * 4
    chip.GetBoundingBox(built.plotter.renderer, box)
    built.reserved.append((at[0] + box[0], at[1] + box[2], at[0] + box[1], at[1] + box[3]))
    ink = ink_for(rgb(built.scene.output.background))
    words, y = _key(built, f"Dashed: the course of the {names} under gluteus maximus", ink,
                    (at[0] + box[1] - box[0] + 0.4 * size, at[1]))
    return [chip, words], y


def outline_key(built: BuiltScene, at: tuple[float, float]) -> tuple[list[vtkTextActor], float] | None:
    """A line that names the muscles drawn as grey outlines (their place kept, what lies under them
    seen): unnamed, a reviewer read such an outline as "unexplained wires". Outlines in a colour
    of their own (a lesion's weakness grade) are keyed by their layer's legend instead."""
    grey = pv.Color(OUTLINE)
    shown = [sid for sid in CATALOG if sid in built.outlines and built.actors[sid].GetVisibility()
             and pv.Color(built.actors[sid].prop.color) == grey]
    if not shown:
        return None
    actors = built.plotter.actors
    filled = [sid for sid in shown  # outlined and see-through: its body shows
              if (body := actors.get(f"{sid}-fill")) is not None and body.GetVisibility()]
    bare = [sid for sid in shown if sid not in filled]
    plural = "s" if len(bare) > 1 else ""
    said = ([f"Drawn as outline{plural} only: {', '.join(_names(bare))}"] if bare else []) + \
        ([f"Outlined and see-through: {', '.join(_names(filled))}"] if filled else [])
    text = "\u2014\u2014  " + "; ".join(said)
    background = rgb(built.scene.output.background)  # in the outlines' grey where it reads
    color = grey.float_rgb if contrast(OUTLINE, background) >= 4.5 else ink_for(background)
    actor, y = _key(built, text, color, at)
    return [actor], y


def _names(sids: list[str]) -> list[str]:
    """Structure names as they read inside a sentence ("greater sciatic foramen")."""
    return [CATALOG[s].name[0].lower() + CATALOG[s].name[1:] for s in sids]


def _key(built: BuiltScene, text: str, color, at) -> tuple[vtkTextActor, float]:
    """A key line under the caption: bold, a little smaller than the caption's text."""
    return _line(built, text, type_height(*built.plotter.window_size) / 42, True, color, at)


def _text(text: str, size: int, bold: bool, color, paper) -> vtkTextActor:
    actor = vtkTextActor()
    actor.SetInput(text)
    prop = actor.GetTextProperty()
    prop.SetFontFamilyToArial()
    prop.SetFontSize(size)
    prop.SetBold(bold)
    prop.SetColor(*color)
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToTop()
    prop.SetLineSpacing(1.1)
    prop.SetBackgroundColor(*paper)  # legible where the model runs under the heading
    prop.SetBackgroundOpacity(0.9)  # the model shows through a little, the words stay crisp
    return actor


LAYER = Layer("captions", draw, shown=lambda scene: scene.output.captions, overlay=True)
