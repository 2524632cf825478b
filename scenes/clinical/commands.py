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


def cmd_check_variant(args) -> int:
    """`check --variant NAME`: the invariants adapted to the variant (meshes.checks.variants)."""
    from meshes import cache
    from meshes.checks import report
    from meshes.checks import variants as variant_checks

    from .variants import variants

    if args.variant not in variants():
        raise UsageError(f"unknown variant {args.variant!r}; variants: {', '.join(variants())}")
    base = cache.load(progress=_progress)
    results = variant_checks.run(args.variant, base)
    if args.json:
        say(json.dumps({"variant": args.variant, **report(results)}, indent=1))
    else:
        for r in results:
            say(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
        failed = sum(not r.ok for r in results)
        say(f"{args.variant}: {len(results) - failed} passed, {failed} failed")
    return 0 if all(r.ok for r in results) else 1


def _progress(done: int, total: int, sid: str) -> None:
    if not sid and done < total:
        print(f"building {total - done} meshes (first run of this version) ...", file=sys.stderr)
    elif sid and done == total:
        print(f"built {total} meshes", file=sys.stderr)
