"""Writing the model out: one mesh file per structure and every centreline as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pyvista as pv

from .anatomy.landmarks import FRAME
from .anatomy.paths import PATHS, centreline
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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    folder = make_folder(folder)
    written = []
    for sid, mesh in meshes.items():
        target = folder / f"{sid}.{fmt}"
        if fmt == "obj":  # VTK's OBJ writer wants a plotter; trimesh writes plain OBJ
            import trimesh

            tm = trimesh.Trimesh(mesh.points, mesh.regular_faces, process=False)
            atomic_write(target, lambda p, tm=tm: tm.export(p, file_type="obj"))
        else:
            atomic_write(target, lambda p, m=mesh: m.save(p, binary=True))
        written.append(target)
    doc = {"frame": FRAME, "paths": paths_json()}
    target = folder / "paths.json"
    atomic_write(target, lambda p: p.write_text(json.dumps(doc, indent=1)))
    return written + [target]
