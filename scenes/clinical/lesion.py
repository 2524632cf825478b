"""The lesion simulator: walks the innervation graph (innervation.toml) for a lesion level
(findings.toml) and says which muscles lose supply, how badly, which skin goes numb, and what
needle EMG and nerve conduction should show (CLINICAL.md section 3). No Qt, no geometry.

Everything clinical is data; this module only walks it:
- a root lesion takes away each leaf's segmental share for that root (`roots` on the leaf);
- a lesion of nerves cuts every supply edge downstream of them: a muscle gets the lesion's
  severity times the fraction of its supply cut, rounded up (one of three IGN branches -> 1);
- EMG: "+" where a supply edge is cut or a root's share is 2 or more, "±" for a share of 1;
- SNAPs fall only when skin loses its supply beyond the dorsal root ganglion (not for roots).
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

GRADE_WORDS = {3: "severe", 2: "moderate", 1: "mild or variable", 0: "spared"}


class LesionError(ValueError):
    """An unknown level or inconsistent data; str() is one line."""


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # root, division, nerve, branch, muscle, skin
    name: str
    parents: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()  # "structure.part" of the model
    roots: dict = field(default_factory=dict)  # leaves: segmental share per root
    minor: bool = False  # a skin patch that is there in most people, not all
    snap: bool = False  # skin whose nerve the routine SNAPs test (sural, superficial fibular)
    source: str = ""


@dataclass(frozen=True)
class Graph:
    nodes: dict[str, Node]
    sources: dict[str, str]

    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n: [] for n in self.nodes}
        for node in self.nodes.values():
            for p in node.parents:
                out[p].append(node.id)
        return out

    def downstream(self, starts) -> set[str]:
        """Every node reachable from `starts`, the starts included."""
        kids, seen, todo = self.children(), set(starts), deque(starts)
        while todo:
            for k in kids[todo.popleft()]:
                if k not in seen:
                    seen.add(k)
                    todo.append(k)
        return seen

    def roots_above(self, nid: str) -> set[str]:
        """The roots whose fibres reach a node."""
        node = self.nodes[nid]
        if node.kind == "root":
            return {nid}
        return set().union(*(self.roots_above(p) for p in node.parents)) if node.parents else set()

    def leaves(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]


@dataclass
class Result:
    level: str
    name: str
    muscles: dict[str, int]  # affected muscles (grade > 0), key -> grade
    sensory: list[str]  # skin territory ids
    emg: dict[str, str]  # the EMG screen's muscles -> "+", "±" or "0"
    snap: str  # "normal" or "reduced"
    ankle_jerk: str  # "normal" or "reduced"
    nerve_parts: list[str]  # "structure.part" of the model downstream of the lesion (complete loss)
    partial_parts: list[str]  # parts that lose some of their fibres (a root lesion's nerves)
    site: tuple[str, float]
    findings: dict  # the level's row of findings.toml (text, sources)
    variant: str | None = None

    def as_json(self) -> dict:
        return {"level": self.level, "muscles": self.muscles, "sensory": self.sensory,
                "emg": self.emg, "snap": self.snap}


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("scenes.clinical").joinpath(name).read_text("utf-8"))


@cache
def graph(variant: str | None = None) -> Graph:
    """The innervation graph; an anatomical variant may rewire it (variants.toml `innervation`)."""
    data = _read("innervation.toml")
    raw = dict(data["nodes"])
    if variant:
        from .variants import innervation_edits

        for nid, edit in innervation_edits(variant).items():
            if edit == "remove":
                raw.pop(nid, None)
            else:
                raw[nid] = {**raw[nid], **edit}
        raw = {nid: {**d, "from": [p for p in d.get("from", ()) if p in raw]} for nid, d in raw.items()}
    nodes = {nid: Node(nid, d["kind"], d["name"], tuple(d.get("from", ())), tuple(d.get("paths", ())),
                       dict(d.get("roots", {})), bool(d.get("minor", False)), bool(d.get("snap", False)),
                       d.get("source", ""))
             for nid, d in raw.items()}
    for node in nodes.values():
        for p in node.parents:
            if p not in nodes:
                raise LesionError(f"innervation.toml: {node.id} comes from unknown node {p!r}")
    return Graph(nodes, data["sources"])


@cache
def findings() -> dict:
    return _read("findings.toml")


def levels() -> dict[str, dict]:
    return findings()["levels"]


def emg_screen(level: str | None = None) -> dict[str, list[str]]:
    """EMG table column -> the muscles it stands for (a level may narrow the hamstrings cell)."""
    cols = dict(findings()["emg_columns"])
    if level and "emg_hamstrings" in levels()[level]:
        cols["hamstrings"] = levels()[level]["emg_hamstrings"]
    return cols


def simulate(level: str, variant: str | None = None) -> Result:
    """Walk the graph (of the usual anatomy, or of a variant) for one lesion level."""
    if level not in levels():
        close = [k for k in levels() if k.lower().startswith(level.lower())] \
            or difflib.get_close_matches(level, list(levels()), n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise LesionError(f"unknown lesion level {level!r}{hint}; "
                          f"levels: {', '.join(levels())}")
    spec, g = levels()[level], graph(variant)
    if "root" in spec["cut"]:
        grades, emg_of, skin, below = _root_lesion(g, spec["cut"]["root"])
    else:
        grades, emg_of, skin, below = _nerve_lesion(g, spec["cut"]["nodes"], spec["severity"])
    complete = _ordered(g, below)
    screen = {m for ms in emg_screen(level).values() for m in ms}
    skin_ids = [n.id for n in g.leaves("skin") if n.id in skin]
    beyond_ganglion = "root" not in spec["cut"]
    calf = max(grades.get("gastrocnemius", 0), grades.get("soleus", 0))
    full = _parts(g, complete)
    partial = []
    if "root" in spec["cut"]:  # the nerves this root joins lose only its share of their fibres
        rest = g.downstream([spec["cut"]["root"]]) - below
        partial = [p for p in _parts(g, _ordered(g, rest)) if p not in full]
    return Result(
        level=level, name=spec["name"],
        muscles={m.id: grades[m.id] for m in g.leaves("muscle") if grades.get(m.id, 0) > 0},
        sensory=skin_ids, emg={m: emg_of.get(m, "0") for m in _ordered(g, screen)},
        snap="reduced" if beyond_ganglion and any(g.nodes[s].snap for s in skin_ids) else "normal",
        ankle_jerk="reduced" if calf >= 2 else "normal",
        nerve_parts=full, partial_parts=partial, site=(spec["site"][0], float(spec["site"][1])),
        findings=spec, variant=variant)


def _ordered(g: Graph, ids) -> list[str]:
    return [n for n in g.nodes if n in ids]


def _root_lesion(g: Graph, root: str):
    below = g.downstream([root])
    grades, emg, skin = {}, {}, set()
    for leaf in g.nodes.values():
        share = int(leaf.roots.get(root, 0)) if leaf.id in below else 0
        if leaf.kind == "muscle":
            grades[leaf.id] = share
            emg[leaf.id] = "+" if share >= 2 else "±" if share == 1 else "0"
        elif leaf.kind == "skin" and share > 0:
            skin.add(leaf.id)
    # a root's own fibres: the parts that carry no other root's fibres lose everything
    own = {n for n in below if g.nodes[n].kind not in ("muscle", "skin") and g.roots_above(n) == {root}}
    return grades, emg, skin, own


def _nerve_lesion(g: Graph, starts: list[str], severity):
    below = g.downstream(starts)
    sev = severity if isinstance(severity, dict) else {s: severity for s in starts}
    # the severity that reaches each node: the strongest of the cut nodes above it
    reach: dict[str, int] = {}
    for s in starts:
        for n in g.downstream([s]):
            reach[n] = max(reach.get(n, 0), int(sev.get(s, 3)))
    grades, emg, skin = {}, {}, set()
    for leaf in g.nodes.values():
        if leaf.kind not in ("muscle", "skin") or not leaf.parents:
            continue
        cut = [reach[p] for p in leaf.parents if p in below]
        if leaf.kind == "skin":
            if cut:
                skin.add(leaf.id)
            continue
        grades[leaf.id] = math.ceil(sum(cut) / len(leaf.parents)) if cut else 0
        emg[leaf.id] = "+" if cut else "0"
    return grades, emg, skin, below


def _parts(g: Graph, ids) -> list[str]:
    out: list[str] = []
    for n in ids:
        out += [p for p in g.nodes[n].paths if p not in out]
    return out


def table(result: Result) -> str:
    """The printed report: muscles with grades, sensory loss, reflexes, sign, EMG/NCS."""
    g, f = graph(result.variant), result.findings
    where = f" (variant {result.variant})" if result.variant else ""
    lines = [f"{result.level}: {result.name}{where}", "",
             "Weakness (grade: 3 severe, 2 moderate, 1 mild or variable)"]
    for key, grade in sorted(result.muscles.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {grade}  {key:28s} {g.nodes[key].name}")
    if not result.muscles:
        lines.append("  none")
    lines += ["", "Sensory loss"]
    lines += [f"  {s:28s} {g.nodes[s].name}{' (variable)' if g.nodes[s].minor else ''}"
              for s in result.sensory] or ["  none"]
    lines += ["", f"Reflexes      {f['reflexes']} (model: ankle jerk {result.ankle_jerk})",
              f"Sign          {f['sign']}", f"Published     {f['weakness']}", "",
              "Needle EMG (+ denervation, ± variable, 0 normal)   published (CLINICAL.md section 3)"]
    cols = emg_screen(result.level)
    for col, muscles in cols.items():
        for m in muscles:
            lines.append(f"  {result.emg.get(m, '0'):2s} {m:28s} {f['emg'][col]}")
    lines.append(f"  SNAP (sural / superficial fibular): {result.snap}; published: {f['snap_text']}")
    return "\n".join(lines)
