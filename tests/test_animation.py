"""Render tier: animations are decoded and checked (frame count, size, fps, codec, keyframes
matching stills of the same scenes, a turntable's constant distance); cancelling leaves nothing."""

import imageio.v2 as imageio
import numpy as np
import pytest
from PIL import Image

import scenes
from scenes import cli
from scenes.offscreen import Renderer
from scenes.teaching.animation import tour_frames, turntable_frames, video_scene
from scenes.teaching.tour import parse_tour
from scenes.teaching.video import Cancelled, write_frames

pytestmark = pytest.mark.render
SIZE = (320, 180)
TOUR = """
title = "Two steps"
[[steps]]
scene = "posterior"
caption = "From behind."
hold = 1.0
[[steps]]
scene = "lateral"
caption = "From the side."
transition = 0.5
hold = 1.0
"""


def _decode(path):
    reader = imageio.get_reader(path)
    meta = reader.get_meta_data()
    frames = [np.asarray(f)[..., :3] for f in reader]
    reader.close()
    return frames, meta


def _still(renderer, scene) -> np.ndarray:
    return renderer.image(video_scene(scene, SIZE, "draft"))[..., :3]


def _close(a, b) -> float:
    """Mean absolute difference per channel (0-255)."""
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def _close_coded(a, b, k: int = 4) -> float:
    """`_close` on k x k block means: H.264's error is fine-grained, and a busy 320x180 picture
    (small text, many edges) gave 3.2 on the pixels for a frame identical to its still, while a
    moved label or camera still differs by tens."""
    h, w = a.shape[0] // k * k, a.shape[1] // k * k
    def blocks(x):
        return x[:h, :w, :3].astype(float).reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3))
    return float(np.abs(blocks(a) - blocks(b)).mean())


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


def test_turntable_mp4_decodes_as_asked(renderer, tmp_path):
    out = tmp_path / "turn.mp4"
    assert cli.main(["animate", "posterior", "-o", str(out), "--size", "320x180", "--fps", "8",
                     "--turntable", "1", "--quality", "draft"]) == 0
    frames, meta = _decode(out)
    assert len(frames) == 8 and frames[0].shape == (180, 320, 3)
    assert meta["fps"] == 8 and meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    still = _still(renderer, scenes.load("posterior"))
    assert _close_coded(frames[0], still) < 3  # the first frame is the scene's still (after H.264)
    assert _close(frames[4], still) > 15  # half a turn later it is the other side
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_turntable_distance_is_constant(built_meshes):
    scene = video_scene(scenes.load("foramen"), (160, 90), "draft")
    scene.output.labels = False
    frames = turntable_frames(scene, built_meshes, fps=12, seconds=1)
    for _ in frames.frames:
        pass
    distances = np.array([p.distance for p in frames.poses])  # cameras the frames were drawn from
    assert len(distances) == 12 and np.ptp(distances) / distances.mean() < 0.005
    sights = np.array([np.subtract(p.position, p.focal_point) for p in frames.poses])
    turned = np.degrees(np.arctan2(sights[:, 1], sights[:, 0]))
    assert np.ptp(np.unwrap(np.radians(turned))) == pytest.approx(np.radians(330), abs=0.01)


def test_png_sequence_is_exact_and_gif_has_one_palette(renderer, tmp_path):
    folder = tmp_path / "frames"
    assert cli.main(["animate", "posterior", "-o", str(folder), "--size", "320x180", "--fps", "4",
                     "--turntable", "1", "--quality", "draft"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"frame_{i:05d}.png" for i in range(4)]
    first = np.asarray(Image.open(folder / names[0]))[..., :3]
    assert np.array_equal(first, _still(renderer, scenes.load("posterior")))  # lossless: the still itself
    frames = [np.asarray(Image.open(folder / n))[..., :3] for n in names]
    gif = tmp_path / "turn.gif"
    write_frames(iter(frames), len(frames), gif, fps=4)
    decoded = [np.asarray(f)[..., :3] for f in imageio.mimread(gif)]
    assert len(decoded) == 4 and decoded[0].shape == (180, 320, 3)
    assert _close(decoded[0], frames[0]) < 4  # a palette made for the clip, dithered
    assert len(np.unique(decoded[0].reshape(-1, 3), axis=0)) <= 256


def test_tour_video_keyframes_are_the_steps_stills(renderer, built_meshes, tmp_path):
    tour = parse_tour(TOUR, "two.toml")
    frames = tour_frames(tour, built_meshes, fps=8, size=SIZE, quality="draft")
    # hold 8, fade out 4, move 4, fade in 4, hold 8
    assert frames.count == 28 and frames.keyframes == [0, 20]
    out = write_frames(frames.frames, frames.count, tmp_path / "tour.mp4", fps=8)
    decoded, meta = _decode(out)
    assert len(decoded) == 28 and meta["fps"] == 8
    stills = [_still(renderer, step.view()) for step in tour.steps]
    for k, still in zip(frames.keyframes, stills, strict=True):
        assert _close(decoded[k], still) < 3
        assert _close(decoded[k + 4], still) < 3  # held
    moving = decoded[14]  # mid-move: neither step's picture
    assert min(_close(moving, s) for s in stills) > 8
    assert _close(decoded[9], stills[0]) > 0.3  # the caption and labels fading out


def test_cancel_leaves_no_partial_file(built_meshes, tmp_path):
    scene = video_scene(scenes.load("posterior"), (160, 90), "draft")
    frames = turntable_frames(scene, built_meshes, fps=10, seconds=1)

    def progress(done, total):
        if done == 3:
            raise Cancelled

    for target in (tmp_path / "x.mp4", tmp_path / "seq"):
        with pytest.raises(Cancelled):
            write_frames(frames.frames, frames.count, target, fps=10, progress=progress)
        frames = turntable_frames(scene, built_meshes, fps=10, seconds=1)
    assert list(tmp_path.iterdir()) == []


def test_fly_along_a_nerve(tmp_path):
    out = tmp_path / "fly.gif"
    assert cli.main(["animate", "posterior", "-o", str(out), "--size", "160x90", "--fps", "2",
                     "--fly-along", "inferior_gluteal_nerve_right.branch_1", "--speed", "60",
                     "--quality", "draft"]) == 0
    from scenes.teaching.commands import course

    length = np.linalg.norm(np.diff(course("inferior_gluteal_nerve_right.branch_1"), axis=0), axis=1).sum()
    assert len(imageio.mimread(out)) == round(2 * length / 60)


@pytest.mark.parametrize("args, message", [
    (["posterior", "-o", "x.mp4", "--size", "321x180"], "even width and height"),
    (["posterior", "-o", "x.avi"], "animations are written as .mp4, .gif"),
    (["posterior", "-o", "x.mp4", "--fly-along", "inferior_gluteal_nerve.trunk"],
     "unknown path 'inferior_gluteal_nerve.trunk' (did you mean"),
    (["inferior-gluteal-nerve", "-o", "x.mp4", "--turntable", "3"], "animate a scene, not a tour"),
    (["nowhere", "-o", "x.mp4"], "no built-in scene named 'nowhere'"),
])
def test_bad_animate_input_is_one_line(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["animate", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert list(tmp_path.iterdir()) == []
