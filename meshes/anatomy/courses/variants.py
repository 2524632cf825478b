"""Anatomical variants (CLINICAL.md section 4) as edits of the path table, not copies of it.

Each variant names the parts it changes and says where its nerves cross the greater sciatic
foramen relative to piriformis, so `gluteal-viewer check --variant NAME` can hold it to that and
to nothing else. Edits are written relative to named parts and waypoints of `path_data.TABLE`
(its first waypoint, its last two, a point `on` another part, the notch frame that piriformis
itself hangs on), so when the base course moves the variants move with it.

    edited_table(id)  the path table with a variant's edits (a deep copy; the model is untouched)
    activate(id)      swap the resolved paths (`paths.PATHS`) for a variant's, or back (None)
    build(id, sid)    one structure's mesh in a variant (meshes.cache.load_variant caches them)

Teaching text (names, frequencies, sources, article paragraphs) lives with the scenes, in
scenes/clinical/variants.toml; the ids are the same.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from . import path_data as pd
from .path_data import GMAX, GT, PLEXUS, gmd, gmf, lm, nf, on, part

log = logging.getLogger(__name__)

IGN, SGN = "inferior_gluteal_nerve_right", "superior_gluteal_nerve_right"
SCIATIC, PFCN = "sciatic_nerve_right", "posterior_femoral_cutaneous_nerve_right"
PIRIFORMIS = "piriformis_right"
# Where the nerves leave the pelvis in the model itself (Beaton & Anson type A; CLINICAL.md s. 4)
BASE_RELATIONS = {f"{IGN}.trunk": "below", f"{SGN}.trunk": "above", f"{SCIATIC}.trunk": "below"}


@dataclass(frozen=True)
class Variant:
    id: str
    edit: Callable[[dict], None]  # changes a deep copy of path_data.TABLE in place
    relations: dict[str, str] = field(default_factory=dict)  # "structure.part" -> below/above/through
    relax: dict[str, str] = field(default_factory=dict)  # check name -> why it does not apply here

    @property
    def pierce(self) -> tuple[str, ...]:
        """Parts that pass through piriformis."""
        return tuple(k for k, v in self.relations.items() if v == "through")

    @property
    def carve(self) -> tuple[str, ...]:
        """Parts that piriformis makes way for: a cleft for those passing through it, a groove in
        its upper border for those squeezed above it into the suprapiriform gap."""
        return tuple(k for k, v in self.relations.items() if v in ("through", "above")
                     and BASE_RELATIONS.get(k) != v)


# --- editing helpers: by structure and part name ---------------------------------------------

def _part(table: dict, sid: str, name: str) -> dict:
    return next(p for p in table[sid]["parts"] if p["name"] == name)


def _reroute(table: dict, sid: str, name: str, route: Callable[[list], list]) -> None:
    p = _part(table, sid, name)
    p["via"] = route(list(p["via"]))


def _add(table: dict, sid: str, new: dict) -> None:
    table[sid]["parts"].append(new)


def _remove(table: dict, sid: str, name: str) -> None:
    table[sid]["parts"] = [p for p in table[sid]["parts"] if p["name"] != name]


# --- the routes past piriformis -----------------------------------------------------------------
# In the notch frame (notch.py): a mm from the PIIS toward the ischial spine, b mm toward the bone
# edge. Piriformis fills the foramen from a = 10.5 to a = 33 (muscles.PIRIFORMIS_CROSSING); the
# superior gluteal bundle runs above it at its apex, the infrapiriform nerves below a = 33.

def _through(a: float, b: float = 4.0, out=(7, -9, -2)) -> list[tuple]:
    """In front of piriformis, across its belly at the foramen, out behind it (toward `out`)."""
    return [nf(a, b, d=(-6, 7, 0)), nf(a, b), nf(a, b, d=out)]


def _above(depth: float = -3.0) -> list[tuple]:
    """Up beside the superior gluteal nerve (`depth` mm below it) over piriformis' upper border,
    then out behind the muscle."""
    return [on(f"{SGN}.trunk", 0.25, (0, 2, depth)), on(f"{SGN}.trunk", 0.45, (0, -2, depth - 1)),
            on(f"{SGN}.trunk", 0.6, (0, -10, depth - 6))]


# Behind piriformis on the way down from above it: clear of the muscle's back, then lateral to the
# inferior gluteal nerve where that runs back into gluteus maximus (it lies behind the sciatic).
BEHIND = lm(GT, -43, -49, -2.5)


def _through_low(a: float, front=(-6, 7, 0), out=(7, -1, -10)) -> list[tuple]:
    """Across the lower part of piriformis and out at its lower border, toward the trunk."""
    return [nf(a, 3, d=front), nf(a, 3), nf(a, 3, d=out)]


def _fibular_cord(route: list[tuple], join_t: float = 0.3, at=(0.0, 0.0, 0.0)) -> dict:
    """The common fibular part of the sciatic nerve as its own cord: from the plexus band, by
    `route`, down behind piriformis into the trunk (Beaton & Anson 1937), ending `at` that offset
    from its axis."""
    return part("cord_fibular", 2.3, on(f"{PLEXUS}.band", 0.8), *route,
                on("trunk", join_t, at), source="sciatic")


THROUGH_DIVISION = gmd(0.66, 0.22, 4)  # on the deep surface of gluteus maximus behind the exit


def _ign_through(table: dict) -> None:
    # Tillmann 1979: the IGN pierces piriformis beside the common fibular part, which always
    # pierces it too (type B); both leave behind the muscle
    _beaton_anson_b(table)
    # across the upper middle of the belly (a = 18 of 10.5-33; at 29 of 12-40 it read as leaving at
    # the lower border), above the fibular cord, and out of its back straight back to gluteus
    # maximus, dividing on its deep surface at the level it left piriformis: leaving the muscle's
    # upper part heading out and up, it hooked back down behind it, and running down to the usual
    # division below piriformis it lay along the fibular cord (lecturer's reviews)
    _reroute(table, IGN, "trunk", lambda v: [v[0], *_through(18, 5, out=(1, -9, -3)), THROUGH_DIVISION])
    # from that higher, more medial division the upper branch sinks in at once: its run out on
    # the deep surface (path_data.py) would turn back on itself and lie along the lateral branch
    _reroute(table, IGN, "branch_1", lambda v: [v[0], *v[2:]])


def _ign_above(table: dict) -> None:
    # Yan 2013: the IGN leaves with the superior gluteal nerve above piriformis, then descends
    # behind the muscle to its division on gluteus maximus (v[-1]); its upper branch leaves on the
    # way down and runs up and out, not back up beside the trunk
    # It turns down as soon as it is over the muscle's upper border and arcs down its back: going
    # out along the superior gluteal nerve first and then back in to the division drew a hairpin
    # (lecturer's review). It runs close under the superior gluteal nerve, clear of piriformis'
    # upper border: 4-6 mm below it, the muscle's waist at the notch read as a cleft it pierced
    route = [on(f"{SGN}.trunk", 0.25, (0, 2, -3)), on(f"{SGN}.trunk", 0.37, (0, -5, -4)),
             on(f"{SGN}.trunk", 0.42, (-1, -16, -11))]
    _reroute(table, IGN, "trunk", lambda v: [v[0], *route, v[-1]])
    _reroute(table, IGN, "branch_1", lambda v: [on("trunk", 0.95), gmf(0.57, 0.4, 0.7), gmf(0.5, 0.51, 0.7)])


def _ign_pfcn_common(table: dict) -> None:
    # Bichat's "nervus gluteus minor": one trunk below piriformis gives the motor branches and
    # the posterior femoral cutaneous nerve, which leaves it beyond the foramen
    _reroute(table, PFCN, "trunk", lambda v: [on(f"{IGN}.trunk", 0.62), *v[4:]])


def _ign_two_cutaneous(table: dict) -> None:
    # Iwanaga 2018: 1-2 cutaneous branches; the second through the lower-outer part of the muscle,
    # on through the fat like the first (path_data)
    _add(table, IGN, part("branch_cutaneous_2", 0.45, on("branch_2", 0.6), gmf(0.6, 0.86, 0.5),
                          gmf(0.66, 0.9, 0.2), gmf(0.68, 0.93, -0.3), gmf(0.69, 0.97, -0.8),
                          ends_in=(GMAX, "skin_right"), source="iwanaga"))


def _ign_motor_only(table: dict) -> None:
    # the textbook nerve: motor only (Iwanaga 2018 found no cutaneous branch on 3/12 sides)
    _remove(table, IGN, "branch_cutaneous")


def _ign_upper_branch(table: dict) -> None:
    # Awori 2011: a branch nearly as thick as the nerve crosses the upper border of piriformis
    # into the upper part of gluteus maximus
    _add(table, IGN, part("branch_upper", 1.2, on("trunk", 0.08), *_above(-5.0),
                          gmf(0.25, 0.45, 0.7), gmf(0.18, 0.55, 0.7), ends_in=(GMAX,), source="ign"))


def _beaton_anson_b(table: dict) -> None:
    # in front of the inferior gluteal nerve, which runs down behind the band; out of the back of
    # the muscle 9 mm above its lower border (a = 24 of 10.5-33), then down and out on the back of
    # the tibial part, which it joins further down: a round cord on the trunk, not one sliced into
    # its flat band. Out at a = 33 of 12-40 and heading down, it seemed to leave at the lower border with the
    # tibial part, no slip of muscle between them (lecturer's reviews)
    # It comes down onto the band's upper, posterior edge (the band's width there runs from back
    # and up to front and down) and runs in along it to its lateral edge as the band turns down:
    # joined from behind, 8 mm off the band, it ended in a cap on the nerve's back (lecturer's
    # review of variant-ign-through-piriformis)
    route = [*_through_low(24, front=(-3, 9, 0), out=(8, -9, -4)), on("trunk", 0.2, (1.5, -7.0, 7.0))]
    _add(table, SCIATIC, _fibular_cord(route, join_t=0.3, at=(1.5, -0.3, 0.4)))
    # and the band above the join is the tibial part alone: the foramen's 61 mm2 (Tomaszewski
    # 2016) less the cord's 17 mm2, about 11.5 x 5 mm, widening to the whole nerve where it joins
    trunk = _part(table, SCIATIC, "trunk")
    trunk["width"] = (11.5, 11.5, *trunk["width"][2:])


def _beaton_anson_c(table: dict) -> None:
    _add(table, SCIATIC, _fibular_cord([*_above(-5.0), BEHIND], join_t=0.3))


def _beaton_anson_d(table: dict) -> None:
    # from the plexus where the type B fibular cord leaves it, across the lower belly (a = 25 of
    # 10.5-33: at 30, 3 mm from the lower border, it read as below the muscle)
    route = _through_low(25, (-3, 7, 0), (7, 3, -10))
    _reroute(table, SCIATIC, "trunk", lambda v: [on(f"{PLEXUS}.band", 0.8), *route, *v[3:]])
    # squeezed in the cleft it is rounder than the 15.5 mm band below piriformis (Tomaszewski 2016)
    trunk = _part(table, SCIATIC, "trunk")
    trunk["width"] = (7.0, 7.0, 12.0, *trunk["width"][3:])


def _beaton_anson_e(table: dict) -> None:
    _beaton_anson_d(table)
    _beaton_anson_c(table)


def _beaton_anson_f(table: dict) -> None:
    _reroute(table, SCIATIC, "trunk", lambda v: [on(f"{PLEXUS}.band", 0.55), *_above(-6.0), BEHIND, *v[4:]])
    trunk = _part(table, SCIATIC, "trunk")  # a rounder cord in the narrow suprapiriform gap
    trunk["width"] = (8.0, 8.0, 12.0, *trunk["width"][3:])


NOT_THE_COMMON_COURSE = "describes the common course (Beaton & Anson type A), which this variant changes"
PIERCING_TRUNK = ("describes the common course below piriformis; here the trunk turns from the front of "
                  "piriformis to its back inside the muscle's cleft, hidden from view")
TWO_CORDS = ("takes the sciatic nerve as one cord; here it leaves in two, each checked by "
             "variant_piriformis_relations")
TIBIAL_ONLY = ("measures the whole nerve's width below piriformis (15.55 mm); here only its tibial part "
               "leaves there, 11.5 mm wide, the fibular cord through the muscle joining it lower down")
VARIANTS: dict[str, Variant] = {v.id: v for v in [
    Variant("beaton-anson-b", _beaton_anson_b,
            {f"{SCIATIC}.trunk": "below", f"{SCIATIC}.cord_fibular": "through"},
            {"sciatic_lateral_to_ign": TWO_CORDS, "sciatic_position": TIBIAL_ONLY}),
    Variant("beaton-anson-c", _beaton_anson_c,
            {f"{SCIATIC}.trunk": "below", f"{SCIATIC}.cord_fibular": "above"},
            {"sciatic_lateral_to_ign": TWO_CORDS}),
    Variant("beaton-anson-d", _beaton_anson_d, {f"{SCIATIC}.trunk": "through"},
            {"sciatic_lateral_to_ign": NOT_THE_COMMON_COURSE, "sciatic_position": NOT_THE_COMMON_COURSE,
             "sciatic_bends_smoothly": PIERCING_TRUNK}),
    Variant("beaton-anson-e", _beaton_anson_e,
            {f"{SCIATIC}.trunk": "through", f"{SCIATIC}.cord_fibular": "above"},
            {"sciatic_lateral_to_ign": NOT_THE_COMMON_COURSE, "sciatic_position": NOT_THE_COMMON_COURSE,
             "sciatic_bends_smoothly": PIERCING_TRUNK}),
    Variant("beaton-anson-f", _beaton_anson_f, {f"{SCIATIC}.trunk": "above"},
            {"sciatic_lateral_to_ign": NOT_THE_COMMON_COURSE, "sciatic_position": NOT_THE_COMMON_COURSE}),
    Variant("ign-through-piriformis", _ign_through,
            {f"{IGN}.trunk": "through", f"{SCIATIC}.cord_fibular": "through", f"{SCIATIC}.trunk": "below"},
            {"ign_distances": NOT_THE_COMMON_COURSE, "sciatic_lateral_to_ign": TWO_CORDS,
             "sciatic_position": TIBIAL_ONLY}),
    Variant("ign-above-piriformis", _ign_above, {f"{IGN}.trunk": "above"},
            {"ign_distances": NOT_THE_COMMON_COURSE, "sciatic_lateral_to_ign": NOT_THE_COMMON_COURSE}),
    Variant("ign-pfcn-common-trunk", _ign_pfcn_common, {}),
    Variant("ign-cutaneous-branch", _ign_two_cutaneous, {}),
    Variant("ign-motor-only", _ign_motor_only, {},
            {"ign_cutaneous_branch": "checks the cutaneous branch, which this variant does not have"}),
    Variant("ign-large-upper-branch", _ign_upper_branch, {f"{IGN}.branch_upper": "above"},
            {"branches_end_in_gluteus_maximus": "expects every branch in the lower half of the muscle; this "
                                                "variant's upper branch enters its upper part (Awori 2011)",
             "sciatic_lateral_to_ign": "takes one crossing of the IGN; here its upper branch crosses "
                                       "too (each crossing checked by variant_piriformis_relations)"}),
]}


def relations(variant: str | None) -> dict[str, str]:
    """Where each named part crosses the foramen relative to piriformis, in the base model or a variant."""
    out = dict(BASE_RELATIONS)
    if variant:
        out.update(VARIANTS[variant].relations)
    return out


def edited_table(variant: str) -> dict:
    table = copy.deepcopy(pd.TABLE)
    VARIANTS[variant].edit(table)
    return table


@functools.cache
def part_names(sid: str, variant: str | None = None) -> tuple[str, ...]:
    """A structure's part names in the base model or in a variant (which may add parts: the
    common fibular cord of Beaton & Anson type B; or lack them: the IGN's cutaneous branch),
    read from the table, whatever is active."""
    table = pd.TABLE if variant is None else edited_table(variant)
    return tuple(p["name"] for p in table.get(sid, {}).get("parts", []))


# --- resolving and activating ------------------------------------------------------------------

_active: list[str | None] = [None]
_base: dict = {}


def active() -> str | None:
    return _active[0]


def activate(variant: str | None) -> None:
    """Make `paths.PATHS` (and everything that reads it: tubes, checks, labels) the variant's
    resolved paths, or the base model's again with None. Idempotent; in place, so modules that
    imported PATHS see the change."""
    from . import paths

    if variant == _active[0]:
        return
    if variant is not None and variant not in VARIANTS:
        raise KeyError(variant)
    if not _base:
        _base.update(copy.copy(paths.PATHS))
    resolved = dict(_base) if variant is None else _resolved(variant)
    paths.PATHS.clear()
    paths.PATHS.update(resolved)
    paths.centreline.cache_clear()
    _active[0] = variant


def _resolved(variant: str) -> dict:
    """The variant's resolved paths, cached as JSON in its folder beside the meshes."""
    import dataclasses
    import json

    from ...files import atomic_write
    from . import paths

    target = folder(variant) / "paths.json"
    try:
        doc = json.loads(target.read_text("utf-8"))
        return {sid: [paths._part(d) for d in parts] for sid, parts in doc.items()}
    except (OSError, ValueError, TypeError, KeyError):
        pass
    out = paths._build(edited_table(variant))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        doc = {sid: [dataclasses.asdict(p) for p in parts] for sid, parts in out.items()}
        atomic_write(target, lambda tmp: tmp.write_text(json.dumps(doc), "utf-8"))
    except OSError:
        pass
    return out


def folder(variant: str):
    from ...cachedir import cache_dir

    return cache_dir() / "variants" / variant


def changed(variant: str) -> list[str]:
    """The structures whose meshes the variant changes: its edited paths, and piriformis when a
    nerve passes through it."""
    base, mine = pd.TABLE, edited_table(variant)
    out = [sid for sid in mine if mine[sid] != base[sid]]
    if VARIANTS[variant].carve:
        out.append(PIRIFORMIS)
    return out
