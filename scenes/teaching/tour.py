"""Guided tours: an ordered list of steps, each a scene with a caption, highlights and a camera
move into it. TOML in, checked like scene files (file:line: key: what was expected), no Qt.

A step's scene is a built-in name or a path (relative to the tour file), or an inline table that
may `extends` one. The step's title and caption replace the scene's; `highlight` lists structures
drawn highlighted (and shown) and the first one is what the window's article panel follows.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import tomli_w

from ..scene import Scene
from ..scene_file import SceneError, _line_of, builtin_names, is_path, load, parse, read_text
from ..validation import SPEC as SCENE_SPEC
from ..validation import TEXT, Invalid, _schema_node, did_you_mean, kind, number, structure_id, validate
from .camera_path import EASINGS

FOLDER = ("builtin", "tours")
MAX_STEPS = 60

CAPTION = kind(str, "Markdown text", 4000)
STEP_SPEC = {"title": TEXT, "caption": CAPTION,
             "hold": number(0.5, 120), "transition": number(0, 30)}
TOUR_SPEC = {"title": TEXT, "description": TEXT}


@dataclass
class Step:
    scene: Scene
    title: str = ""
    caption: str = ""  # Markdown
    highlight: list[str] = field(default_factory=list)
    hold: float = 5.0  # seconds on screen (videos and playing in the window)
    transition: float = 2.0  # seconds of camera motion into this step
    easing: str = "ease-in-out"

    def view(self) -> Scene:
        """The scene this step shows: its title and caption (plain text), highlights shown."""
        scene = dataclasses.replace(self.scene, title=self.title or self.scene.title,
                                    caption=plain_text(self.caption) if self.caption else self.scene.caption,
                                    structures=dict(self.scene.structures))
        for sid in self.highlight:
            scene.structures[sid] = dataclasses.replace(scene.style(sid), visible=True, highlight=True)
        return scene


@dataclass
class Tour:
    title: str
    steps: list[Step]
    description: str = ""
    name: str = ""
    source: str = ""


def plain_text(markdown: str) -> str:
    """Markdown caption as plain text for pictures: emphasis marks and link targets dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(text.split())


# --- finding ----------------------------------------------------------------------------------

def tour_names() -> list[str]:
    folder = resources.files("scenes").joinpath(*FOLDER)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def is_tour(name: str | Path) -> bool:
    """A built-in tour's name (that is not also a scene's), or a .toml file with [[steps]]."""
    if not is_path(name):
        return str(name) in tour_names() and str(name) not in builtin_names()
    try:
        return "steps" in tomllib.loads(read_text(Path(name)).removeprefix("\ufeff"))
    except (SceneError, tomllib.TOMLDecodeError):
        return False


def load_tour(name_or_path: str | Path) -> Tour:
    if is_path(name_or_path):
        path = Path(name_or_path).expanduser()
        return parse_tour(read_text(path), str(path), path.parent)
    name = str(name_or_path)
    if name not in tour_names():
        raise SceneError(f"no built-in tour named {name!r}{did_you_mean(name, tour_names())}; "
                         f"built-in tours: {', '.join(tour_names())}")
    text = resources.files("scenes").joinpath(*FOLDER, f"{name}.toml").read_text("utf-8")
    return parse_tour(text, name, None)


# --- parsing ----------------------------------------------------------------------------------

def parse_tour(text: str, label: str = "<string>", folder: Path | None = None) -> Tour:
    """A Tour from TOML text; scene paths are relative to `folder` (the tour file's)."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise SceneError(f"not valid TOML: {exc}", file=label, line=int(m.group(1)) if m else None) from None
    try:
        head = validate({k: v for k, v in data.items() if k != "steps"}, TOUR_SPEC)
        raw_steps = data.get("steps")
        if not (isinstance(raw_steps, list) and raw_steps and all(isinstance(s, dict) for s in raw_steps)):
            raise Invalid("steps", "a tour needs at least one [[steps]] table")
        if len(raw_steps) > MAX_STEPS:
            raise Invalid("steps", f"at most {MAX_STEPS} steps, got {len(raw_steps)}")
        steps = [_step(raw, f"steps[{i}]", folder) for i, raw in enumerate(raw_steps)]
    except Invalid as bad:
        raise SceneError(bad.message, file=label, line=_line_of(text, bad.key), key=bad.key) from None
    name = Path(label).stem if is_path(label) else label
    return Tour(head.get("title", name), steps, head.get("description", ""), name, label)


def _step(raw: dict, key: str, folder: Path | None) -> Step:
    checked = _validate_step_keys(raw, key)
    if "scene" not in raw:
        raise Invalid(key, "needs a 'scene' (a built-in name, a path, or an inline [steps.scene] table)")
    highlight = raw.get("highlight", [])
    if not isinstance(highlight, list):
        raise Invalid(f"{key}.highlight", "must be a list of structure ids")
    for j, sid in enumerate(highlight):
        structure_id(sid, f"{key}.highlight[{j}]")
    easing = raw.get("easing", "ease-in-out")
    if easing not in EASINGS:
        raise Invalid(f"{key}.easing", f"must be one of {', '.join(map(repr, EASINGS))}, got {easing!r}")
    return Step(_scene(raw["scene"], f"{key}.scene", folder), checked.get("title", ""),
                checked.get("caption", ""), list(highlight), checked.get("hold", 5.0),
                checked.get("transition", 2.0), easing)


def _validate_step_keys(raw: dict, key: str) -> dict:
    known = {*STEP_SPEC, "scene", "highlight", "easing"}
    for k in raw:
        if k not in known:
            raise Invalid(f"{key}.{k}", f"unknown key{did_you_mean(k, known)}; expected one of: "
                                        f"{', '.join(sorted(known))}")
    return validate({k: v for k, v in raw.items() if k in STEP_SPEC}, STEP_SPEC, key + ".")


def _scene(value, key: str, folder: Path | None) -> Scene:
    """A step's scene: a name or path, or an inline scene table (which may extend one)."""
    try:
        if isinstance(value, str):
            return load(_relative(value, folder))
        if isinstance(value, dict):
            table = dict(value)
            validate(table, SCENE_SPEC, key + ".")
            if isinstance(table.get("extends"), str):
                table["extends"] = _relative(table["extends"], folder)
            return parse(tomli_w.dumps(table), key)
    except SceneError as exc:
        if isinstance(exc, SceneError) and exc.file == key:  # the inline table itself
            raise Invalid(f"{key}.{exc.key}" if exc.key else key, exc.message) from None
        raise Invalid(key, str(exc)) from None
    raise Invalid(key, "must be a scene name or path, or an inline table ([steps.scene])")


def _relative(name: str, folder: Path | None) -> str:
    if folder is not None and is_path(name) and not Path(name).expanduser().is_absolute():
        return str(folder / name)
    return name


# --- editors' schema --------------------------------------------------------------------------

def tour_schema() -> dict:
    """JSON Schema of tour files (the inline scene is the scene schema)."""
    scene = _schema_node(SCENE_SPEC)
    step = {"type": "object", "additionalProperties": False, "required": ["scene"],
            "properties": {k: _schema_node(TEXT if v is CAPTION else v) for k, v in STEP_SPEC.items()}}
    step["properties"].update({
        "scene": {"oneOf": [{"type": "string", "description": "built-in scene name or .toml path"}, scene]},
        "highlight": {"type": "array", "items": _schema_node(structure_id)},
        "easing": {"enum": list(EASINGS)}})
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "gluteal-viewer tour",
            "type": "object", "additionalProperties": False, "required": ["steps"],
            "properties": {**{k: _schema_node(v) for k, v in TOUR_SPEC.items()},
                           "steps": {"type": "array", "minItems": 1, "maxItems": MAX_STEPS, "items": step}}}
