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
    ("intertuberous diameter", "ischial_tuberosity_lowest_right", "ischial_tuberosity_lowest_left", 100, 135),
    ("true conjugate (promontory to symphysis)", "sacral_promontory", "pubic_symphysis", 100, 125),
    ("head centre below trochanter tip", "hip_joint_center_right", "greater_trochanter_tip_right", 35, 55),
    # Wan-ae-loh 2020 (204 sides; CLINICAL.md section 2), +/- 10 %
    ("PSIS to ischial tuberosity (129.6 mm)", "psis_right", "ischial_tuberosity_right", 116.6, 142.6),
    ("PSIS to greater trochanter (151.3 mm)", "psis_right", "greater_trochanter_tip_right", 136.2, 166.4),
    ("ischial tuberosity to greater trochanter (73.0 mm)", "ischial_tuberosity_right",
     "greater_trochanter_tip_right", 65.7, 80.3),
    # head centre to lesser trochanter: 42.8 +/- 4.9 mm (radiographs, PMID 34872277); 1.16 x head
    # diameter on CT (BMC Musculoskelet Disord 2021): 38-56 mm covers both
    ("head centre to lesser trochanter", "hip_joint_center_right", "lesser_trochanter_right", 38, 56),
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
