"""What is drawn: a registry of layers, each a small module turning a scene into actors.

`scenes.build.build_into` loops over `LAYERS` (window and CLI alike): world layers add 3-D
actors before the camera is placed; overlay layers add 2-D actors after it, and are drawn again
whenever the camera or the window size changes. A new overlay is a new module plus a line here.
"""

from . import captions, labels, measurements, orientation_marker, scale_bar, structures
from .base import BuiltScene, LabelBox, Layer

LAYERS: tuple[Layer, ...] = (structures.LAYER, orientation_marker.LAYER, captions.LAYER,
                             measurements.LAYER,  # before labels: labels keep clear of its values
                             labels.LAYER,
                             scale_bar.LAYER)

__all__ = ["LAYERS", "BuiltScene", "LabelBox", "Layer"]
