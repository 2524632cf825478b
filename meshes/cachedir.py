"""Where built geometry is kept: a folder per version of the code that shapes it.

No anatomy imports here, so the path resolver can cache its results beside the meshes without an
import cycle (meshes.cache builds meshes; meshes.anatomy.courses.paths caches resolved paths).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

FORMAT = 2


def cache_dir() -> Path:
    """Folder for this version's meshes (GLUTEAL_VIEWER_CACHE overrides the user cache dir)."""
    root = os.environ.get("GLUTEAL_VIEWER_CACHE")
    if not root:
        from platformdirs import user_cache_dir

        root = user_cache_dir("gluteal-viewer", appauthor=False)
    return Path(root) / f"meshes-{code_key()}"


SHAPING_PACKAGES = ("anatomy", "geometry")  # every module in these shapes the meshes


def code_key() -> str:
    """Hash of every module found in the packages that shape the meshes: any change to a
    builder, a landmark or the registry rebuilds, and a new builder module needs no listing."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    here = Path(__file__).parent
    for path in sorted(p for pkg in SHAPING_PACKAGES for p in (here / pkg).rglob("*.py")):
        h.update(path.relative_to(here).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
