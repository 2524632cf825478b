"""Bodies of the clinical commands of `gluteal-viewer` (lesion, variants, check --variant).

cli.py adds the `command(...)` lines and imports these lazily, so the other commands stay fast.
"""

from __future__ import annotations

import json

from ..cli import UsageError, say


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
