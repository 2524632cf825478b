"""The structure registry: every structure the model holds, how it is built, what it is called.

One entry per structure. The cache, the catalog (scenes), the tree and the view all read this
table, so a new structure is a builder, one entry here and an article (scenes/articles/<id>.md).
Ids are stable across the app: scene files, tests and panels name them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyvista as pv

from .courses import tubes
from .courses.paths import PATHS
from .skeleton import bones, vertebrae
from .soft_tissue import fascia, gluteals, ligaments, muscles, rotators, skin

# Kinds in the order the structure tree lists them, with the tree's group titles.
KINDS = {"bone": "Bones", "disc": "Discs", "ligament": "Ligaments", "fascia": "Fascia",
         "muscle": "Muscles", "nerve": "Nerves", "artery": "Vessels", "region": "Regions",
         "skin": "Skin"}


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    kind: str
    synonyms: tuple[str, ...] = ()
    builder: Callable[[], pv.PolyData] | None = None  # None: a path, built as tubes from PATHS
    triangles: int = 0  # budget after decimation (solids)
    mirror_of: str | None = None  # built by reflecting this structure through the midline

    @property
    def is_solid(self) -> bool:
        return self.builder is not None or self.mirror_of is not None


def _solid(sid, name, kind, builder, triangles, synonyms=(), mirror_of=None) -> Structure:
    return Structure(sid, name, kind, tuple(synonyms), builder, triangles, mirror_of)


def _path(sid, name, kind, synonyms=()) -> Structure:
    assert sid in PATHS, sid
    return Structure(sid, name, kind, tuple(synonyms))


SOLID_BUDGET = 400_000  # triangles in all solids together (issue "Anatomy v2")

# Triangle budgets after decimation, per solid.
SKELETON = [
    _solid("hip_bone_right", "Right hip bone", "bone", bones.hip_bone_right, 45000,
           ("os coxae", "innominate bone", "ilium", "ischium", "pubis")),
    _solid("hip_bone_left", "Left hip bone", "bone", None, 45000, ("os coxae", "innominate bone"),
           mirror_of="hip_bone_right"),
    _solid("sacrum", "Sacrum", "bone", bones.sacrum, 24000, ("os sacrum",)),
    _solid("coccyx", "Coccyx", "bone", bones.coccyx, 3000, ("tailbone",)),
    _solid("femur_right", "Right femur (proximal)", "bone", bones.femur_right, 20000,
           ("thigh bone", "greater trochanter")),
    _solid("vertebra_l4", "L4 vertebra", "bone", vertebrae.vertebra_l4, 12000,
           ("fourth lumbar vertebra", "L4")),
    _solid("vertebra_l5", "L5 vertebra", "bone", vertebrae.vertebra_l5, 12000,
           ("fifth lumbar vertebra", "L5", "lumbosacral vertebra")),
    _solid("disc_l4_l5", "L4/L5 intervertebral disc", "disc", vertebrae.disc_l4_l5, 3000,
           ("L4-L5 disc", "intervertebral disc")),
    _solid("disc_l5_s1", "L5/S1 intervertebral disc", "disc", vertebrae.disc_l5_s1, 3000,
           ("L5-S1 disc", "lumbosacral disc", "intervertebral disc")),
]

SOFT_TISSUE = [
    _solid("sacrospinous_ligament_right", "Sacrospinous ligament", "ligament",
           ligaments.sacrospinous_ligament_right, 4000),
    _solid("sacrotuberous_ligament_right", "Sacrotuberous ligament", "ligament",
           ligaments.sacrotuberous_ligament_right, 8000),
    _solid("piriformis_right", "Piriformis", "muscle", muscles.piriformis_right, muscles.PIRIFORMIS_TRIANGLES,
           ("piriformis muscle",)),
    _solid("gluteus_maximus_right", "Gluteus maximus", "muscle", muscles.gluteus_maximus_right,
           muscles.GM_TRIANGLES,
           ("glute", "buttock muscle")),
    _solid("gluteus_medius_right", "Gluteus medius", "muscle", gluteals.gluteus_medius_right,
           gluteals.TRIANGLES["gluteus_medius"], ("glute med", "hip abductor")),
    _solid("gluteus_minimus_right", "Gluteus minimus", "muscle", gluteals.gluteus_minimus_right,
           gluteals.TRIANGLES["gluteus_minimus"], ("glute min", "hip abductor")),
    _solid("superior_gemellus_right", "Superior gemellus", "muscle", rotators.superior_gemellus_right,
           rotators.TRIANGLES["superior_gemellus"], ("gemellus superior", "short lateral rotator")),
    _solid("obturator_internus_right", "Obturator internus", "muscle", rotators.obturator_internus_right,
           rotators.TRIANGLES["obturator_internus"], ("obturator internus tendon", "short lateral rotator")),
    _solid("inferior_gemellus_right", "Inferior gemellus", "muscle", rotators.inferior_gemellus_right,
           rotators.TRIANGLES["inferior_gemellus"], ("gemellus inferior", "short lateral rotator")),
    _solid("quadratus_femoris_right", "Quadratus femoris", "muscle", rotators.quadratus_femoris_right,
           rotators.TRIANGLES["quadratus_femoris"], ("short lateral rotator",)),
    _solid("tensor_fasciae_latae_right", "Tensor fasciae latae", "muscle",
           gluteals.tensor_fasciae_latae_right,
           gluteals.TRIANGLES["tensor_fasciae_latae"], ("TFL", "tensor fasciae femoris")),
    _solid("iliotibial_tract_right", "Iliotibial tract", "fascia", fascia.iliotibial_tract_right,
           fascia.TRIANGLES["iliotibial_tract"], ("IT band", "iliotibial band", "ITB", "fascia lata")),
    _solid("hamstring_origin_right", "Hamstring origin", "muscle", fascia.hamstring_origin_right,
           fascia.TRIANGLES["hamstring_origin"], ("hamstrings", "common hamstring tendon", "biceps femoris",
                                                  "semitendinosus", "semimembranosus")),
    _solid("skin_right", "Skin of the buttock and hip", "skin", skin.skin_right, skin.TRIANGLES,
           ("skin", "subcutaneous fat", "buttock")),
    _solid("coccygeus_right", "Coccygeus", "muscle", rotators.coccygeus_right,
           rotators.TRIANGLES["coccygeus"], ("ischiococcygeus", "pelvic floor")),
]

PATH_STRUCTURES = [
    _path("inferior_gluteal_nerve_right", "Inferior gluteal nerve", "nerve",
          ("IGN", "nervus gluteus inferior")),
    _path("sciatic_nerve_right", "Sciatic nerve", "nerve", ("ischiadic nerve",)),
    _path("superior_gluteal_nerve_right", "Superior gluteal nerve", "nerve", ("SGN",)),
    _path("posterior_femoral_cutaneous_nerve_right", "Posterior femoral cutaneous nerve", "nerve",
          ("posterior cutaneous nerve of thigh", "PFCN")),
    _path("pudendal_nerve_right", "Pudendal nerve", "nerve"),
    _path("lumbosacral_trunk_right", "Lumbosacral trunk", "nerve", ("L4-L5 trunk",)),
    _path("sacral_plexus_right", "Sacral plexus", "nerve",
          ("plexus sacralis", "anterior divisions", "posterior divisions")),
    _path("nerve_to_obturator_internus_right", "Nerve to obturator internus", "nerve"),
    _path("nerve_to_quadratus_femoris_right", "Nerve to quadratus femoris", "nerve"),
    _path("internal_iliac_artery_right", "Internal iliac artery", "artery", ("hypogastric artery",)),
    _path("inferior_gluteal_artery_right", "Inferior gluteal artery", "artery"),
    _path("superior_gluteal_artery_right", "Superior gluteal artery", "artery"),
    _path("internal_pudendal_artery_right", "Internal pudendal artery", "artery"),
    _path("greater_sciatic_foramen_right", "Greater sciatic foramen", "region", ("sciatic foramen",)),
    _path("lesser_sciatic_foramen_right", "Lesser sciatic foramen", "region"),
]

_ENTRIES = SKELETON + SOFT_TISSUE + PATH_STRUCTURES
REGISTRY: dict[str, Structure] = {s.id: s for s in _ENTRIES}
IDS: tuple[str, ...] = tuple(REGISTRY)
SOLIDS: tuple[str, ...] = tuple(s.id for s in _ENTRIES if s.is_solid)
BONES: tuple[str, ...] = tuple(s.id for s in _ENTRIES if s.kind == "bone")


def path_mesh(structure: str) -> pv.PolyData:
    """One continuous smooth tube per part of a nerve, vessel or outline (see tubes.py)."""
    return tubes.path_mesh(structure)


def build(structure: str) -> pv.PolyData:
    """The mesh of one structure (mirrored structures: build their twin and use `mirrored`)."""
    entry = REGISTRY.get(structure)
    if entry is None:
        raise KeyError(f"unknown structure {structure!r}")
    if entry.mirror_of:
        return bones.mirrored(build(entry.mirror_of))
    if entry.builder is not None:
        return _decimated(entry.builder(), entry.triangles)
    return path_mesh(structure)


def _decimated(mesh: pv.PolyData, target: int) -> pv.PolyData:
    """Quadric decimation down to `target` triangles; keeps the surface closed and smooth."""
    if mesh.n_cells > target:
        mesh = mesh.decimate(1 - target / mesh.n_cells, volume_preservation=True)
    return mesh.compute_normals(auto_orient_normals=True, split_vertices=False)
