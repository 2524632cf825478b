"""Which structure is under a screen point: a ray cast on the CPU (no extra frame on llvmpipe).

Opaque structures are picked first; see-through ones only where nothing opaque lies on the ray,
so a click passes through a ghosted muscle to the nerve behind it. Shared by the window's view
and the label layer (which checks that each leader ends on its own structure).
"""

from __future__ import annotations

from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator
from vtkmodules.vtkRenderingCore import vtkCellPicker

GHOST = 0.6  # opacity below which a structure is see-through for picking
_LOCATORS: dict[int, tuple[object, int, vtkStaticCellLocator]] = {}  # by dataset: (it, mtime, locator)


class Picker:
    """`still`: the scene holds still between picks (the label layer's pass, hundreds of picks on
    one frame), so the pick lists and locators are set up once, on the first pick."""

    def __init__(self, still: bool = False) -> None:
        self._still = still
        self._prepared: tuple[dict, dict] | None = None
        self._last: vtkCellPicker | None = None

    def pick(self, renderer, actors: dict, x: float, y: float, see_through: bool = False) -> str:
        """Structure id at display point (x, y), origin bottom-left, or "". Outlines (lines, such
        as a foramen's) win within the picker's tolerance: a click on a thin dashed line means it.
        `see_through`: the see-through structures alone, as if nothing opaque lay behind them."""
        if self._prepared is None or self._prepared[0] is not actors or not self._still:
            self._prepared = (actors, _prepare(actors))
        kinds = ("ghosts",) if see_through else ("lines", "opaque", "ghosts")
        for picker, group in (self._prepared[1][k] for k in kinds if k in self._prepared[1]):
            if picker.Pick(x, y, 0, renderer):
                hit = picker.GetActor()
                sid = next((s for s, a in group.items() if a is hit), "")
                if sid:
                    self._last = picker
                    return sid
        return ""

    def position(self) -> tuple[float, float, float]:
        """World point of the last pick that hit something."""
        return tuple(self._last.GetPickPosition()) if self._last is not None else (0.0, 0.0, 0.0)


def _prepare(actors: dict) -> dict[str, tuple[vtkCellPicker, dict]]:
    """A picker per group, tried in turn: lines, then opaque structures, then see-through ones."""
    shown = {sid: a for sid, a in actors.items() if a.GetVisibility()}
    lines = {sid: a for sid, a in shown.items() if _is_line(a)}
    opaque = {sid: a for sid, a in shown.items()
              if sid not in lines and a.GetProperty().GetOpacity() >= GHOST}
    ghosts = {sid: a for sid, a in shown.items() if sid not in lines and sid not in opaque}
    out = {}
    for kind, group in (("lines", lines), ("opaque", opaque), ("ghosts", ghosts)):
        if not group:
            continue
        picker = vtkCellPicker()
        picker.SetTolerance(0.002)  # of the window diagonal: thin nerves stay clickable
        picker.PickFromListOn()
        for actor in group.values():
            picker.AddPickList(actor)
            if (locator := _locator(actor)) is not None:
                picker.AddLocator(locator)
        out[kind] = (picker, group)
    return out


def _is_line(actor) -> bool:
    data = actor.GetMapper().GetInput() if actor.GetMapper() else None
    return data is not None and data.GetNumberOfPolys() == 0 and data.GetNumberOfLines() > 0


def _locator(actor) -> vtkStaticCellLocator | None:
    """A cell locator for the actor's surface, built once per mesh: without one every pick tests
    every triangle of every listed actor (about 30 ms a pick on llvmpipe machines; the labels of a
    turning view need hundreds of picks per frame), with one a pick takes well under a millisecond."""
    data = actor.GetMapper().GetInput() if actor.GetMapper() is not None else None
    if data is None or not data.GetNumberOfPolys():
        return None
    known = _LOCATORS.get(id(data))
    if known is not None and known[0] is data and known[1] == data.GetMTime():
        return known[2]
    if len(_LOCATORS) > 256:  # meshes of closed scenes: let them go
        _LOCATORS.clear()
    locator = vtkStaticCellLocator()
    locator.SetDataSet(data)
    locator.BuildLocator()
    _LOCATORS[id(data)] = (data, data.GetMTime(), locator)
    return locator
