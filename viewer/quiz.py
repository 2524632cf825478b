"""Quiz mode: a dock where a student names highlighted structures or clicks named ones.

The questions, the marking and the score come from scenes.teaching.quiz (no Qt). The panel works
only through the ViewState: it shows the quiz's scene with the labels off, highlights the
structure a name question is about, and takes a click question's answer from the selection the
view makes when the student clicks. Stopping (or finishing) gives back the scene shown before.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import scenes
from scenes.catalog import CATALOG
from scenes.scene import Scene
from scenes.scene_file import SceneError
from scenes.state import ViewState
from scenes.teaching.quiz import QuizError, Session, builtin_quizzes, load_quiz

ASK_COLOR = "#00b4ff"  # the structure a name question is about: a colour no structure has


class QuizPanel(QWidget):
    def __init__(self, state: ViewState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.session: Session | None = None
        self._before: Scene | None = None  # the scene to give back when the quiz ends
        self._asked: str = ""  # the structure highlighted for a name question

        self.picker = QComboBox()
        self.picker.addItems(builtin_quizzes())
        self.start_button = QPushButton("Start", clicked=lambda: self.start(self.picker.currentText()))
        self.stop_button = QPushButton("Stop", clicked=self.stop, enabled=False)
        self.file_button = QPushButton("File...", clicked=self._open_file,
                                       toolTip="Start a quiz set from a .toml file")
        self.progress = QLabel("Pick a quiz and press Start.")
        self.question = QLabel(wordWrap=True)
        self.question.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.choices = QListWidget()
        self.choices.setMinimumHeight(6 * self.choices.fontMetrics().height() + 12)  # all the names
        self.choices.itemClicked.connect(lambda item: self.answer(item.text()))
        self.typed = QLineEdit(placeholderText="Type the name, then Enter")
        self.typed.returnPressed.connect(lambda: self.answer(self.typed.text()))
        self.feedback = QLabel(wordWrap=True)
        self.summary = QTextBrowser()

        top = QHBoxLayout()
        for w in (self.picker, self.start_button, self.file_button, self.stop_button):
            top.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for w in (self.progress, self.question, self.choices, self.typed, self.feedback, self.summary):
            layout.addWidget(w)
        self._show_controls()
        state.selection_changed.connect(self._clicked)

    # --- running a quiz -----------------------------------------------------------------------

    def start(self, name_or_path: str, seed: int | None = None) -> bool:
        """Start a quiz set (a built-in name or a .toml path); a bad file is reported in the
        panel and nothing else changes."""
        try:
            quiz = load_quiz(name_or_path)
            scene = scenes.load(quiz.scene)
        except (QuizError, SceneError) as exc:
            self.feedback.setText(f"Cannot start this quiz: {exc}")
            return False
        if self._before is None:
            self._before = copy.deepcopy(self.state.scene)
        self.session = Session(quiz, seed)
        scene.output.captions = False  # the title and caption, like the labels, would give answers away
        self.state.set_scene(scene)
        self.state.set_labels(False)
        self.state.select("")
        self.summary.clear()
        self.feedback.clear()
        self._ask()
        return True

    def _open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open quiz set", "", "Quiz sets (*.toml)")
        if name:
            self.start(name)

    def stop(self) -> None:
        """End the quiz and give back the scene shown before it."""
        self._unhighlight()
        self.session = None
        if self._before is not None:
            self.state.set_scene(self._before)
            self._before = None
        self.progress.setText("Pick a quiz and press Start.")
        self.question.clear()
        self._show_controls()

    def answer(self, given: str) -> None:
        """Answer the current question: a name typed or picked, or a clicked structure's id."""
        if self.session is None or self.session.done:
            return
        item = self.session.current
        result = self.session.answer(given)
        right = CATALOG[item.structure].name
        if result.correct:
            self.feedback.setText(f"Right: {right}.")
        else:
            said = CATALOG[given].name if given in CATALOG else given.strip() or "nothing"
            self.feedback.setText(f"Not quite: you said {said}; it is the {right.lower()}."
                                  + (f" {item.hint}" if item.hint else ""))
        self._unhighlight()
        self.typed.clear()
        self._ask()

    def _ask(self) -> None:
        s = self.session
        if s.done:
            self._finish()
            return
        item = s.current
        self.progress.setText(f"{s.quiz.title}: question {len(s.answers) + 1} of {len(s.order)}, "
                              f"score {s.score}")
        self.question.setText(s.question())
        self.choices.clear()
        self.choices.addItems(s.choices())
        if item.mode == "name":
            self._asked = item.structure
            self.state.set_style(item.structure, visible=True, opacity=1.0, outline=False,
                                 highlight=True, color=ASK_COLOR)
        self._show_controls()

    def _finish(self) -> None:
        s = self.session
        self.progress.setText(f"{s.quiz.title}: done")
        self.question.setText(f"Score: {s.score} of {len(s.order)}")
        self.summary.setMarkdown(s.summary())
        self._show_controls()

    def _clicked(self, sid: str) -> None:
        """A click in the view answers a click question (the view selected what was clicked)."""
        if not sid or self.session is None or self.session.done or self.session.current.mode != "click":
            return
        self.answer(sid)
        self.state.select("")  # so clicking the same structure again is a new answer

    def _unhighlight(self) -> None:
        if self._asked and self.session is not None:
            before = scenes.load(self.session.quiz.scene).style(self._asked)
            self.state.set_style(self._asked, **vars(before))
        self._asked = ""

    def _show_controls(self) -> None:
        running = self.session is not None and not self.session.done
        naming = running and self.session.current.mode == "name"
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(self.session is not None)
        self.choices.setVisible(naming and self.choices.count() > 0)
        self.typed.setVisible(naming)
        self.summary.setVisible(self.session is not None and self.session.done)
