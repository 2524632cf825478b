"""The 5 cm zone on gluteus maximus around the trochanter tip (`layers = ["gmax-split-zone"]`).

Ling & Kumar 2006 (12 cadavers, CLINICAL.md [1]): the inferior gluteal nerve enters the deep
surface of gluteus maximus about 5 cm from the tip of the greater trochanter, so splitting the
muscle within 5 cm of the tip spares it. The muscle is drawn green within 50 mm of the tip
(measured across the muscle's plane), in its own colour beyond, with the border as a line; the
tags give the model's entry point of the nerve beside the published distance.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from meshes import centreline, point
from meshes.geometry.curves import length, polylines, resample
from meshes.measure import outer_surface, sheet_frame

from ... import palette
from ...clinical import danger_zones as dz
from ..base import BuiltScene, Layer
from .draw import bands, legend, replace_actor, tags

NAME = "gmax-split-zone"
SAFE, BORDER = palette.SAFE, palette.LIMIT
RISK = palette.DANGER  # the split beyond 5 cm: where the nerve enters (the deck's one danger red)
SPLIT_BEYOND_MM = 45.0  # on past where its upper branch crosses (split_meets_ign: 8.9 cm)
SPLIT_TOWARD = "psis_right"  # the split is drawn in line with the upper fibres, tip toward the PSIS


def shown(scene) -> bool:
    return NAME in scene.layers


def draw(built: BuiltScene) -> list:
    gmax = built.meshes[dz.GMAX]
    gt = point(dz.GT)
    dist = dz.distance_from_gt_in_gmax_plane(gmax)
    out = replace_actor(built, dz.GMAX, bands(gmax, dist, (dz.GT_ZONE_MM,)), [SAFE, None])
    work = gmax.copy(deep=False)
    work.point_data["gt_mm"] = dist
    ring = outer_runs(gmax, polylines(work.contour([dz.GT_ZONE_MM], scalars="gt_mm")))
    if ring:
        tube = pv.merge([pv.lines_from_points(r).tube(radius=0.9, n_sides=10) for r in ring])
        out.append(built.plotter.add_mesh(tube, color=BORDER, pickable=False, name=f"{NAME}-ring"))
        built.lines.append((out[-1], ring))
    out.append(built.plotter.add_mesh(pv.Sphere(radius=3.0, center=gt), color=BORDER, pickable=False,
                                      name=f"{NAME}-gt"))
    entry, _ = dz.ign_entry(built.meshes)
    if entry is not None:  # the tag's point, ringed: the entry lies under a see-through muscle
        px = max(1.0, built.plotter.window_size[1] / 1080)
        ring = dict(color=palette.INK, line_width=3 * px)
        out.append(built.plotter.add_mesh(pv.Sphere(radius=3.4, center=entry), color=palette.IGN_POINT,
                                          pickable=False, name=f"{NAME}-entry", silhouette=ring))
    line, mm = split_line(gmax)
    # the split's far part runs 3 cm past the line, enough to show the risk: drawn on to the PSIS
    # it crossed the whole muscle and read as an artery
    far = (mm >= dz.GT_ZONE_MM - 2) & (mm <= dz.GT_ZONE_MM + SPLIT_BEYOND_MM)
    for part, color, keep in (("near", SAFE, mm <= dz.GT_ZONE_MM), ("far", RISK, far)):
        if keep.sum() >= 2:
            tube = pv.lines_from_points(line[keep]).tube(radius=1.6, n_sides=16)
            out.append(built.plotter.add_mesh(tube, color=color, pickable=False, name=f"{NAME}-split-{part}",
                                              silhouette=dict(color=palette.INK, line_width=2)))
            built.lines.append((out[-1], [line[keep]]))  # labels keep off it: it is the slide's point
    dot_fine_twigs(built, gmax)
    return out


FINE_DASH_MM, FINE_GAP_MM = 1.0, 2.5  # dots: a fine twig, not a main branch


def dot_fine_twigs(built: BuiltScene, gmax: pv.PolyData) -> None:
    """The nerve's course dashed over the muscle drawn dotted inside the zone: the branch that runs
    on to end 0.8 cm from the tip (Apaydin 2009's fine branches) crossed the green zone in the
    full dashes of the main branches, and a reader took the zone as contradicted (lecturer's
    review). The structures layer's actor keeps its name, so the window still shows and hides it
    with the muscle."""
    from ..structures import dashed

    actor = built.plotter.actors.get(f"{dz.IGN}-projected")
    lines = next((ls for a, ls in built.lines if a is actor), None) if actor is not None else None
    if not lines:
        return
    outside, inside = [], []
    for line in lines:  # every 0.5 mm: a run cut at a sparse point left a gap at the border
        line = resample(line, 2 + int(length(line) / 0.5))
        near = dz.distance_from_gt_in_gmax_plane(gmax, line) <= dz.GT_ZONE_MM
        outside += _runs(line, ~near)
        inside += _runs(line, near)
    pieces = [dashed(dz.IGN, lines=outside)] if outside else []
    if inside:
        pieces.append(dashed(dz.IGN, FINE_DASH_MM, FINE_GAP_MM, lines=inside))
    actor.mapper.SetInputData(pv.merge(pieces) if len(pieces) > 1 else pieces[0])


def _runs(line: np.ndarray, keep: np.ndarray, least: int = 2) -> list[np.ndarray]:
    """The stretches of a polyline where `keep` holds, each of at least `least` points."""
    edges = np.flatnonzero(np.diff(np.r_[0, keep.astype(int), 0]))
    return [line[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= least]


def outer_runs(gmax: pv.PolyData, lines: list[np.ndarray], tol: float = 1.5, gap: int = 4,
               least: int = 6) -> list[np.ndarray]:
    """The stretches of lines on the muscle's surface that lie on its outer face: the zone's
    border, where the surgeon marks it. The contour runs round the inner face too, and through
    the see-through muscle the two read as a double ring (lecturer's review). A point is on the
    outer face if it is the outermost surface along the sheet's normal; the fasciculi's grooves
    fail that at a point or two, so gaps of up to `gap` points are bridged, and stretches shorter
    than `least` points dropped (a surface normal test broke the ring into dashes)."""
    inward = sheet_frame(gmax)[1][-1]
    inward = inward * np.sign(inward[1])  # +y is anterior
    runs = []
    for line in lines:
        outer = outer_surface(gmax, line, -inward)
        keep = np.linalg.norm(np.nan_to_num(outer - line, nan=1e9), axis=1) < tol
        idx = np.flatnonzero(keep)
        for a, b in zip(idx[:-1], idx[1:], strict=True):
            if b - a <= gap:
                keep[a:b] = True
        runs += _runs(line, keep, least)
    return runs


def split_line(gmax: pv.PolyData, step: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """A split of the muscle drawn on its outer surface from the trochanter tip toward the PSIS
    (points, and each point's distance from the tip across the muscle's plane, mm). Each point of
    the straight tip-to-PSIS line is carried along the muscle's plane normal to the outer surface,
    where the surgeon sees it."""
    gt, toward = point(dz.GT), point(SPLIT_TOWARD)
    normal = sheet_frame(gmax)[1][-1]
    normal *= np.sign(normal[1])  # into the body (+y is anterior)
    n = int(np.linalg.norm(toward - gt) / step)
    outer = outer_surface(gmax, np.linspace(gt, toward, n), -normal)
    out = outer[~np.isnan(outer).any(axis=1)] - 2.0 * normal  # just proud of the surface
    if len(out) < 2:
        return np.zeros((0, 3)), np.zeros(0)
    return out, dz.distance_from_gt_in_gmax_plane(gmax, out)


def split_meets_ign(gmax: pv.PolyData) -> tuple[np.ndarray, float] | None:
    """Where the split, seen square onto the muscle's plane, first crosses an IGN branch: the point
    on the split line and its distance from the tip across the muscle (mm); None if it crosses none.
    The slide's point: a split carried past 5 cm meets the nerve (Ling & Kumar 2006)."""
    line, mm = split_line(gmax)
    if len(line) < 2:
        return None
    centre, axes = sheet_frame(gmax)
    axes = axes[:2]  # the plane's two long axes
    flat = (line - centre) @ axes.T
    best = None
    for name in dz.ign_motor_branches():
        branch = (centreline(dz.IGN, name) - centre) @ axes.T
        for i, t in _crossings(flat, branch):
            d = mm[i] + t * (mm[i + 1] - mm[i])
            if best is None or d < best[1]:
                best = (line[i] + t * (line[i + 1] - line[i]), float(d))
    return best


def _crossings(a: np.ndarray, b: np.ndarray) -> list[tuple[int, float]]:
    """(segment of a, fraction along it) where 2-D polylines a and b cross."""
    out = []
    for i in range(len(a) - 1):
        p, r = a[i], a[i + 1] - a[i]
        q, s = b[:-1], np.diff(b, axis=0)
        den = r[0] * s[:, 1] - r[1] * s[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = ((q[:, 0] - p[0]) * s[:, 1] - (q[:, 1] - p[1]) * s[:, 0]) / den
            u = ((q[:, 0] - p[0]) * r[1] - (q[:, 1] - p[1]) * r[0]) / den
        hit = (den != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
        out += [(i, float(v)) for v in t[hit]]
    return out


def draw_overlay(built: BuiltScene) -> list:
    # the model's own figure beside the published one: the slide showed twigs ending 3 cm off while
    # the caption said 1 cm (lecturer's review)
    near, nearest = dz.nearest_ign_branch(built.meshes[dz.GMAX])
    # no swatch for the muscle beyond the zone: in the muscle's own colour it told nothing
    # (lecturer's review)
    out = legend(built, "Splitting gluteus maximus near the trochanter",
                 # the zone is short of the entry and the main branches, not of every twig: "short
                 # of the nerve's entry" beside a branch tagged inside it read as a contradiction
                 [(SAFE, "Within 5 cm of the tip: short of its entry and main branches"),
                  (RISK, "A split carried beyond 5 cm: toward the nerve")],
                 "Ling & Kumar 2006, 12 cadavers; distance from\n"
                 "the trochanter tip across the muscle's plane. Fine branches\n"
                 "(dotted) come as close as 0.8 cm to it (Apaydin 2009); in this\n"
                 f"model the nearest ends {nearest / 10:.1f} cm from it.")
    entry, _ = dz.ign_entry(built.meshes)
    # the branch inside the zone, named where it is: only in the legend, a reader took the green
    # zone for free of nerve (lecturer's review). The PSIS, which the split runs toward, lies
    # under the heading in this view
    items = [(point(dz.GT), "Trochanter tip"),
             (near, f"Nearest IGN branch ends\n{nearest / 10:.1f} cm from the tip")]
    if entry is not None:
        mm = float(dz.distance_from_gt_in_gmax_plane(built.meshes[dz.GMAX], [entry])[0])
        items.append((entry, f"IGN enters the muscle {mm / 10:.1f} cm\nfrom the tip (published about 5 cm)"))
    # where the nerve comes from: its short trunk runs straight back toward the eye, so the
    # branches seemed to start from nowhere, and the longest, rising, to come from above
    # (anatomist's review)
    items.append((centreline(dz.IGN, "trunk")[-1], "IGN from below piriformis:\nits branches fan out here"))
    if (met := split_meets_ign(built.meshes[dz.GMAX])) is not None:
        items.append((met[0], f"The split meets an IGN branch\n{met[1] / 10:.1f} cm from the tip"))
    return out + tags(built, items)


LAYER = Layer(NAME, draw, shown=shown)
LEGEND = Layer(NAME + "-legend", draw_overlay, shown=shown, overlay=True)
