"""The scene file format: TOML in and out, `extends` chains, errors with file, line and key.

A scene file is the scripting interface: a user writes one to get a picture without Python, and
the window saves one for "save this view". What counts as valid lives in `scenes.validation`.

Names and paths: a bare name (no slash, not ending in .toml) is a built-in scene; anything with
a slash or ending in .toml is a file path. So a file or folder called "posterior" in the working
folder never replaces the built-in scene (write ./posterior.toml for the file).
"""

from __future__ import annotations

import copy
import errno
import logging
import os
import re
import stat
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path

import tomli_w

from meshes.files import atomic_write

from . import validation
from .scene import Camera, Injection, Label, Measurement, Output, Scene, Style
from .validation import MAX_SIDE, Invalid, check_camera, check_pixels, did_you_mean, json_schema, validate

__all__ = ["MAX_SIDE", "SceneError", "builtin_names", "is_path", "json_schema", "load", "parse", "save"]

BUILTIN = "builtin"
MAX_BYTES = 256 * 1024  # a scene file is a few hundred bytes; refuse anything absurd before reading
log = logging.getLogger(__name__)


class SceneError(ValueError):
    """Bad scene input; str() is one line: file:line: key.path: what was expected."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 key: str | None = None):
        self.file, self.line, self.key, self.message = file, line, key, message
        where = ":".join(str(p) for p in (file, line) if p is not None)
        shown = key.encode("unicode_escape").decode() if key else key  # a key may hold a newline
        super().__init__(": ".join(p for p in (where, shown, message) if p))


def save(scene: Scene, path) -> Path:
    """Write the scene as TOML (atomically); loading it back gives an equal scene."""
    data = scene.to_dict()
    return atomic_write(Path(path), lambda tmp: tmp.write_text(tomli_w.dumps(data), "utf-8"))


# --- finding and reading --------------------------------------------------------------------

def builtin_names() -> list[str]:
    folder = resources.files("scenes").joinpath(BUILTIN)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def is_path(name: str | Path) -> bool:
    """A path has a slash or ends in .toml; a bare name is a built-in scene."""
    text = str(name)
    return isinstance(name, Path) or "/" in text or os.sep in text or text.lower().endswith(".toml")


def _builtin(name: str) -> tuple[str, str]:
    if name not in builtin_names():
        hint = f"; for a file, write ./{name}.toml" if Path(f"{name}.toml").exists() else ""
        raise SceneError(f"no built-in scene named {name!r}{did_you_mean(name, builtin_names())}; "
                         f"built-in scenes: {', '.join(builtin_names())}{hint}")
    if Path(name).exists() or Path(f"{name}.toml").exists():
        log.warning("%r is the built-in scene; for the file in this folder, write ./%s%s", name, name,
                    "" if name.endswith(".toml") or not Path(f"{name}.toml").exists() else ".toml")
    return name, resources.files("scenes").joinpath(BUILTIN, f"{name}.toml").read_text("utf-8")


def read_text(path: Path) -> str:
    """Text of a small regular file (UTF-8, with or without a byte-order mark), or SceneError.

    Devices, FIFOs and folders are refused before reading: /dev/zero would never end and a FIFO
    would block. The file is opened without blocking and checked on its open descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        what = "no such scene file" if exc.errno == errno.ENOENT else f"cannot read it ({exc.strerror})"
        raise SceneError(what, file=str(path)) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SceneError("not a regular file (a scene is a .toml text file)", file=str(path))
        if info.st_size > MAX_BYTES:
            raise SceneError(f"{info.st_size} bytes is too big for a scene file "
                             f"(at most {MAX_BYTES // 1024} KB)", file=str(path))
        data = fh.read(MAX_BYTES + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SceneError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


def _locate(name_or_path: str | Path, relative_to: Path | None = None) -> tuple[str, str, str]:
    """(label for messages, identity for cycle checks, TOML text) of a name or a path."""
    if not is_path(name_or_path):
        label, text = _builtin(str(name_or_path))
        return label, f"builtin:{label}", text
    path = Path(name_or_path).expanduser()
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    try:
        identity = str(path.resolve())
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
        raise SceneError(f"cannot read it ({exc})", file=str(path)) from None
    return str(path), identity, read_text(path)


# --- parsing and merging --------------------------------------------------------------------

def _parse_validated(text: str, label: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise SceneError(f"not valid TOML: {exc}", file=label,
                         line=int(m.group(1)) if m else None) from None
    try:
        return validate(data)
    except Invalid as bad:
        raise SceneError(bad.message, file=label, line=_line_of(text, bad.key), key=bad.key) from None


def _raw(name_or_path, relative_to: Path | None = None, chain: tuple[tuple[str, str], ...] = ()) -> dict:
    """Validated raw dict of a scene with its `extends` chain merged in.

    `chain` holds (identity, label) of the files that extend this one, outermost first."""
    return _resolve(*_locate(name_or_path, relative_to), chain)


def _resolve(label: str, identity: str, text: str, chain: tuple[tuple[str, str], ...]) -> dict:
    if identity in (i for i, _ in chain):
        loop = " -> ".join([lb for _, lb in chain] + [label])
        raise SceneError(f"extends itself: {loop}", file=chain[-1][1], key="extends")
    data = _parse_validated(text, label)
    parent = data.pop("extends", None)
    if parent is None:
        _check_parts(data, data.get("variant"), label, text)
        return data
    here = Path(label).parent if is_path(label) else None
    try:
        base = _raw(parent, here, (*chain, (identity, label)))
    except SceneError as exc:
        if exc.file == label or "extends itself" in exc.message:
            raise
        raise SceneError(f"{exc} (extended by {label})", file=label, line=_line_of(text, "extends"),
                         key="extends") from None
    merged = _merge(base, data)
    _check_parts(data, merged.get("variant"), label, text)
    return merged


def _check_parts(own: dict, variant: str | None, label: str, text: str) -> None:
    """A file's own labels name parts of the anatomy it shows: its variant, set here or inherited
    (the cord of a split sciatic nerve exists only in the variants that split it)."""
    try:
        for i, item in enumerate(own.get("labels", [])):
            if "part" in item:
                validation.part_of(item["structure"], item["part"], f"labels[{i}].part", variant)
    except Invalid as bad:
        raise SceneError(bad.message, file=label, line=_line_of(text, bad.key), key=bad.key) from None


def _shown_parts(labels: list[dict], variant: str | None) -> list[dict]:
    """Inherited labels on a part the scene's variant lacks are left out: a child of `default`
    may choose a variant without the IGN's cutaneous branch, which `default` labels."""
    from meshes.anatomy.courses import variants

    kept = []
    for item in labels:
        if "part" not in item or item["part"] in variants.part_names(item["structure"], variant):
            kept.append(item)
        else:
            log.info("label on %s.%s left out: variant %s has no such part", item["structure"], item["part"],
                     variant)
    return kept


def _merge(base: dict, over: dict) -> dict:
    """A child's values override its parent's. A child's exact camera placement drops the parent's
    preset; a child's labels add to the parent's unless it says `replace_labels = true`."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    camera = over.get("camera", {})
    if "position" in camera and "preset" not in camera:
        out["camera"].pop("preset", None)
    if isinstance(over.get("labels"), list) and not over.get("replace_labels"):  # not [output] labels
        own = {item["structure"] for item in over["labels"]}
        out["labels"] = [i for i in base.get("labels", []) if i["structure"] not in own] + over["labels"]
    out.pop("replace_labels", None)
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


def _scene(data: dict, name: str, label: str, text: str | None) -> Scene:
    """A Scene from a merged, validated dict; the camera and output are checked as a whole."""
    camera, output = data.get("camera", {}), data.get("output", {})
    try:
        if "position" in camera and "focal_point" not in camera:
            raise Invalid("camera.focal_point", "is needed with camera.position")
        check_camera({"preset": None if "position" in camera else "posterior", **camera})
        w, h = output.get("size", Output.size)
        check_pixels(w, h, output.get("scale", 1))
    except Invalid as bad:
        line = _line_of(text, bad.key) if text else None
        raise SceneError(bad.message, file=label, line=line, key=bad.key) from None
    scene = Scene(name=name, source=label, title=data.get("title", ""), caption=data.get("caption", ""))
    scene.camera = replace(Camera(), **camera)
    if "position" in camera and "preset" not in camera:
        scene.camera.preset = None  # an exact placement
    scene.output = replace(Output(), **output)
    scene.structures = {k: replace(Style(), **v) for k, v in data.get("structures", {}).items()}
    scene.labels = [Label(**item) for item in _shown_parts(data.get("labels", []), data.get("variant"))]
    scene.lesion = data.get("lesion")
    scene.variant = data.get("variant")
    scene.measurements = [Measurement(**item) for item in data.get("measurements", [])]
    scene.layers = list(data.get("layers", []))
    scene.injection = replace(Injection(), **data.get("injection", {}))
    return scene


def parse(text: str, name: str = "<string>") -> Scene:
    """A Scene from TOML text (`extends` names a built-in scene or a path from here)."""
    own = _parse_validated(text.removeprefix("\ufeff"), name)
    data = _merge(_raw(own.pop("extends")), own) if "extends" in own else own
    _check_parts(own, data.get("variant"), name, text)
    return _scene(data, name, name, text)


def load(name_or_path: str | Path) -> Scene:
    """A built-in scene by bare name (see `builtin_names()`), or a scene file by path."""
    label, identity, text = _locate(name_or_path)
    name = Path(label).stem if is_path(label) else label
    return _scene(_resolve(label, identity, text, ()), name, label, text)
