"""Where label boxes go: near what they name, clear of the model, of each other and of the frame.

Pure geometry in display pixels (origin bottom-left), no VTK: each box tries positions in 16
directions and a few distances around its anchor, and takes the cheapest: a short leader, little
of the model hidden under the box, no overlap with other boxes or reserved areas (the title), no
leader crossing another or running through a box (a legend, the title) or over another's end dot,
nothing inside the picture's margin. The most crowded labels choose
first; then every label chooses again once the others have settled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DIRECTIONS = [np.array([np.cos(a), np.sin(a)]) for a in np.linspace(0, 2 * np.pi, 16, endpoint=False)]
# a scene's `side` for a label (display pixels, y up): the box goes within 60 degrees of it, where
# the layout would not put it by itself (superior-vs-inferior: the superior gluteal nerve's box
# below piriformis, its leader across the muscle, though the nerve leaves above it)
SIDES = {"above": (0.0, 1.0), "below": (0.0, -1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}
SIDE_COS = 0.5
REACH = (0.02, 0.035, 0.05, 0.065, 0.08, 0.1, 0.12, 0.15, 0.2, 0.26, 0.33, 0.42)  # of the width
HIDE_COST, CROSS_COST, COVER_ANCHOR_COST = 0.15, 2.0, 1.0
# What a box may cover: the model at large costs little (bone at the edge of a plate is fine to
# write on, and going out to the white margin gave 300-400 px leaders in busy scenes); the model
# within SUBJECT_REACH of any label's end dot is what the plate is about, and costs much more.
SUBJECT_COST, SUBJECT_REACH = 0.6, 0.07  # reach: of the picture's width
LABEL_AREA = 0.006  # of the picture: a usual label's box (about 330 x 40 px at 1920 x 1080); a
                    # smaller box ("S1") hides less and pays less (by the square root: a small box
                    # on the subject still hides what it is about)
OVER_SUBJECT = 1.5  # a leader's length over the subject counts this much extra: a leader drawn
                    # across the nerves to a box beyond them reads as naming one of them
GRAZE = 0.012  # of the width: a leader passing closer than this to another's end dot seems to end there
STICK_COST = 0.08  # of the width: what a label pays to change side or reach from the last frame
COVER_PATH_COST = 16.0  # a box over a nerve or vessel in the `owners` map (lateral: the sciatic's box
                       # sat on the IGN's branches, and read as their name): more than the subject;
                       # at 1.5 the through variant's fibular-part box sat on the labelled tibial part;
                       # at 4 beside OVER_PATH_COST 0.25, roots' IGN box moved onto the sciatic band;
                       # 8 -> 16 with OVER_PATH_COST 0.25 -> 0.5 (at 8, roots' IGN box lay 6 % on
                       # two nerves to spare its leader a crossing)
OVER_PATH_COST = 0.5  # per other nerve or vessel a leader crosses (of the width: about 960 px of
                      # leader at 1920): superior-vs-inferior's piriformis leader crossed three
                      # nerves to a box at the bottom, and read as naming one of them; at 0.04,
                      # lateral's sciatic leader crossed two IGN branches; at 0.1 leaders still
                      # crossed unlabelled nerves (lecturer's reviews). Over the 18 scenes at 1080p,
                      # crossings of nerves and vessels: 53 at 0.25 for any structure crossed (and
                      # see-through muscles owning the nerves under them: labels._owners), 44 once
                      # the nerves own them, 42 with OVER_SOLID_COST apart, 29 at 0.35, 27 at 0.5;
                      # 32 once outlines became lines and COVER_PATH_COST 16, 27 with the scenes
                      # re-composed (median leader 125 px throughout, p90 230)
OVER_SOLID_COST = 0.1  # per other labelled muscle, bone or ligament crossed: atlases run leaders over
                       # them, and at 0.25 the sciatic nerve's leader crossed the posterior femoral
                       # cutaneous nerve (lesion-ign) rather than an outlined gluteus maximus
MAX_CROSSINGS = 3  # crossings counted: 3 x 0.5 = 1.5 < CROSS_COST
OTHER_ANCHOR_COST = 0.2  # a box may take one of its label's other end dots (labels.ANCHORS), as
                         # clear but less central: worth it to spare a crossing. At 0.1 it
                         # also bought shorter leaders, and piriformis's dots moved to its edges
                         # (deep-gluteal, superior-vs-inferior; lecturer's review)
COVER_LINE_COST = 2.0  # a box over a line drawn on the model (a foramen's dashed outline): a box
                       # across one pays about what 120 px more of leader would, one along it much more
ALONG_LINE_COST = 0.1  # per box height of drawn line under a box past the first ALONG_LINE_FREE: a
                       # box lying along a line, or on a hatch, hides the mark the slide is about,
                       # which COVER_LINE_COST, by area share, priced like a crossing (injection-map:
                       # the SGN tag along the PSIS-GT line; danger-triangle: piriformis's box on the
                       # hatch; lecturer's reviews)
ALONG_LINE_FREE = 1.5  # box heights: a box across a line or two pays only COVER_LINE_COST
LINE_HALF_PX = 4  # labels.drawn_lines widens each drawn line by this much a side, at 1920 wide
OVER_LINE_COST = 0.05  # per such line a leader crosses (default: gluteus maximus's leader ran across
                       # the IGN's dashed course, and read as pointing at it); a fifth of a nerve's,
                       # as a foramen's outline rings what the leaders point into

NEAR_LINE_COST = 0.15  # a box a drawn line runs up to (within NEAR_LINE of its edge): the line ending
                       # at the box reads as its leader (posterior: gluteus medius's outline came down
                       # to the Piriformis box's corner; superior-vs-inferior beside the superior
                       # gluteal nerve's box; lecturer's review). Of the 18 scenes' labels at 1080p,
                       # boxes so touched: 25 at 0, 12 at 0.15, 8 at 0.3; p90 leader 230 -> 288 px at
                       # both, nerves crossed 28 -> 27 -> 26 (leaders cross more muscles instead)
NEAR_LINE, NEAR_LINE_PX = 0.005, 30  # ring width (of the picture's width); line pixels that count (1080p)
NEAR_PATH_COST = 0.15  # the same for another nerve or vessel running up to a box (superior-vs-
                       # inferior: the superior gluteal nerve's branch to tensor fasciae latae ran
                       # into the Gluteus minimus box; lecturer). Boxes so touched over the 18
                       # scenes: 9 at 0, 4 at 0.15, 2 at 0.3; nerves crossed 52, 52, 53; median
                       # leader 139 -> 154 px, p90 288 px throughout


@dataclass
class Box:
    anchor: np.ndarray  # (x, y) of the point the leader ends on
    w: float
    h: float
    x0: float = 0.0
    y0: float = 0.0
    attach: np.ndarray | None = None  # where the leader meets the box
    key: str = ""  # names the label across frames (for `previous`)
    choice: tuple[int, int, int] | None = None  # (direction, reach, end dot) index it was placed at
    owner: int = 0  # its structure's number in the `owners` map given to `layout` (0: none)
    anchors: tuple = ()  # the end dots it may take, best first (empty: `anchor` alone)
    side: tuple[float, float] | None = None  # the direction from its dot the box must lie in, if any

    def rect(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x0 + self.w, self.y0 + self.h

    def leader_end(self, pad: float) -> np.ndarray:
        """Where the drawn leader meets the text's frame, `pad` inside the laid-out box (the box
        keeps that margin clear of others; ended on the box, the leader stopped short of the
        frame, and a short tag's read as pointing at nothing: lecturer's review of PIIS)."""
        lo = np.array([self.x0 + pad, self.y0 + pad])
        return np.clip(self.attach, lo, np.maximum(lo, [self.x0 + self.w - pad, self.y0 + self.h - pad]))


def layout(boxes: list[Box], covered: np.ndarray, margin: float, reserved=(), previous=None,
           fixed: list[Box] = (), owners: np.ndarray | None = None,
           thin: frozenset[int] = frozenset(), lines: np.ndarray | None = None) -> None:
    """Place every box (sets x0, y0 and attach). `covered` is the (H, W) mask of model pixels.
    `previous` maps a box's key to the (direction, reach) it had in the last frame: in motion a
    label keeps its side and distance unless another place is clearly better (no jumping).
    `fixed` are boxes already placed by another layer (a clinical layer's tags): they do not
    move, but no leader may cross theirs, graze their dots or cover them. `owners` (H, W) numbers
    where each labelled structure shows (a box's `owner`), and the unlabelled nerves and vessels
    after them; a leader pays for crossing another's, and a box for hiding one of the `thin` ones
    (nerves and vessels: a box on a bone is fine). `lines` (H, W) marks the lines drawn over the
    model (a foramen's outline): a box pays for covering them too."""
    h, w = covered.shape
    fixed = [b for b in fixed if b.attach is not None]
    area = _Areas(covered, [b.anchor for b in list(boxes) + fixed], SUBJECT_REACH * w, owners, thin, lines)
    order = sorted(range(len(boxes)), key=lambda i: area.model.fraction(_around(boxes[i], w)), reverse=True)
    placed: list[Box] = list(fixed)
    everyone = list(boxes) + fixed
    for i in order:
        _choose(boxes[i], placed, area, (w, h), margin, reserved, everyone, previous)
        placed.append(boxes[i])
    for _ in range(2):  # settle: each box chooses again with all the others in place
        for box in boxes:
            others = [b for b in everyone if b is not box]
            _choose(box, others, area, (w, h), margin, reserved, everyone, previous)


def _around(box: Box, w: int) -> tuple[float, float, float, float]:
    r = 0.06 * w
    return box.anchor[0] - r, box.anchor[1] - r, box.anchor[0] + r, box.anchor[1] + r


def _choose(box: Box, others: list[Box], area: _Areas, size, margin, reserved, everyone,
            previous=None) -> None:
    w, h = size
    before = (previous or {}).get(box.key)
    lo = np.array([margin * w, margin * h])
    hi = np.array([(1 - margin) * w, (1 - margin) * h])
    best = None
    for directions in _direction_sets(box):  # on its side if it fits there anywhere, else anywhere
        for a, anchor in enumerate(box.anchors or (box.anchor,)):
            box.anchor = np.asarray(anchor, float)
            for r, reach in enumerate(REACH):
                for d in directions:
                    cost = _cost(box, (d, r, a), DIRECTIONS[d], reach * w, others, area, size, (lo, hi),
                                 reserved, everyone, before)
                    if cost is not None and (best is None or cost[0] < best[0]):
                        best = (*cost, (d, r, a), box.anchor)
        if best is not None:
            break
    if best is None:  # nowhere free: the nearest spot inside the margin
        box.anchor = np.asarray((box.anchors or (box.anchor,))[0], float)
        x0 = float(np.clip(box.anchor[0] + 0.02 * w, lo[0], hi[0] - box.w))
        y0 = float(np.clip(box.anchor[1], lo[1], hi[1] - box.h))
        best = (0.0, x0, y0, _nearest_on(box.anchor, (x0, y0, x0 + box.w, y0 + box.h)), None, box.anchor)
    _, box.x0, box.y0, box.attach, box.choice, box.anchor = best


def _direction_sets(box: Box) -> list[list[int]]:
    """The directions a box tries, in turn: those on its `side`, if it has one, then all."""
    every = list(range(len(DIRECTIONS)))
    if box.side is None:
        return [every]
    return [[d for d in every if DIRECTIONS[d] @ box.side >= SIDE_COS], every]


def _cost(box: Box, choice: tuple[int, int, int], u: np.ndarray, reach: float, others, area: _Areas, size,
          bounds, reserved, everyone, before):
    """(cost, x0, y0, attach) of the box placed `reach` pixels along u from its anchor; None if it
    leaves the margin (`bounds`: low and high corners) or overlaps another box or a reserved area."""
    w, h = size
    (lo, hi), (d, r, a) = bounds, choice
    x0, y0, attach = _placed_at(box, box.anchor + reach * u, u)
    rect = (x0, y0, x0 + box.w, y0 + box.h)
    if rect[0] < lo[0] or rect[1] < lo[1] or rect[2] > hi[0] or rect[3] > hi[1]:
        return None
    if any(_overlap(rect, o.rect(), pad=0.004 * w) for o in others) or \
            any(_overlap(rect, q, pad=0.004 * w) for q in reserved):
        return None
    leader = np.linalg.norm(attach - box.anchor) / w
    cost = leader * (1 + OVER_SUBJECT * area.along(box.anchor, attach))
    # capped below CROSS_COST: no count of nerves crossed outweighs a leader through a
    # box or across another leader (foramen: at 0.25 each, the pudendal nerve's leader
    # ran through the internal pudendal artery's box rather than across eight nerves)
    paths, solids = area.crossings(box.anchor, attach, box.owner)
    cost += OVER_PATH_COST * min(paths, MAX_CROSSINGS) + OVER_SOLID_COST * min(solids, MAX_CROSSINGS)
    cost += OVER_LINE_COST * area.line_crossings(box.anchor, attach)
    scale = min(1.0, box.w * box.h / (LABEL_AREA * w * h)) ** 0.5
    cost += scale * (HIDE_COST * area.model.fraction(rect)
                    + SUBJECT_COST * area.subject.fraction(rect))
    cost += COVER_PATH_COST * area.paths_under(rect)
    cost += COVER_LINE_COST * area.lines.fraction(rect)
    cost += ALONG_LINE_COST * max(0.0, area.lines_under(rect) - ALONG_LINE_FREE)
    cost += NEAR_LINE_COST * area.line_near(rect, NEAR_LINE * w)
    cost += NEAR_PATH_COST * area.path_near(rect, NEAR_LINE * w, box.owner)
    cost += CROSS_COST * sum(_crosses(box.anchor, attach, o.anchor, o.attach) for o in others
                             if o.attach is not None)
    # or lies beside one: a box next to another's dot reads as its label (injection-map: the
    # ventrogluteal box under the other needle's dot was paired with it; lecturer's review)
    near = (rect[0] - GRAZE * w, rect[1] - GRAZE * w, rect[2] + GRAZE * w, rect[3] + GRAZE * w)
    cost += COVER_ANCHOR_COST * sum(_inside(o.anchor, near) for o in everyone if o is not box)
    cost += CROSS_COST * sum(_through(box.anchor, attach, o.rect()) for o in others)
    cost += CROSS_COST * sum(_through(o.anchor, o.attach, rect) for o in others
                             if o.attach is not None)
    cost += CROSS_COST * sum(_through(box.anchor, attach, r) for r in reserved)  # a legend
    cost += CROSS_COST * sum(grazes(box.anchor, attach, o.anchor, GRAZE * w)
                             for o in everyone if o is not box)
    cost += OTHER_ANCHOR_COST * (a > 0)
    if before is not None:
        turn = min(abs(d - before[0]), len(DIRECTIONS) - abs(d - before[0]))
        cost += STICK_COST * (min(turn, 2) + min(abs(r - before[1]), 2) + 2 * (a != before[2])) / 2
    return cost, x0, y0, attach


def _placed_at(box: Box, point: np.ndarray, u: np.ndarray) -> tuple[float, float, np.ndarray]:
    """The box whose side or corner nearest the anchor sits at `point`, extending away along u."""
    x0 = point[0] if u[0] > 0.38 else point[0] - box.w if u[0] < -0.38 else point[0] - box.w / 2
    y0 = point[1] if u[1] > 0.38 else point[1] - box.h if u[1] < -0.38 else point[1] - box.h / 2
    rect = (x0, y0, x0 + box.w, y0 + box.h)
    return float(x0), float(y0), _nearest_on(box.anchor, rect)


def _nearest_on(p: np.ndarray, rect) -> np.ndarray:
    return np.array([np.clip(p[0], rect[0], rect[2]), np.clip(p[1], rect[1], rect[3])])


def grazes(p, q, point, within: float) -> bool:
    """Does segment pq pass within `within` of `point` (not counting its own ends)? A leader that
    runs over another label's end dot reads as ending there."""
    p, q, point = (np.asarray(v, float) for v in (p, q, point))
    d = q - p
    t = float(np.clip(np.dot(point - p, d) / (np.dot(d, d) or 1.0), 0.0, 1.0))
    return float(np.linalg.norm(p + t * d - point)) < within and np.linalg.norm(point - p) > 1e-6


def _overlap(a, b, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _inside(p, rect) -> bool:
    return rect[0] <= p[0] <= rect[2] and rect[1] <= p[1] <= rect[3]


def _crosses(a, b, c, d) -> bool:
    """Do segments ab and cd cross (touching ends do not count)?"""
    def side(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _through(p, q, rect, shrink: float = 1.0) -> bool:
    """Does segment pq pass through the rectangle (Liang-Barsky clipping)?"""
    x0, y0, x1, y1 = rect[0] + shrink, rect[1] + shrink, rect[2] - shrink, rect[3] - shrink
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


class _Areas:
    """The model's pixels, and those of them near a label's end dot (the plate's subject)."""

    def __init__(self, covered: np.ndarray, anchors, reach: float, owners: np.ndarray | None = None,
                 thin: frozenset[int] = frozenset(), lines: np.ndarray | None = None):
        h, w = covered.shape
        self.line_mask = lines
        self.lines = _Integral(np.zeros((1, 1), bool) if lines is None else lines)
        self.owners, self.thin = owners, thin
        self.thin_ids = np.array(sorted(thin), int)
        near = np.zeros_like(covered, dtype=bool)
        yy, xx = np.ogrid[:h, :w]
        for x, y in anchors:
            x0, x1 = int(max(0, x - reach)), int(min(w, x + reach + 1))
            y0, y1 = int(max(0, y - reach)), int(min(h, y + reach + 1))
            near[y0:y1, x0:x1] |= (xx[:, x0:x1] - x) ** 2 + (yy[y0:y1] - y) ** 2 <= reach ** 2
        self.near = covered & near
        self.model, self.subject = _Integral(covered), _Integral(self.near)
        self.skip = 0.25 * reach  # the stretch next to its own dot is over its own structure
        self._thin: _Integral | None = None
        self._others: dict[int, _Integral] = {}

    def paths_under(self, rect) -> float:
        """The share of the rectangle showing a mapped nerve or vessel, its own included: a box
        over the nerve it names hides the very thing (superior-vs-inferior: the superior gluteal
        nerve's box lay on its exit above piriformis, the point of the slide; lecturer's review)."""
        if self.owners is None or not self.thin:
            return 0.0
        if self._thin is None:  # made on demand: most layouts never ask
            self._thin = _Integral(np.isin(self.owners, list(self.thin)))
        return self._thin.fraction(rect)

    def along(self, p, q, samples: int = 12) -> float:
        """The share of segment pq, past its first `skip` pixels, that runs over the subject."""
        d = np.asarray(q, float) - np.asarray(p, float)
        length = float(np.linalg.norm(d))
        if length <= self.skip:
            return 0.0
        t = np.linspace(self.skip / length, 1.0, samples)
        pts = np.asarray(p, float) + t[:, None] * d
        h, w = self.near.shape
        x = np.clip(pts[:, 0].astype(int), 0, w - 1)
        y = np.clip(pts[:, 1].astype(int), 0, h - 1)
        return float(self.near[y, x].mean())

    def lines_under(self, rect) -> float:
        """The length of drawn line under the rectangle, in rectangle heights (one line straight
        across it: about 1)."""
        height = max(1.0, rect[3] - rect[1])
        return self.lines.count(rect) / ((2 * LINE_HALF_PX + 1) * self.lines.w / 1920 * height)

    def line_near(self, rect, ring: float) -> bool:
        """Whether a drawn line runs within `ring` pixels of the rectangle, outside it."""
        x0, y0, x1, y1 = rect
        near = self.lines.count((x0 - ring, y0 - ring, x1 + ring, y1 + ring)) - self.lines.count(rect)
        return near > NEAR_LINE_PX * (self.lines.w / 1920) ** 2

    def path_near(self, rect, ring: float, own: int) -> bool:
        """Whether a nerve or vessel other than the label's own runs within `ring` pixels of the
        rectangle, outside it."""
        if self.owners is None or not self.thin or not NEAR_PATH_COST:
            return False
        if own not in self._others:  # made once per label
            self._others[own] = _Integral(np.isin(self.owners, self.thin_ids) & (self.owners != own))
        others = self._others[own]
        x0, y0, x1, y1 = rect
        near = others.count((x0 - ring, y0 - ring, x1 + ring, y1 + ring)) - others.count(rect)
        return near > NEAR_LINE_PX * (others.w / 1920) ** 2

    def line_crossings(self, p, q) -> int:
        """How many times segment pq enters the `lines` mask (its start on one counts too)."""
        if self.line_mask is None:
            return 0
        on = _sample(self.line_mask, p, q)
        return int(on[0]) + int((on[1:] & ~on[:-1]).sum())

    def crossings(self, p, q, own: int) -> tuple[int, int]:
        """How many times segment pq enters another structure of the `owners` map than its own:
        (nerves and vessels, the rest)."""
        if self.owners is None:
            return 0, 0
        v = _sample(self.owners, p, q)
        other = (v > 0) & (v != own)
        entries = other[1:] & ~other[:-1]  # the first steps sit on its own structure, next to the dot
        changes = (v[1:] != v[:-1]) & other[1:] & other[:-1]  # straight from one to the next
        entered = v[1:][entries | changes]
        paths = int(np.isin(entered, self.thin_ids).sum())
        return paths, len(entered) - paths


def _sample(image: np.ndarray, p, q) -> np.ndarray:
    """The image's values along segment pq, every 3 px: a thin nerve is not stepped over."""
    d = np.asarray(q, float) - np.asarray(p, float)
    n = max(2, int(np.linalg.norm(d) / 3))
    pts = np.asarray(p, float) + np.linspace(0, 1, n)[:, None] * d
    h, w = image.shape
    return image[np.clip(pts[:, 1].astype(int), 0, h - 1), np.clip(pts[:, 0].astype(int), 0, w - 1)]


class _Integral:
    """Summed-area table of the model mask: the share of a rectangle the model covers, in O(1)."""

    def __init__(self, covered: np.ndarray):
        self.h, self.w = covered.shape
        self.table = np.pad(covered.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))

    def count(self, rect) -> int:
        """How many pixels of the rectangle (clipped to the frame) are set."""
        x0, y0, x1, y1 = self._clip(rect)
        if x1 <= x0 or y1 <= y0:
            return 0
        t = self.table
        return int(t[y1, x1] - t[y0, x1] - t[y1, x0] + t[y0, x0])

    def fraction(self, rect) -> float:
        x0, y0, x1, y1 = self._clip(rect)
        return self.count(rect) / ((x1 - x0) * (y1 - y0)) if x1 > x0 and y1 > y0 else 0.0

    def _clip(self, rect) -> tuple[int, int, int, int]:
        limits = (self.w, self.h, self.w, self.h)
        return tuple(int(np.clip(v, 0, lim)) for v, lim in zip(rect, limits, strict=True))
