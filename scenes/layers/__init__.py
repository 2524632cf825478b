"""What is drawn: a registry of layers, each a small module turning a scene into actors.

`scenes.build.build_into` loops over `LAYERS` (window and CLI alike): world layers add 3-D
actors before the camera is placed; overlay layers add 2-D actors after it, and are drawn again
whenever the camera or the window size changes. A new overlay is a new module plus a line here.
"""

from . import captions, labels, measurements, orientation_marker, scale_bar, structures
from .base import BuiltScene, LabelBox, Layer
from .clinical import (
    danger_triangle,
    gmax_split_zone,
    hip_joint,
    injection_map,
    landmark_spans,
    lesion,
    sgn_safe_zone,
    variant,
)

LAYERS: tuple[Layer, ...] = (variant.LAYER,  # first: the variant's paths and meshes for this build
                             structures.LAYER,
                             lesion.LAYER,
                             orientation_marker.LAYER, orientation_marker.SPACE, captions.LAYER,
                             injection_map.LAYER, injection_map.LEGEND,  # before labels: they keep clear
                             danger_triangle.LAYER, danger_triangle.LEGEND,
                             gmax_split_zone.LAYER, gmax_split_zone.LEGEND,
                             sgn_safe_zone.LAYER, sgn_safe_zone.LEGEND,
                             lesion.LEGEND, hip_joint.LEGEND,
                             landmark_spans.LEGEND,  # before the measurements: their boxes keep clear
                             measurements.LAYER,
                             labels.LAYER,
                             scale_bar.LAYER)

# Layers a scene switches on by name (`layers = [...]`); the others follow the scene's [output].
OPTIONAL: tuple[str, ...] = (
    injection_map.NAME,
    danger_triangle.NAME,
    gmax_split_zone.NAME,
    sgn_safe_zone.NAME,
    hip_joint.NAME,
)

__all__ = ["LAYERS", "OPTIONAL", "BuiltScene", "LabelBox", "Layer"]
