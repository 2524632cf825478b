"""Entry point of `gluteal-viewer`: the window, or a headless command handed to scenes.cli.

Qt is imported only when the window is asked for, so `check` and friends run on machines
with no display and start fast.
"""

from __future__ import annotations

import os
import socket
import sys

VERBOSE = ("-v", "--verbose")


def display_problem() -> str | None:
    """Why no window can open here, or None. A DISPLAY naming no server would make Qt abort."""
    if not sys.platform.startswith("linux"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        path = wayland if os.path.isabs(wayland) else os.path.join(runtime, wayland)
        if os.path.exists(path):
            return None
    display = os.environ.get("DISPLAY")
    if not display:
        return "no display found (DISPLAY is not set)"
    if not _x_server_answers(display):
        return f"DISPLAY is {display!r} but no X server answers there"
    return None


def _x_server_answers(display: str) -> bool:
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return False
    try:
        if host in ("", "unix"):
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(1.0)
                path = f"/tmp/.X11-unix/X{number}"
                try:
                    s.connect("\0" + path)  # Linux's abstract socket, then the file
                except OSError:
                    s.connect(path)
        else:
            socket.create_connection((host, 6000 + int(number)), timeout=1.0).close()
    except OSError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    words = [a for a in argv if a not in VERBOSE]
    window = not words or (words[0] == "open" and not any(a.startswith("-") for a in words))
    if not window:
        from scenes.cli import main as cli_main

        return cli_main(argv)
    problem = display_problem()
    if problem:
        print(f"gluteal-viewer: {problem}, so the window cannot open.\n"
              "Run it on a desktop, or use the headless commands: gluteal-viewer --help",
              file=sys.stderr)
        return 2
    from .app import run

    return run(words[1:])


if __name__ == "__main__":
    sys.exit(main())
