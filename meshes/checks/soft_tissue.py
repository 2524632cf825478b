"""Invariants of muscles and ligaments: attachments."""

from __future__ import annotations

from .common import Geometry, Result, _gap

ATTACHMENTS = {
    "piriformis_right": ("sacrum", "femur_right"),
    "gluteus_maximus_right": ("sacrum", "hip_bone_right", "sacrotuberous_ligament_right"),
    "sacrospinous_ligament_right": ("sacrum", "hip_bone_right"),
    "sacrotuberous_ligament_right": ("sacrum", "hip_bone_right"),
}


def attachments(g: Geometry) -> Result:
    gaps = {f"{a}-{b}": _gap(g.meshes[a], g.meshes[b]) for a, bs in ATTACHMENTS.items() for b in bs}
    bad = {k: v for k, v in gaps.items() if v > 3.0}
    return Result("muscles_touch_attachments", not bad,
                  "all within 3 mm" if not bad else
                  "; ".join(f"{k} {v:.1f} mm apart" for k, v in bad.items()))


CHECKS = [attachments]
