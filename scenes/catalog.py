"""The structure catalog: display name, kind, default colour and synonyms of every structure id."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

KIND_COLOURS = {  # atlas habit: bone ivory, muscle red-brown, ligament grey-blue, nerve yellow
    "bone": "#eee8d5",
    "ligament": "#b4c4d8",
    "muscle": "#a8453c",
    "nerve": "#f2c80f",
    "artery": "#d7262b",
    "region": "#8e44ad",
}


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    synonyms: tuple[str, ...] = ()
    colour: str = ""

    @property
    def color(self) -> str:
        return self.colour or KIND_COLOURS[self.kind]

    def article(self) -> str:
        """The structure's Markdown article."""
        return resources.files("scenes").joinpath("articles", f"{self.id}.md").read_text("utf-8")


_ENTRIES = [
    Entry("hip_bone_right", "Right hip bone", "bone",
          ("os coxae", "innominate bone", "ilium", "ischium", "pubis")),
    Entry("hip_bone_left", "Left hip bone", "bone", ("os coxae", "innominate bone")),
    Entry("sacrum", "Sacrum", "bone", ("os sacrum",)),
    Entry("coccyx", "Coccyx", "bone", ("tailbone",)),
    Entry("femur_right", "Right femur (proximal)", "bone", ("thigh bone", "greater trochanter")),
    Entry("sacrospinous_ligament_right", "Sacrospinous ligament", "ligament", ()),
    Entry("sacrotuberous_ligament_right", "Sacrotuberous ligament", "ligament", ()),
    Entry("piriformis_right", "Piriformis", "muscle", ("piriformis muscle",), "#c0564b"),
    Entry("gluteus_maximus_right", "Gluteus maximus", "muscle", ("glute", "buttock muscle")),
    Entry("inferior_gluteal_nerve_right", "Inferior gluteal nerve", "nerve",
          ("IGN", "nervus gluteus inferior")),
    Entry("sciatic_nerve_right", "Sciatic nerve", "nerve", ("ischiadic nerve",), "#e0a800"),
    Entry("superior_gluteal_nerve_right", "Superior gluteal nerve", "nerve", ("SGN",), "#f5a623"),
    Entry("posterior_femoral_cutaneous_nerve_right", "Posterior femoral cutaneous nerve", "nerve",
          ("posterior cutaneous nerve of thigh", "PFCN"), "#e8d88a"),
    Entry("pudendal_nerve_right", "Pudendal nerve", "nerve", (), "#c9e265"),
    Entry("lumbosacral_trunk_right", "Lumbosacral trunk", "nerve", ("L4-L5 trunk",), "#d9b44a"),
    Entry("inferior_gluteal_artery_right", "Inferior gluteal artery", "artery", ()),
    Entry("superior_gluteal_artery_right", "Superior gluteal artery", "artery", (), "#b0171c"),
    Entry("greater_sciatic_foramen_right", "Greater sciatic foramen", "region", ("sciatic foramen",)),
]

CATALOG: dict[str, Entry] = {e.id: e for e in _ENTRIES}
