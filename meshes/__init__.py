"""Geometry of the gluteal region: landmarks, structure meshes, nerve paths and their checks.

Frame: RAS millimetres, origin midway between the anterior superior iliac spines. Importing this
package never imports Qt or opens a render window.
"""

from .cache import load
from .landmarks import FRAME, LANDMARKS, point
from .paths import PATHS, centreline
from .structures import IDS, SOLIDS

__all__ = ["FRAME", "IDS", "LANDMARKS", "PATHS", "SOLIDS", "centreline", "load", "point"]
