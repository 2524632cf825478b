"""Nerves, vessels and foramen outlines as data: waypoints tied to landmarks, with sources.

Read by `paths.py`, which only walks this table. Every part lists its waypoints proximal to distal:

    lm(name, dx, dy, dz)      a landmark (landmarks.py) plus an offset in mm (RAS)
    nf(a, b, x, d)            the notch frame (notch.py): a mm from the PIIS toward the ischial
                              spine, b mm toward the notch's bone edge, x lateral if given, + d
    gm(u, v, depth)           gluteus maximus patch coordinates (u upper->lower border, v origin->
                              insertion), depth mm from the mid-surface toward its deep side;
    gmd(u, v, mm)             ... mm in front of its deep surface; gmf(u, v, f) at fraction f of
                              its thickness from the superficial surface (Hwang 2009 depths)
    on(ref, t, d)             the point a fraction t along another part ("part" of this structure or
                              "structure.part"); a part whose FIRST waypoint is `on` starts on that
                              parent, one whose LAST waypoint is `on` merges into it there
    mix(w1, w2, f, d)         w1 + f (w2 - w1) + d
    edge(n)                   n points along the bone edge of the greater sciatic notch
    sec(w)                    waypoint w moved down or up onto the section plane of the thigh

A root starts at its foramen (`root=True`, first waypoint a landmark). `width` (mm, full) makes a
part a flat band whose faces look along `flat_normal`; `radius` is then half its thickness, or
`thickness` (mm, full, evenly along the part) gives it a thickness that changes along its course.
`ends_in` names the solids a nerve may run into (the muscle it supplies). `source` keys SOURCES.
An anatomical variant (CLINICAL.md section 4) is an edit of this table.
"""

from __future__ import annotations

SOURCES = {
    "gray": "Gray's Anatomy (1918), the sacral and pudendal plexuses: ventral rami S1-S4 leave the "
    "anterior sacral foramina; the lumbosacral trunk (L4-L5) descends over the ala in front of the "
    "sacroiliac joint and joins S1 on the front of piriformis; each ramus splits into anterior and "
    "posterior divisions.",
    "ign": "StatPearls NBK546693 / Radiopaedia 'Inferior gluteal nerve': posterior divisions of L5, S1, "
    "S2; leaves below piriformis medial to the sciatic nerve and enters the deep surface of gluteus "
    "maximus in its lower third.",
    "ign_entry": "Ling ZX, Kumar VP. J Bone Joint Surg Br 2006;88:1580 (entry about 5 cm from the GT "
    "tip, 12 cadavers); Apaydin N et al. Surg Radiol Anat 2009;31:415 (origin 3.2 cm from the PIIS, "
    "4.8 cm from the IT, 5.4 cm from the GT; entry about 5.4 cm from the GT apex).",
    "hwang": "Hwang K et al. Ann Plast Surg 2009;63:361: IGN branches run at 59-82 % of gluteus "
    "maximus depth from its surface (the deep half).",
    "iwanaga": "Iwanaga J et al. Clin Anat 2018;31:937: a cutaneous branch of the IGN on 9/12 sides "
    "pierces gluteus maximus in its lower-outer quadrant about 12.5 cm from the midline.",
    "sgn": "Pinho AR et al. Diagnostics 2023;13:2314: the SGN (posterior divisions L4-S1) leaves above "
    "piriformis at the apex of the notch, median 7.6 cm from the PSIS, 7.5 cm from the GT, 10.8 cm "
    "from the IT; it runs between gluteus medius and minimus to both and to tensor fasciae latae.",
    "sciatic": "Sciatic nerve L4-S3 below piriformis (Beaton & Anson type A); flat band 15.55 mm wide "
    "at the lower border of piriformis (Tomaszewski KA et al. J Orthop Res 2016;34:1820); on the "
    "gemelli, obturator internus tendon and quadratus femoris, 5.8 cm from the IT and 6.2 cm from the "
    "GT, 5.2 cm from the PSIS on the PSIS-IT line (Clin Anat 2015;28:144, 100 CT scans).",
    "sciatic_thickness": "Sciatic cross-section at the gluteal level about 50-60 mm2 on ultrasound "
    "(e.g. Tagliafico A et al. Radiology 2012, normal values): with a 15.5 mm width an ellipse is "
    "about 4.5-5 mm thick.",
    "tfl": "Pinho 2023 (above): the inferior branch runs forward between gluteus medius and minimus "
    "and ends in tensor fasciae latae; Grob K et al. J Bone Joint Surg Am 2015;97:1426 (via "
    "eorthopod): it enters tensor fasciae latae 0-10 mm above the lateral circumflex femoral "
    "artery's branch, about the middle of the muscle, in one to three (most often two) branches.",
    "pfcn": "Gray's Anatomy: posterior femoral cutaneous nerve from S1-S2 (posterior) and S2-S3 "
    "(anterior divisions), below piriformis beside the IGN and the inferior gluteal artery, then "
    "under gluteus maximus and the fascia lata down the back of the thigh.",
    "pudendal": "Gray's Anatomy; Robert R et al. Surg Radiol Anat 1998;20:93: pudendal nerve from S2-S4 "
    "anterior divisions, most medial below piriformis, crosses the back of the sacrospinous ligament "
    "close to the ischial spine and re-enters through the lesser sciatic foramen to the pudendal "
    "(Alcock's) canal on the obturator internus fascia.",
    "noi": "Gray's Anatomy: nerve to obturator internus (L5-S2 anterior divisions) below piriformis "
    "lateral to the internal pudendal vessels, gives the branch to superior gemellus, crosses the "
    "ischial spine and enters the pelvic surface of obturator internus through the lesser sciatic "
    "foramen.",
    "nqf": "Gray's Anatomy: nerve to quadratus femoris (L4-S1 anterior divisions) below piriformis, "
    "deep to the sciatic nerve, gemelli and obturator internus tendon on the back of the ischium, to "
    "inferior gemellus and the deep surface of quadratus femoris.",
    "iia": "Gray's Anatomy; Bilhim T et al. Radiographics 2012 (internal iliac branching): the internal "
    "iliac artery arises at the L5/S1 level in front of the sacroiliac joint, about 4 cm long, and "
    "divides at about the upper border of the greater sciatic notch; posterior division -> superior "
    "gluteal artery between the lumbosacral trunk and S1; anterior division -> inferior gluteal "
    "artery between S1 and S2 (or S2 and S3) and internal pudendal artery. Calibre about 6-7 mm.",
    "comitans": "Gray's Anatomy, the inferior gluteal artery: 'a long slender branch, the arteria "
    "comitans nervi ischiadici, which accompanies the sciatic nerve for a short distance' before it "
    "enters the nerve.",
    "vessels": "Arteries run beside their nerves, not fused with them; calibres: superior gluteal "
    "artery about 3-4 mm, inferior gluteal about 3 mm, internal pudendal about 2.5-3 mm (cadaver "
    "angiographic series, e.g. Bilhim 2012).",
    "outline": "Foramen rims: the bone edge of the notch, the sacrospinous ligament and the lateral "
    "sacral border (greater); the lesser sciatic notch, sacrospinous and sacrotuberous ligaments "
    "(lesser) (ANATOMY.md).",
    "model": "Placed by this model between cited neighbours, clear of the solids; checked by "
    "`gluteal-viewer check`.",
}


def lm(name: str, dx: float = 0.0, dy: float = 0.0, dz: float = 0.0) -> tuple:
    return ("lm", name, (dx, dy, dz))


def nf(a: float, b: float, x: float | None = None, d=(0.0, 0.0, 0.0)) -> tuple:
    return ("notch", a, b, x, d)


def gm(u: float, v: float, depth: float) -> tuple:
    return ("gm", u, v, depth, "mid")


def gmd(u: float, v: float, mm: float) -> tuple:
    """mm in front of gluteus maximus' deep surface (negative: inside the muscle)."""
    return ("gm", u, v, mm, "deep")


def gmf(u: float, v: float, f: float) -> tuple:
    """Inside gluteus maximus at fraction f of its thickness from the superficial surface."""
    return ("gm", u, v, f, "fraction")


def on(ref: str, t: float = 1.0, d=(0.0, 0.0, 0.0)) -> tuple:
    return ("on", ref, t, d)


def mix(w1: tuple, w2: tuple, f: float, d=(0.0, 0.0, 0.0)) -> tuple:
    return ("mix", w1, w2, f, d)


def edge(n: int) -> tuple:
    return ("edge", n)


def sec(w: tuple) -> tuple:
    """The waypoint moved onto the model's section plane (landmarks.SECTION_PLANE_Z)."""
    return ("section", w)


def part(name: str, radius: float, *via: tuple, root: bool = False, width=None, flat_normal=None,
         ends_in: tuple = (), source: str = "model", thickness=None) -> dict:
    out = dict(name=name, radius=radius, via=list(via), root=root, width=width, flat_normal=flat_normal,
               ends_in=ends_in, source=source)
    if thickness is not None:  # only where given, so unchanged parts compare equal across variants
        out["thickness"] = thickness
    return out


def division(name: str, radius: float, ramus: str, band_t: float, side: tuple, t: float = 0.5,
             gives: float | None = None) -> list[dict]:
    """An anterior or posterior division: from its ramus (at fraction t) to the plexus band, bowed to
    `side` (mm; posterior = toward piriformis, anterior = toward the pelvic cavity).

    A posterior division that gives the inferior gluteal nerve ends where the nerve leaves it
    (`gives`: that far from the bow toward the band), so it runs on into the nerve it forms; its
    share of the common fibular part goes on into the band as a thin strand in the band's colour,
    `fibular_<level>` (Gray's: the posterior divisions of L4-S2 form the common fibular nerve).
    Running on in teal past the nerve's start, the S2 division read as passing behind the IGN
    (lecturer's review of plexus-divisions)."""
    start, end = on(ramus, t), on("band", band_t, tuple(0.7 * v for v in side))
    bow = mix(start, on("band", band_t), 0.5, side)
    if gives is None:
        return [part(name, radius, start, bow, end, source="gray")]
    return [part(name, radius, start, bow, mix(bow, end, gives), source="gray"),
            part(name.replace("posterior", "fibular"), 0.6, on(name, 1.0), end, source="gray")]


# Landmark names used below.
L4F, L5F = "intervertebral_foramen_l4_right", "intervertebral_foramen_l5_right"
S1F, S2F, S3F, S4F = (f"anterior_sacral_foramen_s{k}_right" for k in (1, 2, 3, 4))
SIJ, PIIS, SPINE = "sacroiliac_joint_center_right", "piis_right", "ischial_spine_right"
IT, GT, PROM = "ischial_tuberosity_lowest_right", "greater_trochanter_tip_right", "sacral_promontory"
IT_P = "ischial_tuberosity_right"  # the tuberosity's most prominent point
ALA, SIJ_FRONT = "sacral_ala_top_right", "sacroiliac_joint_anterior_margin_right"
LSN, QT = "lesser_sciatic_notch_right", "quadrate_tubercle_right"

LST = "lumbosacral_trunk_right"
PLEXUS = "sacral_plexus_right"
IIA = "internal_iliac_artery_right"
GMAX, GMED, GMIN = "gluteus_maximus_right", "gluteus_medius_right", "gluteus_minimus_right"
OI = "obturator_internus_right"
TFL = "tensor_fasciae_latae_right"
PIRIFORMIS_FRONT = (-0.3, 1.0, 0.0)  # the plexus band lies flat on piriformis' pelvic surface
BACK = (0.0, 1.0, 0.0)  # below piriformis the sciatic nerve lies flat on the rotators, facing back
UP_BACK = (0.0, 0.7, 0.7)  # ... and where it runs out laterally under piriformis, faces up and back
# where the IGN trunk divides: on the deep surface of gluteus maximus straight behind the foramen
DIVISION = gmd(0.69, 0.27, 4)
TILT = (0.0, 0.81, 0.59)  # in the infrapiriform gap its width runs from under piriformis down to the spine
# (the foramen's long axis), so the inferior gluteal nerve lies clear of it on its medial side

TABLE: dict[str, dict] = {
    LST: {"kind": "nerve", "parts": [
        # L5 leaves the L5/S1 foramen and crosses the ala; L4's share joins it above the ala
        part("ramus_L5", 2.2, lm(L5F), lm(L5F, 5, 8, -9), lm(ALA, 0, 6, 10), root=True, source="gray"),
        part("ramus_L4", 1.6, lm(L4F), lm(L4F, 4, 6, -13), lm(L4F, 7, 7, -33), on("ramus_L5", 1.0), root=True,
             source="gray"),
        # over the ala, in front of the sacroiliac joint, down to S1 on the front of piriformis
        part("trunk", 2.6, on("ramus_L5", 1.0), lm(SIJ_FRONT, -12, 16, 12), lm(SIJ_FRONT, -10, 12, -2),
             lm(SIJ_FRONT, -9, 2, -14), lm(S1F, 19, -7, -20), source="gray"),
    ]},
    PLEXUS: {"kind": "nerve", "parts": [
        # the band converges down and out on the lower, lateral part of the foramen (toward the
        # notch's bone edge above the spine), where the sciatic nerve leaves it. Gray's: the rami
        # converge on the lower part of the foramen and unite there in a flattened band, so it
        # starts as thick as the trunk and the S1 ramus it joins (5 mm) and widens as S2 and S3
        # join, to the sciatic nerve's width (a slab 12-18 mm wide from the top hid the rami's
        # convergence: "the plexus reads as a shapeless band", lecturer's review)
        part("band", 2.2, on(f"{LST}.trunk", 1.0), lm(S2F, 25, 8, -21), lm(SPINE, -5, 1, 22),
             lm(SPINE, -2, 3, 16),
             width=(5.0, 8.0, 12.0, 16.0), flat_normal=PIRIFORMIS_FRONT, source="gray"),
        part("ramus_S1", 2.2, lm(S1F), lm(S1F, 6.5, 2.5, -14.5), on("band", 0.0), root=True, source="gray"),
        part("ramus_S2", 1.9, lm(S2F), lm(S2F, 6.5, 14, -4), on("band", 0.4), root=True, source="gray"),
        part("ramus_S3", 1.5, lm(S3F), lm(S3F, 6, 17, -1.5), on("band", 0.8), root=True, source="gray"),
        part("ramus_S4", 1.1, lm(S4F), lm(S4F, 7, 13, -6), lm(S4F, 13, 15, -12), root=True, source="gray"),
        # each ramus splits into a posterior (dorsal, toward piriformis) and an anterior division
        # (the posterior ones end where the inferior gluteal nerve leaves them: see division)
        *division("posterior_L4L5", 1.4, f"{LST}.trunk", 0.15, (0, -3, -2), t=0.8, gives=0.45),
        *division("anterior_L4L5", 1.4, f"{LST}.trunk", 0.15, (-2, 3, 0), t=0.8),
        *division("posterior_S1", 1.4, "ramus_S1", 0.1, (0, -3, 0), gives=0.55),
        *division("anterior_S1", 1.4, "ramus_S1", 0.1, (0, 3, 0)),
        *division("posterior_S2", 1.2, "ramus_S2", 0.5, (2, -4, 0), gives=0.3),
        *division("anterior_S2", 1.2, "ramus_S2", 0.5, (-2, 3, 0)),
        *division("anterior_S3", 1.1, "ramus_S3", 0.82, (-2, 3, 0)),
    ]},
    "inferior_gluteal_nerve_right": {"kind": "nerve", "parts": [
        # the posterior divisions of L5 and S1 join that of S2 behind the band (on piriformis); the
        # trunk leaves it and runs down behind the band to the infrapiriform gap
        part("root_S1", 1.1, on(f"{PLEXUS}.posterior_S1", 1.0), on(f"{PLEXUS}.posterior_S2", 1.0),
             source="ign"),
        part("root_L5", 1.0, on(f"{PLEXUS}.posterior_L4L5", 1.0), on("root_S1", 0.7), source="ign"),
        # out of the gap it turns straight back, behind the sciatic nerve, to the deep surface of
        # gluteus maximus, where it divides at once (Gray's Anatomy; Netter's plate of the gluteal
        # region: a short trunk that fans out into the muscle). It turns back without swinging out
        # toward the sciatic nerve first (lecturer's review: the swing read as a sciatic branch),
        # just under piriformis' lower border (a = 33, muscles.py), in the triangle's upper part
        part("trunk", 1.4, on(f"{PLEXUS}.posterior_S2", 1.0), lm(SPINE, -9.5, -3, 29),
             lm(SPINE, -7, -8, 23), lm(SPINE, 0.5, -8.5, 17), lm(SPINE, 2, -19, 12), DIVISION,
             source="ign"),
        # the branches fan out from there on the deep surface of gluteus maximus and enter it, up
        # and out (running straight up, the upper one ended on the PIIS in danger-triangle's view:
        # lecturer's review), out toward the trochanter, down and in; inside they run in the deep
        # half of the muscle (Hwang 2009: 59-82 % of its depth) and end in it, within its outline
        # (Gray's; Netter)
        # each runs a short way on the deep surface before it sinks in, so the fan shows where the
        # muscle is reflected (lecturer's review: with the branches sinking in at the division
        # the nerve read as one unbranched cable on the flap)
        # the upper branch runs on up into the muscle's upper part, which the nerve supplies too (it
        # is the muscle's only nerve: ANATOMY.md): ending at a = 0.51 it left the upper third bare,
        # and a split from the trochanter toward the PSIS (gmax-split-zone) crossed no branch,
        # against the 5 cm rule the slide teaches (lecturer's review). It stays medial of the line
        # where the reflected views divide the muscle (reflection.CUT_V, less its clear margin)
        # It rises from the division and sinks in within about 5 mm (a first step out toward the
        # trochanter drew a "<" at the fan where the split-zone slide dashes it over the muscle),
        # a little shallow of 70 % at first: turned out with the flap, deeper, it touched the
        # flap's deep face and showed as a loose yellow stub on it (deep-gluteal)
        part("branch_1", 0.9, on("trunk", 1.0), gmd(0.67, 0.31, 1), gmd(0.645, 0.34, -6),
             gmf(0.6, 0.36, 0.66), gmf(0.555, 0.38, 0.66), gmf(0.5, 0.405, 0.68), gmf(0.44, 0.415, 0.7),
             gmf(0.37, 0.4, 0.7), gmf(0.3, 0.38, 0.7), ends_in=(GMAX,), source="hwang"),
        # the lateral branch runs a little further out on the deep surface and enters about 5 cm
        # from the trochanter's tip (Ling & Kumar 2006; Apaydin 2009: 5.4; sinking in at v 0.5 it
        # entered at 5.9), then runs on toward it in the muscle, up into the fibres that pass over
        # the trochanter (Apaydin 2009: branches as close as 0.8 cm to the GT on average); it
        # ends 0.85 cm from the tip across the muscle (3.3 cm in space, the muscle's deep half
        # lying behind the trochanteric bursa). Its last points sit at 65 % depth: the muscle wraps round the
        # trochanter there, so a straight front-back ray cuts it obliquely and reads deeper
        part("branch_2", 0.9, on("trunk", 1.0), gmd(0.675, 0.39, 2.5), gmd(0.645, 0.5, 1.5),
             gmd(0.62, 0.56, 0.5), gmf(0.59, 0.62, 0.75), gmf(0.55, 0.66, 0.7), gmf(0.49, 0.72, 0.7),
             gmf(0.43, 0.775, 0.7), gmf(0.38, 0.815, 0.65), gmf(0.34, 0.845, 0.65),
             ends_in=(GMAX,), source="ign_entry"),
        part("branch_3", 0.8, on("trunk", 1.0), gmd(0.715, 0.32, 2.5), gmd(0.725, 0.38, 2),
             gmf(0.72, 0.44, 0.7), gmf(0.72, 0.5, 0.7), ends_in=(GMAX,), source="hwang"),
        # ... and in toward the muscle's sacral and coccygeal origin: the nerve supplies the whole
        # muscle from its deep surface (ANATOMY.md), its medial part included
        part("branch_medial", 0.8, on("trunk", 1.0), gmd(0.705, 0.225, 2.5), gmd(0.72, 0.18, 2),
             gmf(0.74, 0.13, 0.7), ends_in=(GMAX,), source="hwang"),
        # the cutaneous branch leaves the lower one in the muscle, runs on down and out and pierces
        # its lower-outer quadrant about 12.5 cm from the midline (Iwanaga 2018), then on down and
        # out through the subcutaneous fat (the skin lies 22-24 mm off the muscle here) to end
        # about 8 mm under the skin it supplies: about 4 cm out of the muscle, so a view of the intact
        # muscle shows it (lecturer's review of default: the branch was only dashes, its 8 mm
        # stump seen end-on)
        part("branch_cutaneous", 0.5, on("branch_3", 0.75), gmf(0.72, 0.58, 0.5), gmf(0.71, 0.68, 0.2),
             gmf(0.7, 0.74, -0.3), gmf(0.68, 0.8, -0.65), gmf(0.66, 0.86, -1.0),
             ends_in=(GMAX, "skin_right"), source="iwanaga"),
    ]},
    "sciatic_nerve_right": {"kind": "nerve", "parts": [
        # down in the infrapiriform gap, then obliquely down and out under piriformis on the
        # rotators, curving (no corner) into its course straight down between the tuberosity and
        # the trochanter, which it crosses at about half way (48 %, CT of 100 adults), to the
        # section plane. A flat band at the foramen (15.5 x 5 mm, Tomaszewski 2016; 61 mm2), it
        # rounds as it runs down (its shape "changed from flat to round": "Visualization of the
        # course of the sciatic nerve in adult volunteers by ultrasonography", Acta Anaesthesiol
        # Scand 2008;52:1298) to about 10 x 6.5 mm (51 mm2) at the section, keeping the area of
        # Chen J et al. J Med Ultrasound 2018 (200 adults): 47-59 mm2 at the gluteal fold
        part("trunk", 2.5, on(f"{PLEXUS}.band", 1.0), lm(SPINE, 3.5, -0.5, 14), lm(SPINE, 8, -5, 8.5),
             lm(SPINE, 21, -9, 2), lm(QT, -30, -29, 6), lm(QT, -21.5, -29, 1.5), lm(QT, -17, -28, -8),
             lm(QT, -16.5, -26, -19), lm(QT, -18, -24, -31), lm(QT, -23, -22, -52),
             lm(QT, -26, -14, -87), lm(QT, -27, -8, -117), sec(lm(QT, -27, -6, 0)),
             width=(15.5, 15.5, 15.5, 14.5, 12.5, 11.0, 10.0), thickness=(5.0, 5.0, 5.0, 5.5, 6.0, 6.5, 6.5),
             flat_normal=(TILT, TILT, UP_BACK, UP_BACK, BACK, BACK, BACK, BACK, BACK, BACK, BACK, BACK),
             source="sciatic"),
    ]},
    "superior_gluteal_nerve_right": {"kind": "nerve", "parts": [
        # its roots leave the L4-L5 and S1 posterior divisions early, well above where the
        # IGN's start, so the two nerves form apart: leaving at mid-division and meeting beside the
        # IGN's roots, all of them met in one teal knot, and the IGN read as S1-S2 only, the SGN as
        # L4-L5 only (lecturer's review of roots)
        part("root_L4L5", 1.1, on(f"{PLEXUS}.posterior_L4L5", 0.3), lm(S1F, 20, -11, -22), source="sgn"),
        part("root_S1", 1.0, on(f"{PLEXUS}.posterior_S1", 0.3), on("root_L4L5", 1.0), source="sgn"),
        # out above piriformis in contact with the bone at the notch's apex (Pinho 2023)
        part("trunk", 1.4, on("root_L4L5", 1.0), lm(PIIS, -7, 28, 1), lm(PIIS, -2, 25.5, -1),
             lm(PIIS, 6, 24, -2),
             lm(PIIS, 16, 21, 0), lm(PIIS, 30, 23, 3), lm(GT, -31, -31, 35), ends_in=(GMED, GMIN),
             source="sgn"),
        part("branch_superior", 0.9, on("trunk", 1.0), lm(GT, -13, -15, 59), lm(GT, -1, 10, 67),
             ends_in=(GMED, GMIN), source="sgn"),
        # forward between gluteus medius and minimus, then down into the deep surface of tensor
        # fasciae latae about a third of the way down its belly (Grob 2015: near its middle)
        part("branch_inferior", 0.9, on("trunk", 1.0), lm(GT, -11, -7, 29), lm(GT, 3, 25, 31),
             lm(GT, 13, 29, 21.5), lm(GT, 22, 34, 16), ends_in=(GMED, GMIN, TFL), source="tfl"),
    ]},
    "posterior_femoral_cutaneous_nerve_right": {"kind": "nerve", "parts": [
        # from the back of the plexus (S1-S3), below piriformis beside the IGN, then behind the
        # sciatic nerve under gluteus maximus, and down the back of the thigh behind the hamstrings
        part("trunk", 1.2, on(f"{PLEXUS}.band", 0.97), lm(SPINE, 1.5, 1, 6), lm(SPINE, 3, -8, 1),
             lm(SPINE, 12, -16, -2), lm(SPINE, 24, -20, -8), lm(QT, -31, -36, -17), lm(QT, -34, -32, -47),
             lm(QT, -35, -31, -67), lm(QT, -35, -40, -89), lm(QT, -35, -52, -112), sec(lm(QT, -35, -53, 0)),
             source="pfcn"),
    ]},
    "pudendal_nerve_right": {"kind": "nerve", "parts": [
        part("root_S3", 0.9, on(f"{PLEXUS}.anterior_S3", 0.7), lm(SPINE, -17.5, -4, 17.5), source="pudendal"),
        part("root_S2", 0.9, on(f"{PLEXUS}.anterior_S2", 0.7), on("root_S3", 1.0), source="pudendal"),
        part("root_S4", 0.8, on(f"{PLEXUS}.ramus_S4", 1.0), on("root_S3", 1.0), source="pudendal"),
        # most medial below piriformis; over the sacrospinous ligament's back close to the spine,
        # between it and the sacrotuberous ligament; in through the lesser foramen to the canal
        part("trunk", 1.1, on("root_S3", 1.0), lm(SPINE, -13.5, -15, 12), lm(SPINE, -12.5, -13, 3.5),
             lm(SPINE, -5, -5, -4.5),
             lm(LSN, -5.5, -15, 4.5), lm(LSN, -6, -10.5, -2.5), lm(LSN, -7, -6, -8), lm(LSN, -10, 0, -14),
             lm(LSN, -12, 7, -18.5), lm(LSN, -13, 13, -23),
             lm(LSN, -15, 19.5, -27.5), source="pudendal"),
    ]},
    "nerve_to_obturator_internus_right": {"kind": "nerve", "parts": [
        # lateral to the internal pudendal vessels over the spine, in through the lesser foramen
        part("trunk", 0.9, on(f"{PLEXUS}.band", 0.9), lm(SPINE, -4, -2, 8), lm(SPINE, 0, -2.5, 4),
             lm(LSN, -3, -12, 9.5), lm(LSN, -1.5, -9.5, 3.5),
             lm(LSN, -2.5, -2, -4), lm(LSN, -4, 6, -9), lm(LSN, -6, 16, -13),
             ends_in=(OI,), source="noi"),
        part("branch_superior_gemellus", 0.6, on("trunk", 0.37), lm(LSN, -0.2, -14.3, 12),
             ends_in=("superior_gemellus_right",), source="noi"),
    ]},
    "nerve_to_quadratus_femoris_right": {"kind": "nerve", "parts": [
        # deep to the sciatic nerve, then on the back of the ischium in front of the gemelli and the
        # obturator internus tendon (it ran behind them: lecturer's review; check
        # nqf_deep_to_the_rotators), to the deep surface of quadratus femoris
        part("trunk", 0.9, on(f"{PLEXUS}.band", 0.95), lm(SPINE, 2, 3, 9), lm(SPINE, 5, 1, 2),
             lm(IT_P, 0, 7, 21), lm(IT_P, 4, 10, 15), lm(IT_P, 7, 10.5, 8), lm(IT_P, 10, 9, 3),
             lm(IT_P, 12.5, 3, -1), ends_in=("quadratus_femoris_right",), source="nqf"),
        part("branch_inferior_gemellus", 0.6, on("trunk", 0.75), lm(IT_P, 6, 3.5, 9),
             ends_in=("inferior_gemellus_right",), source="nqf"),
    ]},
    IIA: {"kind": "artery", "parts": [
        # in front of and lateral to the lumbosacral trunk, down and back from the common iliac
        # bifurcation (in front of the sacroiliac joint) to the upper border of the notch
        part("trunk", 2.8, lm(SIJ_FRONT, -6, 24, 14), lm(SIJ_FRONT, -4, 16, 0), lm(SIJ_FRONT, -5, 8, -24),
             source="iia"),
        part("posterior_division", 2.2, on("trunk", 1.0), lm(SIJ_FRONT, -10.5, 8, -17.5),
             lm(SIJ_FRONT, -17, 0.5, -16),
             source="iia"),
        part("anterior_division", 2.6, on("trunk", 1.0), lm(SIJ_FRONT, -10, 6, -43), lm(SPINE, -8, 12, 22),
             source="iia"),
    ]},
    "superior_gluteal_artery_right": {"kind": "artery", "parts": [
        # back between the lumbosacral trunk and S1, out above piriformis in one even bend over the
        # notch's upper border (waypoints going back, forward and back again tied a knot seen from
        # the side: lecturer's review)
        part("trunk", 1.9, on(f"{IIA}.posterior_division", 1.0), lm(S1F, 17, -10, -12.5),
             lm(PIIS, -12.5, 19, 8.5), lm(PIIS, -8, 11.5, 1), lm(PIIS, 0, 8.5, -1.5), lm(PIIS, 8, 7, -1),
             lm(PIIS, 17.5, 3.5, 2),
             source="iia"),
        part("branch_superficial", 1.2, on("trunk", 1.0), lm(GT, -43, -63, 47), lm(GT, -33, -73, 67),
             ends_in=(GMAX, GMED), source="vessels"),
        # in the cleft between gluteus medius and minimus, beside the superior gluteal nerve
        part("branch_deep", 1.2, on("trunk", 1.0), lm(GT, -38, -28, 48), lm(GT, -15.5, -9, 55.5),
             ends_in=(GMED, GMIN), source="sgn"),
    ]},
    "inferior_gluteal_artery_right": {"kind": "artery", "parts": [
        # back between S2 and S3, then down and out to the foramen, in front of piriformis (in the
        # pelvis: hidden from behind by the sacrum and the sacrotuberous ligament), out below
        # piriformis lateral to the pudendal nerve and medial to the inferior gluteal nerve, then
        # back and down beside the nerve's short trunk to gluteus maximus. It divides there, below
        # piriformis' lower border beside the nerve's division, so seen from behind the artery
        # first shows under that border (Gray's; Netter's gluteal plate); dividing higher, on the
        # muscle, its trunk read as coming down from the superior gluteal artery over piriformis
        # (lecturer's review). Dipping medially behind the pudendal roots on the way down, and
        # dividing nearer the sacrum, it drew a ring with the internal pudendal artery seen from
        # behind (lecturer's and anatomist's reviews; check: iga_runs_down_and_out)
        part("trunk", 1.7, on(f"{IIA}.anterior_division", 0.45), lm(S2F, 12.5, 9, -20),
             lm(S3F, 21, 11.5, -18),
             lm(SPINE, -3, -16, 13.5), lm(SPINE, -3, -27, 6), gmd(0.72, 0.22, 3), source="iia"),
        # its branches go with the nerve's branches: out in the lower part of the muscle, which it
        # supplies (the superior gluteal artery's superficial branch takes the upper part; Gray's),
        # and in toward the sacrum (ANATOMY.md); running up over piriformis toward the superior
        # gluteal artery, the outer one read as that artery's continuation (lecturer's review)
        part("branch_1", 1.0, on("trunk", 1.0), gmf(0.665, 0.28, 0.62), gmf(0.63, 0.36, 0.62),
             gmf(0.6, 0.44, 0.62), ends_in=(GMAX,), source="vessels"),
        # the inner one level or a little down toward the sacral origin, below the nerve's inner
        # branch: rising to it (z +10 mm) it curled back over its own trunk into a loop seen from
        # behind (lecturer's review: "the artery coils round the nerve")
        part("branch_2", 1.0, on("trunk", 1.0), gmf(0.74, 0.16, 0.62), gmf(0.77, 0.1, 0.62),
             ends_in=(GMAX,), source="vessels"),
        # the companion artery of the sciatic nerve: long and slender, down on the nerve's back;
        # 1.2 mm across, slender beside its 3 mm parent: at 0.8 it read as a stray leader line (review)
        part("companion_sciatic", 0.6, on("trunk", 0.78), lm(QT, -43.5, -38.5, -9.5),
             lm(QT, -27.5, -30.5, -21.5), lm(QT, -23, -28.5, -42), source="comitans"),
    ]},
    "internal_pudendal_artery_right": {"kind": "artery", "parts": [
        # between the pudendal nerve (medial) and the nerve to obturator internus (lateral)
        part("trunk", 1.4, on(f"{IIA}.anterior_division", 1.0), lm(SPINE, -12.5, -6.5, 14.5),
             lm(SPINE, -10.5, -13.5, 10),
             lm(SPINE, -6, -8, 2), lm(SPINE, 5, -5, -6), lm(LSN, -2, -13.5, 2), lm(LSN, -4, -2, -9.5),
             lm(LSN, -8.5, 7.5, -16.5),
             lm(LSN, -9, 17, -20.5), lm(LSN, -13, 28.5, -27), source="iia"),
    ]},
    "greater_sciatic_foramen_right": {"kind": "region", "parts": [
        part("outline", 1.2, edge(12), lm(SPINE, -20, -17, 21), lm(SPINE, -28, -22, 30), lm(PIIS, -22, 5, -4),
             lm(PIIS, -10, 0, 2), edge(1), source="outline"),
    ]},
    "lesser_sciatic_foramen_right": {"kind": "region", "parts": [
        # spine, lesser sciatic notch, tuberosity, sacrotuberous edge, sacrospinous lower border
        part("outline", 1.0, lm(SPINE, -2, -4, -1), lm(SPINE, 5, 2, -3), lm(LSN, 1, -6, 0),
             lm(LSN, 1, -8, -8),
             lm(IT_P, -12, -2, 4), lm(IT_P, -16, -6, 10), lm(SPINE, -3, -8, -8), lm(SPINE, -2, -4, -1),
             source="outline"),
    ]},
}
