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
    "horizontal in the anatomical position); PSIS to S2 dorsal foramen 22 mm (Surg Radiol Anat 2011, "
    "doi:10.1007/s00276-010-0735-0). Depth 138 mm, 11 deg.",
    "notch": "Greater sciatic notch width, PIIS to ischial spine, about 50 mm male / 54 mm female "
    "(shared/docs/ANATOMY.md); sacroiliac joint lower limb 12 mm above the PIIS: Waldrop JT et al. "
    "1993, J Orthop Trauma 7:510.",
    "spine": "Interspinous diameter 105 +/- 7 mm female, 88 +/- 8 mm male (Ahrend 2020); 112 mm "
    "(Keller TM et al. 2003, Radiology, PMID 12601187). Placed 50 mm from the PIIS and about 50 mm "
    "from the lower lateral sacrum (sacrospinous ligament about 51 mm).",
    "tuber": "Intertuberous diameter 120.6 +/- 11.3 mm female (Keller 2003); crest top to "
    "tuberosity about 195 mm.",
    "crest": "Intercristal (bi-iliac) breadth about 280 mm (shared/docs/ANATOMY.md); the crest top "
    "at the L4-L5 level, about 40 mm above the L5/S1 centre of Reed 1999 (estimate).",
    "pubis": "Pubic tubercle in the anterior pelvic plane (y = 0 by definition), more than 75 mm "
    "below the inter-ASIS line in most sides: Lopez-Cano M et al. 2005, Hernia 9:56.",
    "promontory": "Reed 1999 L5/S1 centre (0, -59, 28) scaled to 225 mm; promontory 18 mm in front "
    "and 5 mm below it on an S1 endplate sloping 40 deg (Mac-Thiong JM et al. 2011, Eur Spine J "
    "20 Suppl 5:572). True conjugate 105-116 mm (Ahrend 2020); here 110 mm.",
    "sacrum": "Sacrococcygeal joint 22 mm above the pubic tubercles with the anterior pelvic plane "
    "vertical (PMID 31109191, 2019); sacral chord about 98 mm; foramina spaced about 23, 17 and "
    "15 mm along the pelvic surface, 15-21 mm from the midline (Surg Radiol Anat 2011; Kim et al. "
    "2023, Korean J Pain 36:98).",
    "coccyx": "Coccyx straight length 37.8 +/- 7.1 mm standing, about 35-44 mm curved (Woon JT et "
    "al. 2013, Eur Spine J 22:863), pointing down and about 20 deg forward.",
    "femur": "Head centre 7-10 mm below the greater trochanter tip (Memon AR et al. 2011, Acta "
    "Orthop Belg 77:4; J Arthroplasty 2006;21:897); femoral offset about 43 mm (ANATOMY.md).",
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

_TABLE = [
    Landmark("asis_right", (INTER_ASIS / 2, 0.0, 0.0), "asis", "half the inter-ASIS distance"),
    Landmark("aiis_right", (100.0, -14.0, -35.0), "model", "about 35 mm below the ASIS"),
    Landmark("iliac_tubercle_right", (140.0, -40.0, 45.0), "crest", "widest crest point, x = 280/2"),
    Landmark("iliac_crest_top_right", (120.0, -65.0, 70.0), "crest", "highest point of the crest"),
    Landmark("psis_right", (40.0, -138.0, 27.0), "psis", "11 deg above the ASIS, 157 mm behind"),
    Landmark("piis_right", (50.0, -118.0, -30.0), "notch", "upper end of the notch"),
    Landmark("greater_sciatic_notch_apex_right", (56.0, -81.0, -33.0), "model",
             "deepest point of the notch, 28 mm in front of the middle of the PIIS-spine chord"),
    Landmark("ischial_spine_right", (50.0, -86.0, -74.0), "spine", "54 mm from the PIIS"),
    Landmark("ischial_tuberosity_right", (62.0, -68.0, -125.0), "tuber", "lowest point"),
    Landmark("hip_joint_center_right", _HJC, "bell", "Bell & Brand regression"),
    Landmark("greater_trochanter_tip_right", (123.0, -55.0, -59.0), "femur",
             "head centre + (42, -12, +8)"),
    Landmark("pubic_tubercle_right", (27.0, 0.0, -78.0), "pubis", "in the anterior pelvic plane"),
    Landmark("pubic_symphysis", (0.0, -5.0, -80.0), "pubis", "upper border"),
    Landmark("obturator_foramen_center_right", (47.0, -28.0, -108.0), "model", ""),
    Landmark("sacral_promontory", (0.0, -55.0, 18.0), "promontory", "110 mm from the symphysis"),
    Landmark("sacral_apex", (0.0, -116.0, -58.0), "sacrum", "sacrococcygeal joint"),
    Landmark("coccyx_tip", (0.0, -108.0, -90.0), "coccyx", "35 mm below the sacral apex"),
    Landmark("anterior_sacral_foramen_s1_right", (21.0, -78.0, -2.0), "sacrum",
             "28 mm along the pelvic surface from the promontory"),
    Landmark("anterior_sacral_foramen_s2_right", (19.0, -94.0, -17.0), "sacrum", "22 mm below S1"),
    Landmark("anterior_sacral_foramen_s3_right", (17.0, -104.0, -32.0), "sacrum", "18 mm below S2"),
    Landmark("anterior_sacral_foramen_s4_right", (15.0, -110.0, -46.0), "sacrum", "15 mm below S3"),
    Landmark("sacroiliac_joint_center_right", (44.0, -100.0, 5.0), "notch",
             "middle of the auricular surface (Waldrop 1993 limb lengths)"),
    Landmark("intervertebral_foramen_l5_right", (26.0, -78.0, 46.0), "model",
             "L5-S1 foramen: beside the disc, just above the S1 endplate and behind its centre"),
    Landmark("intervertebral_foramen_l4_right", (27.0, -70.0, 80.0), "model",
             "one lumbar level (about 35 mm) higher, further forward with the lordosis"),
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
