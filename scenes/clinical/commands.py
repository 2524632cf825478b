"""Bodies of the clinical commands of `gluteal-viewer` (lesion, variants, check --variant).

cli.py adds the `command(...)` lines and imports these lazily, so the other commands stay fast;
this module never imports cli (no import cycle): bad input raises UsageError from here, which
cli turns into its own one-line error.
"""

from __future__ import annotations

import json
import os
import sys


class UsageError(ValueError):
    """Bad input from the user: cli prints it as one line and exits with status 2."""


def say(line: str) -> None:
    """Print a line; a reader that went away (`| head -1`) ends the printing quietly."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        devnull = open(os.devnull, "w")  # noqa: SIM115 (kept for the rest of the process)
        os.dup2(devnull.fileno(), sys.stdout.fileno())


def cmd_lesion(args) -> int:
    from . import lesion

    if args.list or not args.level:
        if not args.list:
            raise UsageError("name a lesion level, or --list to see them: "
                             + ", ".join(lesion.levels()))
        for level, spec in lesion.levels().items():
            say(f"{level:16s} {spec['name']}")
        return 0
    try:
        result = lesion.simulate(args.level)
    except lesion.LesionError as exc:
        raise UsageError(str(exc)) from None
    say(json.dumps(result.as_json(), indent=1, ensure_ascii=False) if args.json else lesion.table(result))
    return 0
