"""The variant layer: a scene's anatomical variant (`variant = "ID"`) in place of the usual course.

Runs first, before the structures are drawn: it makes the variant's resolved paths the active
ones (labels, picking and the lesion layer then follow them) and lays the meshes the variant
changes (its nerves, piriformis with its cleft) over the base meshes of this build only; the
renderer's own meshes are never changed. A scene without a variant puts the usual course back,
so a batch of scenes or the window can switch freely.
"""

from __future__ import annotations

from meshes import cache
from meshes.anatomy.courses import variants

from ..base import BuiltScene, Layer


def draw(built: BuiltScene) -> list:
    variant = getattr(built.scene, "variant", None)
    variants.activate(variant)
    if variant:
        built.meshes = {**built.meshes, **cache.load_variant(variant)}
    return []


LAYER = Layer("variant", draw)
