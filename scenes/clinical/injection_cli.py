"""`gluteal-viewer injection [SITE] [--depth MM] [--json]`: the injection sites in numbers."""

from __future__ import annotations

import difflib
import json

from meshes import REGISTRY

from ..console import UsageError, load_meshes, say


def cmd_injection(args) -> int:
    from . import injection

    if args.site is not None and args.site not in injection.SITES:
        close = difflib.get_close_matches(args.site, injection.SITES, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"unknown injection site {args.site!r}{hint}; "
                          f"sites: {', '.join(injection.SITES)}")
    if not 0 < args.depth <= injection.MAX_DEPTH:
        raise UsageError(f"--depth must be more than 0 and at most {injection.MAX_DEPTH:g} mm, "
                          f"got {args.depth:g}")
    doc = injection.report(load_meshes(), args.depth, args.site)
    if args.json:
        say(json.dumps(doc, indent=1))
        return 0
    for site in doc["sites"]:
        for line in _site_lines(site):
            say(line)
    return 0


def _site_lines(site: dict) -> list[str]:
    from .injection import layer_name

    def xyz(v):
        return "(" + ", ".join(f"{c:.1f}" for c in v) + ")"

    lines = [f"{site['id']}: {site['name']} (source: {site['source']})",
             f"  rule   {site['rule']}",
             f"  entry  {xyz(site['entry'])} mm, needle {site['depth_mm']:g} mm perpendicular to the skin",
             f"  tip    {xyz(site['tip'])} mm, in {layer_name(site['layer'])}",
             "  passes " + "; ".join(f"{layer_name(p['layer'])} {p['from_mm']:g}-{p['to_mm']:g} mm"
                                     for p in site["passes"]),
             f"  {'to the surface of':44s} {'tip':>8s} {'shaft':>8s}"]
    for sid, mm in sorted(site["distances_mm"].items(), key=lambda kv: kv[1]):
        lines.append(f"  {REGISTRY[sid].name:44s} {mm:6.1f} mm {site['shaft_distances_mm'][sid]:6.1f} mm")
    return lines + [""]
