"""Animations as frames, Qt-free: a scene's turntable, a fly-along a nerve, a tour's steps.

Each scene is built once into an off-screen plotter (`Stage`) by the same `build_into` as stills,
then rendered at the poses of a camera path (`camera_path`): so a frame at a tour's keyframe is
the still of that step's scene. Overlays (labels, title, caption) are laid out again per frame;
between tour steps they fade out, the camera moves with the two scenes cross-faded, and they
fade in again. Frames that cannot differ (a step held on screen) are rendered once and repeated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyvista as pv
from PIL import Image

from ..build import build_into, refresh_overlay
from ..offscreen import supersampling
from ..scene import Scene
from .camera_path import FlyAlong, Pose, ease, interpolate, plotter_pose, scene_pose, turntable
from .tour import Tour

FADE = 0.5  # seconds for overlays (labels, captions) to fade in or out between tour steps


@dataclass
class Frames:
    """A frame sequence: how many, the iterator that renders them, and where the keyframes are
    (frame index of each tour step's first fully shown frame; the turntable's start)."""

    count: int
    frames: Iterator[np.ndarray]
    keyframes: list[int]
    poses: list[Pose]  # the camera each frame was rendered from (filled as frames are rendered)


def video_scene(scene: Scene, size: tuple[int, int], quality: str | None = None) -> Scene:
    """The scene as a video frame shows it: this size, no transparency, scale 1."""
    out = dataclasses.replace(scene.output, size=tuple(size), scale=1, transparent=False,
                              quality=quality or scene.output.quality)
    return dataclasses.replace(scene, output=out)


class Stage:
    """One scene built into an off-screen plotter at the video's size, rendered at any pose."""

    def __init__(self, scene: Scene, meshes: dict[str, pv.PolyData]):
        self.factor = supersampling(scene.output)  # slide quality: 2x2 supersampled like stills
        big = dataclasses.replace(scene, output=dataclasses.replace(
            scene.output, scale=scene.output.scale * self.factor))
        w, h = big.output.pixels
        self.plotter = pv.Plotter(off_screen=True, window_size=(w, h), lighting="light kit")
        self.built = build_into(self.plotter, big, meshes)
        # the first frame lays its labels out afresh, as the still does: placements kept from this
        # build would pull a crowded layout elsewhere and the keyframe would differ from the still
        self.built.label_places = {}
        self.scene = scene
        self.pose = scene_pose(scene, meshes)

    def frame(self, pose: Pose | None = None, overlay: bool = True) -> np.ndarray:
        """RGB pixels at a pose (default: the scene's own); overlays laid out for this frame."""
        (pose or self.pose).apply(self.plotter)
        self.camera = plotter_pose(self.plotter)  # what this frame was rendered from
        if overlay:
            refresh_overlay(self.built)
        else:
            for actor in self.built.overlay:
                actor.SetVisibility(False)
        self.plotter.render()  # the label layer's z-buffer pass may be the last frame drawn
        pixels = self.plotter.screenshot(return_img=True)[..., :3]
        if self.factor > 1:
            pixels = np.asarray(Image.fromarray(pixels).reduce(self.factor))
        return pixels

    def close(self) -> None:
        self.plotter.close()


def blend(a: np.ndarray, b: np.ndarray, s: float) -> np.ndarray:
    """a faded into b by s (0: a, 1: b). For a 2-D overlay this equals drawing it at s opacity."""
    return np.round(a * (1.0 - s) + b * s).astype(np.uint8) if 0 < s < 1 else (b if s >= 1 else a)


# --- a scene: turntable and fly-along ---------------------------------------------------------

def turntable_frames(scene: Scene, meshes, fps: int, seconds: float) -> Frames:
    """One full turn about the vertical through the scene's focal point, labels laid out per frame."""
    count = max(1, round(fps * seconds))
    poses: list[Pose] = []

    def run() -> Iterator[np.ndarray]:
        stage = Stage(scene, meshes)
        try:
            for i in range(count):
                pixels = stage.frame(turntable(stage.pose, i / count))
                poses.append(stage.camera)
                yield pixels
        finally:
            stage.close()

    return Frames(count, run(), [0], poses)


def fly_along_frames(scene: Scene, meshes, points: np.ndarray, fps: int, speed: float) -> Frames:
    """The camera travels beside a centreline at `speed` mm/s, looking ahead along it."""
    path = FlyAlong(np.asarray(points, float))
    count = max(2, round(fps * path.length / speed))
    poses: list[Pose] = []

    def run() -> Iterator[np.ndarray]:
        stage = Stage(scene, meshes)
        try:
            for i in range(count):
                pixels = stage.frame(path.pose(i / (count - 1)))
                poses.append(stage.camera)
                yield pixels
        finally:
            stage.close()

    return Frames(count, run(), [0], poses)


# --- a tour -----------------------------------------------------------------------------------

def tour_frames(tour: Tour, meshes, fps: int, size: tuple[int, int], quality: str | None = None) -> Frames:
    """Each step: the camera moves in from the previous step (scenes cross-faded, overlays off),
    the overlays fade in, the step holds, the overlays fade out. The first step starts shown."""
    views = [video_scene(step.view(), size, quality) for step in tour.steps]
    fade = max(1, round(FADE * fps))
    plan, keyframes, n = [], [], 0
    for i, step in enumerate(tour.steps):
        moving = round(step.transition * fps) if i else 0
        holding = max(1, round(step.hold * fps))
        last = i == len(tour.steps) - 1
        plan.append((moving, holding))
        keyframes.append(n + moving + (fade if i else 0))
        n += moving + holding + (fade if i else 0) + (0 if last else fade)
    poses: list[Pose] = []

    def run() -> Iterator[np.ndarray]:
        before: Stage | None = None
        stages: list[Stage] = []  # closed at the end, however the run ends
        try:
            for i, (step, view, (moving, holding)) in enumerate(zip(tour.steps, views, plan, strict=True)):
                stage = Stage(view, meshes)
                stages.append(stage)
                if before is not None:
                    same = _same_picture(before.scene, view)
                    for f in range(1, moving + 1):
                        pose = interpolate(before.pose, stage.pose, f / moving, step.easing)
                        poses.append(pose)
                        yield _between(before, stage, pose, 1.0 if same else _crossfade(f / moving))
                    before.close()
                bare, shown = stage.frame(overlay=False), stage.frame()
                if i:
                    for f in range(fade):
                        poses.append(stage.pose)
                        yield blend(bare, shown, (f + 1) / (fade + 1))
                for _ in range(holding):
                    poses.append(stage.pose)
                    yield shown
                if i < len(tour.steps) - 1:
                    for f in range(fade):
                        poses.append(stage.pose)
                        yield blend(shown, bare, (f + 1) / (fade + 1))
                before = stage
        finally:
            for stage in stages:
                stage.close()

    return Frames(n, run(), keyframes, poses)


CROSSFADE = (0.3, 0.7)  # share of a move over which the scenes cross-fade (one render per frame
# before and after: the move costs about 1.4 renders a frame, not 2)


def _crossfade(t: float) -> float:
    lo, hi = CROSSFADE
    return ease((t - lo) / (hi - lo), "ease-in-out")


def _between(before: Stage, after: Stage, pose: Pose, s: float) -> np.ndarray:
    """A frame of a move between two steps: the old scene, the new, or the two cross-faded."""
    if s <= 0:
        return before.frame(pose, overlay=False)
    if s >= 1:
        return after.frame(pose, overlay=False)
    return blend(before.frame(pose, overlay=False), after.frame(pose, overlay=False), s)


def _same_picture(a: Scene, b: Scene) -> bool:
    """Do two scenes draw the same 3-D content (so a move between them needs no cross-fade)?"""
    return a.structures == b.structures and a.output.background == b.output.background


# --- writing ----------------------------------------------------------------------------------

Progress = Callable[[int, int], None]  # (frames done, total); may raise to cancel
