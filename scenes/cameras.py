"""Named camera presets: where the eye is, relative to what it looks at (RAS millimetres)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    direction: tuple[float, float, float]  # from the focal point toward the eye
    view_up: tuple[float, float, float] = (0.0, 0.0, 1.0)
    focal_point: tuple[float, float, float] | None = None  # None: the visible structures' centre
    distance: float | None = None  # mm; None: fit the visible structures
    title: str = ""


FORAMEN_CENTRE = (44.0, -100.0, -50.0)  # middle of the greater sciatic foramen outline

PRESETS: dict[str, Preset] = {
    "posterior": Preset((0, -1, 0), title="Posterior"),
    "anterior": Preset((0, 1, 0), title="Anterior"),
    "lateral": Preset((1, 0, 0), title="Lateral (right)"),
    "medial": Preset((-1, 0, 0), title="Medial, from inside the pelvis"),
    "superior": Preset((0, 0, 1), view_up=(0, 1, 0), title="Superior"),
    "inferior": Preset((0, 0, -1), view_up=(0, 1, 0), title="Inferior"),
    "posterior-oblique": Preset((0.55, -1, 0.15), title="Posterior oblique (right)"),
    "foramen": Preset((0.45, -1, 0.05), focal_point=FORAMEN_CENTRE, distance=300,
                      title="Greater sciatic foramen close-up"),
    "pelvis-inside": Preset((-0.4, 0.9, -0.12), focal_point=(30.0, -84.0, -24.0), distance=300,
                            title="Inside the pelvis, toward the right sacral foramina"),
}
