"""Tour mode in the window: a panel with the step's caption, "Step k of n", Previous / Play /
Next / Leave, and the camera moving into each step (the same interpolation as exported videos).

The panel and the motion follow the ViewState's tour signals and call its methods; they never
call the view's or the other panels' methods (the motion only moves the plotter's camera).
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from scenes.build import refresh_overlay
from scenes.state import ViewState
from scenes.teaching.camera_path import interpolate, plotter_pose


class TourPanel(QWidget):
    """The caption and the controls of the tour on show; hidden when no tour plays."""

    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.progress = QLabel()
        self.progress.setObjectName("tour-progress")
        self.title = QLabel(wordWrap=True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.caption = QTextBrowser(openExternalLinks=False)
        self.caption.setMinimumHeight(70)
        self.previous = QPushButton("< Previous", toolTip="Previous step (Left, Page Up)")
        self.play = QPushButton("Play", toolTip="Play the tour, or pause it (Space)")
        self.next = QPushButton("Next >", toolTip="Next step (Right, Page Down)")
        self.leave = QPushButton("Leave tour", toolTip="Back to the view before the tour")
        for button in (self.previous, self.play, self.next, self.leave):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the view
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.play.clicked.connect(self.toggle_play)
        self.leave.clicked.connect(state.end_tour)
        buttons = QHBoxLayout()
        for widget in (self.previous, self.play, self.next):
            buttons.addWidget(widget)
        buttons.addStretch()
        buttons.addWidget(self.progress)
        buttons.addStretch()
        buttons.addWidget(self.leave)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.caption, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, timeout=self._advance)
        state.tour_changed.connect(self._tour_shown)
        state.tour_step_changed.connect(self._step_shown)

    @property
    def playing(self) -> bool:
        return self.play.text() == "Pause"

    def step(self, delta: int) -> None:
        if self.state.tour is not None:
            self.state.set_tour_step(self.state.tour_step + delta)

    def toggle_play(self) -> None:
        if self.state.tour is None:
            return
        if self.playing:
            self._timer.stop()
            self.play.setText("Play")
        else:
            self.play.setText("Pause")
            if self.state.tour_step == len(self.state.tour.steps) - 1:
                self.state.set_tour_step(0)  # from the start again
            self._schedule()

    def _schedule(self) -> None:
        step = self.state.tour.steps[self.state.tour_step]
        self._timer.start(round(1000 * (step.transition + step.hold)))

    def _advance(self) -> None:
        tour = self.state.tour
        if tour is None or self.state.tour_step >= len(tour.steps) - 1:
            self.play.setText("Play")  # the end: stay on the last step
            return
        self.state.set_tour_step(self.state.tour_step + 1)

    def _tour_shown(self, _tour) -> None:
        self._timer.stop()
        self.play.setText("Play")

    def _step_shown(self, k: int) -> None:
        tour = self.state.tour
        step = tour.steps[k]
        self.progress.setText(f"Step {k + 1} of {len(tour.steps)}")
        self.title.setText(step.title or step.scene.title)
        self.caption.setMarkdown(step.caption or step.scene.caption)
        self.previous.setEnabled(k > 0)
        self.next.setEnabled(k < len(tour.steps) - 1)
        if self.playing:
            self._schedule()


class TourMotion(QObject):
    """Moves the camera into each tour step over the step's transition time, from wherever it
    was (focal point linear, distance in log space, orientation slerped, eased). The new scene's
    first frame is drawn at once from the old camera; the flight takes the same time however slow
    the renderer (a software renderer just shows fewer frames). Overlays hide while moving."""

    def __init__(self, view, state: ViewState):
        super().__init__(view)
        self.view, self.state = view, state
        self._start = None
        self._move: tuple = ()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=16, timeout=self._tick)
        state.tour_step_changed.connect(self._step_changing)
        state.scene_changed.connect(self._scene_shown)  # connected after the view's: it has rebuilt
        state.tour_changed.connect(lambda tour: tour is None and self._timer.stop())

    @property
    def moving(self) -> bool:
        return self._timer.isActive()

    def _step_changing(self, k: int) -> None:
        step = self.state.tour.steps[k]
        self._timer.stop()
        self._start = (plotter_pose(self.view.plotter), step) if step.transition > 0 else None

    def _scene_shown(self, _scene) -> None:
        if self._start is None:
            return
        (start, step), self._start = self._start, None
        end = plotter_pose(self.view.plotter)  # the step's own camera, just placed
        self._move = (start, end, step.transition, step.easing)
        for actor in self.view.built.overlay:
            actor.SetVisibility(False)
        start.apply(self.view.plotter)
        self.view.plotter.render()
        self._clock.start()
        self._timer.start()

    def _tick(self) -> None:
        if self.view.plotter.render_window is None:  # the window closed during a move
            self._timer.stop()
            return
        start, end, seconds, easing = self._move
        t = min(1.0, self._clock.elapsed() / 1000 / seconds)
        pose = interpolate(start, end, t, easing) if t < 1 else end
        pose.apply(self.view.plotter)
        if t >= 1.0:
            self._timer.stop()
            refresh_overlay(self.view.built)  # labels and caption laid out for the arrival
        self.view.plotter.render()
