"""The catalog: every structure of the registry with its display colour and its article.

Names, kinds and synonyms come from the structure registry (`meshes.REGISTRY`); this module adds
what only pictures and panels need.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from meshes import KINDS, REGISTRY

KIND_COLORS = {  # atlas habit: bone ivory, muscle red-brown, ligament grey-blue, nerve yellow
    "bone": "#eee8d5",
    "disc": "#c9d6df",
    "fascia": "#d5dde6",  # silvery blue-white, as fascia glistens: in bone's ivory the iliotibial
    # tract beside the femur read as a second bone (lecturer's review)
    "skin": "#e6b89c",
    "ligament": "#b4c4d8",
    "muscle": "#a8453c",
    "nerve": "#f2c80f",
    "artery": "#d7262b",
    "region": "#8e44ad",
}
# Touching structures differ by CAM02-UCS dE >= 12 (6 in a kind) in all four visions: tests/test_palette.py
# Nerves redone with the other colours pinned (issue 10): the sciatic nerve a deep gold, not a cream
# that read as tendon; the superior gluteal nerve orange, a hue apart from the subject's yellow. The
# yellow family is crowded around the subject (dE >= 15 for every viewer), so one thin nerve, the
# posterior femoral cutaneous, is left the pale one.
COLORS = {  # every structure, made by tests/tools/design_palette.py
    "inferior_gluteal_artery_right": "#c94c2e",
    "internal_iliac_artery_right": "#a91312",
    "internal_pudendal_artery_right": "#b43b26",
    "superior_gluteal_artery_right": "#c11d08",
    "coccyx": "#f0e8d4",
    "femur_right": "#d7d2be",
    "hip_bone_left": "#c9c3b7",
    "hip_bone_right": "#eee8d5",
    "sacrum": "#e2d2b5",
    "vertebra_l4": "#e3d3b7",
    "vertebra_l5": "#f7f1e0",
    "disc_l4_l5": "#c6d4db",
    "disc_l5_s1": "#c6d4db",
    "iliotibial_tract_right": "#d5dde6",  # the fascia colour (was an ivory 8 from bone)
    "sacrospinous_ligament_right": "#a0afc2",
    "sacrotuberous_ligament_right": "#b2c3d7",
    "coccygeus_right": "#842528",
    "gluteus_maximus_right": "#994749",
    "gluteus_medius_right": "#912e31",
    "gluteus_minimus_right": "#b66a5f",  # lighter: its cleft with medius holds the superior gluteal artery
    "hamstring_origin_right": "#a8473d",
    "inferior_gemellus_right": "#a8473d",
    "obturator_internus_right": "#862020",
    "piriformis_right": "#975959",
    "quadratus_femoris_right": "#94362f",
    "superior_gemellus_right": "#7b3538",
    "tensor_fasciae_latae_right": "#a8473d",
    "inferior_gluteal_nerve_right": "#ffd306",
    "lumbosacral_trunk_right": "#9e8658",  # a dull khaki-brown: #ca7200 read as the SGN's orange (dE 7.8)
    # the two small muscular branches, off orange: as #c46e00 and #ce8236 they read as the SGN in
    # five gluteal scenes (lecturer's review); a muted khaki and a dark ochre, 11+ from the SGN
    "nerve_to_obturator_internus_right": "#a88e49",
    "nerve_to_quadratus_femoris_right": "#b4830a",
    "posterior_femoral_cutaneous_nerve_right": "#b4ac7e",
    "pudendal_nerve_right": "#c69370",  # a muted tan: #d2863c was the SGN's orange at dE 6.9 (foramen)
    "sacral_plexus_right": "#e89647",
    "sciatic_nerve_right": "#c39422",  # with the IGN, searched for the widest gap the rules allow:
    # #ffcb00 and #cc9807 were 17.7 apart, and the shaded IGN read as the sciatic nerve (lecturer's review)
    "superior_gluteal_nerve_right": "#e78109",
    "greater_sciatic_foramen_right": "#75399d",
    "lesser_sciatic_foramen_right": "#874aaf",
}


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    synonyms: tuple[str, ...]
    color: str

    def article(self) -> str:
        """The structure's Markdown article, headed by its one name (the tree's and the labels')."""
        text = resources.files("scenes").joinpath("articles", f"{self.id}.md").read_text("utf-8")
        first, _, rest = text.partition("\n")
        return f"# {self.name}\n{rest}" if first.startswith("# ") else text


CATALOG: dict[str, Entry] = {
    s.id: Entry(s.id, s.name, s.kind, s.synonyms, COLORS.get(s.id, KIND_COLORS[s.kind]))
    for s in REGISTRY.values()
}
GROUPS: dict[str, str] = KINDS  # kind -> group title, in the order the tree lists them


def find(text: str, visible=()) -> str | None:
    """The structure a typed name or synonym means: exact names first, then a unique partial
    match. A name two structures share ("os coxae" for both hip bones) resolves to the one in
    view, and to the right side (the side this model is about) when both are."""
    query = text.strip().lower()
    if not query:
        return None
    exact = [e.id for e in CATALOG.values() if query in (e.name.lower(), *(s.lower() for s in e.synonyms))]
    hits = exact or [e.id for e in CATALOG.values()
                     if any(query in n.lower() for n in (e.name, *e.synonyms))]
    if len(hits) > 1:
        shown = [h for h in hits if h in set(visible)] or hits
        right = [h for h in shown if h.endswith("_right")]
        hits = right if len(shown) > 1 and len(right) == 1 else shown
    return hits[0] if len(hits) == 1 else None

# Parts drawn in their own colour: the posterior divisions of the sacral plexus stand apart from
# the anterior ones, as in the teaching diagrams. The common fibular part of the sciatic nerve,
# drawn as its own cord only where a variant splits it off (Beaton & Anson), carries the posterior
# divisions' fibres on and takes their teal: in the same gold it was not seen apart from the
# tibial part below piriformis (lecturer's review of variant-ign-through-piriformis).
POSTERIOR_DIVISION = "#1f7a8c"  # teal: apart from every yellow, for all viewers
PART_COLORS: dict[str, dict[str, str]] = {"sacral_plexus_right": {"posterior_": POSTERIOR_DIVISION},
                                          "sciatic_nerve_right": {"cord_fibular": POSTERIOR_DIVISION}}
# Where a scene highlights the plexus (a plexus diagram), the gluteal nerves' roots, which carry the
# divisions' fibres on, take their colour too: three teal strands (L5, S1, S2) meet to form the
# yellow IGN. A scene that gives a nerve its colour keeps it in the roots (roots and
# plexus-divisions do, so which division feeds which nerve shows: with teal roots they met in one
# teal knot; lecturer's review). Elsewhere the roots keep their nerve's colour: a teal fleck in the
# suprapiriform gap of a gluteal view would name nothing.
ROOT_COLORS: dict[str, dict[str, str]] = {
    "inferior_gluteal_nerve_right": {"root_": POSTERIOR_DIVISION},
    "superior_gluteal_nerve_right": {"root_": POSTERIOR_DIVISION},
}
