"""The view state: the scene on show and what the user has done to it, as events (no Qt).

Modelled on napari's ViewerModel: the 3-D view, the structure tree and the article panel (later
the tour and measure widgets) hold this object, call its methods and subscribe to its signals;
they never call each other. Every setter is idempotent, so a widget that echoes a change back
causes nothing. Signals are psygnal's, so tests drive the state without Qt.
"""

from __future__ import annotations

import copy
import dataclasses

from psygnal import Signal

from meshes import BONES, SOLIDS

from .catalog import CATALOG
from .scene import Scene

GHOST_OPACITY = 0.12


class ViewState:
    scene_changed = Signal(object)  # a new scene, or one whose structures changed wholesale
    style_changed = Signal(str)  # one structure's visibility, opacity or colour
    selection_changed = Signal(str)  # a structure id, or "" for none
    labels_changed = Signal(bool)
    ghosting_changed = Signal(bool)
    hovered_changed = Signal(str)
    measurements_changed = Signal(int)  # how many [[measurements]] the scene now holds
    injection_changed = Signal(object)  # the scene's [injection] settings (depth, sites)
    tour_changed = Signal(object)  # a scenes.teaching.tour.Tour started, or None when it ends
    tour_step_changed = Signal(int)  # emitted before the step's scene is shown (motion starts here)

    def __init__(self, scene: Scene | None = None):
        self.scene = copy.deepcopy(scene) if scene is not None else Scene()
        self.selection = ""
        self.hovered = ""
        self._ghosted: dict[str, float] | None = None  # opacities to restore
        self.tour = None  # the tour being played, if any
        self.tour_step = -1
        self._before_tour: tuple[Scene, str] | None = None  # the view and selection to go back to

    @property
    def ghosting(self) -> bool:
        return self._ghosted is not None

    def set_scene(self, scene: Scene) -> None:
        """Show another scene (a copy: the caller's object is never changed)."""
        self.scene = copy.deepcopy(scene)
        self._ghosted = None
        self.scene_changed.emit(self.scene)
        self.ghosting_changed.emit(False)

    def select(self, sid: str) -> None:
        sid = sid if sid in CATALOG else ""
        if sid != self.selection:
            self.selection = sid
            self.selection_changed.emit(sid)

    def hover(self, sid: str) -> None:
        self.hovered = sid
        self.hovered_changed.emit(sid)

    def set_style(self, sid: str, **changes) -> None:
        """Change one structure's visible, opacity, color or highlight."""
        if self._restyle(sid, **changes):
            self.style_changed.emit(sid)
            if sid == self.selection and not self.scene.style(sid).visible:
                self.select("")

    def _restyle(self, sid: str, **changes) -> bool:
        style = dataclasses.replace(self.scene.style(sid), **changes)
        if style == self.scene.style(sid):
            return False
        self.scene.structures[sid] = style
        return True

    def show_all(self) -> None:
        for sid in CATALOG:
            self._restyle(sid, visible=True)
        self.scene_changed.emit(self.scene)

    def isolate(self, sid: str) -> None:
        """Only this structure, plus the bones for orientation."""
        for other in CATALOG:
            self._restyle(other, visible=other == sid or other in BONES)
        self.scene_changed.emit(self.scene)

    def set_lesion(self, level: str | None) -> None:
        """Show what a lesion at `level` takes away (scenes/clinical/findings.toml), or none."""
        if (level or None) != self.scene.lesion:
            self.scene.lesion = level or None
            self.scene_changed.emit(self.scene)

    def set_variant(self, variant: str | None) -> None:
        """Show an anatomical variant (scenes/clinical/variants.toml), or the usual anatomy."""
        if (variant or None) != self.scene.variant:
            self.scene.variant = variant or None
            self.scene_changed.emit(self.scene)

    def set_labels(self, on: bool) -> None:
        if on != self.scene.output.labels:
            self.scene.output.labels = on
            self.labels_changed.emit(on)

    def set_ghosting(self, on: bool) -> None:
        """See through every solid but the selection (nerves and vessels stay), or undo it."""
        if on == self.ghosting:
            return
        if on:
            self._ghosted = {s: self.scene.style(s).opacity for s in SOLIDS if s != self.selection}
            for sid, opacity in self._ghosted.items():
                self._restyle(sid, opacity=min(opacity, GHOST_OPACITY))
        else:
            for sid, opacity in self._ghosted.items():
                self._restyle(sid, opacity=opacity)
            self._ghosted = None
        self.ghosting_changed.emit(on)

    def add_measurement(self, measurement) -> None:
        """Keep a measurement in the scene (saved with it, drawn by the measurements layer)."""
        self.scene.measurements.append(measurement)
        self.measurements_changed.emit(len(self.scene.measurements))

    def clear_measurements(self) -> None:
        if self.scene.measurements:
            self.scene.measurements.clear()
            self.measurements_changed.emit(0)

    # --- optional layers and the injection settings (issue 13) ---------------------------------

    def set_layer(self, name: str, on: bool) -> None:
        """Switch an optional layer (`layers = [...]`) on or off; the view builds again."""
        layers = [n for n in self.scene.layers if n != name] + ([name] if on else [])
        if layers != self.scene.layers:
            self.scene.layers = layers
            self.scene_changed.emit(self.scene)

    def set_injection(self, **changes) -> None:
        """Change the injection settings (depth, sites); a shown injection map is built again."""
        new = dataclasses.replace(self.scene.injection, **changes)
        if new != self.scene.injection:
            self.scene.injection = new
            self.injection_changed.emit(new)
            if "injection-map" in self.scene.layers:
                self.scene_changed.emit(self.scene)
    # --- guided tours ---------------------------------------------------------------------------

    def start_tour(self, tour, return_to: Scene | None = None) -> None:
        """Play a tour from its first step; `return_to` (default: the scene now) is shown again,
        with the selection of now, when the tour ends."""
        if self.tour is None:
            self._before_tour = (copy.deepcopy(return_to or self.scene), self.selection)
        self.tour, self.tour_step = tour, -1
        self.tour_changed.emit(tour)
        self.set_tour_step(0)

    def set_tour_step(self, k: int) -> None:
        """Show step k (clamped to the tour); the first highlighted structure is selected, so the
        article panel follows it."""
        if self.tour is None:
            return
        k = min(max(k, 0), len(self.tour.steps) - 1)
        if k == self.tour_step:
            return
        self.tour_step = k
        step = self.tour.steps[k]
        self.tour_step_changed.emit(k)
        self.set_scene(step.view())
        self.select(step.highlight[0] if step.highlight else "")

    def end_tour(self) -> None:
        """Leave the tour: the view and selection from before it come back."""
        if self.tour is None:
            return
        scene, selection = self._before_tour
        self.tour, self.tour_step, self._before_tour = None, -1, None
        self.tour_changed.emit(None)
        self.set_scene(scene)
        self.select(selection)
