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
    def __init__(self) -> None:
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.002)  # of the window diagonal: thin nerves stay clickable
        self._picker.PickFromListOn()

    def pick(self, renderer, actors: dict, x: float, y: float) -> str:
        """Structure id at display point (x, y), origin bottom-left, or "". Outlines (lines, such
        as a foramen's) win within the picker's tolerance: a click on a thin dashed line means it."""
        shown = {sid: a for sid, a in actors.items() if a.GetVisibility()}
        lines = {sid: a for sid, a in shown.items() if _is_line(a)}
        opaque = {sid: a for sid, a in shown.items()
                  if sid not in lines and a.GetProperty().GetOpacity() >= GHOST}
        ghosts = {sid: a for sid, a in shown.items() if sid not in lines and sid not in opaque}
        for group in (lines, opaque, ghosts):
            if not group:
                continue
            self._picker.InitializePickList()
            self._picker.RemoveAllLocators()
            for actor in group.values():
                self._picker.AddPickList(actor)
                if (locator := _locator(actor)) is not None:
                    self._picker.AddLocator(locator)
            if self._picker.Pick(x, y, 0, renderer):
                hit = self._picker.GetActor()
                sid = next((s for s, a in group.items() if a is hit), "")
                if sid:
                    return sid
        return ""

    def position(self) -> tuple[float, float, float]:
        """World point of the last pick that hit something."""
        return tuple(self._picker.GetPickPosition())


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
