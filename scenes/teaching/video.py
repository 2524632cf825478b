"""Writing frames as MP4 (H.264, yuv420p), GIF (one palette for the whole clip) or a folder of
numbered PNGs, through imageio and its bundled ffmpeg (imageio-ffmpeg: no system ffmpeg).

Everything is written under a temporary name beside the target and renamed at the end, so an
interrupted, failed or cancelled export leaves no partial file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import imageio.v2 as imageio
import imageio_ffmpeg
import numpy as np
from PIL import Image

from meshes.files import DestinationError, atomic_write, check_folder

FORMATS = (".mp4", ".gif")  # anything without a suffix is a folder of PNG frames
MP4_OPTIONS = ["-crf", "18", "-preset", "fast", "-movflags", "+faststart"]  # visually lossless,
# playable before fully downloaded; "fast" leaves the second core to rendering
GIF_FILTER = "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a"


class Cancelled(Exception):
    """The user stopped an export; nothing was written."""


def check_video(path, size: tuple[int, int]) -> Path:
    """Fail before any rendering when the animation cannot be written there as asked."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix and suffix not in FORMATS:
        raise DestinationError(f"{path}: animations are written as .mp4, .gif, or a folder of PNG frames "
                               "(a name without a suffix)")
    check_folder(path.parent if str(path.parent) else Path("."), path)
    if suffix == ".mp4" and (size[0] % 2 or size[1] % 2):
        raise DestinationError(f"{path}: H.264 video needs an even width and height, got "
                               f"{size[0]}x{size[1]}")
    if not suffix and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise DestinationError(f"{path}: PNG frames go into a new or empty folder")
    return path


def write_frames(frames: Iterable[np.ndarray], total: int, path, fps: int,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Write `total` frames to path (.mp4, .gif, or a folder); `progress(done, total)` after each
    frame may raise (Cancelled, KeyboardInterrupt) to stop: the partial output is removed."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not suffix:
        return _write_folder(frames, total, path, progress)
    return atomic_write(path, lambda tmp: _encode(frames, total, tmp, fps, suffix, progress))


def _encode(frames, total, tmp: Path, fps: int, suffix: str, progress) -> None:
    if suffix == ".mp4":
        _encode_mp4(frames, total, tmp, fps, progress)
    else:
        _encode_gif(frames, total, tmp, fps, progress)


def _encode_mp4(frames, total, tmp: Path, fps: int, progress) -> None:
    writer = imageio.get_writer(tmp, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                                pixelformat="yuv420p", quality=None, macro_block_size=1,
                                ffmpeg_log_level="error", ffmpeg_params=MP4_OPTIONS)
    try:
        for done, frame in enumerate(frames, 1):
            writer.append_data(frame)
            if progress:
                progress(done, total)
    finally:
        writer.close()


def _encode_gif(frames, total, tmp: Path, fps: int, progress) -> None:
    """imageio's ffmpeg backend directly: its GIF encoder with a palette made from every frame
    (imageio's FFMPEG format plugin refuses .gif; its pillow one quantises frame by frame)."""
    writer = None
    try:
        for done, frame in enumerate(frames, 1):
            if writer is None:
                h, w = frame.shape[:2]
                writer = imageio_ffmpeg.write_frames(
                    str(tmp), (w, h), fps=fps, codec="gif", pix_fmt_out="pal8", quality=None,
                    macro_block_size=1, ffmpeg_log_level="error", output_params=["-vf", GIF_FILTER])
                writer.send(None)
            writer.send(np.ascontiguousarray(frame[..., :3]))
            if progress:
                progress(done, total)
    finally:
        if writer is not None:
            writer.close()


def _write_folder(frames, total, folder: Path, progress) -> Path:
    """frame_00000.png, ... into a temporary folder beside `folder`, renamed when complete."""
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        for done, frame in enumerate(frames, 1):
            Image.fromarray(frame).save(tmp / f"frame_{done - 1:05d}.png", compress_level=1)
            if progress:
                progress(done, total)
        os.chmod(tmp, 0o777 & ~_umask())
        if folder.is_dir():
            folder.rmdir()  # checked empty before the work began
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def _umask() -> int:
    from meshes.files import UMASK

    return UMASK
