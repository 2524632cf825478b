"""Measurement for teaching: the `measure` command, the measurements layer and the window's tool.

The geometry is `meshes.measure` (so scene-file checks and layers can use it with no import
cycle); this module is the teaching package's name for it.
"""

from meshes.measure import (
    Measured,
    MeasureError,
    Nearest,
    Point,
    along,
    check_path,
    landmark_names,
    length,
    locate,
    measure,
    nearest_nerve,
    parse_point,
    path_ids,
    path_line,
    polyline_length,
    straight,
)

__all__ = ["MeasureError", "Measured", "Nearest", "Point", "along", "check_path", "landmark_names",
           "length", "locate", "measure", "nearest_nerve", "parse_point", "path_ids", "path_line",
           "polyline_length", "straight"]
