"""World to screen: where model points land in a renderer's display pixels (origin bottom-left)."""

from __future__ import annotations

import numpy as np


def to_display(renderer, points) -> np.ndarray:
    """(n, 2) display pixels of world points (mm) under the renderer's current camera."""
    return to_display_depth(renderer, points)[:, :2]


def to_display_depth(renderer, points) -> np.ndarray:
    """(n, 3): display x, y in pixels and the depth the z-buffer would hold there (0 near, 1 far)."""
    pts = np.atleast_2d(np.asarray(points, float))
    w, h = renderer.GetSize()
    x0, y0 = renderer.GetOrigin()
    camera = renderer.GetActiveCamera()
    m = camera.GetCompositeProjectionTransformMatrix(renderer.GetTiledAspectRatio(), -1, 1)
    matrix = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    clip = np.c_[pts, np.ones(len(pts))] @ matrix.T
    ndc = clip[:, :3] / clip[:, 3:4]
    return np.c_[x0 + (ndc[:, 0] + 1) * w / 2, y0 + (ndc[:, 1] + 1) * h / 2, (ndc[:, 2] + 1) / 2]
