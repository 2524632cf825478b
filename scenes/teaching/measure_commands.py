"""The body of `gluteal-viewer measure`; cli.py only wires it.

Bad input raises scenes.console.UsageError, which cli prints as one line (exit status 2).
"""

from __future__ import annotations

import json

from ..console import UsageError, say


def cmd_measure(args) -> int:
    """measure A B [--along PATH] [--json] | measure --length PATH [--json]"""
    from . import measure

    points = list(args.points)
    if args.list:
        _list(say, args.json)
        return 0
    try:
        if args.length:
            if points or args.along:
                raise UsageError("--length takes a path only: measure --length PATH_ID")
            result = measure.length(args.length)
        elif len(points) != 2:
            raise UsageError(f"give two points (landmark names or x,y,z), got {len(points)}; "
                             "or --length PATH_ID")
        else:
            result = measure.measure(points[0], points[1], args.along)
    except measure.MeasureError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        say(json.dumps(result.as_json()))
        return 0
    say(_sentence(result))
    return 0


def _sentence(r) -> str:
    if r.kind == "length":
        return f"{r.value_mm:.1f} mm  length of {r.path}"
    if r.kind == "straight":
        return f"{r.value_mm:.1f} mm  straight from {r.start.text} to {r.end.text}"
    da, db = r.offsets_mm
    return (f"{r.value_mm:.1f} mm  along {r.path} from {r.start.text} to {r.end.text} "
            f"(points {da:.1f} and {db:.1f} mm off the path)")


def _list(say, as_json: bool) -> None:
    """What a point or a path may be: the landmarks (with coordinates) and the path ids."""
    from meshes import point

    from . import measure

    marks = {n: [round(float(v), 2) for v in point(n)] for n in measure.landmark_names()}
    if as_json:
        say(json.dumps({"landmarks": marks, "paths": list(measure.path_ids())}))
        return
    for name, xyz in marks.items():
        say(f"landmark {name:48s} {xyz[0]:8.1f} {xyz[1]:8.1f} {xyz[2]:8.1f}")
    for pid in measure.path_ids():
        say(f"path     {pid}")

