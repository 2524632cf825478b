"""The window's measure tool (M): two clicks on surfaces give a straight distance in mm, and the
length along a nerve when both points lie on the same nerve or vessel; hovering tells how far the
surface under the pointer lies from the nearest nerve. "Keep" saves the measurement into the scene.

The numbers come from scenes.teaching.measure (the `measure` command's code). The tool follows the
ViewState and talks to the window only through its `message` signal; it draws its pending points
and line itself and hands kept measurements to the state (the measurements layer draws those).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from PySide6.QtCore import QObject, QPoint, Signal
from vtkmodules.vtkRenderingCore import vtkCellPicker

from meshes import PATHS
from scenes.catalog import CATALOG
from scenes.scene import Measurement
from scenes.state import ViewState
from scenes.teaching.measure import Measured, MeasureError, along, nearest_nerve, straight

from .view import ClicksAndHovers, SceneView

PENDING_COLOR = "#c8007a"  # the measurements layer's first colour


class MeasureTool(QObject):
    message = Signal(str)  # a line for the status bar
    measured = Signal(object)  # the Measured result of two clicks

    def __init__(self, view: SceneView, state: ViewState):
        super().__init__(view)
        self.view, self.state = view, state
        self.active = False
        self.points: list[tuple[str, np.ndarray]] = []  # (structure id, surface point) clicked
        self.result: Measured | None = None
        self.along_result: Measured | None = None
        self.hover_text = ""
        self._actors: list = []
        self._cell_picker = vtkCellPicker()
        self._cell_picker.SetTolerance(0.002)
        self._cell_picker.PickFromListOn()
        # installed after the view's: sees a click first (the view still selects what was clicked)
        self._mouse = ClicksAndHovers(view.widget, self._click, self._hover, self)
        state.scene_changed.connect(lambda _s: self._forget())
        state.measurements_changed.connect(lambda _n: view.refresh_labels())

    # --- mode -----------------------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        self.clear()
        self.message.emit("Measure: click two points on surfaces (M again to stop)." if on else "")

    def clear(self) -> None:
        """Forget the pending points and line (kept measurements stay in the scene)."""
        self._forget()
        self.view.plotter.render()

    def _forget(self) -> None:
        for actor in self._actors:
            self.view.plotter.remove_actor(actor, render=False)
        self._actors, self.points, self.result, self.along_result = [], [], None, None

    # --- picking a surface point ----------------------------------------------------------------

    def surface_point(self, pos: QPoint) -> tuple[str, np.ndarray] | None:
        """(structure id, world point in mm) under a widget position, or None on the background.
        The structure is the view's pick (labels, ghosts and lines as there); the point is where
        the ray meets that structure's surface."""
        sid = self.view.pick_at(pos)
        actor = self.view.built.actors.get(sid)
        if actor is None:
            return None
        x, y = self.view._to_display(pos)
        self._cell_picker.InitializePickList()
        self._cell_picker.AddPickList(actor)
        if not self._cell_picker.Pick(x, y, 0, self.view.plotter.renderer):
            return None  # a label box: no surface under the pointer
        return sid, np.array(self._cell_picker.GetPickPosition(), float)

    # --- two clicks -----------------------------------------------------------------------------

    def add_point(self, sid: str, xyz: np.ndarray) -> None:
        if len(self.points) == 2:
            self.clear()
        self.points.append((sid, np.asarray(xyz, float)))
        self._draw()
        if len(self.points) == 2:
            self._measure()
        else:
            self.message.emit(f"Measure: first point on {CATALOG[sid].name}; click the second.")

    def _measure(self) -> None:
        (sa, a), (sb, b) = self.points
        self.result = straight(a, b)
        text = f"Straight: {self.result.value_mm:.1f} mm"
        self.along_result = None
        if sa == sb and sa in PATHS:  # two points on one nerve or vessel: along its course too
            try:
                self.along_result = along(a, b, sa)
            except MeasureError as exc:
                text += f"; not along {CATALOG[sa].name}: {exc}"
            else:
                text += f"; along the {CATALOG[sa].name.lower()}: {self.along_result.value_mm:.1f} mm"
                self._draw_line(self.along_result.line, width=5)
        self.message.emit(f"{text}.  K keeps it in the scene.")
        self.measured.emit(self.along_result or self.result)

    def keep(self) -> Measurement | None:
        """Save the last measurement into the scene (along the nerve when there was one)."""
        if self.result is None:
            self.message.emit("Measure two points first (M, then two clicks).")
            return None
        (_sa, a), (_sb, b) = self.points
        r = self.along_result
        m = Measurement(start=_rounded(a), end=_rounded(b), along=r.path if r else None)
        self.state.add_measurement(m)
        self.clear()
        self.message.emit(f"Kept in the scene ({len(self.state.scene.measurements)} measurements); "
                          "File > Save view as scene keeps them in the file.")
        return m

    # --- drawing the pending measurement ----------------------------------------------------------

    def _draw(self) -> None:
        pts = np.array([p for _, p in self.points])
        actor = self.view.plotter.add_points(pv.PolyData(pts), color=PENDING_COLOR, point_size=14,
                                             render_points_as_spheres=True, pickable=False,
                                             reset_camera=False)
        _in_front(actor)
        self._actors.append(actor)
        if len(pts) == 2:
            self._draw_line(pts, width=3)
        self.view.plotter.render()

    def _draw_line(self, line: np.ndarray, width: float) -> None:
        actor = self.view.plotter.add_mesh(pv.lines_from_points(line), color=PENDING_COLOR,
                                           line_width=width, pickable=False, reset_camera=False)
        _in_front(actor)
        self._actors.append(actor)
        self.view.plotter.render()

    # --- mouse ----------------------------------------------------------------------------------

    def _click(self, pos: QPoint) -> None:
        hit = self.surface_point(pos) if self.active else None
        if hit is not None:
            self.add_point(*hit)

    def _hover(self, pos: QPoint) -> None:
        if not self.active:
            return
        hit = self.surface_point(pos)
        if hit is None:
            return
        sid, xyz = hit
        near = nearest_nerve(xyz)
        nerve, part = near.path.split(".", 1)
        self.hover_text = (f"{near.surface_mm:.1f} mm from this point of {CATALOG[sid].name} to the "
                           f"nearest nerve: {CATALOG[nerve].name} ({part.replace('_', ' ')})")
        self.message.emit(self.hover_text)


def _rounded(p: np.ndarray) -> tuple[float, float, float]:
    return tuple(round(float(v), 2) for v in p)


def _in_front(actor) -> None:
    """Draw a line or points over the surface they lie on: both ends sit on a surface and a line
    along a nerve runs inside its tube, so without a depth offset they would hardly show."""
    mapper = actor.GetMapper()  # the offset mode itself is global: scenes/layers/structures.py
    mapper.SetRelativeCoincidentTopologyLineOffsetParameters(0, -30000)
    mapper.SetRelativeCoincidentTopologyPointOffsetParameter(-30000)

