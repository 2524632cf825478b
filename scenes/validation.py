"""Validation of scene files: one spec from which both the checks and the JSON Schema come.

Every rule names the key path and what was expected; unknown keys and ids come with a "did you
mean". Values are checked for type, range and finiteness (no NaN or infinity anywhere), and the
camera and output are checked as a whole once a file and its `extends` chain are merged
(a view-up along the line of sight, or an eye on its focal point, cannot make a picture).
"""

from __future__ import annotations

import difflib
import math
import os
import re
from functools import cache

from .cameras import CAMERA_PRESETS
from .catalog import CATALOG

MAX_SIDE = 8192  # pixels a side: VTK's and llvmpipe's practical limit
MIN_SIDE = 16
MAX_PIXELS = 7680 * 4320  # 8K UHD: the largest picture anyone puts on a slide or a poster
BYTES_PER_PIXEL = 96  # measured peak memory of a render per output pixel (buffers, peeling, PNG)
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class Invalid(Exception):
    """A rule broken at `key` (a dotted path); turned into a SceneError with file and line."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


def did_you_mean(word, options) -> str:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- leaf rules ----------------------------------------------------------------------------

def _finite_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def vec3(v, key):
    if not (isinstance(v, list) and len(v) == 3 and all(_finite_number(x) for x in v)):
        raise Invalid(key, f"must be three finite numbers [x, y, z] in mm, got {_short(v)}")
    if any(abs(x) > 1e6 for x in v):
        raise Invalid(key, f"must be within a kilometre of the model, got {_short(v)}")
    return tuple(float(x) for x in v)


@cache
def _color_names() -> frozenset[str]:
    from pyvista.plotting.colors import hex_colors

    names = frozenset(hex_colors)
    return names | {n.replace("_", "") for n in names}  # "light_blue" and "lightblue"


def color(v, key):
    if isinstance(v, str) and (HEX_COLOR.fullmatch(v) or v.lower() in _color_names()):
        return v
    raise Invalid(key, f"must be a colour name (such as 'white') or '#rrggbb', got {_short(v)}")


def number(lo: float, hi: float, integer: bool = False):
    def check(v, key):
        ok = isinstance(v, int) and not isinstance(v, bool) if integer else _finite_number(v)
        if not ok:
            raise Invalid(key, f"must be {'a whole number' if integer else 'a finite number'}, "
                               f"got {_short(v)}")
        if not lo <= v <= hi:
            raise Invalid(key, f"must be between {lo} and {hi}, got {v}")
        return v if integer else float(v)
    check.bounds = (lo, hi, integer)
    return check


def kind(t: type, what: str, max_len: int = 2000):
    def check(v, key):
        if not isinstance(v, t) or (isinstance(v, bool) and t is not bool):
            raise Invalid(key, f"must be {what}, got {_short(v)}")
        if isinstance(v, str) and len(v) > max_len:
            raise Invalid(key, f"must be at most {max_len} characters, got {len(v)}")
        return v
    return check


def size(v, key):
    if not (isinstance(v, list) and len(v) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in v)):
        raise Invalid(key, f"must be [width, height] in whole pixels, got {_short(v)}")
    if not all(MIN_SIDE <= x <= MAX_SIDE for x in v):
        raise Invalid(key, f"each side must be {MIN_SIDE} to {MAX_SIDE} pixels, got {v}")
    return tuple(v)


def preset(v, key):
    if not isinstance(v, str) or v not in CAMERA_PRESETS:
        raise Invalid(key, f"unknown camera preset {_short(v)}{did_you_mean(v, CAMERA_PRESETS)}; "
                           f"presets: {', '.join(CAMERA_PRESETS)}")
    return v


class OneOf:
    """A rule: one of a few words."""

    def __init__(self, *values: str):
        self.values = values

    def __call__(self, v, key):
        if v not in self.values:
            raise Invalid(key, f"must be one of {', '.join(map(repr, self.values))}, got {_short(v)}")
        return v


quality = OneOf("slide", "draft")
side = OneOf("above", "below", "left", "right")  # of a label's dot, where its box goes
corner = OneOf("lower-right", "upper-right")  # of a clinical legend (the title has the upper left)


def structure_id(v, key):
    if not isinstance(v, str) or v not in CATALOG:
        raise Invalid(key, f"unknown structure id {_short(v)}{did_you_mean(v, CATALOG)}")
    return v


ANY_VARIANT = "*"


def part_of(structure: str, part: str, key: str, variant: str | None = ANY_VARIANT) -> None:
    """`part` names a part of the structure in the scene's variant (None: the usual anatomy). A
    file read alone may not know its variant yet (`extends`): ANY_VARIANT accepts a part of the
    usual anatomy or of any variant, and the file's labels are checked again once it is known."""
    from meshes.anatomy.courses import variants

    if variant == ANY_VARIANT:
        every = (None, *variants.VARIANTS)
        names = list(dict.fromkeys(n for v in every for n in variants.part_names(structure, v)))
    else:
        names = list(variants.part_names(structure, variant))
    if part not in names:
        raise Invalid(key, f"{structure} has no part {part!r}{did_you_mean(part, names)}"
                           + (f"; parts: {', '.join(names)}" if names else " (it is not a nerve or vessel)"))


def layer_names(v, key):
    """`layers = [...]`: optional layers by name (scenes.layers.OPTIONAL), each at most once."""
    from .layers import OPTIONAL

    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise Invalid(key, f"must be a list of layer names, got {_short(v)}")
    for i, name in enumerate(v):
        if name not in OPTIONAL:
            raise Invalid(f"{key}[{i}]", f"unknown layer {_short(name)}{did_you_mean(name, OPTIONAL)}; "
                                         f"layers: {', '.join(OPTIONAL)}")
    if len(set(v)) < len(v):
        raise Invalid(key, f"names a layer twice: {_short(v)}")
    return list(v)


def site_ids(v, key):
    """`[injection] sites = [...]`: injection site ids (scenes.clinical.injection.SITES)."""
    from .clinical.injection import SITES

    if not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
        raise Invalid(key, f"must be a list of injection site ids, got {_short(v)}")
    for i, name in enumerate(v):
        if name not in SITES:
            raise Invalid(f"{key}[{i}]", f"unknown injection site {_short(name)}{did_you_mean(name, SITES)}; "
                                         f"sites: {', '.join(SITES)}")
    return list(v)


def _short(v, limit: int = 60) -> str:
    text = repr(v)
    return text if len(text) <= limit else text[:limit] + "..."


def lesion_level(v, key):
    from .clinical.lesion import levels

    if not isinstance(v, str) or v not in levels():
        raise Invalid(key, f"unknown lesion level {_short(v)}{did_you_mean(v, levels())}; "
                           f"levels: {', '.join(levels())}")
    return v


def variant_id(v, key):
    from .clinical.variants import variants

    if not isinstance(v, str) or v not in variants():
        raise Invalid(key, f"unknown variant {_short(v)}{did_you_mean(v, variants())}; "
                           f"variants: {', '.join(variants())}")
    return v
def point_ref(v, key):
    """A measurement's end: a landmark name, PATH_ID@start|end|FRACTION, or [x, y, z] in mm."""
    if isinstance(v, list):
        return vec3(v, key)
    from meshes.measure import MeasureError, parse_point

    if not isinstance(v, str):
        raise Invalid(key, f"must be a landmark name or [x, y, z] in mm, got {_short(v)}")
    try:
        parse_point(v)
    except MeasureError as exc:
        raise Invalid(key, str(exc)) from None
    return v


def path_ref(v, key):
    """A path id as in paths.json (structure.part), or a nerve or vessel's id for its tree."""
    from meshes.measure import MeasureError, check_path

    try:
        return check_path(v if isinstance(v, str) else repr(v))
    except MeasureError as exc:
        raise Invalid(key, str(exc)) from None


def _measurement(item: dict, key: str) -> None:
    if ("start" in item) != ("end" in item):
        raise Invalid(key, "needs both 'start' and 'end' (or neither, with 'along', for a path's length)")
    if "start" not in item and "along" not in item:
        raise Invalid(key, "needs 'start' and 'end', or 'along' for a path's length")


TEXT, BOOL = kind(str, "text"), kind(bool, "true or false")
PATH = kind(str, "a scene name or a path to a .toml file", max_len=1024)

# The scene file format. A dict is a table; "*" matches any structure id; a one-item list is an
# array of tables; `required` lists keys an array item must have.
SPEC = {
    "title": TEXT, "caption": TEXT, "extends": PATH, "replace_labels": BOOL,
    "camera": {"preset": preset, "position": vec3, "focal_point": vec3, "view_up": vec3,
               "zoom": number(0.05, 20)},
    "output": {"size": size, "scale": number(1, 8, integer=True), "quality": quality,
               "background": color, "legend": corner,
               "transparent": BOOL, "labels": BOOL, "max_labels": number(0, 30, integer=True),
               "captions": BOOL, "orientation_marker": BOOL,
               "scale_bar": BOOL, "dpi": number(30, 2400, integer=True)},
    "structures": {"*": {"visible": BOOL, "opacity": number(0, 1), "color": color,
                         "highlight": BOOL, "outline": BOOL,
                         "reflected": BOOL, "show_through": BOOL, "projected": BOOL,
                         "cut_branches": BOOL}},
    "labels": [{"structure": structure_id, "text": TEXT, "part": TEXT, "side": side, "near": point_ref}],
    "lesion": lesion_level,
    "variant": variant_id,
    "measurements": [{"start": point_ref, "end": point_ref, "along": path_ref, "label": TEXT,
                      "color": color}],
    "layers": layer_names,
    "injection": {"depth": number(1, 150), "sites": site_ids},
}
REQUIRED = {"labels": ("structure",)}
REQUIRED["measurements"] = ()
ITEM_CHECKS = {"measurements": _measurement}  # rules on an array item as a whole


def validate(raw: dict, spec: dict = SPEC, prefix: str = "") -> dict:
    """The checked and converted copy of `raw` (as parsed from TOML), or Invalid."""
    out = {}
    for key, value in raw.items():
        path = f"{prefix}{key}"
        rule = spec.get(key, spec.get("*"))
        if "*" in spec:
            structure_id(key, path)
        if rule is None:
            raise Invalid(path, f"unknown key{did_you_mean(key, spec)}; "
                                f"expected one of: {', '.join(k for k in spec if k != '*')}")
        if isinstance(rule, dict):
            if not isinstance(value, dict):
                raise Invalid(path, f"must be a table ([{path}])")
            out[key] = validate(value, rule, path + ".")
        elif isinstance(rule, list):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise Invalid(path, f"must be a list of tables ([[{path}]])")
            out[key] = [validate(v, rule[0], f"{path}[{i}].") for i, v in enumerate(value)]
            for i, item in enumerate(out[key]):
                for needed in REQUIRED[key]:
                    if needed not in item:
                        raise Invalid(f"{path}[{i}]", f"needs a {needed!r}")
                if "part" in item:
                    part_of(item["structure"], item["part"], f"{path}[{i}].part")
                if key in ITEM_CHECKS:
                    ITEM_CHECKS[key](item, f"{path}[{i}]")
        else:
            out[key] = rule(value, path)
    return out


# --- the merged scene as a whole -------------------------------------------------------------

def check_camera(camera: dict) -> None:
    """A camera that can make a picture: an eye off its focal point, a view-up across the line
    of sight. `camera` is the merged, validated [camera] table."""
    up = camera.get("view_up")
    if up is not None and _norm(up) < 1e-6:
        raise Invalid("camera.view_up", f"must have a length (a direction), got {list(up)}")
    if camera.get("position") is not None and camera.get("focal_point") is not None \
            and not camera.get("preset"):
        sight = [p - f for p, f in zip(camera["position"], camera["focal_point"], strict=True)]
        if _norm(sight) < 1e-3:
            raise Invalid("camera.position", "must differ from camera.focal_point "
                                             "(the eye cannot sit on what it looks at)")
    elif camera.get("preset"):
        sight = list(CAMERA_PRESETS[camera["preset"]].direction)
    else:
        return
    if up is not None and _norm(_cross(sight, up)) < 0.01 * _norm(sight) * _norm(up):
        raise Invalid("camera.view_up", f"must not point along the line of sight, got {list(up)}")


def check_pixels(width: int, height: int, scale: int = 1) -> None:
    """The picture fits this machine: per side, in all, and in the memory free now."""
    w, h = width * scale, height * scale
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise Invalid("output.size", f"{w}x{h} pixels: each side must be {MIN_SIDE} to {MAX_SIDE}")
    limit = max_pixels()
    if w * h > limit:
        raise Invalid("output.size", f"{w}x{h} pixels ({w * h / 1e6:.0f} Mpx) is more than this machine "
                                     f"renders: at most {limit / 1e6:.0f} Mpx (e.g. 7680x4320) with "
                                     f"{_free_memory() / 2**30:.0f} GB of memory free")


def max_pixels() -> int:
    return int(min(MAX_PIXELS, _free_memory() / 2 / BYTES_PER_PIXEL))


def _free_memory() -> float:
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # not POSIX: assume a desktop's few GB
        return 4.0 * 2**30


def _norm(v) -> float:
    return math.sqrt(sum(x * x for x in v))


def _cross(a, b) -> list[float]:
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


# --- editors' schema -------------------------------------------------------------------------

def json_schema() -> dict:
    """JSON Schema of the scene format, derived from SPEC so the two cannot drift apart."""
    schema = _schema_node(SPEC)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "gluteal-viewer scene", **schema}


def _schema_node(spec) -> dict:
    if isinstance(spec, list):
        return {"type": "array", "items": _schema_node(spec[0])}
    if not isinstance(spec, dict):
        return _schema_leaf(spec)
    if "*" in spec:
        return {"type": "object", "propertyNames": {"enum": list(CATALOG)},
                "additionalProperties": _schema_node(spec["*"])}
    node = {"type": "object", "additionalProperties": False,
            "properties": {k: _schema_node(v) for k, v in spec.items()}}
    for key, needed in REQUIRED.items():
        if isinstance(spec.get(key), list):
            node["properties"][key]["items"]["required"] = list(needed)
    return node


def _schema_leaf(rule) -> dict:
    if rule in (TEXT, PATH):
        return {"type": "string"}
    if rule is BOOL:
        return {"type": "boolean"}
    if rule is vec3:
        return {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3}
    if rule is size:
        return {"type": "array", "items": {"type": "integer", "minimum": MIN_SIDE, "maximum": MAX_SIDE},
                "minItems": 2, "maxItems": 2}
    if rule is preset:
        return {"enum": list(CAMERA_PRESETS)}
    if isinstance(rule, OneOf):
        return {"enum": list(rule.values)}
    if rule is structure_id:
        return {"enum": list(CATALOG)}
    if rule is lesion_level:
        from .clinical.lesion import levels

        return {"enum": list(levels())}
    if rule is variant_id:
        from .clinical.variants import variants

        return {"enum": list(variants())}
    if rule is point_ref:
        return {"oneOf": [{"type": "string", "description": "landmark name or PATH_ID@start|end|FRACTION"},
                          {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3}]}
    if rule is path_ref:  # a pattern, not the list of ids: the schema need not change with the paths
        return {"type": "string", "pattern": r"^[a-z0-9_]+(\.[A-Za-z0-9_]+)?$",
                "description": "path id as in paths.json (structure.part), or a nerve's id"}
    if rule is layer_names:
        from .layers import OPTIONAL

        return {"type": "array", "items": {"enum": list(OPTIONAL)}, "uniqueItems": True}
    if rule is site_ids:
        from .clinical.injection import SITES

        return {"type": "array", "items": {"enum": list(SITES)}, "minItems": 1}
    if rule is color:
        return {"type": "string", "pattern": "^(#[0-9a-fA-F]{6}|[a-z_]+)$",
                "description": "colour name or #rrggbb"}
    lo, hi, integer = rule.bounds
    return {"type": "integer" if integer else "number", "minimum": lo, "maximum": hi}
