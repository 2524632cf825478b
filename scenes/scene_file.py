"""The scene file format: TOML in and out, validation with file, line and key, JSON Schema.

A scene file is the scripting interface: a user writes one to get a picture without Python, and
the window saves one for "save this view". Errors name the file, the line where it is known, the
key path and what was expected; unknown keys and ids come with a "did you mean".
"""

from __future__ import annotations

import copy
import difflib
import re
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path

import tomli_w

from meshes.files import atomic_write

from .cameras import CAMERA_PRESETS
from .catalog import CATALOG
from .scene import Camera, Label, Output, Scene, Style

BUILTIN = "builtin"
MAX_SIDE = 8192  # pixels: beyond this llvmpipe and memory give out on these machines


class SceneError(ValueError):
    """Bad scene input; str() is one line: file:line: key.path: what was expected."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 key: str | None = None):
        self.file, self.line, self.key, self.message = file, line, key, message
        where = ":".join(str(p) for p in (file, line) if p is not None)
        super().__init__(": ".join(p for p in (where, key, message) if p))


def save(scene: Scene, path) -> Path:
    """Write the scene as TOML (atomically); loading it back gives an equal scene."""
    data = scene.to_dict()
    data.pop("name", None)
    return atomic_write(Path(path), lambda tmp: tmp.write_text(tomli_w.dumps(data), "utf-8"))


# --- validation ---------------------------------------------------------------------------

def _vec3(v, key):
    if not (isinstance(v, list) and len(v) == 3 and all(isinstance(x, int | float) for x in v)):
        raise _Bad(key, f"must be three numbers [x, y, z] in mm, got {v!r}")
    return tuple(float(x) for x in v)


def _color(v, key):
    import pyvista as pv

    try:
        pv.Color(v)
    except (ValueError, TypeError):
        raise _Bad(key, f"must be a colour name or '#rrggbb', got {v!r}") from None
    return v


def _number(lo=None, hi=None, integer=False):
    def check(v, key):
        kinds = (int,) if integer else (int, float)
        if isinstance(v, bool) or not isinstance(v, kinds):
            raise _Bad(key, f"must be {'a whole number' if integer else 'a number'}, got {v!r}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
            raise _Bad(key, f"must be {rng}, got {v}")
        return v if integer else float(v)
    return check


def _kind(t, what):
    def check(v, key):
        if not isinstance(v, t) or isinstance(v, bool) and t is not bool:
            raise _Bad(key, f"must be {what}, got {v!r}")
        return v
    return check


def _size(v, key):
    if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and x > 0 for x in v)):
        raise _Bad(key, f"must be [width, height] in pixels, got {v!r}")
    if max(v) > MAX_SIDE:
        raise _Bad(key, f"at most {MAX_SIDE} pixels a side on this machine, got {v}")
    return tuple(v)


def _preset(v, key):
    if v not in CAMERA_PRESETS:
        raise _Bad(key, f"unknown camera preset {v!r}{_did_you_mean(v, CAMERA_PRESETS)}; "
                        f"presets: {', '.join(CAMERA_PRESETS)}")
    return v


STRING, BOOL = _kind(str, "text"), _kind(bool, "true or false")
SPEC = {
    "title": STRING, "caption": STRING, "extends": STRING,
    "camera": {"preset": _preset, "position": _vec3, "focal_point": _vec3, "view_up": _vec3,
               "zoom": _number(0.05, 20)},
    "output": {"size": _size, "scale": _number(1, 8, integer=True), "background": _color,
               "transparent": BOOL, "labels": BOOL, "orientation_marker": BOOL,
               "scale_bar": BOOL, "dpi": _number(30, 2400, integer=True)},
    "structures": {"*": {"visible": BOOL, "opacity": _number(0, 1), "color": _color,
                         "highlight": BOOL}},
    "labels": [{"structure": STRING, "text": STRING}],
}


class _Bad(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


def _did_you_mean(word: str, options) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _validate(raw: dict, spec: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in raw.items():
        path = f"{prefix}{key}"
        if prefix == "structures." and key not in CATALOG:
            raise _Bad(path, f"unknown structure id {key!r}{_did_you_mean(key, CATALOG)}")
        rule = spec.get(key, spec.get("*"))
        if rule is None:
            raise _Bad(path, f"unknown key{_did_you_mean(key, spec)}; "
                             f"expected one of: {', '.join(k for k in spec if k != '*')}")
        if isinstance(rule, dict):
            if not isinstance(value, dict):
                raise _Bad(path, f"must be a table ([{path}])")
            out[key] = _validate(value, rule, path + ".")
        elif isinstance(rule, list):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise _Bad(path, f"must be a list of tables ([[{path}]])")
            out[key] = [_validate(v, rule[0], f"{path}[{i}].") for i, v in enumerate(value)]
            for i, item in enumerate(out[key]):
                if "structure" not in item:
                    raise _Bad(f"{path}[{i}]", "needs a 'structure' id")
                if item["structure"] not in CATALOG:
                    s = item["structure"]
                    raise _Bad(f"{path}[{i}].structure",
                               f"unknown structure id {s!r}{_did_you_mean(s, CATALOG)}")
        else:
            out[key] = rule(value, path)
    return out


def _line_of(text: str, key: str) -> int | None:
    """Best-effort line of a dotted key path in TOML text (tables, arrays of tables, keys)."""
    parts = re.sub(r"\[(\d+)\]", r".\1", key).split(".")
    table: list[str] = []
    counts: dict[str, int] = {}
    best = None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if m := re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", s):
            name = m.group(1)
            counts[name] = counts.get(name, -1) + 1
            table = [name, str(counts[name])]
        elif m := re.match(r"^\[\s*([^\]]+?)\s*\]", s):
            table = [p.strip().strip('"') for p in m.group(1).split(".")]
        elif m := re.match(r"^([A-Za-z0-9_\-\"\.]+)\s*=", s):
            full = table + [p.strip('"') for p in m.group(1).split(".")]
            if full[: len(parts)] == parts:
                return n
            continue
        else:
            continue
        if table == parts:
            return n
        if table and table == parts[: len(table)]:
            best = n
    return best


# --- loading ------------------------------------------------------------------------------

def builtin_names() -> list[str]:
    folder = resources.files("scenes").joinpath(BUILTIN)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _locate(name_or_path: str | Path, relative_to: Path | None = None) -> tuple[str, str]:
    """(display name, TOML text) of a built-in scene name or a file path."""
    p = Path(name_or_path)
    if relative_to is not None and not p.is_absolute():
        candidate = relative_to / p
        if candidate.exists():
            p = candidate
    if p.suffix == ".toml" or p.exists():
        try:
            return str(p), p.read_text("utf-8")
        except FileNotFoundError:
            raise SceneError("no such scene file", file=str(p)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SceneError(f"cannot read the file ({exc})", file=str(p)) from None
    name = str(name_or_path)
    if name in builtin_names():
        return name, resources.files("scenes").joinpath(BUILTIN, f"{name}.toml").read_text("utf-8")
    raise SceneError(f"no built-in scene or file named {name!r}{_did_you_mean(name, builtin_names())}; "
                     f"built-in scenes: {', '.join(builtin_names())}")


def _raw(name_or_path, relative_to=None, seen=()) -> dict:
    """Validated raw dict of a scene file with its `extends` chain merged in."""
    label, text = _locate(name_or_path, relative_to)
    if label in seen:
        raise SceneError(f"extends itself through {' -> '.join(seen)}", file=label, key="extends")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise SceneError(f"not valid TOML: {exc}", file=label,
                         line=int(m.group(1)) if m else None) from None
    try:
        data = _validate(data, SPEC)
    except _Bad as bad:
        raise SceneError(bad.message, file=label, line=_line_of(text, bad.key), key=bad.key) from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    here = Path(label).parent if Path(label).suffix == ".toml" else None
    base = _raw(parent, here, (*seen, label))
    return _merge(base, data)


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def from_dict(data: dict, name: str = "") -> Scene:
    """A Scene from a validated dict (as parsed from TOML)."""
    scene = Scene(name=name)
    for k in ("title", "caption"):
        if k in data:
            setattr(scene, k, data[k])
    scene.camera = replace(Camera(), **data.get("camera", {}))
    if "position" in data.get("camera", {}) and "preset" not in data["camera"]:
        scene.camera.preset = None  # explicit placement wins over the default preset
    scene.output = replace(Output(), **data.get("output", {}))
    scene.structures = {k: replace(Style(), **v) for k, v in data.get("structures", {}).items()}
    scene.labels = [Label(**item) for item in data.get("labels", [])]
    return scene


def parse(text: str, name: str = "<string>") -> Scene:
    """A Scene from TOML text (no `extends` relative to a file)."""
    try:
        data = _validate(tomllib.loads(text), SPEC)
    except tomllib.TOMLDecodeError as exc:
        raise SceneError(f"not valid TOML: {exc}", file=name) from None
    except _Bad as bad:
        raise SceneError(bad.message, file=name, line=_line_of(text, bad.key), key=bad.key) from None
    if "extends" in data:
        data = _merge(_raw(data.pop("extends")), data)
    return from_dict(data, name)


def load(name_or_path: str | Path) -> Scene:
    """A built-in scene by name (see `builtin_names()`), or a scene file by path."""
    label, _ = _locate(name_or_path)
    stem = Path(label).stem if Path(label).suffix == ".toml" else label
    return from_dict(_raw(name_or_path), stem)


def json_schema() -> dict:
    """JSON Schema of the scene format, derived from SPEC so the two cannot drift apart."""
    def leaf(rule):
        if rule in (STRING,):
            return {"type": "string"}
        if rule is BOOL:
            return {"type": "boolean"}
        if rule is _vec3:
            return {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3}
        if rule is _size:
            return {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": MAX_SIDE},
                    "minItems": 2, "maxItems": 2}
        if rule is _preset:
            return {"enum": list(CAMERA_PRESETS)}
        if rule is _color:
            return {"type": "string", "description": "colour name or #rrggbb"}
        return {"type": "number"}

    def node(spec):
        if isinstance(spec, list):
            return {"type": "array", "items": node(spec[0])}
        if not isinstance(spec, dict):
            return leaf(spec)
        if "*" in spec:
            return {"type": "object", "propertyNames": {"enum": list(CATALOG)},
                    "additionalProperties": node(spec["*"])}
        return {"type": "object", "additionalProperties": False,
                "properties": {k: node(v) for k, v in spec.items()}}

    schema = node(SPEC)
    schema["properties"]["labels"]["items"]["required"] = ["structure"]
    schema["properties"]["labels"]["items"]["properties"]["structure"] = {"enum": list(CATALOG)}
    opacity = schema["properties"]["structures"]["additionalProperties"]["properties"]["opacity"]
    opacity.update(minimum=0, maximum=1)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "gluteal-viewer scene", **schema}


