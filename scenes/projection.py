"""World to screen: where model points land in a renderer's display pixels (origin bottom-left)."""

from __future__ import annotations

import numpy as np


def to_display(renderer, points) -> np.ndarray:
    """(n, 2) display pixels of world points (mm) under the renderer's current camera."""
    pts = np.atleast_2d(np.asarray(points, float))
    out = np.empty((len(pts), 2))
    for i, p in enumerate(pts):
        renderer.SetWorldPoint(*p, 1.0)
        renderer.WorldToDisplay()
        out[i] = renderer.GetDisplayPoint()[:2]
    return out
