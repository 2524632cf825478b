"""Bodies of the `animate` and `tours` commands (parsers in scenes/cli.py; no Qt here)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from ..console import UsageError, load_meshes, say
from ..scene_file import SceneError, load
from ..validation import Invalid, check_pixels, did_you_mean
from .tour import is_tour, load_tour, tour_names, tour_schema

DEFAULT_SIZE = (1920, 1080)
TURNTABLE_SECONDS = 12.0
FLY_SPEED = 20.0  # mm per second: a nerve's course read at a walking pace for the eye




def cmd_tours(args) -> int:
    if args.schema:
        say(json.dumps(tour_schema(), indent=1))
        return 0
    for name in tour_names():
        tour = load_tour(name)
        say(f"{name:26s} {tour.title} ({len(tour.steps)} steps)")
    return 0


def cmd_animate(args) -> int:
    """Render a tour or a scene (turntable or fly-along) to MP4, GIF or a folder of PNGs."""
    from .video import check_video, write_frames

    frames_of, size = _plan(args)
    path = check_video(Path(args.output), size)
    meshes = load_meshes()
    frames = frames_of(meshes)
    show = _progress(frames.count)
    start = time.perf_counter()
    try:
        write_frames(frames.frames, frames.count, path, args.fps, show)
    except RuntimeError as exc:  # the encoder stopped (a full disk, a killed ffmpeg)
        raise UsageError(f"{path}: the video could not be written ({exc})") from None
    seconds = time.perf_counter() - start
    say(f"wrote {path}: {frames.count} frames, {size[0]}x{size[1]} at {args.fps} fps "
        f"({frames.count / args.fps:.1f} s of video) in {seconds:.1f} s")
    return 0


def _plan(args):
    """(function of the meshes giving the Frames, frame size), every input checked before work."""
    from .animation import fly_along_frames, tour_frames, turntable_frames, video_scene

    if not 1 <= args.fps <= 120:
        raise UsageError(f"--fps must be 1 to 120, got {args.fps}")
    if is_tour(args.target):
        if args.turntable is not None or args.fly_along:
            raise UsageError("--turntable and --fly-along animate a scene, not a tour")
        tour = load_tour(args.target)
        size = tuple(args.size or tour.steps[0].scene.output.size)
        _check_size(size)
        return (lambda meshes: tour_frames(tour, meshes, args.fps, size, args.quality)), size
    scene = load(args.target)
    size = tuple(args.size or scene.output.size)
    _check_size(size)
    scene = video_scene(scene, size, args.quality)
    if args.fly_along:
        if args.turntable is not None:
            raise UsageError("give either --turntable or --fly-along, not both")
        points = course(args.fly_along)
        if not 0.5 <= args.speed <= 1000:
            raise UsageError(f"--speed must be 0.5 to 1000 mm/s, got {args.speed}")
        return (lambda meshes: fly_along_frames(scene, meshes, points, args.fps, args.speed)), size
    seconds = TURNTABLE_SECONDS if args.turntable is None else args.turntable
    if not 0.1 <= seconds <= 600:
        raise UsageError(f"--turntable must be 0.1 to 600 seconds, got {seconds}")
    return (lambda meshes: turntable_frames(scene, meshes, args.fps, seconds)), size


def _check_size(size) -> None:
    try:
        check_pixels(*size)
    except Invalid as bad:
        raise SceneError(bad.message, key="--size") from None


def course(path_id: str) -> np.ndarray:
    """Centreline (mm, proximal to distal) of a path as `export-meshes` names it
    (`structure.part`), from the structure's first part down through the part's parents; a bare
    structure id follows its longest course."""
    from meshes import PATHS, centreline

    sid, _, part = path_id.partition(".")
    ids = [f"{s}.{p.name}" for s, parts in PATHS.items() for p in parts]
    if sid not in PATHS or (part and part not in {p.name for p in PATHS[sid]}):
        raise UsageError(f"unknown path {path_id!r}{did_you_mean(path_id, ids + list(PATHS))}; "
                         "path ids are as in export-meshes' paths.json (structure.part)")
    parts = {p.name: p for p in PATHS[sid]}
    if not part:
        part = max(parts, key=lambda name: len(_chain(parts, name, sid, centreline)))
    return _chain(parts, part, sid, centreline)


def _chain(parts: dict, name: str, sid: str, centreline) -> np.ndarray:
    """The part's centreline preceded by its parents' (each cut where the child leaves it)."""
    line = centreline(sid, name)
    parent = parts[name].parent
    if parent in parts:
        above = _chain(parts, parent, sid, centreline)
        cut = int(np.argmin(np.linalg.norm(above - line[0], axis=1)))
        line = np.concatenate([above[:cut], line])
    return line


def _progress(total: int, stream=None):
    stream = stream or sys.stderr  # looked up per call: a default would keep the first stderr
    start = time.perf_counter()
    tty = stream.isatty()
    step = max(1, total // 20)

    def show(done: int, _total: int) -> None:
        if not (tty or done % step == 0 or done == total):
            return
        spent = time.perf_counter() - start
        left = spent / done * (total - done)
        msg = f"frame {done}/{total} ({spent:.0f} s, about {left:.0f} s left)"
        print("\r" + msg.ljust(60) if tty else msg, end="" if tty and done < total else "\n",
              file=stream, flush=True)

    return show


def validate_one(name: str) -> str:
    """Title of a tour or scene file after checking it (SceneError if bad): for `validate`."""
    if is_tour(name):
        tour = load_tour(name)
        return f"{tour.title} (tour, {len(tour.steps)} steps)"
    scene = load(name)
    return scene.title or scene.name

