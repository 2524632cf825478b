"""Entry point of `gluteal-viewer`: the window, or a headless command handed to scenes.cli.

Qt is imported only when the window is asked for, so `check` and friends run on machines
with no display and start fast.
"""

from __future__ import annotations

import os
import sys

WINDOW_COMMANDS = {None, "open"}


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = next((a for a in argv if not a.startswith("-")), None)
    if first not in WINDOW_COMMANDS or any(a in ("-h", "--help") for a in argv):
        from scenes.cli import main as cli_main

        return cli_main(argv)
    if not has_display():
        print("gluteal-viewer: no display found (DISPLAY is not set), so the window cannot open.\n"
              "Run it on a desktop, or use the headless commands: gluteal-viewer --help",
              file=sys.stderr)
        return 2
    from .app import run

    return run(argv[1:] if first == "open" else [])


if __name__ == "__main__":
    sys.exit(main())
