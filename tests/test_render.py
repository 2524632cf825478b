"""Render tier: the model off screen, checked by pixels."""

import numpy as np
import pytest
import pyvista as pv

from meshes import paths
from scenes.catalog import CATALOG

pytestmark = pytest.mark.render


def test_nerve_colour_where_its_path_projects(model):
    p = pv.Plotter(off_screen=True, window_size=(800, 600))
    for sid in ("hip_bone_right", "sacrum", "piriformis_right", "inferior_gluteal_nerve_right"):
        p.add_mesh(model[sid], color=CATALOG[sid].color)
    p.camera_position = [(60, -450, -40), (50, -90, -50), (0, 0, 1)]
    img = p.screenshot(return_img=True)
    # project a point of the IGN trunk just outside the pelvis to pixel coordinates
    pt = paths.centreline("inferior_gluteal_nerve_right", "trunk")[-10]
    r = p.renderer
    r.SetWorldPoint(*pt, 1.0)
    r.WorldToDisplay()
    x, y, _ = r.GetDisplayPoint()
    p.close()
    h = img.shape[0]
    patch = img[int(h - y) - 3:int(h - y) + 4, int(x) - 3:int(x) + 4, :3].reshape(-1, 3).astype(int)
    yellow = (patch[:, 0] > 150) & (patch[:, 1] > 120) & (patch[:, 2] < 90)
    assert yellow.any(), patch
    assert (np.abs(img[..., :3].astype(int) - 255).sum(axis=-1) > 30).mean() > 0.05  # not blank
