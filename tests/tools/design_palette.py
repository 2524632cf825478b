"""Design the catalog's palette: one colour per structure, inside its kind's atlas family, such that
touching structures stay apart for every viewer.

Run from the repository root (meshes come from the cache, built on first use):

    PYTHONPATH=. python tests/tools/design_palette.py [--within 5] [--rounds 40] [--seed 1]

It prints a `COLORS = {...}` block to paste into scenes/catalog.py. The rules (checked by
tests/test_palette.py with the meshes' touching pairs within 3 mm):

- touching structures of different kinds: worst-case CAM02-UCS difference >= 12, where the worst case
  is the smallest over normal vision and full protanopia, deuteranopia and tritanopia
  (scenes.palette.difference);
- touching structures of the same kind (two muscles, sacrum and hip bone, an artery and its branch):
  worst case >= 6;
- the inferior gluteal nerve against every other nerve, touching or not: worst case >= 15, and it is
  the most saturated (CIELab chroma) yellow of the nerves;
- the superior gluteal nerve against every other nerve but the sacral plexus: normal vision >= 11
  (the test asks 10).

The two small muscular branches (to obturator internus, to quadratus femoris) were then searched by
hand on a grid against these rules with the rest pinned: muted khaki and ochre, darker than
`plausible` allows, as the yellow-to-orange family had no room left off the SGN's orange.

Method: every colour is a point in CIELCh inside a box of lightness, chroma and hue for its kind
(`FAMILIES`: bone ivory, muscle red-brown, nerve yellow-to-ochre, ...). Coordinate descent: each
round visits every structure and tries a few hundred candidates (local steps around its colour and
fresh draws from its box), rounded to 8-bit hex as the catalog stores them; it keeps the candidate
with the best score: the smallest ratio difference/threshold over the structure's constraints,
capped at `--target` (a margin above 1), minus a small pull towards its family's anchor colour
(weighted by `PULL`), so that once everything is apart colours drift back towards atlas habit. The pairs come
from the geometry at `--within` mm (5 by default, a margin over the test's 3 mm, so that a small
change of the anatomy does not break the palette).
"""

from __future__ import annotations

import argparse
import itertools

import colorspacious
import numpy as np

from scenes.palette import VISIONS

SUBJECT = "inferior_gluteal_nerve_right"
DIFFERENT_KIND, SAME_KIND, SUBJECT_VS_NERVE = 12.0, 6.0, 15.0
# The superior gluteal nerve's orange is its own (tests/test_palette.py): every other nerve but the
# plexus keeps this far from it, in normal vision only (the family has no room for more).
SGN, SGN_VS_NERVE, SHARES_SGN = "superior_gluteal_nerve_right", 11.0, ("sacral_plexus_right",)

# kind -> (lightness range, chroma range, hue range in degrees, anchor L, C, h): CIELCh (D65)
FAMILIES = {
    "bone": ((74, 97), (5, 24), (75, 100), (92, 11, 95)),        # ivory to bone-cream
    "disc": ((62, 86), (4, 16), (200, 260), (84, 6, 240)),       # pale blue-grey
    "ligament": ((58, 84), (8, 24), (230, 275), (78, 12, 262)),  # pale grey-blue
    "fascia": ((72, 90), (10, 28), (70, 95), (83, 15, 90)),      # pale tan
    "muscle": ((30, 56), (28, 55), (24, 48), (43, 47, 33)),      # red-brown
    "nerve": ((55, 95), (28, 78), (66, 100), (78, 65, 85)),      # yellow to ochre (not the subject)
    "artery": ((36, 56), (62, 85), (28, 42), (47, 78, 35)),      # red
    "region": ((32, 62), (40, 72), (300, 325), (43, 62, 315)),   # purple outline
}
# the subject: the brightest, most saturated yellow; golden rather than lemon, which tritanopia
# brings too close to ivory bone
SUBJECT_FAMILY = ((80, 92), (84, 100), (84, 91), (85, 90, 88))
# Structures an anatomist looks at first keep closer to their family's anchor colour.
PULL = {"hip_bone_right": 6, "sacrum": 2, "gluteus_maximus_right": 3, "piriformis_right": 2,
        "sciatic_nerve_right": 3, "inferior_gluteal_artery_right": 2}
# Starting points (and anchors) of their own for structures that share a kind with many touching
# neighbours: a ladder of lightness the descent can refine (bones: ivory, cream, bone-grey;
# nerves: pale yellow, yellow, ochre).
ANCHORS = {
    "sacrum": (85, 16, 82), "hip_bone_left": (80, 8, 95), "vertebra_l4": (85, 14, 85),
    "vertebra_l5": (94, 8, 95), "femur_right": (85, 12, 88), "coccyx": (92, 11, 95),
    "sciatic_nerve_right": (90, 45, 95), "sacral_plexus_right": (72, 62, 80),
    "posterior_femoral_cutaneous_nerve_right": (82, 50, 92),
    "nerve_to_obturator_internus_right": (62, 62, 75),
    "nerve_to_quadratus_femoris_right": (68, 60, 88), "pudendal_nerve_right": (66, 60, 78),
    "lumbosacral_trunk_right": (64, 62, 76), "superior_gluteal_nerve_right": (78, 62, 84),
}
# ... and the hip bone, the largest structure in most scenes, keeps the catalog's ivory outright.
PINNED = {"hip_bone_right": "#eee8d5"}


def plausible(kind: str, lch: np.ndarray) -> np.ndarray:
    """Colours that an anatomist still reads as the kind, beyond the family's box: a dark or greenish
    yellow reads as olive or khaki, not as a nerve, so dark nerves must be ochre (warmer, saturated),
    and a pale orange-ish one reads as peach."""
    L, C, h = lch.T
    if kind == "nerve":
        return (((h <= 92) | (L >= 76)) & (C >= 28 + 1.2 * np.maximum(0, 85 - L)) & ((L >= 66) | (h <= 86))
                & ((h >= 78) | (C >= 55)))
    if kind == "bone":
        return C <= 12 + 0.5 * (L - 76)  # a darker bone is a greyer one, never a tan one
    return np.ones(len(lch), bool)


def to_hex(lch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CIELCh rows -> (8-bit sRGB rows in 0..1, in-gamut mask)."""
    rgb = colorspacious.cspace_convert(lch, "CIELCh", "sRGB1")
    ok = np.all((rgb > -0.002) & (rgb < 1.002), axis=-1)
    return np.round(np.clip(rgb, 0, 1) * 255) / 255, ok


def seen(rgb: np.ndarray) -> np.ndarray:
    """(4, n, 3): CAM02-UCS coordinates for each vision, as scenes.palette computes them."""
    out = []
    for v in VISIONS:
        x = rgb
        if v != "normal":
            x = np.clip(colorspacious.cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": v,
                                                           "severity": 100}, "sRGB1"), 0, 1)
        out.append(colorspacious.cspace_convert(x, "sRGB1", "CAM02-UCS"))
    return np.stack(out)


def hexcode(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def constraints(ids, kinds, pairs):
    """(i, j, threshold, visions): `visions` 4 for every viewer, 1 for normal vision only."""
    index = {s: i for i, s in enumerate(ids)}
    cons = {}
    for a, b in pairs:
        cons[index[a], index[b], 4] = DIFFERENT_KIND if kinds[a] != kinds[b] else SAME_KIND
    for s in ids:
        if kinds[s] == "nerve" and s != SUBJECT:
            cons[index[SUBJECT], index[s], 4] = SUBJECT_VS_NERVE
        if kinds[s] == "nerve" and s not in (SUBJECT, SGN, *SHARES_SGN) and SGN in index:
            cons[index[SGN], index[s], 1] = SGN_VS_NERVE
    return [(i, j, t, v) for (i, j, v), t in cons.items()]


def design(ids, kinds, pairs, rounds=40, target=1.15, pull=0.002, seed=1, verbose=True):
    rng = np.random.default_rng(seed)
    fam = {s: SUBJECT_FAMILY if s == SUBJECT else FAMILIES[kinds[s]] for s in ids}
    lo = np.array([[f[0][0], f[1][0], f[2][0]] for f in map(fam.get, ids)], float)
    hi = np.array([[f[0][1], f[1][1], f[2][1]] for f in map(fam.get, ids)], float)
    anchor = np.array([ANCHORS.get(s, fam[s][3]) for s in ids], float)
    anchor_lab = colorspacious.cspace_convert(anchor, "CIELCh", "CIELab")
    weight = np.array([PULL.get(s, 1) for s in ids], float)
    cons = constraints(ids, kinds, pairs)
    partners = {i: [(j if i == a else a, t, v) for a, j, t, v in cons if i in (a, j)]
                for i in range(len(ids))}

    for s, code in PINNED.items():
        anchor[ids.index(s)] = colorspacious.cspace_convert([int(code[k:k + 2], 16) / 255 for k in (1, 3, 5)],
                                                           "sRGB1", "CIELCh")
    lch = anchor.copy()
    rgb, _ = to_hex(lch)
    pts = seen(rgb)

    def score(i, cand_lch, cand_rgb):
        cand = seen(cand_rgb)                                   # (4, k, 3)
        ratio = np.full(len(cand_rgb), np.inf)
        for j, t, v in partners[i]:
            d = np.linalg.norm(cand[:v] - pts[:v, j][:, None, :], axis=-1).min(axis=0)
            ratio = np.minimum(ratio, d / t)
        dev = np.linalg.norm(colorspacious.cspace_convert(cand_lch, "CIELCh", "CIELab") - anchor_lab[i],
                             axis=-1)
        return np.minimum(ratio, target) - pull * weight[i] * dev, ratio

    for r in range(rounds):
        scale = max(0.15, 1 - r / rounds)
        for i in rng.permutation(len(ids)):
            if ids[i] in PINNED:
                continue
            width = hi[i] - lo[i]
            local = lch[i] + rng.normal(0, 1, (200, 3)) * width * 0.15 * scale
            fresh = lo[i] + rng.random((100, 3)) * width
            cand = np.clip(np.vstack([lch[i:i + 1], local, fresh]), lo[i], hi[i])
            cand_rgb, ok = to_hex(cand)
            ok &= plausible(kinds[ids[i]], cand)
            ok[0] = True
            cand, cand_rgb = cand[ok], cand_rgb[ok]
            s, _ = score(i, cand, cand_rgb)
            best = int(np.argmax(s))
            lch[i], rgb[i] = cand[best], cand_rgb[best]
            pts[:, i] = seen(cand_rgb[best:best + 1])[:, 0]
        if verbose:
            worst = min(np.linalg.norm(pts[:v, a] - pts[:v, b], axis=-1).min() / t for a, b, t, v in cons)
            print(f"round {r + 1:3d}: smallest difference/threshold {worst:.3f}")
    return {s: hexcode(rgb[i]) for i, s in enumerate(ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--within", type=float, default=5.0, help="touching distance in mm for design")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--target", type=float, default=1.15, help="ratio to threshold aimed for")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from meshes import cache
    from scenes.catalog import CATALOG
    from scenes.palette import touching, worst

    meshes = cache.load()
    pairs = touching(meshes, within=args.within)
    ids = sorted({s for p in pairs for s in p})
    kinds = {s: CATALOG[s].kind for s in ids}
    colors = design(ids, kinds, pairs, args.rounds, args.target, seed=args.seed)

    print("COLORS = {")
    for s in sorted(ids, key=lambda s: (kinds[s], s)):
        print(f'    "{s}": "{colors[s]}",')
    print("}")
    rows = sorted((worst(colors[a], colors[b])[0] / (SAME_KIND if kinds[a] == kinds[b] else DIFFERENT_KIND),
                   a, b) for a, b in touching(meshes, within=3.0))
    rows += sorted((worst(colors[SUBJECT], colors[s])[0] / SUBJECT_VS_NERVE, SUBJECT, s)
                   for s in ids if kinds[s] == "nerve" and s != SUBJECT)
    print("tightest (difference / threshold):")
    for ratio, a, b in sorted(rows)[:12]:
        print(f"  {ratio:5.2f}  {a} / {b}")
    for a, b in itertools.islice(((a, b) for r, a, b in rows if r < 1), 20):
        print(f"  BELOW THRESHOLD: {a} / {b}")


if __name__ == "__main__":
    main()
