"""The 3-D view: a pyvistaqt QtInteractor showing a Scene through scenes.build.build_into.

It owns the interaction the scene model knows nothing about: selection, click-versus-drag
picking, label hits, hover names, camera presets and the fly-to animation. Everything it shows
comes from the Scene, so saving the view as a scene and rendering it gives the same picture.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pyvista as pv
from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QToolTip, QWidget
from pyvistaqt import QtInteractor
from vtkmodules.vtkRenderingCore import vtkCellPicker

from scenes.build import Built, apply_camera, build_into, refresh_overlay
from scenes.catalog import CATALOG
from scenes.model import Camera, Scene

CLICK_SLOP = 4  # logical pixels a press may move and still count as a click, not a drag
SELECTION_COLOUR = "#00a0ff"
GHOST_OPACITY = 0.12


class SceneView(QObject):
    """Keeps a QtInteractor in step with a Scene; emits the structure the user picks."""

    picked = Signal(str)  # a structure id, or "" when a click hit nothing
    hovered = Signal(str)

    def __init__(self, parent: QWidget, meshes: dict[str, pv.PolyData]):
        super().__init__(parent)
        self.meshes = meshes
        self.plotter = QtInteractor(parent, auto_update=False)
        self.widget = self.plotter.interactor
        self.scene = Scene()
        self.built = Built()
        self.selected = ""
        self._selection_actor = None
        self._press: QPoint | None = None
        self._ghosted: dict[str, float] | None = None
        self._fly: list = []
        self._fly_timer = QTimer(self, interval=16, timeout=self._fly_step)
        self._hover_timer = QTimer(self, singleShot=True, interval=120, timeout=self._hover)
        self._hover_at: QPoint | None = None
        self.widget.setMouseTracking(True)
        self.widget.installEventFilter(self)
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.002)  # of the window diagonal: thin nerves stay clickable
        self._picker.PickFromListOn()
        self.plotter.iren.add_observer("StartInteractionEvent", lambda *_: self._hide_overlay())
        self.plotter.iren.add_observer("EndInteractionEvent", lambda *_: self.refresh_labels())

    # --- scene ------------------------------------------------------------------------------

    def show_scene(self, scene: Scene) -> None:
        """Show a whole scene (rebuilds the actors)."""
        self.scene = copy.deepcopy(scene)
        self._ghosted = None
        self.plotter.clear_actors()
        self._selection_actor = None
        self.built = build_into(self.plotter, self.scene, self.meshes)
        if self.selected in self.built.actors:
            self._outline(self.selected)
        self.plotter.render()

    def set_style(self, sid: str, refresh: bool = True, **changes) -> None:
        """Change one structure's visibility, opacity or colour in place (no rebuild)."""
        style = dataclasses.replace(self.scene.style(sid), **changes)
        self.scene.structures[sid] = style
        actor = self.built.actors.get(sid)
        if actor is None:
            if style.visible:  # hidden when the scene was built: build again to add it
                self.show_scene(self.scene)
            return
        actor.visibility = style.visible
        actor.prop.opacity = style.opacity
        actor.prop.color = style.color or CATALOG[sid].color
        if sid == self.selected and not style.visible:
            self.select("")
        if refresh:
            self.refresh_labels()

    def show_all(self) -> None:
        for sid in CATALOG:
            if not self.scene.style(sid).visible:
                self.scene.structures[sid] = dataclasses.replace(self.scene.style(sid), visible=True)
        self.show_scene(self.scene)

    def isolate(self, sid: str) -> None:
        """Only this structure, plus the bones for orientation."""
        from meshes.structures import BONES

        for other in CATALOG:
            keep = other == sid or other in BONES
            self.scene.structures[other] = dataclasses.replace(self.scene.style(other), visible=keep)
        self.show_scene(self.scene)

    def set_labels(self, on: bool) -> None:
        self.scene.output.labels = on
        self.refresh_labels()

    def ghost_others(self, on: bool) -> None:
        """See-through everything but the selection (and nerves and vessels), or undo it."""
        from meshes.structures import SOLIDS

        if on and self._ghosted is None:
            self._ghosted = {s: self.scene.style(s).opacity for s in SOLIDS if s != self.selected}
            for sid in self._ghosted:
                self.set_style(sid, refresh=False, opacity=min(self._ghosted[sid], GHOST_OPACITY))
        elif not on and self._ghosted is not None:
            for sid, opacity in self._ghosted.items():
                self.set_style(sid, refresh=False, opacity=opacity)
            self._ghosted = None
        self.refresh_labels()  # once, after all the changes

    def snapshot(self) -> Scene:
        """The scene as the window shows it now: exact camera, styles, labels, this size."""
        scene = copy.deepcopy(self.scene)
        pos, focal, up = (tuple(float(v) for v in p) for p in self.plotter.camera_position)
        scene.camera = Camera(preset=None, position=pos, focal_point=focal, view_up=up, zoom=1.0)
        scene.output.size = tuple(int(v) for v in self.plotter.window_size)
        scene.output.scale = 1
        return scene

    # --- selection --------------------------------------------------------------------------

    def select(self, sid: str) -> None:
        if sid == self.selected:
            return
        if self._selection_actor is not None:
            self.plotter.remove_actor(self._selection_actor, render=False)
            self._selection_actor = None
        self.selected = sid
        if sid and sid in self.built.actors and self.built.actors[sid].visibility:
            self._outline(sid)
        self.plotter.render()

    def _outline(self, sid: str) -> None:
        self._selection_actor = self.plotter.add_silhouette(self.meshes[sid], color=SELECTION_COLOUR,
                                                            line_width=4)
        self._selection_actor.SetPickable(False)

    def pick_at(self, pos: QPoint) -> str:
        """Structure under a widget position (logical pixels): a label first, then a mesh."""
        x, y = self._to_display(pos)
        hit = self.built.label_at(x, y)
        if hit:
            return hit
        # a ray cast on the CPU (a hardware pick renders a whole extra frame on llvmpipe);
        # see-through structures are picked only where nothing opaque lies on the ray
        shown = {sid: a for sid, a in self.built.actors.items() if a.visibility}
        opaque = {sid: a for sid, a in shown.items() if a.prop.opacity >= 0.6}
        for group in (opaque, {s: a for s, a in shown.items() if s not in opaque}):
            if not group:
                continue
            self._picker.InitializePickList()
            for actor in group.values():
                self._picker.AddPickList(actor)
            if self._picker.Pick(x, y, 0, self.plotter.renderer):
                actor = self._picker.GetActor()
                hit = next((sid for sid, a in group.items() if a is actor), "")
                if hit:
                    return hit
        return ""

    def label_position(self, sid: str) -> QPoint | None:
        """Centre of a structure's label in widget (logical) pixels, or None."""
        for box in self.built.labels:
            if box.structure == sid:
                return self._to_widget((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        return None

    def screen_position(self, point) -> QPoint:
        """Where a world point appears, in widget (logical) pixels."""
        r = self.plotter.renderer
        r.SetWorldPoint(*point, 1.0)
        r.WorldToDisplay()
        return self._to_widget(*r.GetDisplayPoint()[:2])

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
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button().name == "LeftButton":
            self._press = event.position().toPoint()
        elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            moved = (event.position().toPoint() - self._press).manhattanLength()
            self._press = None
            if moved <= CLICK_SLOP:
                self.picked.emit(self.pick_at(event.position().toPoint()))
        elif kind == QEvent.Type.MouseMove and not event.buttons():
            self._hover_at = event.position().toPoint()
            self._hover_timer.start()
        elif kind == QEvent.Type.Resize:
            QTimer.singleShot(0, self.refresh_labels)
        return False  # VTK's own interactor style still rotates, pans and zooms

    def _hover(self) -> None:
        if self._hover_at is None:
            return
        sid = self.pick_at(self._hover_at)
        self.hovered.emit(sid)
        if sid:
            QToolTip.showText(self.widget.mapToGlobal(self._hover_at), CATALOG[sid].name, self.widget)
        else:
            QToolTip.hideText()

    # --- camera -----------------------------------------------------------------------------

    def view_preset(self, preset: str) -> None:
        scene = copy.deepcopy(self.scene)
        scene.camera = Camera(preset=preset)
        apply_camera(self.plotter, scene, self.meshes)
        self.refresh_labels()

    def reset_view(self) -> None:
        apply_camera(self.plotter, self.scene, self.meshes)
        self.refresh_labels()

    def focus_on(self, sid: str, frames: int = 18) -> None:
        """Fly the camera to frame one structure, keeping the viewing direction."""
        if sid not in self.meshes:
            return
        b = np.array(self.meshes[sid].bounds).reshape(3, 2)
        centre = b.mean(axis=1)
        radius = max(15.0, 0.5 * float(np.linalg.norm(b[:, 1] - b[:, 0])))
        cam = self.plotter.camera
        pos, focal = np.array(cam.position), np.array(cam.focal_point)
        direction = (pos - focal) / np.linalg.norm(pos - focal)
        distance = radius / np.sin(np.radians(cam.view_angle) / 2) * 1.1
        end_focal, end_pos = centre, centre + direction * distance
        self._hide_overlay()
        self._fly = [(focal + (end_focal - focal) * t, pos + (end_pos - pos) * t)
                     for t in (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, frames)))[1:]]
        self._fly_timer.start()

    def _fly_step(self) -> None:
        if not self._fly:
            self._fly_timer.stop()
            self.refresh_labels()
            return
        focal, pos = self._fly.pop(0)
        self.plotter.camera.focal_point = tuple(focal)
        self.plotter.camera.position = tuple(pos)
        self.plotter.reset_camera_clipping_range()
        self.plotter.render()

    # --- labels -----------------------------------------------------------------------------

    def _hide_overlay(self) -> None:
        for actor in self.built.overlay:
            actor.SetVisibility(False)

    def refresh_labels(self) -> None:
        """Lay the labels out again for the current camera and window size."""
        if self.plotter.render_window is None:
            return
        refresh_overlay(self.plotter, self.scene, self.meshes, self.built)
        self.plotter.render()

    def close(self) -> None:
        self._fly_timer.stop()
        self._hover_timer.stop()
        self.widget.removeEventFilter(self)
        self.plotter.close()
