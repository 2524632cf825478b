"""Writing files safely: every file the app writes goes through `atomic_write`.

A file is written to a temporary name beside its target, flushed to disk and renamed, so an
interrupted or failed write never leaves a half file under the real name. Errors name the
user's target, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


UMASK = _umask()


class DestinationError(ValueError):
    """A destination that cannot be written; str() names the path and the reason."""


def check_destination(path: Path, suffixes: tuple[str, ...], what: str) -> Path:
    """Fail before any work when `path` has the wrong suffix or its folder cannot take it."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise DestinationError(f"{path}: {what} are written as {' or '.join(suffixes)}")
    check_folder(path.parent if str(path.parent) else Path("."), path)
    return path


def check_folder(folder: Path, target: Path | None = None) -> None:
    """The folder exists and is writable (named with the target the user gave)."""
    who = f"{target}: the folder {folder}" if target is not None else f"{folder}"
    if not folder.is_dir():
        raise DestinationError(f"{who} does not exist" if target else f"{who}: not a folder")
    if not os.access(folder, os.W_OK):
        raise DestinationError(f"{who} is not writable" if target else f"{who}: not writable")


def make_folder(folder: Path) -> Path:
    """Create a folder (and parents) for output, or say why not."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DestinationError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    check_folder(folder)
    return folder


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call write(tmp_path) on a temporary file beside `path`, check it, then rename it into place.

    The file gets the mode an ordinary new file would (0666 less the umask), its data is on disk
    before the rename, an empty result counts as a failed write, and an OSError names `path`
    (the user's target), never the temporary file.
    """
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                raise OSError(errno.EIO, "nothing was written (is the disk full?)")
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
