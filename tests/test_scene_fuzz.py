"""Property tests over the scene-file grammar: loading raises only SceneError, never anything
else; what is accepted is valid (finite, in range) and renders a picture that is not blank."""

import math
import string

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenes
from scenes.catalog import CATALOG
from scenes.offscreen import Renderer, with_output
from scenes.validation import SPEC

IDS = sorted(CATALOG)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Values of every TOML type, the awkward ones on purpose: NaN, infinities, huge and tiny numbers,
# empty and very long strings, unicode, nested lists and tables.
scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e-320, -0.0, 1e308, 0.5, 2.0]),
    st.text(max_size=12), st.sampled_from(["", "posterior", "#12345", "#a1b2c3", "white", "ünïcødé",
                                           "x" * 3000, "../x.toml", "/dev/zero"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=8), inner, max_size=3),
                      max_leaves=8)


def _near(spec_keys):
    """Mostly the grammar's own keys, sometimes a stranger."""
    return st.one_of(st.sampled_from(sorted(spec_keys)), st.text(string.ascii_lowercase + "_", min_size=1,
                                                                 max_size=10))


camera = st.dictionaries(_near(SPEC["camera"]), st.one_of(
    values, st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=3, max_size=3),
    st.sampled_from([[0, 0, 0], [1e-320, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1]])), max_size=5)
output = st.dictionaries(_near(SPEC["output"]), st.one_of(
    values, st.lists(st.integers(-5, 20000), min_size=2, max_size=2)), max_size=4)
style = st.dictionaries(_near(SPEC["structures"]["*"]), values, max_size=4)
documents = st.fixed_dictionaries({}, optional={
    "title": values, "caption": values, "extends": st.one_of(values, st.sampled_from(
        ["default", "posterior", "nope", "a.toml", "b.toml", "../a.toml"])),
    "camera": camera, "output": output,
    "structures": st.dictionaries(st.one_of(st.sampled_from(IDS), st.text(max_size=8)), style, max_size=3),
    "labels": st.lists(st.dictionaries(st.sampled_from(["structure", "text", "x"]),
                                       st.one_of(st.sampled_from(IDS), values), max_size=2), max_size=3),
})


def _write(path, doc) -> bool:
    try:
        path.write_text(tomli_w.dumps(doc), "utf-8")
    except (TypeError, ValueError):  # not expressible in TOML (e.g. a list of mixed tables)
        return False
    return True


def _all_finite(obj) -> bool:
    if isinstance(obj, float):
        return math.isfinite(obj)
    if isinstance(obj, dict):
        return all(_all_finite(v) for v in obj.values())
    if isinstance(obj, list | tuple):
        return all(_all_finite(v) for v in obj)
    return True


@FUZZ
@given(doc=documents, parent=documents)
def test_loading_raises_only_scene_errors(tmp_path_factory, doc, parent):
    folder = tmp_path_factory.mktemp("fuzz")
    if not (_write(folder / "a.toml", doc) and _write(folder / "b.toml", parent)):
        return
    try:
        scene = scenes.load(folder / "a.toml")
    except scenes.SceneError as exc:
        assert "\n" not in str(exc) and str(exc)  # one line, never empty
        return
    assert _all_finite(scene.to_dict())
    assert all(0 <= s.opacity <= 1 for s in scene.structures.values())
    assert 16 <= min(scene.output.pixels) and max(scene.output.pixels) <= 8192


@pytest.mark.parametrize("links", [["b.toml", "a.toml"], ["b.toml", "../f/a.toml"], ["a.toml", None]])
def test_extends_cycles_are_named(tmp_path, links):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.toml").write_text(f'extends = "{links[0]}"\n')
    (folder / "b.toml").write_text(f'extends = "{links[1]}"\n' if links[1] else "")
    with pytest.raises(scenes.SceneError, match=r"extends itself: .*a\.toml -> .* -> .*a\.toml|"
                                                 r"extends itself: .*a\.toml -> .*a\.toml"):
        scenes.load(folder / "a.toml")


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


def _placed(focal, offset, up):
    """An exact camera looking at a point of the model from 150 to 900 mm away."""
    norm = math.sqrt(sum(v * v for v in offset)) or 1.0
    distance = 150 + 750 * abs(math.sin(norm))
    position = [f + distance * v / norm for f, v in zip(focal, offset, strict=True)]
    return {"position": position, "focal_point": focal, "view_up": up}


unit = st.lists(st.floats(-1, 1), min_size=3, max_size=3)
views = st.one_of(
    st.fixed_dictionaries({"preset": st.sampled_from(["posterior", "lateral", "foramen", "inferior",
                                                       "pelvis-inside"])},
                          optional={"zoom": st.floats(0.3, 4), "view_up": unit}),
    st.builds(_placed, st.tuples(st.floats(-60, 60), st.floats(-130, -30), st.floats(-110, 30)).map(list),
              unit, unit))


@pytest.mark.render
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(view=views)
def test_every_accepted_camera_renders_a_picture(renderer, view):
    try:
        scene = scenes.parse(tomli_w.dumps({"extends": "posterior", "camera": view,
                                            "output": {"orientation_marker": False}}))
    except scenes.SceneError:
        return
    image = renderer.image(with_output(scene, size=(160, 90), labels=False))
    assert np.ptp(image[..., :3].reshape(-1, 3), axis=0).max() > 30, f"blank picture for {view}"


def test_a_key_with_a_newline_is_named_on_one_line(tmp_path):
    """Found by the fuzz test: [structures."\\n"] printed its key's newline raw."""
    (tmp_path / "a.toml").write_text('[structures."\\n"]\n')
    with pytest.raises(scenes.SceneError) as caught:
        scenes.load(tmp_path / "a.toml")
    assert "\n" not in str(caught.value) and "structures.\\n" in str(caught.value)
