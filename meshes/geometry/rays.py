"""Rays onto a mesh: where a line segment crosses its surface, with one OBB locator per mesh."""

from __future__ import annotations

import numpy as np
import pyvista as pv

_TREES: dict = {}  # id(mesh) -> (mesh, its OBB tree): built once, for every ray cast on it


def _tree(mesh: pv.PolyData):
    from vtkmodules.vtkFiltersGeneral import vtkOBBTree

    held = _TREES.get(id(mesh))
    if held is None or held[0] is not mesh:
        tree = vtkOBBTree()
        tree.SetDataSet(mesh)
        tree.BuildLocator()
        held = _TREES[id(mesh)] = (mesh, tree)
    return held[1]


def crossings(mesh: pv.PolyData, start, end) -> np.ndarray:
    """(k, 3) points where the segment from `start` to `end` crosses the mesh's surface."""
    from vtkmodules.vtkCommonCore import vtkPoints

    found = vtkPoints()
    _tree(mesh).IntersectWithLine(tuple(map(float, start)), tuple(map(float, end)), found, None)
    return np.array([found.GetPoint(i) for i in range(found.GetNumberOfPoints())]).reshape(-1, 3)
