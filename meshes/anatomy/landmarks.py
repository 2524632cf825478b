"""The landmark table: named anatomical points that every builder and path is placed from.

Frame: millimetres, right-handed RAS (+x patient's Right, +y Anterior, +z Superior), origin at
the midpoint between the two anterior superior iliac spines, pelvis in the anatomical position
(both ASIS and the pubic tubercles in one coronal plane). LPS would flip the signs of x and y.
Figures are adult means; where a paper gives a distance, the note says how it became a point.
Left-side points are mirrors of the right (x -> -x).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME = "RAS millimetres; origin midway between the anterior superior iliac spines"

SOURCES = {
    "asis": "Ahrend MD et al. 2020, statistical CT pelvis models (PMID 31908940): inter-ASIS "
    "225 +/- 20 mm female, 227 +/- 13 mm male.",
    "bell": "Bell AL, Brand RA, Pedersen DR. Prediction of hip joint centre location from external "
    "landmarks. Hum Mov Sci 1989;8:3-16 (0.36 lateral, 0.19 posterior, 0.30 inferior x inter-ASIS); "
    "agrees within 5 mm with Reed MP et al. 1999, SAE 1999-01-0959.",
    "psis": "Preece SJ et al. 2008, J Man Manip Ther 16:113 (ASIS-PSIS line 13 +/- 5 deg above "
    "horizontal standing); PSIS to S2 dorsal foramen 22 mm (Surg Radiol Anat 2011, "
    "doi:10.1007/s00276-010-0735-0). Here 140 mm behind the ASIS and 9 deg above them, lowered "
    "from 11 deg so that the PSIS-IT and PSIS-GT spans of Wan-ae-loh 2020 hold (source 'spans').",
    "spans": "Wan-ae-loh P, Huanmanop T, Agthong S, Chentanez V. Folia Morphol 2020;79:681-9 "
    "(204 sides): PSIS-IT 129.6 mm, PSIS-GT 151.3 mm, IT-GT 73.0 mm. Their IT is the most "
    "prominent (posterior) point of the ischial tuberosity, as in the sciatic and IGN distance "
    "series (shared/docs/CLINICAL.md section 2); the tuberosity's lowest point is a separate landmark.",
    "notch": "Greater sciatic notch width, PIIS to ischial spine, about 50 mm male / 54 mm female "
    "(shared/docs/ANATOMY.md); sacroiliac joint lower limb 12 mm above the PIIS: Waldrop JT et al. "
    "1993, J Orthop Trauma 7:510.",
    "spine": "Interspinous diameter 105 +/- 7 mm female, 88 +/- 8 mm male (Ahrend 2020); 112 mm "
    "(Keller TM et al. 2003, Radiology, PMID 12601187). Placed 50 mm from the PIIS and about 50 mm "
    "from the lower lateral sacrum (sacrospinous ligament about 51 mm).",
    "tuber": "Intertuberous diameter 120.6 +/- 11.3 mm female (Keller 2003); 118-120 mm "
    "(Hampel F et al. 2018, Neurourol Urodyn, 3T MRI); crest top to tuberosity about 195 mm.",
    "crest": "Intercristal (bi-iliac) breadth about 280 mm (shared/docs/ANATOMY.md); the crest top "
    "at the L4-L5 level, 38 +/- 8 mm above the centre of the sacral base (Okamoto M et al. 2020, "
    "Eur Spine J 29:446, 172 standing adults).",
    "pubis": "Pubic tubercle in the anterior pelvic plane (y = 0 by definition), more than 75 mm "
    "below the inter-ASIS line in most sides: Lopez-Cano M et al. 2005, Hernia 9:56.",
    "promontory": "Reed 1999 L5/S1 centre scaled to 225 mm; S1 endplate sloping 40 deg (sacral "
    "slope, Mac-Thiong JM et al. 2011, Eur Spine J 20 Suppl 5:572), 35 mm deep like the L5 body "
    "above it. True conjugate 105-116 mm (Ahrend 2020); here 110 mm.",
    "inlet": "Transverse diameter of the pelvic inlet (widest span of the arcuate lines): 13.5 cm "
    "normal female (GPnotebook, pelvimetry, 2018), about 13 cm (Open University, pelvic inlet); "
    "measured on 3D CT in 203 women by Salk I et al. 2016 (Pol J Radiol 81:219) and in 211 women "
    "and 181 men by Kolesova O et al. 2017 (Anat Cell Biol 50:286), narrower in men. Model: 124 mm "
    "measured on the hip bone; the check accepts 120-140 mm.",
    "sacral_width": "Sacral breadth (width across the alae): 99.5 +/- 5.8 mm male, 103.0 +/- 6.7 "
    "mm female (150 dry sacra, Mymensingh Med J 2018;27:710, PMID 30487484); 101.5 +/- 6.8 male, "
    "106.2 +/- 5.1 female (60 sacra, Bangladesh J Anat 15(2), doi:10.3329/bja.v15i2.75216); auricular "
    "height 56 +/- 5 mm (Oman Med J 2018, PMC5799488). Model: 106 mm across the alae (check pelvimetry).",
    "sacrum": "Sacrococcygeal joint 22 mm above the pubic tubercles with the anterior pelvic plane "
    "vertical (PMID 31109191, 2019); sacral chord about 98 mm; foramina spaced about 23, 17 and "
    "15 mm along the pelvic surface, 15-21 mm from the midline (Surg Radiol Anat 2011; Kim et al. "
    "2023, Korean J Pain 36:98). Sacral hiatus 18.5 +/- 7.4 mm long, apex at S4 in 80 %, cornua "
    "11.8 +/- 2.5 mm apart (30 dry sacra, 'Anatomical evaluation of sacrum in dry bones').",
    "coccyx": "Coccyx straight length 37.8 +/- 7.1 mm standing, about 35-44 mm curved (Woon JT et "
    "al. 2013, Eur Spine J 22:863), pointing down and about 20 deg forward.",
    "femur": "Head centre 7-10 mm below the greater trochanter tip (Memon AR et al. 2011, Acta "
    "Orthop Belg 77:4; J Arthroplasty 2006;21:897); femoral offset about 43 mm, neck-shaft angle "
    "about 125 deg (ANATOMY.md); anteversion about 12 deg.",
    "lesser_trochanter": "Femoral head centre to lesser trochanter 42.8 +/- 4.9 mm on pelvic "
    "radiographs, 194 hips (Ann Palliat Med 2021;10:11524, PMID 34872277); 1.16 +/- 0.08 x the "
    "head diameter on CT surface models of 100 femora (BMC Musculoskelet Disord 2021, "
    "doi:10.1186/s12891-021-04131-w), i.e. about 49 mm for this model's 42 mm head. Model: 42 mm.",
    "femur_lines": "Gray's Anatomy (1918), the femur: the gluteal tuberosity is the broad rough "
    "ridge continuing the lateral lip of the linea aspera up to the base of the greater trochanter "
    "(insertion of the deep part of gluteus maximus); the quadrate tubercle lies on the upper-middle "
    "part of the intertrochanteric crest (quadratus femoris). Positions along the shaft: model.",
    "ilium_lines": "Gray's Anatomy (1918), the ilium: the posterior gluteal line runs from the crest "
    "about 5 cm in front of its posterior end to the upper part of the greater sciatic notch; the "
    "anterior gluteal line from the crest about 4 cm behind the ASIS (near the tubercle) arching back "
    "to the upper part of the notch; the inferior gluteal line from the notch between the ASIS and "
    "AIIS back above the acetabulum to the front of the notch. Points placed on this model's surface.",
    "ischium": "The lesser sciatic notch lies on the posterior border of the ischium between the "
    "spine and the tuberosity, smooth where the obturator internus tendon turns round it; the "
    "sacrotuberous ligament inserts into the medial margin of the tuberosity (Gray's Anatomy 1918; "
    "ANATOMY.md). Depth, height and the margin's ends: model, on the built bone.",
    "vertebrae": "Lower lumbar morphometry: L4 and L5 bodies about 48-50 mm wide and 34-36 mm deep, "
    "26-27 mm high (Panjabi MM et al. 1992, Spine 17:299; Zhou SH et al. 2000, Eur Spine J 9:242); "
    "L4/L5 and L5/S1 discs 10-12 mm high, wedged with the lordosis (Gulek B et al. 2007, Neurosurg Q "
    "17:92). Segmental lordosis here: L5/S1 disc 12 deg, L5 body 4, L4/L5 disc 10, L4 body 2.",
    "model": "Placed by this model between cited neighbours (no direct published coordinate "
    "found); checked by `gluteal-viewer check`.",
}


@dataclass(frozen=True)
class Landmark:
    name: str
    xyz: tuple[float, float, float]
    source: str  # key into SOURCES
    note: str = ""


INTER_ASIS = 225.0  # SOURCES["asis"]
_HJC = (0.36 * INTER_ASIS, -0.19 * INTER_ASIS, -0.30 * INTER_ASIS)  # SOURCES["bell"]

# The deliberate horizontal plane where the model's thigh ends: the femur, and the structures
# that run on down the thigh (sciatic nerve, posterior femoral cutaneous nerve, iliotibial tract,
# hamstrings), stop here with a clean cut face. 230 mm below the ASIS is about 160 mm below the hip
# centre: below the lowest fibres of gluteus maximus (gluteal tuberosity, gluteal fold) and
# quadratus femoris, so every structure the inferior gluteal nerve meets is whole, while the cut
# stays in the upper third of the thigh.
SECTION_PLANE_Z = -230.0


# --- the lumbosacral stack: S1 endplate, L5/S1 disc, L5, L4/L5 disc, L4 ------------------------

SACRAL_SLOPE = 40.0  # deg, SOURCES["promontory"]
BODY_DEPTH = 35.0  # mm front to back, L4, L5 and S1 (SOURCES["vertebrae"])
# (name, height along its mid-normal mm, wedge angle deg), from the S1 endplate upward
LUMBAR_STACK = [("disc_l5_s1", 11.0, 12.0), ("l5_body", 26.0, 4.0),
                ("disc_l4_l5", 11.5, 10.0), ("l4_body", 27.0, 2.0)]


def _up(tilt: float) -> np.ndarray:
    """Normal of an endplate tilted `tilt` deg forward from horizontal (points up and forward)."""
    t = np.radians(tilt)
    return np.array([0.0, np.sin(t), np.cos(t)])


def _back(tilt: float) -> np.ndarray:
    t = np.radians(tilt)
    return np.array([0.0, -np.cos(t), np.sin(t)])


def lumbar_levels() -> dict[str, dict[str, np.ndarray | float]]:
    """Centre, normal (up), backward axis, height and tilt of the S1 endplate and every segment."""
    prom = np.array([0.0, -55.0, 18.0])  # the promontory, SOURCES["promontory"]
    tilt = SACRAL_SLOPE
    centre = prom + BODY_DEPTH / 2 * _back(tilt)
    out = {"s1_endplate": {"centre": centre, "up": _up(tilt), "back": _back(tilt), "height": 0.0,
                           "tilt": tilt}}
    for name, height, wedge in LUMBAR_STACK:
        mid = tilt - wedge / 2
        out[name] = {"centre": centre + height / 2 * _up(mid), "up": _up(mid), "back": _back(mid),
                     "height": height, "tilt": mid, "wedge": wedge}
        centre = centre + height * _up(mid)
        tilt -= wedge
    return out


def _foramen(body: str) -> tuple[float, float, float]:
    """Outer opening of the intervertebral foramen below a body's pedicle, where its ventral
    ramus leaves: behind the posterolateral corner of the body's lower half, beside the disc."""
    lv = lumbar_levels()[body]
    p = lv["centre"] + (BODY_DEPTH / 2 + 5) * lv["back"] - 8 * lv["up"] + (26, 0, 0)
    return tuple(float(v) for v in p)


def _centre(name: str) -> tuple[float, float, float]:
    return tuple(float(v) for v in lumbar_levels()[name]["centre"])


# --- the proximal femur's axes (shared with bones.femur_right) ---------------------------------

NECK_SHAFT_ANGLE = 125.0  # deg, SOURCES["femur"]
ANTEVERSION = 12.0  # deg, SOURCES["femur"]
OFFSET = 43.0  # mm from the head centre to the shaft axis, SOURCES["femur"]
SHAFT_ADDUCTION = 8.0  # deg: the shaft runs down and medially toward the knee


def femur_axes() -> dict[str, np.ndarray]:
    """Head centre, neck axis (toward the head), shaft axis (distal), the point where the two
    axes meet, and the shaft's lateral and backward directions, in the RAS frame."""
    head = np.array(_HJC, float)
    a = np.radians(SHAFT_ADDUCTION)
    down = np.array([-np.sin(a), 0.0, -np.cos(a)])
    # the neck rises above horizontal by the neck-shaft angle less the 90 - adduction degrees
    # between the horizontal and the shaft's upward axis (43 deg for 125 and 8)
    tilt = np.radians(NECK_SHAFT_ANGLE - 90 + SHAFT_ADDUCTION)
    av = np.radians(ANTEVERSION)
    neck = np.array([-np.cos(tilt) * np.cos(av), np.cos(tilt) * np.sin(av), np.sin(tilt)])
    neck /= np.linalg.norm(neck)
    # walk back along the neck until the shaft axis is OFFSET away
    base = head - neck * OFFSET / np.sin(np.radians(NECK_SHAFT_ANGLE))
    lateral = np.cross(down, (0.0, 1.0, 0.0))
    lateral /= np.linalg.norm(lateral)
    return {"head": head, "neck": neck, "down": down, "base": base, "lateral": lateral,
            "back": np.array([0.0, -1.0, 0.0])}


def _femur(along: float, lateral: float, back: float) -> tuple[float, float, float]:
    """A point `along` mm down the shaft axis from the neck's base, moved lateral and back."""
    ax = femur_axes()
    p = ax["base"] + along * ax["down"] + lateral * ax["lateral"] + back * ax["back"]
    return tuple(float(v) for v in p)


def _shaft_surface(along: float, radius: float) -> tuple[float, float, float]:
    """Posterolateral surface of the shaft (where the gluteal tuberosity runs)."""
    c, s = np.cos(np.radians(58)), np.sin(np.radians(58))  # 58 deg from lateral toward the back
    return _femur(along, radius * c, radius * s)


def _section_centre() -> tuple[float, float, float]:
    ax = femur_axes()
    t = (SECTION_PLANE_Z - ax["base"][2]) / ax["down"][2]
    return tuple(float(v) for v in ax["base"] + t * ax["down"])


_TABLE = [
    # --- ilium
    Landmark("asis_right", (INTER_ASIS / 2, 0.0, 0.0), "asis", "half the inter-ASIS distance"),
    Landmark("aiis_right", (100.0, -14.0, -35.0), "model", "about 35 mm below the ASIS"),
    Landmark("iliac_crest_anterior_right", (131.0, -17.0, 26.0), "model",
             "outer lip of the crest about 35 mm behind the ASIS (tensor fasciae latae origin)"),
    Landmark("iliac_tubercle_right", (140.0, -40.0, 45.0), "crest", "widest crest point, x = 280/2"),
    Landmark("iliac_crest_top_right", (120.0, -65.0, 70.0), "crest", "highest point of the crest"),
    Landmark("iliac_crest_posterior_right", (74.0, -115.0, 54.0), "ilium_lines",
             "crest where the posterior gluteal line meets it, about 55 mm in front of the PSIS"),
    Landmark("psis_right", (40.0, -140.0, 22.0), "psis", "9 deg above the ASIS, 140 mm behind"),
    Landmark("piis_right", (50.0, -118.0, -30.0), "notch", "upper end of the notch"),
    Landmark("greater_sciatic_notch_apex_right", (56.0, -81.0, -33.0), "model",
             "deepest point of the notch, 28 mm in front of the middle of the PIIS-spine chord"),
    Landmark("posterior_gluteal_line_top_right", (76.0, -119.0, 50.5), "ilium_lines", "at the crest"),
    Landmark("posterior_gluteal_line_bottom_right", (60.0, -113.0, -14.0), "ilium_lines",
             "upper part of the greater sciatic notch, just in front of the PIIS"),
    Landmark("anterior_gluteal_line_top_right", (137.0, -52.0, 50.0), "ilium_lines",
             "crest just behind the iliac tubercle"),
    Landmark("anterior_gluteal_line_bottom_right", (63.0, -99.0, -21.0), "ilium_lines",
             "upper border of the greater sciatic notch, in front of the posterior line"),
    Landmark("inferior_gluteal_line_front_right", (108.0, -14.0, -22.0), "ilium_lines",
             "just above the AIIS, below the notch between the two anterior spines"),
    Landmark("inferior_gluteal_line_back_right", (69.0, -76.5, -30.5), "ilium_lines",
             "above the back of the acetabulum, in front of the notch apex"),
    Landmark("arcuate_line_widest_right", (63.0, -52.0, -18.0), "inlet",
             "inner edge of the arcuate line where the inlet is widest (transverse diameter 124 mm)"),
    # --- ischium and pubis
    Landmark("ischial_spine_right", (50.0, -86.0, -74.0), "spine", "54 mm from the PIIS"),
    Landmark("lesser_sciatic_notch_right", (57.0, -74.0, -86.0), "ischium",
             "deepest point, 10 mm in front of the spine-tuberosity line"),
    Landmark("ischial_tuberosity_right", (66.0, -86.0, -100.0), "spans",
             "most prominent point of the tuberosity: PSIS 136, GT 77 mm"),
    Landmark("ischial_tuberosity_lowest_right", (64.0, -64.5, -136.5), "tuber",
             "lowest point; intertuberous diameter 128 mm"),
    Landmark("ischial_tuberosity_medial_margin_top_right", (57.5, -84.5, -103.0), "ischium",
             "upper end of the tuberosity's medial margin, where the sacrotuberous ligament inserts"),
    Landmark("ischial_tuberosity_medial_margin_bottom_right", (59.0, -73.5, -127.0), "ischium",
             "lower end of the medial margin (the ligament's falciform edge runs on along the ramus)"),
    Landmark("pubic_tubercle_right", (27.0, 0.0, -78.0), "pubis", "in the anterior pelvic plane"),
    Landmark("pubic_symphysis", (0.0, -5.0, -80.0), "pubis", "upper border"),
    Landmark("obturator_foramen_center_right", (47.0, -28.0, -108.0), "model", ""),
    # --- hip joint and femur
    Landmark("hip_joint_center_right", _HJC, "bell", "Bell & Brand regression"),
    Landmark("greater_trochanter_tip_right", (123.0, -54.75, -59.5), "femur",
             "head centre + (42, -12, +8): 8 mm above the head centre; PSIS 144, IT 77 mm"),
    Landmark("lesser_trochanter_right", _femur(2.0, -26.0, 14.0), "lesser_trochanter",
             "tip of the trochanter, 12 mm proud of the posteromedial shaft: 42 mm from the head centre"),
    Landmark("quadrate_tubercle_right", _femur(-20.0, -6.0, 17.0), "femur_lines",
             "on the intertrochanteric crest, a little above its middle"),
    Landmark("gluteal_tuberosity_top_right", _shaft_surface(10.0, 17.0), "femur_lines",
             "below the base of the greater trochanter, at the level of the lesser trochanter"),
    Landmark("gluteal_tuberosity_right", _shaft_surface(47.0, 17.0), "femur_lines",
             "middle of the ridge, on the posterolateral upper shaft"),
    Landmark("gluteal_tuberosity_bottom_right", _shaft_surface(85.0, 16.0), "femur_lines",
             "where the ridge becomes the lateral lip of the linea aspera"),
    Landmark("femur_section_centre_right", _section_centre(), "model",
             "shaft axis at SECTION_PLANE_Z, where the model's femur is cut"),
    # --- sacrum and coccyx
    Landmark("sacral_promontory", (0.0, -55.0, 18.0), "promontory", "110 mm from the symphysis"),
    Landmark("s1_endplate_centre", _centre("s1_endplate"), "promontory",
             "17.5 mm behind the promontory on the endplate sloping 40 deg"),
    Landmark("sacral_ala_top_right", (34.0, -72.0, 24.0), "sacral_width",
             "upper surface of the ala, halfway out; 8 mm below the endplate's plane"),
    Landmark("sacroiliac_joint_anterior_margin_right", (50.0, -74.0, 8.0), "sacral_width",
             "where the pelvic brim crosses the joint: the ala's lateral edge, 52 mm from the midline"),
    Landmark("sacroiliac_joint_center_right", (46.0, -94.0, 4.0), "notch",
             "middle of the auricular surface (Waldrop 1993 limb lengths)"),
    Landmark("sacral_apex", (0.0, -116.0, -58.0), "sacrum", "sacrococcygeal joint"),
    Landmark("sacral_hiatus_apex", (0.0, -121.0, -32.5), "sacrum", "top of the hiatus, S4 level"),
    Landmark("sacral_cornu_right", (6.0, -123.0, -57.0), "sacrum",
             "tip of the cornu, beside the hiatus's lower end"),
    Landmark("coccyx_tip", (0.0, -108.0, -90.0), "coccyx", "35 mm below the sacral apex"),
    Landmark("anterior_sacral_foramen_s1_right", (21.0, -78.0, -2.0), "sacrum",
             "28 mm along the pelvic surface from the promontory"),
    Landmark("anterior_sacral_foramen_s2_right", (19.0, -94.0, -17.0), "sacrum", "22 mm below S1"),
    Landmark("anterior_sacral_foramen_s3_right", (17.0, -104.0, -32.0), "sacrum", "18 mm below S2"),
    Landmark("anterior_sacral_foramen_s4_right", (15.0, -110.0, -46.0), "sacrum", "15 mm below S3"),
    # --- lumbar spine
    Landmark("disc_l5_s1_centre", _centre("disc_l5_s1"), "vertebrae", "11 mm high, on the S1 endplate"),
    Landmark("l5_body_centre", _centre("l5_body"), "vertebrae", "26 mm high, 50 x 35 mm"),
    Landmark("disc_l4_l5_centre", _centre("disc_l4_l5"), "vertebrae", "11.5 mm high"),
    Landmark("l4_body_centre", _centre("l4_body"), "vertebrae", "27 mm high, 48 x 35 mm"),
    Landmark("intervertebral_foramen_l5_right", _foramen("l5_body"), "vertebrae",
             "L5/S1 foramen, outer opening below the L5 pedicle: the L5 ventral ramus leaves here"),
    Landmark("intervertebral_foramen_l4_right", _foramen("l4_body"), "vertebrae",
             "L4/L5 foramen, outer opening below the L4 pedicle: the L4 ventral ramus leaves here"),
]

LANDMARKS: dict[str, Landmark] = {lm.name: lm for lm in _TABLE}


def point(name: str) -> np.ndarray:
    """Coordinates of a landmark; `*_left` names mirror their `*_right` twin."""
    if name in LANDMARKS:
        return np.array(LANDMARKS[name].xyz, float)
    if name.endswith("_left"):
        return mirror(point(name[: -len("_left")] + "_right"))
    raise KeyError(f"unknown landmark {name!r}")


def mirror(p) -> np.ndarray:
    """Reflect through the midsagittal plane."""
    q = np.array(p, float)
    q[..., 0] *= -1
    return q


def table() -> dict[str, list[float]]:
    """Every landmark (right and mirrored left) as plain lists, for JSON."""
    out = {}
    for name in LANDMARKS:
        out[name] = [round(float(v), 3) for v in point(name)]
        if name.endswith("_right"):
            left = name[: -len("_right")] + "_left"
            out[left] = [round(float(v), 3) for v in point(left)]
    return out
