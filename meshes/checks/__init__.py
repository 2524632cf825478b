"""Anatomical invariants, checked in code on the built meshes and paths (`gluteal-viewer check`).

Each check takes the shared Geometry and returns a Result (name, ok, detail). They encode what the
model must get right for teaching: the inferior gluteal nerve leaves through the greater sciatic
foramen below piriformis, pierces no bone, and ends in the deep surface of gluteus maximus; its
neighbours keep their relations. One module per domain; each lists its CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable

import pyvista as pv

from .. import cache
from ..anatomy import landmarks
from . import bones, paths, soft_tissue
from .common import Geometry, Result, signed_distance

CHECKS: list[Callable[[Geometry], Result]] = paths.CHECKS + soft_tissue.CHECKS + bones.CHECKS


def run(meshes: dict[str, pv.PolyData] | None = None) -> list[Result]:
    geometry = Geometry(meshes or cache.load())
    return [check(geometry) for check in CHECKS]


def report(results: list[Result]) -> dict:
    return {"landmarks": landmarks.table(), "invariants": [r.as_dict() for r in results]}


__all__ = ["CHECKS", "Geometry", "Result", "report", "run", "signed_distance"]
