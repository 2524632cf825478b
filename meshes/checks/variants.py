"""The invariants for an anatomical variant (`gluteal-viewer check --variant NAME`).

The variant's paths are made active and its meshes (nerves, piriformis with its cleft) laid over
the base ones; then every check runs as for the model itself, except that:
- where each nerve leaves the pelvis relative to piriformis is checked against what the variant
  says (anatomy/courses/variants.py): below, above or through;
- passing through piriformis is allowed only for the parts the variant names, nowhere else;
- a check that describes the course the variant changes is reported as not applicable, with why.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from .. import cache
from ..anatomy.courses import paths, variants
from . import paths as path_checks
from .common import Geometry, Result, signed_distance

REPLACED = (path_checks.ign_below_piriformis, path_checks.sgn_above_piriformis)
REACH = 35.0  # mm from the crossing along which piriformis is looked for (as path_checks does)


def run(variant: str, meshes: dict[str, pv.PolyData] | None = None) -> list[Result]:
    from . import CHECKS

    spec = variants.VARIANTS[variant]
    base = meshes or cache.load()
    over = cache.load_variant(variant)
    previous = variants.active()
    variants.activate(variant)
    try:
        g = Geometry({**base, **over})
        results = []
        for check in CHECKS:
            if check in REPLACED:
                continue
            try:
                r = check(g)
            except (KeyError, StopIteration, ValueError, IndexError) as exc:  # a part the variant removed
                r = Result(check.__name__, False, f"could not run on this variant ({exc!r})")
            if r.name in spec.relax:
                r = Result(r.name, True, f"not applicable: {spec.relax[r.name]}")
            results.append(r)
        return [*results, piriformis_relations(g, variant), through_only_where_allowed(g, variant)]
    finally:
        variants.activate(previous)


def relation(g: Geometry, structure: str, part: str) -> tuple[str, str]:
    """Where a part crosses the foramen's plane relative to piriformis: "below" (the muscle
    above it), "above", "through" (muscle above and below: a cleft), "clear" or "none"."""
    x = g.crossing(structure, (part,))
    if x is None:
        return "none", f"{structure}.{part} does not cross the foramen's plane"
    z = np.array([0.0, 0.0, 1.0])
    vertical = z - (z @ g.normal) * g.normal
    vertical /= np.linalg.norm(vertical)
    across = np.cross(g.normal, vertical)
    steps = np.arange(0.5, REACH, 0.5)
    pir = g.meshes[variants.PIRIFORMIS]

    def hit(sign: float) -> float | None:
        found = []
        for angle in np.radians(np.linspace(-60, 60, 9)):
            ray = sign * np.cos(angle) * vertical + np.sin(angle) * across
            d = signed_distance(x + steps[:, None] * ray, pir)
            if (d < 0).any():
                found.append(float(steps[np.argmax(d < 0)]))
        return min(found) if found else None

    up, down = hit(1.0), hit(-1.0)
    inside = float(signed_distance(x[None], pir)[0]) < 0
    kind = "inside" if inside else {(True, True): "through", (True, False): "below",
                                    (False, True): "above", (False, False): "clear"}[(up is not None,
                                                                                     down is not None)]
    where = f"crosses at {np.round(x, 1).tolist()}"
    return kind, f"{where}; muscle {'above' if up else 'not above'} (within {REACH:.0f} mm), " \
                 f"{'below' if down else 'not below'}"


def piriformis_relations(g: Geometry, variant: str) -> Result:
    """Each nerve the variant (or the model) places leaves the pelvis where it says."""
    wrong, said = [], []
    for ref, wanted in variants.relations(variant).items():
        sid, part = ref.split(".")
        kind, detail = relation(g, sid, part)
        said.append(f"{ref} {kind}")
        if kind != wanted:
            wrong.append(f"{ref} should be {wanted} piriformis but is {kind} ({detail})")
    return Result("variant_piriformis_relations", not wrong, "; ".join(wrong) if wrong else ", ".join(said))


def through_only_where_allowed(g: Geometry, variant: str) -> Result:
    """No nerve or vessel passes through piriformis unless the variant says it does."""
    allowed = set(variants.VARIANTS[variant].pierce)
    bad = []
    for sid, parts in paths.PATHS.items():
        if sid in paths.OUTLINES:
            continue
        for p in parts:
            ref = f"{sid}.{p.name}"
            if ref in allowed or g.crossing(sid, (p.name,)) is None:
                continue
            kind, detail = relation(g, sid, p.name)
            if kind in ("through", "inside"):
                bad.append(f"{ref} passes {kind} piriformis ({detail})")
    text = "; ".join(bad) if bad else (f"only {', '.join(sorted(allowed))} pierce piriformis" if allowed
                                       else "no part pierces piriformis")
    return Result("through_piriformis_only_where_allowed", not bad, text)
