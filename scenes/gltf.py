"""Binary glTF export of a scene's visible structures, one named node per structure.

glTF is metres with +Y up and +Z toward the viewer; the RAS millimetre frame maps as
x_gltf = -R/1000 (patient's right is -X), y_gltf = S/1000, z_gltf = A/1000.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyvista as pv
import trimesh

from meshes import FRAME, cache
from meshes.files import atomic_write, check_destination

from .catalog import CATALOG
from .scene import Scene

RAS_TO_GLTF = np.array([[-1, 0, 0], [0, 0, 1], [0, 1, 0]]) / 1000.0


def to_trimesh_scene(scene: Scene, meshes: dict[str, pv.PolyData]) -> trimesh.Scene:
    out = trimesh.Scene()
    for sid in scene.visible():
        if sid not in meshes:
            continue
        style, mesh = scene.style(sid), meshes[sid]
        rgba = (np.array(pv.Color(style.color or CATALOG[sid].color).float_rgb + (style.opacity,)) * 255)
        material = trimesh.visual.material.PBRMaterial(
            name=sid, baseColorFactor=rgba.astype(np.uint8), metallicFactor=0.0, roughnessFactor=0.6,
            alphaMode="BLEND" if style.opacity < 1 else "OPAQUE", doubleSided=False)
        normals = _normals(mesh) @ (RAS_TO_GLTF.T * 1000.0)  # the same rotation, no scaling
        tm = trimesh.Trimesh(np.asarray(mesh.points) @ RAS_TO_GLTF.T, mesh.regular_faces,
                             vertex_normals=normals, process=False)
        tm.visual = trimesh.visual.TextureVisuals(material=material)
        out.add_geometry(tm, node_name=sid, geom_name=sid)
    return out


def _normals(mesh: pv.PolyData) -> np.ndarray:
    """Unit vertex normals (smooth shading in PowerPoint and Blender, not facets)."""
    normals = mesh.point_data.get("Normals")
    if normals is None:
        normals = mesh.compute_normals(split_vertices=False).point_data["Normals"]
    normals = np.asarray(normals, float)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def export_glb(scene: Scene, path, meshes: dict[str, pv.PolyData] | None = None) -> Path:
    """Write the scene's visible structures as binary glTF (one named node per structure)."""
    path = check_destination(Path(path), (".glb",), "3-D exports (binary glTF)")
    tscene = to_trimesh_scene(scene, meshes if meshes is not None else cache.load())
    extras = {"frame": FRAME + "; exported to glTF metres, +Y superior, +Z anterior, -X right",
              "title": scene.title}

    def add_extras(tree: dict) -> None:
        tree.setdefault("asset", {})["extras"] = extras

    data = trimesh.exchange.gltf.export_glb(tscene, include_normals=True, tree_postprocessor=add_extras)
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))
