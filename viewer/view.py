"""The 3-D view: a pyvistaqt QtInteractor that shows the view state through scenes.build.

It follows the state's signals (scene, styles, selection, labels, ghosting) and turns the
user's clicks and hovers into state changes; it owns only what the state knows nothing about:
click-versus-drag picking, label hits, camera presets and the fly-to animation. Everything it
shows comes from the scene, so saving the view as a scene and rendering it gives the same picture.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import pyvista as pv
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QToolTip, QWidget
from pyvistaqt import QtInteractor

from scenes.build import build_into, place_camera, refresh_overlay
from scenes.cameras import bounds_of, fit_distance
from scenes.catalog import CATALOG
from scenes.layers import BuiltScene
from scenes.layers.structures import restyle
from scenes.picking import Picker
from scenes.projection import to_display
from scenes.scene import Camera, Scene
from scenes.state import ViewState

CLICK_SLOP = 4  # logical pixels a press may move and still count as a click, not a drag
HOVER_MS = 120  # how long the pointer rests before a hover counts
SELECTION_COLOR = "#00a0ff"
FLY_SECONDS = 0.5


class ClicksAndHovers(QObject):
    """A widget's mouse events as clicks (a left press and release that moved at most CLICK_SLOP:
    a longer drag is VTK's, to rotate) and hovers (the pointer at rest HOVER_MS, no button down).
    Events pass on untouched; a filter installed later sees them first."""

    def __init__(self, widget: QWidget, on_click: Callable[[QPoint], None],
                 on_hover: Callable[[QPoint], None], parent: QObject):
        super().__init__(parent)
        self.widget, self._on_click = widget, on_click
        self._press: QPoint | None = None
        self._hover_at = QPoint()
        self._timer = QTimer(self, singleShot=True, interval=HOVER_MS,
                             timeout=lambda: on_hover(self._hover_at))
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button().name == "LeftButton":
            self._press = event.position().toPoint()
        elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            moved = (event.position().toPoint() - self._press).manhattanLength()
            self._press = None
            if moved <= CLICK_SLOP:
                self._on_click(event.position().toPoint())
        elif kind == QEvent.Type.MouseMove and not event.buttons():
            self._hover_at = event.position().toPoint()
            self._timer.start()
        return False

    def stop(self) -> None:
        self._timer.stop()
        self.widget.removeEventFilter(self)


class SceneView(QObject):
    """Keeps a QtInteractor in step with a ViewState."""

    def __init__(self, parent: QWidget, state: ViewState, meshes: dict[str, pv.PolyData]):
        super().__init__(parent)
        self.state = state
        self.meshes = meshes
        self.plotter = QtInteractor(parent, auto_update=False)
        self.widget = self.plotter.interactor
        self.built = BuiltScene(self.plotter, state.scene, meshes)
        self._selection_actor = None
        self._fly: tuple = ()
        self._fly_clock = QElapsedTimer()
        self._fly_timer = QTimer(self, interval=16, timeout=self._fly_step)
        self.widget.setMouseTracking(True)
        self._mouse = ClicksAndHovers(self.widget, self._click, self._hover, self)
        self.widget.installEventFilter(self)  # resizes
        self._picker = Picker()
        self.plotter.iren.add_observer("StartInteractionEvent", lambda *_: self._hide_overlay())
        self.plotter.iren.add_observer("EndInteractionEvent", lambda *_: self.refresh_labels())
        state.scene_changed.connect(self._rebuild)
        state.style_changed.connect(self._restyle)
        state.selection_changed.connect(self._outline)
        state.labels_changed.connect(lambda _on: self.refresh_labels())
        state.ghosting_changed.connect(self._restyle_all)

    @property
    def scene(self) -> Scene:
        return self.state.scene

    @property
    def selected(self) -> str:
        return self.state.selection

    # --- following the state ------------------------------------------------------------------

    def _rebuild(self, _scene=None) -> None:
        """Build the whole scene again (a new scene, or structures shown or hidden wholesale)."""
        self.plotter.clear_actors()
        self._selection_actor = None
        self.built = build_into(self.plotter, self.state.scene, self.meshes)
        self._outline(self.state.selection)

    def _restyle(self, sid: str) -> None:
        actor = self.built.actors.get(sid)
        style = self.state.scene.style(sid)
        if actor is None or style.outline != (sid in self.built.outlines):
            if style.visible:  # not built as it is now asked for: build again
                self._rebuild()
            return
        restyle(actor, sid, style, self.built)
        self.refresh_labels()

    def _restyle_all(self, _on=None) -> None:
        for sid, actor in self.built.actors.items():
            restyle(actor, sid, self.state.scene.style(sid), self.built)
        self.refresh_labels()  # once, after all the changes

    def _outline(self, sid: str) -> None:
        if self._selection_actor is not None:
            self.plotter.remove_actor(self._selection_actor, render=False)
            self._selection_actor = None
        actor = self.built.actors.get(sid)
        if actor is not None and actor.visibility:
            self._selection_actor = self.plotter.add_silhouette(self.built.meshes[sid], color=SELECTION_COLOR,
                                                                line_width=4)
            self._selection_actor.SetPickable(False)
        self.plotter.render()

    def snapshot(self) -> Scene:
        """The scene as the window shows it now: exact camera, styles, labels, this size."""
        scene = copy.deepcopy(self.state.scene)
        pos, focal, up = (tuple(float(v) for v in p) for p in self.plotter.camera_position)
        scene.camera = Camera(preset=None, position=pos, focal_point=focal, view_up=up, zoom=1.0)
        scene.output.size = tuple(int(v) for v in self.plotter.window_size)
        scene.output.scale = 1
        return scene

    # --- picking ------------------------------------------------------------------------------

    def pick_at(self, pos: QPoint) -> str:
        """Structure under a widget position (logical pixels): a label first, then a mesh."""
        x, y = self._to_display(pos)
        hit = self.built.label_at(x, y)
        if hit:
            return hit
        return self._picker.pick(self.plotter.renderer, self.built.actors, x, y)

    def label_position(self, sid: str) -> QPoint | None:
        """Centre of a structure's label in widget (logical) pixels, or None."""
        for box in self.built.labels:
            if box.structure == sid:
                return self._to_widget((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        return None

    def screen_position(self, point) -> QPoint:
        """Where a world point appears, in widget (logical) pixels."""
        return self._to_widget(*to_display(self.plotter.renderer, point)[0])

    def _ratio(self) -> float:
        return self.plotter.window_size[1] / max(1, self.widget.height())

    def _to_display(self, pos: QPoint) -> tuple[float, float]:
        """Qt logical pixels (origin top-left) to VTK display pixels (origin bottom-left)."""
        r = self._ratio()
        return pos.x() * r, self.plotter.window_size[1] - 1 - pos.y() * r

    def _to_widget(self, x: float, y: float) -> QPoint:
        r = self._ratio()
        return QPoint(round(x / r), round((self.plotter.window_size[1] - 1 - y) / r))

    # --- mouse: a click picks, a drag rotates, hovering names ---------------------------------

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.refresh_labels)
        return False  # VTK's own interactor style still rotates, pans and zooms

    def _click(self, pos: QPoint) -> None:
        self.state.select(self.pick_at(pos))

    def _hover(self, pos: QPoint) -> None:
        sid = self.pick_at(pos)
        self.state.hover(sid)
        if sid and self.state.scene.output.labels:  # labels off (a quiz, an oral test): no names
            QToolTip.showText(self.widget.mapToGlobal(pos), CATALOG[sid].name, self.widget)
        else:
            QToolTip.hideText()

    # --- camera -------------------------------------------------------------------------------

    def view_preset(self, preset: str) -> None:
        place_camera(self.built, Camera(preset=preset))
        self.refresh_labels()

    def reset_view(self) -> None:
        place_camera(self.built)
        self.refresh_labels()

    def focus_on(self, sid: str, seconds: float = FLY_SECONDS) -> None:
        """Fly the camera to frame one structure, keeping the viewing direction. The flight takes
        the same time however slowly frames render (a software renderer just shows fewer)."""
        if sid not in self.built.meshes:
            return
        bounds = bounds_of([self.built.meshes[sid]])  # a variant's own course
        cam = self.plotter.camera
        pos, focal = np.array(cam.position), np.array(cam.focal_point)
        direction = (pos - focal) / np.linalg.norm(pos - focal)
        end_focal = bounds.mean(axis=1)
        end_pos = end_focal + direction * fit_distance(bounds, cam.view_angle, min_radius=15.0)
        self._hide_overlay()
        self._fly = (pos, focal, end_pos, end_focal, max(seconds, 1e-3))
        self._fly_clock.start()
        self._fly_timer.start()

    def _fly_step(self) -> None:
        pos, focal, end_pos, end_focal, seconds = self._fly
        t = min(1.0, self._fly_clock.elapsed() / 1000 / seconds)
        s = 0.5 - 0.5 * np.cos(np.pi * t)  # ease in and out
        self.plotter.camera.focal_point = tuple(focal + (end_focal - focal) * s)
        self.plotter.camera.position = tuple(pos + (end_pos - pos) * s)
        self.plotter.reset_camera_clipping_range()
        self.plotter.render()
        if t >= 1.0:
            self._fly_timer.stop()
            self.refresh_labels()

    # --- labels -------------------------------------------------------------------------------

    def _hide_overlay(self) -> None:
        for actor in self.built.overlay:
            actor.SetVisibility(False)

    def refresh_labels(self) -> None:
        """Lay the labels out again for the current camera and window size."""
        if self.plotter.render_window is None:
            return
        refresh_overlay(self.built)
        self.plotter.render()

    def close(self) -> None:
        self._fly_timer.stop()
        self._mouse.stop()
        self.widget.removeEventFilter(self)
        self.plotter.close()
