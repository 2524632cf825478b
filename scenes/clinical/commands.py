"""Bodies of the clinical commands of `gluteal-viewer` (lesion, variants, check --variant).

cli.py adds the `command(...)` lines and imports these lazily, so the other commands stay fast;
bad input raises scenes.console.UsageError, which cli prints as one line.
"""

from __future__ import annotations

import json

from ..console import UsageError, say


def cmd_lesion(args) -> int:
    from . import lesion

    if args.list or not args.level:
        if not args.list:
            raise UsageError("name a lesion level, or --list to see them: "
                             + ", ".join(lesion.levels()))
        for level, spec in lesion.levels().items():
            say(f"{level:16s} {spec['name']}")
        return 0
    variant = getattr(args, "variant", None)
    if variant:
        from .variants import variants

        if variant not in variants():
            raise UsageError(f"unknown variant {variant!r}; variants: {', '.join(variants())}")
    try:
        result = lesion.simulate(args.level, variant)
    except lesion.LesionError as exc:
        raise UsageError(str(exc)) from None
    say(json.dumps(result.as_json(), indent=1, ensure_ascii=False) if args.json else lesion.table(result))
    return 0


def cmd_variants(args) -> int:
    from .variants import variants

    if args.json:
        say(json.dumps([v.as_dict() for v in variants().values()], indent=1, ensure_ascii=False))
        return 0
    for v in variants().values():
        say(f"{v.id:24s} {v.frequency:34s} {v.source}")
    return 0
