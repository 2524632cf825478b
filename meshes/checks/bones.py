"""Invariants of the skeleton and of every solid: watertight, budget, published proportions."""

from __future__ import annotations

import numpy as np

from ..anatomy import registry
from ..anatomy.landmarks import point as landmark
from .common import Geometry, Result


def watertight(g: Geometry) -> Result:
    import trimesh

    leaky = [sid for sid in registry.SOLIDS
             if not trimesh.Trimesh(g.meshes[sid].points, g.meshes[sid].regular_faces,
                                    process=False).is_watertight]
    total = sum(g.meshes[s].n_cells for s in registry.SOLIDS)
    ok = not leaky and total <= registry.SOLID_BUDGET
    return Result("solids_watertight", ok,
                  (f"not watertight: {', '.join(leaky)}; " if leaky else "all closed; ")
                  + f"{total} triangles in all solids (budget {registry.SOLID_BUDGET})")


RANGES = [  # (name, landmark a, landmark b, low, high): cited distances the table must honour
    ("inter-ASIS distance", "asis_right", "asis_left", 205, 245),
    ("greater sciatic notch width (PIIS to ischial spine)", "piis_right", "ischial_spine_right", 45, 60),
    ("interspinous diameter", "ischial_spine_right", "ischial_spine_left", 85, 115),
    ("intertuberous diameter", "ischial_tuberosity_right", "ischial_tuberosity_left", 100, 135),
    ("true conjugate (promontory to symphysis)", "sacral_promontory", "pubic_symphysis", 100, 125),
    ("head centre below trochanter tip", "hip_joint_center_right", "greater_trochanter_tip_right", 35, 55),
]


def landmark_ranges(g: Geometry) -> Result:
    out = []
    for name, a, b, lo, hi in RANGES:
        d = float(np.linalg.norm(landmark(a) - landmark(b)))
        if not lo <= d <= hi:
            out.append(f"{name} {d:.0f} mm, expected {lo}-{hi}")
    return Result("landmarks_in_published_ranges", not out, "; ".join(out) or
                  f"{len(RANGES)} distances inside their published ranges")


CHECKS = [watertight, landmark_ranges]
