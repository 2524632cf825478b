"""The hip joint's outline where it is hidden (`layers = ["hip-joint"]`).

Seen from behind and the side, the greater trochanter and the ischium hide the femoral head and
its socket, so a slide that says the sciatic nerve runs down behind the hip joint gave no way to
check it (lecturer's review). Atlases draw such a structure's outline dashed through what covers
it: here the femoral head's outline as the camera sees it, a circle of the head's radius round the
joint's centre (bones.HEAD_RADIUS: a 42 mm head, ANATOMY.md), square to the line of sight, dashed
where hidden and whole where it shows, with a tag.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import point
from meshes.anatomy.skeleton.bones import HEAD_RADIUS

from ... import palette
from ..base import BuiltScene, Layer
from ..draw2d import haloed_2d
from .draw import hidden_dashes, tags

NAME = "hip-joint"
CENTRE = "hip_joint_center_right"
TEXT = "Femoral head, hidden (dashed)"
DASH_PX = (14.0, 9.0)  # on and off at 1080 rows: longer than the triangle's, a wider ring


def shown(scene) -> bool:
    return NAME in scene.layers


def outline(built: BuiltScene, samples: int = 181) -> np.ndarray:
    """The femoral head's outline from the camera: a circle square to the line of sight."""
    centre = point(CENTRE)
    sight = centre - np.array(built.plotter.renderer.GetActiveCamera().GetPosition())
    sight /= np.linalg.norm(sight)
    up = np.array(built.plotter.renderer.GetActiveCamera().GetViewUp())
    across = np.cross(sight, up)
    across /= np.linalg.norm(across)
    above = np.cross(across, sight)
    t = np.linspace(0.0, 2 * np.pi, samples)
    return centre + HEAD_RADIUS * (np.cos(t)[:, None] * across + np.sin(t)[:, None] * above)


def draw_overlay(built: BuiltScene) -> list:
    ring = outline(built)
    hidden, seen = hidden_dashes(built, [ring], DASH_PX)
    built.lines.append((None, [ring]))  # the labels keep off it
    h = built.plotter.window_size[1]
    width = max(2.0, h / 360)
    ink, paper = pv.Color(palette.INK).float_rgb, pv.Color("white").float_rgb
    out = []
    for part in (hidden, seen):
        if part:  # on a halo, as the leaders are: bare ink was lost on the dark piriformis
            out += haloed_2d(part, width, ink, paper, h)
    # tagged from the circle's upper right, boxed to its right: from the top, the tag went up-left
    # and its leader crossed piriformis (lecturer's review)
    corner = ring[len(ring) // 8]
    return out + tags(built, [(corner, TEXT, "right")])


LEGEND = Layer(NAME, draw_overlay, shown=shown, overlay=True)
