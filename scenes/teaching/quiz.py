"""Quiz sets and a quiz session (no Qt): which structures, which mode, the score and what was missed.

A quiz set is a TOML file (built-ins in scenes/builtin/quizzes/):

    title = "..."
    scene = "posterior"        # the scene shown (built-in name or path)
    mode = "name"              # "name": the app highlights, the student names it (typed or picked);
                               # "click": the app names, the student clicks it
    choices = 4                # name mode: names offered in a list (0: type the name)
    shuffle = true
    [[items]]
    structure = "piriformis_right"
    mode = "click"             # optional: this item's own mode
    hint = "..."               # optional: shown with the answer

A typed name counts when it is the structure's name or one of its synonyms (any case), or a
name that means only that structure (the search box's rule).
"""

from __future__ import annotations

import difflib
import random
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from ..catalog import CATALOG, find

MODES = ("name", "click")
FOLDER = ("builtin", "quizzes")


class QuizError(ValueError):
    """A bad quiz file; str() is one line: file: key: what was expected."""


class Invalid(ValueError):
    """A rule broken at a key (scenes.validation imports this package, so it is not used here)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")


def did_you_mean(word, options) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def structure_id(v, key: str) -> str:
    if not isinstance(v, str) or v not in CATALOG:
        raise Invalid(key, f"unknown structure id {v!r}{did_you_mean(v, CATALOG)}")
    return v


def _choices(v) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 8:
        raise Invalid("choices", f"must be between 0 and 8 (a whole number), got {v!r}")
    return v


@dataclass(frozen=True)
class Item:
    structure: str
    mode: str
    hint: str = ""


@dataclass(frozen=True)
class QuizSet:
    title: str
    scene: str
    items: tuple[Item, ...]
    choices: int = 4
    shuffle: bool = True
    name: str = ""


def builtin_quizzes() -> list[str]:
    folder = resources.files("scenes").joinpath(*FOLDER)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_quiz(name_or_path: str | Path) -> QuizSet:
    """A built-in quiz set by bare name, or a quiz file by path."""
    text_name = str(name_or_path)
    if "/" in text_name or text_name.endswith(".toml"):
        path = Path(name_or_path)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise QuizError(f"{path}: cannot read it ({exc.strerror})") from None
        quiz = parse_quiz(text, str(path), path.stem)
        if ("/" in quiz.scene or quiz.scene.endswith(".toml")) and not Path(quiz.scene).is_absolute():
            quiz = replace(quiz, scene=str(path.parent / quiz.scene))  # as `extends` does: from here
        return quiz
    if text_name not in builtin_quizzes():
        raise QuizError(f"no built-in quiz named {text_name!r}{did_you_mean(text_name, builtin_quizzes())}; "
                        f"built-in quizzes: {', '.join(builtin_quizzes())}")
    text = resources.files("scenes").joinpath(*FOLDER, f"{text_name}.toml").read_text("utf-8")
    return parse_quiz(text, text_name, text_name)


def parse_quiz(text: str, label: str = "<string>", name: str = "") -> QuizSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"{label}: not valid TOML: {exc}") from None
    try:
        return _quiz(data, name)
    except Invalid as bad:
        raise QuizError(f"{label}: {bad}") from None


def _quiz(data: dict, name: str) -> QuizSet:
    known = {"title", "scene", "mode", "choices", "shuffle", "items"}
    for key in data:
        if key not in known:
            raise Invalid(key, f"unknown key{did_you_mean(key, known)}; expected one of: {', '.join(known)}")
    mode = _mode(data.get("mode", "name"), "mode")
    items = data.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise Invalid("items", "needs at least one [[items]] table with a structure")
    out = []
    for i, raw in enumerate(items):
        key = f"items[{i}]"
        for k in raw:
            if k not in ("structure", "mode", "hint"):
                raise Invalid(f"{key}.{k}", f"unknown key{did_you_mean(k, ('structure', 'mode', 'hint'))}")
        if "structure" not in raw:
            raise Invalid(key, "needs a 'structure'")
        hint = raw.get("hint", "")
        if not isinstance(hint, str):
            raise Invalid(f"{key}.hint", "must be text")
        out.append(Item(structure_id(raw["structure"], f"{key}.structure"),
                        _mode(raw.get("mode", mode), f"{key}.mode"), hint))
    title, scene = data.get("title", name), data.get("scene", "posterior")
    if not isinstance(title, str) or not isinstance(scene, str):
        raise Invalid("title" if not isinstance(title, str) else "scene", "must be text")
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        raise Invalid("shuffle", "must be true or false")
    return QuizSet(title, scene, tuple(out), _choices(data.get("choices", 4)),
                   shuffle, name)


def _mode(v, key: str) -> str:
    if v not in MODES:
        raise Invalid(key, f"must be one of {', '.join(map(repr, MODES))}, got {v!r}")
    return v


# --- a session -----------------------------------------------------------------------------------

@dataclass
class Answer:
    item: Item
    given: str  # what the student typed or picked, or the id they clicked
    correct: bool


@dataclass
class Session:
    """One run through a quiz set: the questions in order, the answers given so far."""

    quiz: QuizSet
    seed: int | None = None
    order: list[Item] = field(init=False)
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.order = list(self.quiz.items)
        self._rng = random.Random(self.seed)
        if self.quiz.shuffle:
            self._rng.shuffle(self.order)

    @property
    def current(self) -> Item | None:
        return self.order[len(self.answers)] if not self.done else None

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.order)

    @property
    def score(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def missed(self) -> list[Answer]:
        return [a for a in self.answers if not a.correct]

    def question(self) -> str:
        item = self.current
        if item is None:
            return ""
        if item.mode == "click":
            return f"Click the {CATALOG[item.structure].name.lower()}."
        return "Name the highlighted structure."

    def choices(self) -> list[str]:
        """Names to pick from for a name question (the right one among others of its kind first,
        then any), or [] when the student types the name."""
        item = self.current
        if item is None or item.mode != "name" or self.quiz.choices < 2:
            return []
        pool = [i.structure for i in self.quiz.items if i.structure != item.structure]
        kind = CATALOG[item.structure].kind
        same_kind = [s for s in CATALOG if s != item.structure and CATALOG[s].kind == kind]
        others = list(dict.fromkeys(pool + same_kind))
        picks = self._rng.sample(others, min(self.quiz.choices - 1, len(others)))
        names = [CATALOG[s].name for s in [item.structure, *picks]]
        self._rng.shuffle(names)
        return names

    def answer(self, given: str) -> Answer:
        """Answer the current question: a name (name mode) or the clicked structure's id."""
        item = self.current
        if item is None:
            raise ValueError("the quiz is over")
        if item.mode == "click":
            correct = given == item.structure
        else:
            correct = names_match(given, item.structure)
        result = Answer(item, given, correct)
        self.answers.append(result)
        return result

    def summary(self) -> str:
        lines = [f"Score: {self.score} of {len(self.order)}"]
        if self.missed:
            lines += ["", "Missed:", ""]  # blank lines: a Markdown list after a paragraph
            for a in self.missed:
                given = CATALOG[a.given].name if a.given in CATALOG else (a.given or "(no answer)")
                lines.append(f"- {CATALOG[a.item.structure].name} (answered: {given})"
                             + (f". {a.item.hint}" if a.item.hint else ""))
        return "\n".join(lines)


def names_match(text: str, sid: str) -> bool:
    entry = CATALOG[sid]
    typed = " ".join(text.strip().lower().split())
    if typed in (entry.name.lower(), *(s.lower() for s in entry.synonyms)):
        return True
    return bool(typed) and find(typed) == sid and len(typed) >= 4
