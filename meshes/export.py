"""Writing the model out: one mesh file per structure and every centreline as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pyvista as pv

from .anatomy.courses.paths import PATHS, centreline
from .anatomy.landmarks import FRAME
from .files import atomic_write, make_folder

FORMATS = ("ply", "stl", "obj")


def paths_json() -> dict:
    """{path_id: {structure, part, parent, points, radius, ...}}, points proximal to distal, in mm
    (RAS); a root also names the foramen it starts at, a merging part what it joins, a flat band its
    width (mm) and the direction its flat faces look (`flat_normal`)."""
    out = {}
    for sid, parts in PATHS.items():
        for part in parts:
            out[f"{sid}.{part.name}"] = {
                "structure": sid,
                "part": part.name,
                "parent": part.parent,
                "points": [[round(float(v), 2) for v in p] for p in centreline(sid, part.name)],
                "radius": part.radius,
            }
            extra = {"origin": part.origin, "joins": part.joins, "width": part.width,
                     "flat_normal": part.flat_normal}
            out[f"{sid}.{part.name}"].update({k: v for k, v in extra.items() if v is not None})
    return out


def export_meshes(meshes: dict[str, pv.PolyData], folder: Path, fmt: str = "ply") -> list[Path]:
    """One file per structure plus paths.json. Each mesh is encoded in memory and written by
    Python, so a full disk raises instead of leaving a cut-off file (VTK's writers stay silent)."""
    import trimesh

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    folder = make_folder(folder)
    written = []
    for sid, mesh in meshes.items():
        data = trimesh.Trimesh(mesh.points, mesh.regular_faces, process=False).export(file_type=fmt)
        data = data.encode() if isinstance(data, str) else data
        written.append(atomic_write(folder / f"{sid}.{fmt}", lambda p, data=data: p.write_bytes(data)))
    doc = {"frame": FRAME, "paths": paths_json()}
    written.append(atomic_write(folder / "paths.json", lambda p: p.write_text(json.dumps(doc, indent=1))))
    return written
