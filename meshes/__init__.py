"""Geometry of the gluteal region: landmarks, structure meshes, nerve paths and their checks.

Frame: RAS millimetres, origin midway between the anterior superior iliac spines. Importing this
package never imports Qt or opens a render window.

    anatomy/    the landmark table, one builder per structure, the paths, the structure registry
    geometry/   distance fields, splines and swept shapes the builders share
    cache.py    built meshes on disk;  check.py  anatomical invariants;  export.py  mesh files
    files.py    atomic writes and destination checks, used by every layer
"""

from .anatomy.courses.paths import PATHS, centreline
from .anatomy.landmarks import FRAME, LANDMARKS, point
from .anatomy.registry import BONES, IDS, KINDS, REGISTRY, SOLIDS, Structure
from .cache import load

__all__ = ["BONES", "FRAME", "IDS", "KINDS", "LANDMARKS", "PATHS", "REGISTRY", "SOLIDS", "Structure",
           "centreline", "load", "point"]
