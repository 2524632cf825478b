"""Path meshes: one continuous, smooth-shaded tube per part of a nerve, vessel or outline.

Each part is a single grid of rings swept along its centreline (no seams, no per-segment pieces),
with a rounded dome only at a free end; an end that starts on its parent or merges into another
part stays open inside that part. A flat part (the sciatic nerve, the plexus band) gets a
rounded-rectangle section oriented by `paths.section_frames`, so the mesh and the checks agree.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from ...geometry.curves import smoothstep
from . import paths

DOME_RINGS = 4


def _section(n_sides: int, flat: bool, aspect: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Unit section outline (cos-like, sin-like); a superellipse when flat, so a band has flat faces.

    `aspect` is width / thickness: a broad band (3 or more) is squared off, and as it narrows the
    section eases to an ellipse (1.6 or less), so a nerve that rounds along its course reads as a
    cord, not a strap with sharp edges."""
    th = np.linspace(0, 2 * np.pi, n_sides, endpoint=False)
    c, s = np.cos(th), np.sin(th)
    if not flat:
        return c, s
    e = float(np.interp(aspect, (1.6, 3.0), (1.0, 0.6)))  # exponent < 1 squares the ellipse off
    return np.sign(c) * np.abs(c) ** e, np.sign(s) * np.abs(s) ** e


def _dome(end, tang, w, t, a, b, c, s, sign) -> tuple[list[np.ndarray], np.ndarray]:
    """Rings closing a free end with a half-ellipsoid, and its apex."""
    rings = []
    reach = min(a, b)
    for k in range(1, DOME_RINGS):
        phi = 0.5 * np.pi * k / DOME_RINGS
        ring = a * c[:, None] * w + b * s[:, None] * t
        rings.append(end + sign * tang * reach * np.sin(phi) + np.cos(phi) * ring)
    return rings, end + sign * tang * reach


def part_tube(structure: str, part: paths.Part, upto: int | None = None) -> pv.PolyData:
    """The part's tube; with `upto`, only its first `upto` centreline points, ending in a flat cut
    face of points of its own (point data "cut" 1 there, 0 elsewhere), as a cut nerve shows its
    section: a dome read as the nerve's natural end (lecturer review)."""
    keep = slice(upto)
    line = paths.centreline(structure, part.name)[keep]
    tang, w, t = (a[keep] for a in paths.section_frames(structure, part.name))
    ha, hb = (a[keep] for a in paths.half_axes(structure, part.name))
    free_start, free_end = _free_start(structure, part), upto is None and _free_end(structure, part)
    taper = _taper(line, not free_start and _mid_parent(structure, part.parent, line[0]),
                   upto is None and not free_end and _mid_parent(structure, part.joins, line[-1]))
    ha, hb = ha * taper, hb * taper
    flat = part.width is not None
    n_sides = 28 if flat else 16
    cs = [_section(n_sides, flat, ha[i] / hb[i]) for i in range(len(line))]
    rings = [line[i] + ha[i] * c[:, None] * w[i] + hb[i] * s[:, None] * t[i] for i, (c, s) in enumerate(cs)]
    apex_start = apex_end = None
    if free_start:
        more, apex_start = _dome(line[0], tang[0], w[0], t[0], ha[0], hb[0], *cs[0], -1)
        rings = more[::-1] + rings
    if free_end:
        more, apex_end = _dome(line[-1], tang[-1], w[-1], t[-1], ha[-1], hb[-1], *cs[-1], 1)
        rings = rings + more
    n_rings = len(rings)
    pts = [np.concatenate(rings)]
    j = np.arange(n_sides)
    faces = []
    for i in range(n_rings - 1):
        a0, a1 = i * n_sides + j, i * n_sides + (j + 1) % n_sides
        b0, b1 = a0 + n_sides, a1 + n_sides
        faces.append(np.stack([a0, a1, b1], 1))  # winding gives outward normals
        faces.append(np.stack([a0, b1, b0], 1))
    n = n_rings * n_sides
    if apex_start is not None:  # fan from the apex to the first ring
        pts.append(apex_start[None])
        faces.append(np.stack([np.full(n_sides, n), (j + 1) % n_sides, j], 1))
        n += 1
    if apex_end is not None:
        last = (n_rings - 1) * n_sides
        pts.append(apex_end[None])
        faces.append(np.stack([last + j, last + (j + 1) % n_sides, np.full(n_sides, n)], 1))
    if upto is not None:  # the face: the last ring again, unshared, so it shades flat
        pts += [rings[-1], line[-1][None]]
        faces.append(np.stack([n + j, n + (j + 1) % n_sides, np.full(n_sides, n + n_sides)], 1))
    mesh = pv.PolyData.from_regular_faces(np.concatenate(pts), np.concatenate(faces))
    mesh = mesh.compute_normals(split_vertices=False, auto_orient_normals=False, consistent_normals=False)
    if upto is not None:
        mesh.point_data["cut"] = np.r_[np.zeros(n, np.uint8), np.ones(n_sides + 1, np.uint8)]
    return mesh


TAPER_MM, TAPER_FROM = 3.0, 0.4  # an end inside its parent swells from this share of its width


def _taper(line: np.ndarray, start: bool, end: bool) -> np.ndarray:
    """Width factor along the line: an end left open inside its parent (a division in its ramus, a
    branch in its trunk) narrows over its last TAPER_MM, so where the parent is drawn see-through
    the end shows as the strand leaving it, not as the open mouth of a pipe (lecturer's review of
    roots: "the divisions read as pipes")."""
    arc = np.r_[0, np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))]
    out = np.ones(len(line))
    for on, dist in ((start, arc), (end, arc[-1] - arc)):
        if on:
            x = dist / TAPER_MM
            out = np.minimum(out, TAPER_FROM + (1 - TAPER_FROM) * smoothstep(x))
    return out


def _mid_parent(structure: str, ref: str, point: np.ndarray) -> bool:
    """Does `point` lie along the part `ref`, not at either end? A division leaves its ramus
    partway (it tapers); the band carries on from the trunk's end and the IGN's branches fan out
    from its trunk's end (they do not: a taper there drew a waist)."""
    other = paths.centreline(*paths.resolve(structure, ref))
    k = int(np.argmin(np.linalg.norm(other - point, axis=1)))
    return 1 < k < len(other) - 2


def _free_start(structure: str, part: paths.Part) -> bool:
    """Dome the start unless it sits inside a parent at least as thick (then it stays hidden)."""
    if part.parent is None:
        return True
    parent = paths.get(*paths.resolve(structure, part.parent))
    return parent.radius < 0.9 * part.radius


def _free_end(structure: str, part: paths.Part) -> bool:
    if part.joins is None:
        return True
    other = paths.get(*paths.resolve(structure, part.joins))
    return other.radius < 0.9 * part.radius


def path_mesh(structure: str, upto: dict[str, int | None] | None = None) -> pv.PolyData:
    """Every part of a path as its own continuous tube, merged; point data "part" and "Normals".
    `upto` cuts parts short (points kept per part name; 0 leaves a part out, None keeps it whole)."""
    pieces = []
    for i, part in enumerate(paths.PATHS[structure]):
        n = (upto or {}).get(part.name)
        if n == 0:
            continue
        piece = part_tube(structure, part, n)
        if upto and "cut" not in piece.point_data:  # merged pieces keep only the arrays all have
            piece.point_data["cut"] = np.zeros(piece.n_points, np.uint8)
        piece.point_data["part"] = np.full(piece.n_points, i, np.int16)  # index into PATHS[id]
        pieces.append(piece)
    mesh = pv.merge(pieces, merge_points=False) if len(pieces) > 1 else pieces[0]
    out = pv.PolyData.from_regular_faces(mesh.points, mesh.regular_faces)  # no filter leftovers
    for name in ("Normals", "part", "cut"):
        if name in mesh.point_data:
            out.point_data[name] = np.asarray(mesh.point_data[name])
    return out
