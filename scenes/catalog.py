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
    "fascia": "#d8cfb8",
    "skin": "#e6b89c",
    "ligament": "#b4c4d8",
    "muscle": "#a8453c",
    "nerve": "#f2c80f",
    "artery": "#d7262b",
    "region": "#8e44ad",
}
COLORS = {  # structures that differ from their kind's colour, so neighbours stay apart
    "piriformis_right": "#c0564b",
    "sciatic_nerve_right": "#e0a800",
    "superior_gluteal_nerve_right": "#f5a623",
    "posterior_femoral_cutaneous_nerve_right": "#e8d88a",
    "pudendal_nerve_right": "#c9e265",
    "lumbosacral_trunk_right": "#d9b44a",
    "superior_gluteal_artery_right": "#b0171c",
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

# Parts drawn in their own colour: the posterior divisions of the sacral plexus (the inferior
# gluteal nerve's origin) stand apart from the anterior ones, as in the teaching diagrams.
PART_COLORS: dict[str, dict[str, str]] = {
    "sacral_plexus_right": {"posterior_": "#b36b00"},
}
