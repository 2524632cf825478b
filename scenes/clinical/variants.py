"""Anatomical variants as teaching data (variants.toml): name, frequency, source, article paragraph.

The geometry of each variant is an edit of the path table in meshes/anatomy/courses/variants.py, under
the same id; a scene shows one with `variant = "ID"`. No Qt, no geometry here.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Variant:
    id: str
    name: str
    frequency: str  # as published, with the sample
    percent: float | None  # the headline figure, where one was published
    source: str  # CLINICAL.md reference numbers with author and year
    paragraph: str  # the article: what differs, how often, why it matters
    structures: tuple[str, ...]  # what to look at (structure ids)

    def as_dict(self) -> dict:
        return asdict(self)


@cache
def variants() -> dict[str, Variant]:
    data = _data()
    return {vid: Variant(vid, d["name"], d["frequency"], d.get("percent"), d["source"],
                         " ".join(d["paragraph"].split()), tuple(d.get("structures", ())))
            for vid, d in data["variants"].items()}


def innervation_edits(variant: str) -> dict:
    """How a variant rewires the innervation graph: node id -> "remove" or fields to replace."""
    return dict(_data()["variants"][variant].get("innervation", {}))


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("scenes.clinical").joinpath("variants.toml").read_text("utf-8"))
