"""Which structures the model holds and how each is built (ids are stable across the app)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyvista as pv

from . import bones, ligaments, muscles
from .curves import tube
from .paths import PATHS, centreline

SOLIDS: dict[str, Callable[[], pv.PolyData]] = {
    "hip_bone_right": bones.hip_bone_right,
    "hip_bone_left": bones.hip_bone_left,
    "sacrum": bones.sacrum,
    "coccyx": bones.coccyx,
    "femur_right": bones.femur_right,
    "sacrospinous_ligament_right": ligaments.sacrospinous_ligament_right,
    "sacrotuberous_ligament_right": ligaments.sacrotuberous_ligament_right,
    "piriformis_right": muscles.piriformis_right,
    "gluteus_maximus_right": muscles.gluteus_maximus_right,
}
# Triangles per solid after decimation: all solids together stay under 250k.
TRIANGLES = {"hip_bone_right": 45000, "hip_bone_left": 45000, "sacrum": 24000, "coccyx": 3000,
             "femur_right": 20000, "sacrospinous_ligament_right": 4000,
             "sacrotuberous_ligament_right": 8000, "piriformis_right": 8000,
             "gluteus_maximus_right": 28000}
BONES = ("hip_bone_right", "hip_bone_left", "sacrum", "coccyx", "femur_right")
MIRRORED = {"hip_bone_left": "hip_bone_right"}  # built by reflecting the right one

IDS: tuple[str, ...] = tuple(SOLIDS) + tuple(PATHS)


def build_path(structure: str) -> pv.PolyData:
    """Tubes around every part of a nerve, vessel or outline, merged into one mesh."""
    pieces = []
    for i, part in enumerate(PATHS[structure]):
        piece = tube(centreline(structure, part.name), part.radius)
        piece.point_data["part"] = np.full(piece.n_points, i, np.int16)  # index into PATHS[id]
        pieces.append(piece)
    mesh = pv.merge(pieces, merge_points=False) if len(pieces) > 1 else pieces[0]
    mesh = mesh if isinstance(mesh, pv.PolyData) else mesh.extract_surface(algorithm=None)
    out = pv.PolyData.from_regular_faces(mesh.points, mesh.regular_faces)  # no filter leftovers
    for name in ("Normals", "part"):
        out.point_data[name] = mesh.point_data[name]
    return out


def build(structure: str) -> pv.PolyData:
    if structure in SOLIDS:
        return _decimated(SOLIDS[structure](), TRIANGLES[structure])
    if structure in PATHS:
        return build_path(structure)
    raise KeyError(f"unknown structure {structure!r}")


def _decimated(mesh: pv.PolyData, target: int) -> pv.PolyData:
    """Quadric decimation down to `target` triangles; keeps the surface closed and smooth."""
    if mesh.n_cells > target:
        mesh = mesh.decimate(1 - target / mesh.n_cells, volume_preservation=True)
    return mesh.compute_normals(auto_orient_normals=True, split_vertices=False)
