"""Render tier: the built-in scenes as a lecturer puts them on a slide (issue "slide-grade")."""

import numpy as np
import pytest
import pyvista as pv

import scenes
from meshes import centreline
from scenes.offscreen import Renderer, with_output

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_every_leader_ends_on_its_own_structure(renderer, name):
    from scenes.layers.structures import drawn_through
    from scenes.picking import Picker

    scene = with_output(scenes.load(name), size=(1280, 720))
    with renderer.open(scene) as (plotter, built):
        picker = Picker()
        wrong = {b.structure: picker.pick(plotter.renderer, built.actors, *b.anchor) for b in built.labels}
    # a nerve drawn through the highlighted nerves in front of it (show_through) is seen where a
    # pick finds them (plexus-divisions: the gluteal nerves through the see-through band)
    wrong = {sid: hit for sid, hit in wrong.items() if hit != sid and hit not in drawn_through(scene, sid)}
    assert not wrong, f"leaders ending on another structure (label: picked): {wrong}"


@pytest.mark.parametrize("name", ["foramen", "posterior", "lateral", "roots"])
def test_leaders_are_short_and_do_not_cross(renderer, name):
    from scenes.layers.label_layout import _crosses

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (_, built):
        boxes = built.labels
    ends = [(np.array(b.anchor), np.clip(b.anchor, (b.x0, b.y0), (b.x1, b.y1))) for b in boxes]
    lengths = [np.linalg.norm(e - a) for a, e in ends]
    # the layout may write on the model away from what the labels name (label_layout: SUBJECT_COST),
    # so roots, its plexus amid bone, no longer needs a longer limit than the rest (it had 400)
    assert np.median(lengths) < 300, f"median leader {np.median(lengths):.0f} px at 1920 wide"
    crossings = sum(_crosses(*ends[i], *ends[j]) for i in range(len(ends)) for j in range(i))
    assert crossings <= 1, f"{crossings} leaders cross"


@pytest.mark.parametrize("name", ["lateral", "deep-gluteal", "roots", "superior-vs-inferior",
                                  "variant-ign-through-piriformis"])
def test_no_label_box_hides_a_nerve_or_vessel_it_does_not_name(renderer, name):
    """A box over another nerve or vessel reads as its name (lateral: the sciatic nerve's box sat
    on the inferior gluteal nerve's branches, 13.5 % of it; before this test, 7 of 16 scenes had
    such a box over 2 %; later lateral's, 24 %, on the unlabelled posterior femoral cutaneous nerve,
    and deep-gluteal's inferior gluteal nerve box, 8 %, on unlabelled ones). Writing on a
    bone or muscle is fine; so is writing over a see-through one. A label on a part names only that
    part (superior-vs-inferior: the gluteus minimus box lay on the end of the superior gluteal
    nerve's lower branch, its label on the trunk; lecturer's review)."""
    from meshes import PATHS
    from scenes.catalog import CATALOG
    from scenes.layers import labels
    from scenes.picking import GHOST

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (_, built):
        named = [(b.structure, b.part) for b in built.labels]
        shown = [s for s in built.actors if s in PATHS and CATALOG[s].kind != "region"
                 and scene.style(s).visible and scene.style(s).opacity >= GHOST]
        # the unlabelled, and the rest of a nerve labelled only on parts (svi: the IGN's branches)
        unnamed = [(s, None) for s in shown if s not in {n for n, _ in named}]
        unnamed += [(s, labels.REST) for s in shown if {p for n, p in named if n == s} - {None}
                    and (s, None) not in named]
        with labels._opaque_only(built):
            zbuffer, _ = labels.frame(built)
        owners = labels._owners(built, named + unnamed, zbuffer, labelled=len(named))
    assert (owners > len(named)).any(), "no unlabelled nerve or vessel in view: nothing more to check"
    for k, b in enumerate(built.labels):
        others = [j + 1 for j, (sid, _) in enumerate(named + unnamed) if sid in PATHS and j != k]
        under = np.isin(owners[int(b.y0):int(b.y1), int(b.x0):int(b.x1)], others).mean()
        assert under < 0.02, f"the {b.text} box hides {under:.0%} of a nerve or vessel it does not name"


TAGGED = [n for n in scenes.builtin_names()
          if {"danger-triangle", "hip-joint", "sgn-safe-zone", "gmax-split-zone", "injection-map"}
          & set(scenes.load(n).layers)]


@pytest.mark.parametrize("name", TAGGED)
def test_no_tag_box_hides_a_nerve_or_vessel(renderer, name):
    """A clinical layer's tags (bony points, the nerve's exit and entry) keep off the nerves and
    vessels as the labels do: danger-triangle's exit tag, kept off its ring, lay on the nerve it
    names, and its entry tag on the sciatic nerve (lecturer's review: crowded at the ring)."""
    from scenes.layers import labels

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (_, built):
        tags = list(built.placed)
        paths = labels.path_pixels(built)
    assert tags, f"{name} draws no tags"
    for b in tags:
        x0, y0, x1, y1 = b.rect()
        under = paths[int(y0):int(y1), int(x0):int(x1)].mean()
        assert under < 0.02, f"a tag box at {b.anchor.round()} hides {under:.0%} of nerves and vessels"


def _dashed_lines(scene, built) -> list[np.ndarray]:
    """World polylines of the dashed lines drawn over the model: region outlines and nerves'
    projected courses (from their drawn actors)."""
    from meshes import PATHS
    from scenes.catalog import CATALOG

    out = [centreline(s, p.name) for s in built.actors if CATALOG[s].kind == "region"
           and scene.style(s).visible for p in PATHS[s]]
    for sid in built.projected:
        actor = built.plotter.actors.get(f"{sid}-projected")
        if actor is not None and actor.GetVisibility():
            out.append(np.asarray(actor.mapper.dataset.points))
    return out


@pytest.mark.parametrize("name", ["superior-vs-inferior", "foramen", "deep-gluteal", "default", "roots",
                                  "plexus-divisions"])
def test_no_box_lies_along_a_dashed_line(renderer, name):
    """A box over a foramen's dashed outline hides the space the slide draws (superior-vs-inferior:
    the superior gluteal nerve's box lay along the foramen's upper rim, 32 mm of it; lecturer's
    review). A box may cross a dashed line (at most twice its height of line under it), never lie
    along one. Labels and clinical tags alike."""
    from meshes.geometry.curves import length, resample
    from scenes.projection import to_display

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (plotter, built):
        lines = []
        for line in _dashed_lines(scene, built):  # every 0.5 mm, across the gaps between dashes too
            lines.append(to_display(plotter.renderer, resample(line, 2 + int(length(line) / 0.5))))
        boxes = [(b.text, (b.x0, b.y0, b.x1, b.y1)) for b in built.labels]
        boxes += [(f"tag {i}", b.rect()) for i, b in enumerate(built.placed)]
    assert lines, "no dashed line drawn: nothing to check"
    for text, (x0, y0, x1, y1) in boxes:
        for xy in lines:
            inside = (xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1)
            run = np.linalg.norm(np.diff(xy, axis=0), axis=1)[inside[1:] & inside[:-1]].sum()
            assert run <= 2 * (y1 - y0), f"the {text} box lies along a dashed line ({run:.0f} px of it)"


def _leaders(built) -> list[tuple[str, np.ndarray, np.ndarray, tuple]]:
    """(name, end dot, where it meets its box, box) of every leader: the labels' and the clinical
    layers' tags (laid out first, then kept clear of by the labels)."""
    out = [(b.text, np.array(b.anchor), np.clip(b.anchor, (b.x0, b.y0), (b.x1, b.y1)),
            (b.x0, b.y0, b.x1, b.y1)) for b in built.labels]
    return out + [(f"tag {i}", b.anchor, b.attach, b.rect()) for i, b in enumerate(built.placed)]


@pytest.mark.parametrize("name", ["danger-triangle", "foramen", "roots"])
def test_leaders_reach_the_frame_of_their_text(renderer, name):
    """A leader ends on its text's frame: it ended on the laid-out box, a margin (about 10 px at
    1080p) outside the frame VTK draws round the text, and the danger triangle's short PIIS tag
    read as a leader pointing at nothing (lecturer's review). Labels and clinical tags both."""
    from vtkmodules.vtkRenderingCore import vtkTextActor

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (plotter, built):
        anchors = [np.array(b.anchor) for b in built.labels] + [b.anchor for b in built.placed]
        texts = []
        for a in built.overlay:
            if isinstance(a, vtkTextActor) and a.GetTextProperty().GetFrame():
                box = [0.0] * 4
                a.GetBoundingBox(plotter.renderer, box)  # its size (at the origin)
                x, y = a.GetPosition()  # where it is drawn: its bottom-left corner
                texts.append((x, x + box[1] - box[0], y, y + box[3] - box[2]))
        ends = []
        for a in built.overlay:
            poly = a.GetMapper().GetInput() if hasattr(a, "GetMapper") and a.GetMapper() else None
            if poly is None or not poly.GetNumberOfLines():
                continue
            pts = np.asarray(poly.GetPoints().GetData())[:, :2].reshape(-1, 2, 2)
            ends += [e for s, e in pts if min(np.linalg.norm(s - c) for c in anchors) < 1.0]
    assert len(ends) >= 2 * len(anchors), "the leaders (halo and ink) were not found"

    def gap(p, box):
        x0, x1, y0, y1 = box
        return float(np.hypot(max(x0 - p[0], 0, p[0] - x1), max(y0 - p[1], 0, p[1] - y1)))

    far = [round(min(gap(e, t) for t in texts), 1) for e in ends]
    assert max(far) <= 3.0, f"leaders ending short of their text's frame (px): {sorted(far)[-4:]}"


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_no_leader_crosses_another_or_runs_over_a_dot_or_a_box(renderer, name):
    """A leader that crosses another, runs over another's end dot or through a box (the title, a
    legend, a tag) reads as ending on the wrong structure; a dot under a box cannot be seen
    (issue 10: foramen, deep-gluteal, sgn-safe-zone). And every label the scene asks for is there:
    sgn-safe-zone's see-through gluteus medius went unlabelled at 1080p, with no error."""
    from scenes.layers.label_layout import _crosses, _through, grazes
    from scenes.layers.labels import _part_shown
    from scenes.layers.orientation_marker import VIEWPORT

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (plotter, built):
        w, h = plotter.renderer.GetSize()
        named = {b.structure for b in built.labels}
        leaders = _leaders(built)
        boxes = [(n, rect) for n, _, _, rect in leaders] + [("a title or legend", r) for r in built.reserved]
    faults = [f"{a} crosses {c}" for i, (a, *ab, _) in enumerate(leaders) for (c, *cd, _) in leaders[:i]
              if _crosses(*ab, *cd)]
    faults += [f"{a} runs over the dot of {c}" for a, p, q, _ in leaders for c, dot, _, _ in leaders
               if c != a and grazes(p, q, dot, 0.008 * w)]
    faults += [f"{a} runs through the box of {c}" for a, p, q, own in leaders for c, rect in boxes
               if rect != own and _through(p, q, rect)]
    faults += [f"the dot of {a} is under the box of {c}" for a, dot, _, own in leaders for c, r in boxes
               if r != own and r[0] <= dot[0] <= r[2] and r[1] <= dot[1] <= r[3]]
    asked = [lb.structure for lb in scene.labels[: scene.output.max_labels] if _part_shown(lb)
             and scene.output.labels]
    faults += [f"no label for {sid}, which the scene asks for" for sid in asked if sid not in named]
    if scene.output.orientation_marker:  # foramen: the internal pudendal artery's box covered its P
        cube = np.multiply(VIEWPORT, [w, h, w, h])
        faults += [f"the box of {a} covers the orientation marker" for a, _, _, (x0, y0, x1, y1) in leaders
                   if x0 < cube[2] and y0 < cube[3] and x1 > cube[0] and y1 > cube[1]]
    assert not faults, "\n".join(sorted(set(faults)))


def _near(img: np.ndarray, color: str, tol: float = 21.0) -> np.ndarray:
    """Pixels of this colour under some light (a scaled copy of it)."""
    import pyvista as pv

    target = np.array(pv.Color(color).int_rgb, float)
    px = img[..., :3].astype(float)
    scale = (px @ target) / (target @ target)
    return (np.linalg.norm(px - scale[..., None] * target, axis=-1) < tol) & (scale > 0.5)


@pytest.mark.parametrize("name", ["lateral", "variant-ign-above-piriformis", "deep-gluteal", "lesion-ign"])
def test_ink_outlines_are_named_in_the_key(renderer, name, outlined_gmax):
    """A muscle drawn as a black outline is named by the key line under the caption (lecturer: an
    unexplained black outline read as wires); a lesion's coloured outlines are its legend's."""
    from scenes.catalog import CATALOG

    if name == "lesion-ign":  # the built-in one turns gluteus maximus out; a user's may outline it
        scene = outlined_gmax("lesion-ign")
    else:
        scene = scenes.load(name)
    scene = with_output(scene, size=(960, 540), quality="draft", labels=False)
    with renderer.open(scene) as (_, built):
        inked = [s for s in built.outlines if not scene.style(s).color and scene.style(s).visible]
        keys = [a.GetInput().lower() for a in built.overlay if hasattr(a, "GetInput") and a.GetInput()
                and a.GetInput().startswith("\u2014")]
    if name == "lesion-ign":  # its outline is in the lesion's colour, keyed by the lesion legend
        assert inked and not keys, (inked, keys)
        return
    assert inked, f"{name} has no ink outline: the test would be empty"
    assert len(keys) == 1, f"{len(keys)} outline key lines"
    for sid in inked:
        assert CATALOG[sid].name.lower() in keys[0], f"{sid} outlined, not named in {keys[0]!r}"


@pytest.mark.parametrize("name", scenes.builtin_names())
def test_dashed_outlines_are_named(renderer, name):
    """A foramen is drawn as a dashed outline; where its dashes show, a label or the key line
    under the caption names it (issue 10: purple dashes nobody could read)."""
    import dataclasses

    from scenes.catalog import CATALOG

    scene = with_output(scenes.load(name), size=(960, 540), quality="draft")
    bare = dataclasses.replace(scene, output=dataclasses.replace(scene.output, labels=False, captions=False))
    img = renderer.image(bare)
    with renderer.open(scene) as (_, built):
        regions = [s for s, a in built.actors.items() if CATALOG[s].kind == "region" and a.GetVisibility()]
        words = " ".join(a.GetInput().replace("\n", " ").lower() for a in built.overlay
                         if hasattr(a, "GetInput") and a.GetInput())
    for sid in regions:
        dashes = _near(img, CATALOG[sid].color, tol=30).sum()
        first = CATALOG[sid].name.lower().split()[0]  # "greater", "lesser"
        assert dashes < 150 or (first in words and ("foramen" in words or "foramina" in words)), \
            f"{sid}: {dashes} pixels of dashed outline, named by no label and no key"


def test_posterior_divisions_show_in_roots(renderer, monkeypatch):
    """The posterior divisions (the inferior gluteal nerve's origin) lie behind the anterior
    ones; `roots` must show them in their colour, not hide them (issue 10). The gluteal nerves'
    roots, teal too in `roots`, are drawn in their nerves' colours here: only the divisions count."""
    from scenes.catalog import PART_COLORS
    from scenes.layers import structures

    monkeypatch.setattr(structures, "ROOT_COLORS", {})
    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    img = renderer.image(scene)
    teal = _near(img, PART_COLORS["sacral_plexus_right"]["posterior_"]).sum()
    # was 3 at the review; 690 counted hairline silhouettes under the see-through teal as dark
    # teal (SILHOUETTE_LINE_UNITS): 470 are the divisions themselves
    assert teal > 400, f"only {teal} pixels of the posterior divisions' colour"


@pytest.mark.parametrize("name, teal_roots", [("roots", False), ("deep-gluteal", False), ("foramen", False),
                                              ("plexus-divisions", False)])
def test_gluteal_nerve_roots_are_teal_only_in_a_plexus_diagram(renderer, name, teal_roots):
    """A scene that highlights the plexus draws the IGN's roots in the posterior divisions' teal
    (a user's plexus diagram); in a gluteal view a teal root seen through the notch would name
    nothing. roots and plexus-divisions give each nerve its colour from its roots on, so which
    division feeds which nerve shows (lecturer's review of roots: with teal roots the divisions and
    both nerves' roots met in one teal knot)."""
    from meshes import PATHS
    from scenes.catalog import POSTERIOR_DIVISION

    teal = np.array(pv.Color(POSTERIOR_DIVISION).int_rgb)
    sid = "inferior_gluteal_nerve_right"
    roots = [i for i, p in enumerate(PATHS[sid]) if p.name.startswith("root_")]
    with renderer.open(with_output(scenes.load(name), size=(640, 360), labels=False)) as (_, built):
        data = built.actors[sid].mapper.dataset.point_data
        in_roots = np.isin(data["part"], roots)
        rgb = np.asarray(data["rgb"]) if "rgb" in data else np.zeros((len(in_roots), 3))
        is_teal = np.all(rgb == teal, axis=1)
    colored = bool(is_teal[in_roots].all())
    assert colored == teal_roots, f"{name}: roots teal {colored}, wanted {teal_roots}"
    assert not is_teal[~in_roots].any(), f"{name}: teal beyond the roots"


@pytest.mark.parametrize("name", ["lesion-ign", "lesion-sgn"])
def test_lesion_scenes_do_not_tint_what_lies_behind(name):
    """A see-through muscle in its lesion colour turned everything behind it purple: the muscles
    over the nerve are outlines in the lesion scenes (issue 10)."""
    from scenes.catalog import CATALOG

    scene = scenes.load(name)
    ghosts = [s for s in CATALOG if CATALOG[s].kind == "muscle" and scene.style(s).visible
              and not scene.style(s).outline and scene.style(s).opacity < 1]
    assert not ghosts, f"see-through muscles: {ghosts}"


def test_l5_legend_names_the_foot_drop_muscles_the_model_lacks(renderer):
    scene = with_output(scenes.load("lesion-l5"), size=(960, 540), quality="draft")
    with renderer.open(scene) as (_, built):
        words = " ".join(a.GetInput().lower() for a in built.overlay
                         if hasattr(a, "GetInput") and a.GetInput())
    assert "not in the model" in words and "foot drop" in words and "dorsiflexor" in words


@pytest.mark.parametrize("name", ["superior-vs-inferior", "posterior", "foramen"])
def test_no_label_box_hides_the_nerve_it_names(renderer, name):
    """superior-vs-inferior: the superior gluteal nerve's box lay on its own exit above
    piriformis, the point of the slide (lecturer's review): the layout charged only for hiding
    other labelled nerves. No visible stretch of a labelled nerve or vessel lies under its box."""
    from scipy.spatial import cKDTree

    from meshes import PATHS
    from scenes.layers.labels import frame, in_sight
    from scenes.projection import to_display

    scene = with_output(scenes.load(name), size=(1920, 1080))
    with renderer.open(scene) as (plotter, built):
        zbuffer = frame(built)[0]
        for b in built.labels:
            if b.structure not in PATHS:
                continue
            line = np.concatenate([centreline(b.structure, p.name) for p in PATHS[b.structure]])
            # only what is drawn: foramen cuts the IGN's branches where gluteus maximus was removed
            drawn = cKDTree(np.asarray(plotter.actors[b.structure].mapper.dataset.points))
            line = line[drawn.query(line)[0] < 3.5]  # within a tube's (or flat band's) half thickness
            xy = to_display(plotter.renderer, line[in_sight(plotter.renderer, line, zbuffer)])
            under = (xy[:, 0] > b.x0) & (xy[:, 0] < b.x1) & (xy[:, 1] > b.y0) & (xy[:, 1] < b.y1)
            assert under.sum() <= 2, f"{b.structure}'s box hides {under.sum()} mm of it"


def test_a_nerve_seen_through_an_outlined_muscle_owns_its_pixels(renderer, outlined_gmax):
    """The layout makes a leader pay for crossing a nerve it does not name, by the `owners` map. In
    lesion-ign (then drawn so) the outlined gluteus maximus, labelled, owned every pixel it spans,
    the posterior femoral cutaneous nerve under it included: the sciatic nerve's leader crossed
    that nerve at no cost (lecturer's review). Where a nerve shows through, the nerve owns the pixel."""
    import dataclasses

    from meshes import PATHS
    from scenes.layers import labels
    from scenes.projection import to_display

    pfcn = "posterior_femoral_cutaneous_nerve_right"
    scene = outlined_gmax("lesion-ign")  # with the cutaneous nerve unnamed (the built-in names it)
    scene = dataclasses.replace(scene, labels=[lb for lb in scene.labels if lb.structure != pfcn])
    scene = with_output(scene, size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (plotter, built):
        named = [(b.structure, b.part) for b in built.labels]
        assert ("gluteus_maximus_right", None) in named and pfcn not in {s for s, _ in named}
        entries = named + labels._unnamed_paths(built, named)
        with labels._opaque_only(built):
            zbuffer, _ = labels.frame(built)
        owners = labels._owners(built, entries, zbuffer, labelled=len(named))
        pts = np.concatenate([centreline(pfcn, p.name) for p in PATHS[pfcn]])
        pts = pts[labels.in_sight(plotter.renderer, pts, zbuffer)]
        xy = np.floor(to_display(plotter.renderer, pts)).astype(int)
    h, w = owners.shape
    xy = xy[(xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)]
    assert len(xy) > 20, "the nerve is not in view: nothing to check"
    own = owners[xy[:, 1], xy[:, 0]] == entries.index((pfcn, None)) + 1
    assert own.mean() > 0.8, f"the nerve owns only {own.mean():.0%} of its own course"


@pytest.mark.parametrize("name", ["deep-gluteal", "superior-vs-inferior"])
def test_an_outline_counts_as_a_line_drawn_over_the_model(renderer, name):
    """Gluteus medius's ink outline ran out from under the piriformis box and read as its leader
    (lecturer's review): where an outline shows, the layout's line mask has it, so boxes keep off
    it and dots keep clear of it as they do of a foramen's dashes."""
    from scenes.layers import labels

    scene = with_output(scenes.load(name), size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (_plotter, built):
        (sid,) = built.outlines
        built.line_mask = None
        lines = labels.drawn_lines(built, labels.frame(built)[0].shape)
        with_line = labels.frame(built)[0].copy()
        built.frame = None
        built.actors[sid].SetVisibility(False)
        shown = labels.frame(built)[0] != with_line  # where the outline is what the frame shows
        built.actors[sid].SetVisibility(True)
    assert shown.sum() > 500, "no outline in view"
    assert lines[shown].mean() > 0.8, f"the line mask has only {lines[shown].mean():.0%} of the outline"


@pytest.mark.parametrize("name", ["gmax-split-zone", "landmark-spans", "danger-triangle"])
def test_a_narrow_view_keeps_the_legend_and_tags_off_the_heading(renderer, name):
    """The window's view beside its docks is about 4:3, where an upper-right legend met the
    caption and a tag's dot fell under it (gmax-split-zone in a 1600x900 window)."""
    scene = with_output(scenes.load(name), size=(1050, 830))
    with renderer.open(scene) as (_, built):
        x0, y0, x1, y1 = built.heading
        inside = [r for r in built.reserved if r[0] >= x0 and r[1] >= y0 and r[2] <= x1 and r[3] <= y1]
        over = [r for r in built.reserved if r not in inside
                and r[0] < x1 and r[2] > x0 and r[1] < y1 and r[3] > y0]
        dots = [b.anchor for b in built.placed if x0 <= b.anchor[0] <= x1 and y0 <= b.anchor[1] <= y1]
    assert not over, f"boxes over the title and caption: {over}"
    assert not dots, f"tag dots under the title and caption: {dots}"


def test_plexus_divisions_draws_the_inputs_pale_and_keeps_the_divisions_teal(renderer):
    """plexus-divisions: the rami and trunk pale pink, the posterior divisions teal under the
    band's colour (a scene's colour is the body's, not its parts'), the SGN's orange and the IGN's
    yellow from their roots on. With the band orange and the roots teal, which division fed which
    nerve rested on the caption (lecturer's review)."""
    from scenes import palette
    from scenes.catalog import CATALOG, POSTERIOR_DIVISION

    scene = with_output(scenes.load("plexus-divisions"), size=(960, 540), quality="draft", labels=False)
    img = renderer.image(scene)
    # near the pale pink, tightly: bone is pale too (about 37,000 pixels here, 36 in roots)
    for color, tol, least in ((POSTERIOR_DIVISION, 40, 3000), (palette.PLEXUS_PALE, 12, 10000),
                              (CATALOG["superior_gluteal_nerve_right"].color, 40, 1000),
                              (CATALOG["inferior_gluteal_nerve_right"].color, 40, 3000)):
        found = _near(img, color, tol=tol).sum()
        assert found > least, f"{color}: {found} pixels"


def test_the_fibular_part_through_piriformis_is_told_from_the_tibial_part(renderer):
    """variant-ign-through-piriformis: in the sciatic nerve's gold, the common fibular part leaving
    through piriformis was not seen apart from the tibial part below it (lecturer's review). The
    fibular cord carries the posterior divisions' fibres and takes their teal; the trunk keeps gold."""
    from scenes.catalog import CATALOG, POSTERIOR_DIVISION

    scene = with_output(scenes.load("variant-ign-through-piriformis"), size=(960, 540), quality="draft",
                        labels=False)
    img = renderer.image(scene)
    teal = _near(img, POSTERIOR_DIVISION).sum()
    gold = _near(img, CATALOG["sciatic_nerve_right"].color).sum()
    assert teal > 300 and gold > 3 * teal, (teal, gold)


def test_roots_shows_the_lumbosacral_trunk_clear_of_the_caption(renderer):
    """roots: the caption covered the lumbosacral trunk where it crosses the sacral ala, the
    course the caption describes (lecturer's review). None of the trunk in view lies under it."""
    from meshes import PATHS
    from scenes.layers import labels
    from scenes.projection import to_display

    lst = "lumbosacral_trunk_right"
    with renderer.open(with_output(scenes.load("roots"), size=(1920, 1080))) as (plotter, built):
        line = np.concatenate([centreline(lst, p.name) for p in PATHS[lst]])
        with labels._opaque_only(built):  # the see-through plexus and bone-coloured ala aside
            zbuffer, _ = labels.frame(built)
        shown = labels.in_sight(plotter.renderer, line, zbuffer, tolerance=6.0)  # its axis, in the tube
        xy = to_display(plotter.renderer, line[shown])
        x0, y0, x1, y1 = built.heading
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < 1920) & (xy[:, 1] >= 0) & (xy[:, 1] < 1080)
    under = (xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1)
    assert inside.sum() > 10, "the trunk is not in view: nothing to check"
    assert under.sum() == 0, f"{under.sum()} of {inside.sum()} mm of the trunk under the caption: {xy[under]}"


@pytest.mark.parametrize("size", [(1920, 1080), (1600, 900)])
def test_gluteal_nerves_are_labelled_on_their_side_of_piriformis(renderer, size):
    """superior-vs-inferior: the superior gluteal nerve's box, "above piriformis", lay below the
    muscle with its leader across it (lecturer's reviews). The scene asks `side = "above"` for
    it and "below" for the inferior: each box lies on its side of its dot."""
    scene = with_output(scenes.load("superior-vs-inferior"), size=size)
    with renderer.open(scene) as (_, built):
        boxes = {b.structure: b for b in built.labels}
    sgn, ign = boxes["superior_gluteal_nerve_right"], boxes["inferior_gluteal_nerve_right"]
    assert sgn.y0 > sgn.anchor[1], "the superior gluteal nerve's box is not above its dot"
    assert ign.y1 < ign.anchor[1], "the inferior gluteal nerve's box is not below its dot"


@pytest.mark.parametrize("name", ["superior-vs-inferior", "deep-gluteal", "posterior", "lesion-ign"])
def test_both_flaps_of_the_turned_out_gluteus_maximus_are_named(renderer, name):
    """Lecturer's reviews: the lateral flap, a third of the frame, was unnamed; only the medial one
    had a label. A second label asks for the part of the muscle `near` the trochanter: each dot
    picks back to the muscle, one on each side of the sciatic nerve, which runs down between."""
    from meshes import point
    from scenes.picking import Picker
    from scenes.projection import to_display

    scene = with_output(scenes.load(name), size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (plotter, built):
        dots = [b.anchor for b in built.labels if b.structure == "gluteus_maximus_right"]
        picks = [Picker().pick(plotter.renderer, built.actors, *d) for d in dots]
        gt_x = to_display(plotter.renderer, point("greater_trochanter_tip_right")[None])[0][0]
    assert len(dots) == 2 and picks == ["gluteus_maximus_right"] * 2, (dots, picks)
    assert min(d[0] for d in dots) < gt_x - 300 and max(d[0] for d in dots) > gt_x + 100, (dots, gt_x)


@pytest.mark.render
@pytest.mark.parametrize("preset", ["inferior", "superior"])
def test_the_orientation_marker_letter_stands_upright_from_above_and_below(renderer, preset):
    """Lecturer's review: in the inferior preset the marker's I lay on its side and read as a dash.
    The letter on the face toward the eye is taller than it is wide (the S, turned, was wider)."""
    from scenes.layers.orientation_marker import VIEWPORT

    scene = with_output(scenes.parse(f'[camera]\npreset = "{preset}"\n[output]\ncaptions = false\n'),
                        size=(960, 540), quality="draft", labels=False)
    img = renderer.image(scene)
    x0, y0, x1, y1 = (int(v * s) for v, s in zip(VIEWPORT, (960, 540, 960, 540), strict=True))
    corner = img[540 - y1: 540 - y0, x0: x1, :3].astype(int)
    paper = (corner > 200).all(-1)  # the face toward the eye, pale
    rows, cols = np.nonzero(paper)
    face = corner[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]
    ink_rows, ink_cols = np.nonzero((face < 90).all(-1))
    tall, wide = np.ptp(ink_rows) + 1, np.ptp(ink_cols) + 1
    assert tall > 1.2 * wide, f"the letter is {wide} px wide and {tall} px tall"


def test_roots_shows_each_gluteal_nerve_forming_from_its_own_divisions(renderer):
    """Lecturer's review of roots (3): the L4-L5 and S1 divisions and the superior gluteal nerve met
    in one teal knot with the IGN's roots, so the IGN read as S1-S2 only and the SGN as L4-L5 only.
    The SGN's roots leave the divisions well above where the IGN's begin (8 mm or more along
    each), and in roots the IGN's L5 root shows as a yellow strand, not a teal stub."""
    from meshes.geometry.curves import length
    from scenes.catalog import CATALOG
    from scenes.projection import to_display

    ign, sgn = "inferior_gluteal_nerve_right", "superior_gluteal_nerve_right"
    for division, ign_root, sgn_root in (("posterior_L4L5", "root_L5", "root_L4L5"),
                                         ("posterior_S1", "root_S1", "root_S1")):
        apart = np.linalg.norm(centreline(ign, ign_root)[0] - centreline(sgn, sgn_root)[0])
        assert apart >= 8.0, f"{division}: the two nerves' roots leave {apart:.1f} mm apart"
    root = centreline(ign, "root_L5")
    assert length(root) >= 5.0
    scene = with_output(scenes.load("roots"), size=(1920, 1080), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, _):
        xy = to_display(plotter.renderer, root[2:-2])
        img = plotter.screenshot(return_img=True)
    yellow = np.array(pv.Color(CATALOG[ign].color).int_rgb, float)
    px = img[(1080 - 1 - xy[:, 1]).astype(int), xy[:, 0].astype(int), :3].astype(float)
    scale = (px @ yellow) / (yellow @ yellow)  # lit or in shade, and through the see-through band
    hue_off = np.linalg.norm(px - scale[:, None] * yellow, axis=1)
    shown = (hue_off < 60).mean()
    assert shown > 0.6, f"the L5 root shows yellow at {shown:.0%} of its points"
