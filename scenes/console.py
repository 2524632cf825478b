"""What every command shares: the user-error type, printing that survives a closed pipe, and the
cold-build progress line. A leaf module, so the command bodies in `scenes.teaching` and
`scenes.clinical` use the same ones as `scenes.cli` without importing it (no import cycle)."""

from __future__ import annotations

import os
import sys
import time


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


def say(line: str) -> None:
    """Print a line of output; a reader that went away (`| head -1`) stops the printing, not
    the work: the rest of a batch is still written."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        devnull = open(os.devnull, "w")  # noqa: SIM115 (kept for the rest of the process)
        os.dup2(devnull.fileno(), sys.stdout.fileno())


def progress_line(stream=None):
    """A one-line progress display for terminals; silent bookkeeping elsewhere."""
    stream = stream or sys.stderr  # looked up per call: a default would keep the first stderr
    start = time.perf_counter()
    tty = stream.isatty()

    def show(done: int, total: int, sid: str) -> None:
        if not sid:
            if done < total:
                print(f"building {total - done} meshes (first run of this version) ...", file=stream)
            return
        msg = f"[{done}/{total}] {sid} ({time.perf_counter() - start:.1f} s)"
        if tty:
            print("\r" + msg.ljust(70), end="" if done < total else "\n", file=stream, flush=True)
        elif done == total:
            print(f"built {total} meshes in {time.perf_counter() - start:.1f} s", file=stream)

    return show


def load_meshes():
    """Every structure's mesh, showing progress when they have to be built first."""
    from meshes import cache

    return cache.load(progress=progress_line())
