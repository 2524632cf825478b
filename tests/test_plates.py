"""The teaching plates (issue 10, the lecturer's review): what each must show, by its pixels."""

import dataclasses

import numpy as np
import pytest
import pyvista as pv

import scenes
from meshes import centreline
from meshes.measure import exit_index
from scenes.catalog import CATALOG
from scenes.offscreen import Renderer, with_output
from scenes.picking import Picker
from scenes.projection import to_display

IGN = "inferior_gluteal_nerve_right"


@pytest.fixture(scope="module")
def renderer(built_meshes):
    return Renderer(built_meshes)


def _near(img: np.ndarray, color: str, tol: float = 21.0) -> np.ndarray:
    """Pixels of this colour under some light (a scaled copy of it)."""
    import pyvista as pv

    target = np.array(pv.Color(color).int_rgb, float)
    px = img[..., :3].astype(float)
    scale = (px @ target) / (target @ target)
    return (np.linalg.norm(px - scale[..., None] * target, axis=-1) < tol) & (scale > 0.5)


def test_show_through_is_a_scene_key():
    scene = scenes.parse(f"[structures.{IGN}]\nshow_through = true\n")
    assert scene.style(IGN).show_through
    assert not scenes.parse("").style(IGN).show_through
    with pytest.raises(scenes.SceneError, match="show_through"):
        scenes.parse(f"[structures.{IGN}]\nshow_through = 2\n")


@pytest.mark.render
def test_roots_shows_the_inferior_gluteal_nerve_forming_and_leaving(renderer):
    """The review: "the IGN itself is not in the picture". From inside the pelvis it runs behind
    the plexus; drawn through it (show_through), it must read as a nerve, and the frame must
    reach down to where it leaves below piriformis."""
    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    # the nerve in a marker colour: its yellow counted the sciatic nerve's gold too (a darker
    # copy of it), about half of the 1365 pixels this asked for before the sciatic was drawn pale
    marked = dataclasses.replace(scene.style(IGN), color="#ff00ff")
    img = renderer.image(dataclasses.replace(scene, structures={**scene.structures, IGN: marked}))
    shown = _near(img, "#ff00ff").sum()
    assert shown > 600, f"only {shown} pixels of the inferior gluteal nerve"  # 722
    with renderer.open(scene) as (plotter, _):
        trunk = centreline(IGN, "trunk")
        exit_point = trunk[np.argmin(np.abs(trunk[:, 2] - (-57.0)))]  # in the infrapiriform gap
        x, y = to_display(plotter.renderer, exit_point[None])[0]
    # inside the frame, clear of its lower edge (it sat 75 px above it, among the bone)
    assert 48 < x < 912 and 100 < y < 0.95 * 540, f"exit at ({x:.0f}, {y:.0f}) px"


@pytest.mark.render
def test_roots_has_no_gold_mass_where_the_inferior_gluteal_nerve_leaves(renderer):
    """Two lecturer's reviews of roots (rated 2): the sciatic nerve, seen end-on in its gold where
    it leaves below the band, hid the IGN turning back behind it, and the nerve read as diving into
    a gold ganglion. Drawn as the pale band it goes on from, it leaves no gold round the exit
    (664 such pixels within 30 px before). The IGN is hidden for the count: its own shaded yellow,
    seen through the pale band, comes within the colour test's reach of the gold (354 pixels)."""
    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    hidden = dataclasses.replace(scene.style(IGN), visible=False)
    gold = _near(renderer.image(dataclasses.replace(scene, structures={**scene.structures, IGN: hidden})),
                 CATALOG["sciatic_nerve_right"].color)
    with renderer.open(scene) as (plotter, _):
        trunk = centreline(IGN, "trunk")
        x, y = to_display(plotter.renderer, trunk[np.argmin(np.abs(trunk[:, 2] + 57.0))][None])[0]
    rows, cols = np.mgrid[:540, :960]
    near = (cols - x) ** 2 + (539 - rows - y) ** 2 < 30 ** 2
    assert (gold & near).sum() < 60, f"{(gold & near).sum()} pixels of sciatic gold round the exit"


@pytest.mark.render
def test_roots_sciatic_dot_is_on_the_pale_nerve_itself(renderer):
    """Anatomist's review of roots: the sciatic nerve's dot sat where the nerves to quadratus
    femoris and obturator internus, running down in front of the see-through nerve, show through
    it, and students would take them for the sciatic. Under the dot, in the picture without
    labels, the nerve's own pale pink shows (it was an olive tan, (168, 145, 130))."""
    scene = with_output(scenes.load("roots"), size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (_, built):
        x, y = next(b.anchor for b in built.labels if b.structure == "sciatic_nerve_right")
    img = renderer.image(dataclasses.replace(scene, output=dataclasses.replace(scene.output, labels=False)))
    r, g, b = np.median(img[1076 - int(y): 1083 - int(y), int(x) - 3: int(x) + 4, :3].reshape(-1, 3), 0)
    assert r > 200 and g > 170 and b > 170 and r - b < 50, f"under the dot ({r:.0f}, {g:.0f}, {b:.0f})"


@pytest.mark.render
def test_no_label_dot_in_roots_sits_on_a_teal_division_it_does_not_name(renderer):
    """The lecturer's review of roots: the lumbosacral trunk's dot sat on the teal posterior
    division that leaves it, drawn see-through in front of it (the anchor tests saw only opaque
    depth). Under every dot but the one naming the posterior divisions, the picture without
    labels shows no teal."""
    scene = with_output(scenes.load("roots"), size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (_, built):
        dots = [(lb.structure, lb.part, lb.anchor) for lb in built.labels]
    img = renderer.image(dataclasses.replace(scene, output=dataclasses.replace(scene.output, labels=False)))
    assert any(sid == "lumbosacral_trunk_right" for sid, _, _ in dots)
    # both nerves the caption has the divisions form are named (the superior's short orange stub,
    # unlabelled, read as part of the plexus: lecturer's review)
    assert {"superior_gluteal_nerve_right", "inferior_gluteal_nerve_right"} <= {sid for sid, _, _ in dots}
    for sid, part, (x, y) in dots:
        if (part or "").startswith("posterior_"):
            continue
        row, col = 1079 - int(y), int(x)
        r, g, b = np.median(img[row - 2: row + 3, col - 2: col + 3, :3].reshape(-1, 3), 0)
        assert not (g - r > 25 and b - r > 25), f"{sid} {part}: its dot at ({x:.0f}, {y:.0f}) is on teal"


@pytest.mark.render
def test_plexus_divisions_names_each_division_and_both_gluteal_nerves(renderer):
    """The lecturer's review of roots asked for a view in which each posterior division is named.
    In the close-up the inferior gluteal nerve shows only through the see-through band, where a
    pick finds the band: it went unlabelled until a nerve drawn through counts as seen there."""
    scene = with_output(scenes.load("plexus-divisions"), size=(1920, 1080), quality="draft")
    with renderer.open(scene) as (plotter, built):
        named = {(lb.structure, lb.part) for lb in built.labels}
        picker = Picker()
        picks = [(lb.structure, picker.pick(plotter.renderer, built.actors, *lb.anchor))
                 for lb in built.labels]
    parts = {p for s, p in named if s == "sacral_plexus_right"}
    assert {"posterior_L4L5", "posterior_S1", "posterior_S2"} <= parts
    assert {IGN, "superior_gluteal_nerve_right"} <= {s for s, _ in named}
    # every dot is on its own structure, or on the band a gluteal nerve is drawn through
    through = {s for s, _ in picks if scene.style(s).show_through}
    assert all(p == s or (s in through and p == "sacral_plexus_right") for s, p in picks), picks


def test_each_posterior_division_runs_into_the_inferior_gluteal_nerve():
    """Second review of plexus-divisions: the S2 division ran on in teal past the IGN's start, so
    the nerve read as formed by L4-L5 and S1 with S2 passing behind it. Each division that gives
    the IGN now ends where the nerve's part leaves it; the division's share of the common fibular
    part goes on to the band as a thinner strand, not in the divisions' teal."""
    from meshes.anatomy.courses import paths
    from scenes.catalog import PART_COLORS

    plexus = "sacral_plexus_right"
    starts = {"posterior_L4L5": "root_L5", "posterior_S1": "root_S1", "posterior_S2": "trunk"}
    for division, ign_part in starts.items():
        end = paths.centreline(plexus, division)[-1]
        assert np.linalg.norm(paths.centreline(IGN, ign_part)[0] - end) < 0.5, division
        on = paths.get(plexus, division.replace("posterior", "fibular"))
        assert on.parent == f"{plexus}.{division}" or on.parent == division
        assert on.radius < 0.6 * paths.get(plexus, division).radius
        assert not any(on.name.startswith(k) for k in PART_COLORS[plexus]), on.name


@pytest.mark.render
def test_show_through_stays_near_the_plexus(renderer):
    """Drawn through everything, the superior gluteal nerve's branches on the outer ilium showed
    through the bone: only the part within reach of the highlighted plexus is drawn through."""
    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    with renderer.open(scene) as (_, built):
        through = built.plotter.actors.get("superior_gluteal_nerve_right-through")
        full = built.meshes["superior_gluteal_nerve_right"]
        assert through is not None
        assert through.GetMapper().GetInput().GetNumberOfPoints() < 0.5 * full.n_points


@pytest.mark.render
def test_nerves_drawn_through_the_plexus_read_as_behind_it(renderer, monkeypatch):
    """Drawn solid through the band, the gluteal nerves seemed to lie on the front of the plexus,
    against the caption's "posterior divisions" (lecturer's review): where they are drawn through,
    the picture is a blend of the nerve and what lies in front of it. Measured with the plexus
    solid (roots draws it see-through as well, which would blend the nerve in by itself)."""
    import dataclasses

    from scenes.layers import structures
    from scenes.layers.labels import frame, in_sight

    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    plexus = "sacral_plexus_right"
    scene = dataclasses.replace(scene, structures={**scene.structures, plexus: dataclasses.replace(
        scene.style(plexus), opacity=1.0)})
    with renderer.open(scene) as (plotter, built):
        lines = np.concatenate([centreline(IGN, p) for p in ("trunk", "root_S1", "root_L5")])
        xy = to_display(plotter.renderer, lines[~in_sight(plotter.renderer, lines, frame(built)[0])])

    def at(opacity: float) -> np.ndarray:
        monkeypatch.setattr(structures, "THROUGH_OPACITY", opacity)
        img = renderer.image(scene)
        return img[(img.shape[0] - 1 - xy[:, 1]).astype(int), xy[:, 0].astype(int), :3].astype(float)

    seen, solid, absent = at(structures.THROUGH_OPACITY), at(1.0), at(0.0)
    through = np.linalg.norm(solid - absent, axis=1) > 40  # where the nerve is drawn through at all
    assert through.sum() > 20, f"only {through.sum()} points drawn through"
    part = np.linalg.norm(seen - absent, axis=1)[through] / np.linalg.norm(solid - absent, axis=1)[through]
    assert 0.3 < np.median(part) < 0.85, np.median(part)  # neither solid nor gone


@pytest.mark.render
def test_silhouettes_of_overlapping_tubes_stay_hidden(renderer, monkeypatch):
    """The silhouettes of the plexus's divisions inside its rami came through them as black
    hairlines (lecturer's review of roots): with VTK's default line offset there are clearly
    more thin dark lines with the plexus's orange on both sides, and the band keeps most of its
    outline."""
    from scenes.layers import structures

    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)

    def ink(units: float) -> tuple[int, int]:
        monkeypatch.setattr(structures, "SILHOUETTE_LINE_UNITS", units)
        img = renderer.image(scene)
        band = scene.style("sacral_plexus_right").color or CATALOG["sacral_plexus_right"].color
        orange, dark = _near(img, band), img[..., :3].max(axis=-1) < 110
        shifted = [np.roll(orange, s, axis=ax) for ax in (0, 1) for s in (-3, 3)]
        inside = (shifted[0] & shifted[1]) | (shifted[2] & shifted[3])  # orange 3 px either side
        return int((dark & inside).sum()), int((dark & np.any(shifted, axis=0)).sum())

    (hair, edge), (vtk_hair, vtk_edge) = ink(structures.SILHOUETTE_LINE_UNITS), ink(0.0)
    assert hair < 0.75 * vtk_hair, (hair, vtk_hair)
    # at the tube's own depth the tube hides the inner half of its outline: 0.78 of VTK's
    assert edge > 0.7 * vtk_edge, (edge, vtk_edge)


@pytest.mark.render
def test_branch_silhouettes_stop_where_the_branches_dip_under_the_muscle(renderer, monkeypatch):
    """deep-gluteal: where the IGN's branches dip under the surface of the turned-out gluteus
    maximus, their silhouettes drew on as two black lines with no nerve between (lecturer's
    review). With the silhouettes in a marker green: marker pixels over the branches' tubes
    (as drawn, on the reflected muscle) with none of the nerve's yellow within 3 px."""
    from scipy.ndimage import binary_dilation

    from meshes import PATHS
    from scenes.layers import structures

    monkeypatch.setattr(structures, "NERVE_EDGE", "#00ff00")
    monkeypatch.setattr(structures, "HIGHLIGHT_OUTLINE", "#00ff00")
    scene = with_output(scenes.load("deep-gluteal"), size=(1920, 1080), quality="draft", labels=False)
    branches = [k for k, p in enumerate(PATHS[IGN]) if p.name.startswith("branch")]

    def ghosts(units: float) -> int:
        monkeypatch.setattr(structures, "SILHOUETTE_LINE_UNITS", units)
        with renderer.open(scene) as (plotter, built):
            mesh = built.meshes[IGN]
            pts = np.asarray(mesh.points)[np.isin(mesh.point_data["part"], branches)]
            xy = to_display(plotter.renderer, pts)
        img = renderer.image(scene)
        h, w = img.shape[:2]
        xy = xy[(xy[:, 0] >= 0) & (xy[:, 0] < w) & (xy[:, 1] >= 0) & (xy[:, 1] < h)].astype(int)
        course = np.zeros((h, w), bool)
        course[h - 1 - xy[:, 1], xy[:, 0]] = True
        course = binary_dilation(course, iterations=6)
        yellow = binary_dilation(_near(img, CATALOG[IGN].color), iterations=3)
        r, g, b = (img[..., k].astype(int) for k in range(3))
        marker = (g > 120) & (g - r > 60) & (g - b > 60)
        return int((course & ~yellow & marker).sum())

    now, before = ghosts(structures.SILHOUETTE_LINE_UNITS), ghosts(3.0)
    assert before > 200, f"only {before} marker pixels off the nerve at 1 unit forward: the test sees nothing"
    assert now < 0.05 * before, (now, before)


@pytest.mark.render
def test_cut_faces_stay_behind_what_lies_in_front_of_them(renderer):
    """The pale faces where the IGN's branches were cut showed through the sacrospinous ligament
    in roots as stray dots (lecturer's review): their depth offset was far more than a cap needs."""
    from scenes.layers import structures

    scene = with_output(scenes.load("roots"), size=(960, 540), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, built):
        mesh = built.meshes[IGN]
        faces = np.asarray(mesh.points)[np.asarray(mesh.point_data["cut"]) == 1]
        eye = np.array(plotter.renderer.GetActiveCamera().GetPosition())
        solids = [built.meshes[s] for s in ("sacrospinous_ligament_right", "sacrotuberous_ligament_right")]
        behind = np.array([any(s.ray_trace(p + 0.5 * (eye - p) / np.linalg.norm(eye - p), eye)[0].size
                               for s in solids) for p in faces])
        xy = to_display(plotter.renderer, faces[behind])
    assert len(xy) > 10, "no cut face lies behind the ligaments: the test would see nothing"
    img = renderer.image(scene)
    rgb = np.asarray(pv.Color(CATALOG[IGN].color).float_rgb)
    pale = _near(img, pv.Color(rgb + structures.CUT_FACE_TINT * (1 - rgb)).hex_rgb, tol=25)
    seen = pale[(img.shape[0] - 1 - xy[:, 1]).astype(int), xy[:, 0].astype(int)]
    assert seen.mean() < 0.1, f"{seen.mean():.0%} of the hidden cut faces show"


def test_reflected_is_a_scene_key():
    gmax = "gluteus_maximus_right"
    assert scenes.parse(f"[structures.{gmax}]\nreflected = true\n").style(gmax).reflected
    assert not scenes.parse("").style(gmax).reflected
    with pytest.raises(scenes.SceneError, match="reflected"):
        scenes.parse(f"[structures.{gmax}]\nreflected = 'yes'\n")


def _branch_ends(scene) -> list[np.ndarray]:
    """Where the IGN's branches end in the picture's world: on the reflected muscle when the scene
    reflects it (the branches that ran into its lateral end are cut at the division: skipped)."""
    from meshes import PATHS
    from meshes.anatomy import reflection

    ends = []
    for part in PATHS[IGN]:
        if not part.name.startswith("branch_") or part.name == "branch_cutaneous":
            continue
        if scene.style("gluteus_maximus_right").reflected:
            line, medial, _ = reflection.folded_centreline(IGN, part.name)
            line = line[medial]
        else:
            line = centreline(IGN, part.name)
        if len(line):
            ends.append(line[-1])
    return ends


@pytest.mark.render
@pytest.mark.parametrize("name", ["posterior", "deep-gluteal", "superior-vs-inferior"])
def test_deep_views_end_the_branches_on_gluteus_maximus(renderer, name):
    """The review: with gluteus maximus outlined or removed "the IGN branches end in the air".
    Reflected, the muscle they enter lies around where each ends: of four clicks 7 px around
    each end, at least three pick gluteus maximus or what it carries (the IGN's taut trunk and its
    artery pass by one end), and over all ends most pick the muscle itself (with the outline: none
    of them, in all three)."""
    from meshes.anatomy.reflection import FOLDED_WITH, GMAX
    from scenes.picking import Picker

    scene = with_output(scenes.load(name), size=(960, 540), quality="draft", labels=False)
    picker = Picker()
    with renderer.open(scene) as (plotter, built):
        ends = _branch_ends(scene)
        spots = to_display(plotter.renderer, np.array(ends))
        picks = [[picker.pick(plotter.renderer, built.actors, x + dx, y + dy)
                  for dx, dy in ((7, 0), (-7, 0), (0, 7), (0, -7))] for x, y in spots]
    assert len(ends) >= 2, "no branch of the IGN left in the medial end"
    on_flap = [sum(p in (GMAX, *FOLDED_WITH) for p in ring) for ring in picks]
    assert min(on_flap) >= 3, f"{name}: clicks round each branch end on the flap: {on_flap} of 4"
    on_muscle = sum(p == GMAX for ring in picks for p in ring)
    assert on_muscle > 2 * len(picks), f"{name}: {on_muscle} of {4 * len(picks)} clicks on the muscle"


@pytest.mark.render
def test_default_shows_gluteus_maximus_down_to_its_lower_border(renderer):
    """The base picture is the buttock as a whole: gluteus maximus's lower border inside the
    frame: every point of the muscle projects 5 % above the bottom edge (it touched it: 1 %)."""
    scene = with_output(scenes.load("default"), size=(960, 540), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, built):
        y = to_display(plotter.renderer, np.asarray(built.meshes["gluteus_maximus_right"].points))[:, 1]
    assert y.min() > 0.05 * 540, f"gluteus maximus reaches {y.min():.0f} px from the bottom edge"


@pytest.mark.render
def test_a_muscle_outline_is_drawn_in_slate_grey(renderer):
    """The review: gluteus medius's outline, in the muscle's own red, "reads as a vessel" running
    over the deep views; in ink, outlines across the frame read as leader lines. Unless the scene
    gives an outline a meaning (a weakness grade), it is slate grey: the pixels the outline adds
    to deep-gluteal are that grey, neither red nor the leaders' near-black."""
    import dataclasses

    from scenes.palette import OUTLINE

    scene = with_output(scenes.load("deep-gluteal"), size=(960, 540), quality="draft", labels=False)
    # without the caption: its key line naming the outline would count as pixels the outline adds
    scene = dataclasses.replace(scene, output=dataclasses.replace(scene.output, captions=False))
    gmed = "gluteus_medius_right"
    assert scene.style(gmed).outline and not scene.style(gmed).color
    # the line alone (the scene also gives the muscle a faint see-through body: tested below)
    line = dataclasses.replace(scene.style(gmed), opacity=1.0)
    scene = dataclasses.replace(scene, structures={**scene.structures, gmed: line})
    hidden = dataclasses.replace(line, visible=False)
    bare = dataclasses.replace(scene, structures={**scene.structures, gmed: hidden})
    img, without = (renderer.image(s)[..., :3].astype(float) for s in (scene, bare))
    added = np.abs(img - without).sum(axis=-1) > 60
    assert added.sum() > 500, f"the outline adds only {added.sum()} pixels"
    rgb = np.median(img[added], axis=0)
    assert np.abs(rgb - pv.Color(OUTLINE).int_rgb).max() < 20, f"outline pixels median {rgb} (not {OUTLINE})"


@pytest.mark.render
def test_a_see_through_outline_has_a_faint_body(renderer):
    """The review: ink outlines alone "read as wires" on every slide. Outlined with an opacity
    below 1, the muscle also gets a faint body in its own colour inside the line: the pixels it
    adds inside the outline turn toward the muscle's red, but only a little, so what lies under
    keeps its colour; a click goes through it, and the key line says see-through."""
    import dataclasses

    from scenes.layers.captions import outline_key

    scene = with_output(scenes.load("deep-gluteal"), size=(960, 540), quality="draft", labels=False)
    scene = dataclasses.replace(scene, output=dataclasses.replace(scene.output, captions=False))
    gmed = "gluteus_medius_right"
    assert scene.style(gmed).outline and scene.style(gmed).opacity < 1
    line = dataclasses.replace(scene, structures={**scene.structures, gmed: dataclasses.replace(
        scene.style(gmed), opacity=1.0)})
    img, plain = (renderer.image(s)[..., :3].astype(float) for s in (scene, line))
    tinted = np.abs(img - plain).sum(axis=-1) > 15
    assert tinted.sum() > 5000, f"the body tints only {tinted.sum()} pixels"
    shift = np.median(img[tinted] - plain[tinted], axis=0)
    red = np.array(pv.Color(CATALOG[gmed].color).int_rgb, float)
    toward = np.median(red - plain[tinted], axis=0)
    cos = shift @ toward / (np.linalg.norm(shift) * np.linalg.norm(toward))  # lit, it is darker
    assert cos > 0.7 and np.linalg.norm(shift) < 0.5 * np.linalg.norm(toward), (shift, toward)
    with renderer.open(scene) as (plotter, built):
        assert not plotter.actors[f"{gmed}-fill"].GetPickable()
        text = outline_key(built, (0.05, 0.9))[0][0].GetInput()
    assert "see-through: gluteus medius" in text.lower()
    with renderer.open(line) as (plotter, built):
        assert not plotter.actors[f"{gmed}-fill"].GetVisibility()
        assert "outline only: gluteus medius" in outline_key(built, (0.05, 0.9))[0][0].GetInput().lower()


@pytest.mark.render
def test_a_see_through_outline_follows_the_window(renderer):
    """The window restyles without a rebuild (code review): ghosted and back, the ink line stays
    opaque (it went to the scene's 0.2 and was lost) and the body takes the new opacity; a plain
    outline ghosted shows a body, and hides it again at 1; a lesion's grade colour on the line
    colours the body too (a red body under a purple line read as a wash of the wrong muscle)."""
    import dataclasses

    from scenes.layers.structures import restyle

    gmed = "gluteus_medius_right"
    scene = with_output(scenes.load("deep-gluteal"), size=(480, 270), quality="draft")
    with renderer.open(scene) as (plotter, built):
        line, body, style = built.actors[gmed], plotter.actors[f"{gmed}-fill"], scene.style(gmed)
        restyle(line, gmed, dataclasses.replace(style, opacity=0.1), built)
        assert line.prop.opacity == 1.0 and body.prop.opacity == pytest.approx(0.1) and body.GetVisibility()
        restyle(line, gmed, dataclasses.replace(style, opacity=1.0), built)
        assert line.prop.opacity == 1.0 and not body.GetVisibility()
        restyle(line, gmed, style, built)
        assert body.GetVisibility() and body.prop.opacity == pytest.approx(style.opacity)
        assert pv.Color(body.prop.color) == pv.Color(CATALOG[gmed].color)
    lesioned = scenes.parse('extends = "deep-gluteal"\nlesion = "sgn"\n')
    with renderer.open(with_output(lesioned, size=(480, 270), quality="draft")) as (plotter, built):
        line, body = built.actors[gmed], plotter.actors[f"{gmed}-fill"]
        assert pv.Color(line.prop.color) != pv.Color(CATALOG[gmed].color)
        assert pv.Color(body.prop.color) == pv.Color(line.prop.color)


@pytest.mark.parametrize("name", ["variant-ign-above-piriformis", "variant-ign-through-piriformis"])
def test_variants_highlight_only_the_inferior_gluteal_nerve(name):
    """The review: the highlighted sciatic nerve shone a bright gold, "nearly the IGN's yellow",
    so the IGN and the fibular part could not be told apart in the one slide about that."""
    scene = scenes.load(name)
    lit = [s for s, k in CATALOG.items() if k.kind == "nerve" and scene.style(s).highlight]
    assert lit == [IGN], f"{name} highlights {lit}"


def _max_turn(line: np.ndarray, over_mm: int = 5) -> float:
    """The largest change of direction (degrees) over `over_mm` of a polyline, sampled every mm."""
    arc = np.r_[0, np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))]
    s = np.arange(0, arc[-1], 1.0)
    p = np.stack([np.interp(s, arc, line[:, k]) for k in range(3)], 1)
    t = np.diff(p, axis=0)
    t /= np.linalg.norm(t, axis=1)[:, None]
    return float(np.degrees(np.arccos(np.clip((t[:-over_mm] * t[over_mm:]).sum(1), -1, 1))).max())


def test_the_reflected_muscle_pulls_the_nerve_taut_without_a_kink():
    """The review: in the deep views the IGN made "a V-shaped hairpin at the lower border of
    piriformis against the sciatic nerve": the fold turned the trunk with the fibres round the
    hinge. Carried to the flap, the trunk bends no more sharply than its own course does (47 deg per
    5 mm; 78 with the kink)."""
    from meshes.anatomy import reflection

    folded, _, _ = reflection.folded_centreline(IGN, "trunk")
    assert _max_turn(folded) <= _max_turn(centreline(IGN, "trunk")) + 10


def _edge_lengths(mesh: pv.PolyData) -> np.ndarray:
    tri = mesh.triangulate()
    f, p = tri.faces.reshape(-1, 4)[:, 1:], np.asarray(tri.points)
    return np.concatenate([np.linalg.norm(p[f[:, i]] - p[f[:, (i + 1) % 3]], axis=1) for i in range(3)])


def test_the_reflected_muscle_is_folded_without_tearing(built_meshes):
    """The lecturer's top fault of the deep views: the medial half of gluteus maximus had "a
    jagged, self-intersecting edge". The fold was blended from the nearest samples of a grid 10 mm
    or more away, so neighbouring points turned by different amounts: the surface tore into
    stretched slivers, and the cut face was a fan of long slivers. Folded, the surface keeps about
    the triangles it had (728 edges over 3x the muscle's longest 0.1 % before, 14 now)."""
    from meshes.anatomy import reflection

    muscle = built_meshes[reflection.GMAX]
    flap = reflection.reflected_muscle(muscle)
    long = 3 * np.percentile(_edge_lengths(muscle), 99.9)
    assert (_edge_lengths(flap) > long).sum() < 60
    # and a reflected scene keeps the solids' triangle budget (issue 9): the cut face remeshed at
    # 2 mm made it 123k triangles, 404k in all
    from meshes import SOLIDS
    from meshes.anatomy.registry import SOLID_BUDGET

    total = sum(built_meshes[s].n_cells for s in SOLIDS) - muscle.n_cells + flap.n_cells
    assert total <= SOLID_BUDGET, f"{total} triangles in a reflected scene"


def test_no_stub_of_a_cut_branch_is_left_on_the_flap(built_meshes):
    """The review: "loose yellow fragments float on the medial half of gluteus maximus": what
    was left of the cutaneous branch after the cut at the division (14 mm) read as a speck."""
    from meshes import PATHS
    from meshes.anatomy import reflection

    folded = reflection.folded_path(IGN, built_meshes[IGN])
    entering = reflection.entering_parts(IGN)
    names = [p.name for p in PATHS[IGN]]
    pieces = folded.connectivity("all")
    for region in np.unique(pieces.point_data["RegionId"]):
        piece = pieces.extract_points(pieces.point_data["RegionId"] == region)
        part = names[int(piece.point_data["part"][0])]
        if part in entering:
            assert np.ptp(piece.points, axis=0).max() >= 20, f"{part}: a stub on the flap"


@pytest.mark.render
@pytest.mark.parametrize("name", ["posterior", "deep-gluteal", "superior-vs-inferior"])
def test_no_yellow_fleck_on_the_reflected_flap(renderer, name):
    """The review: a stray yellow fleck on the flap's rim in each reflected view, where a branch
    that ended at the division showed through the closed cut face. On the flap's side of the
    picture (its left 45 %), every patch of the nerve's colour belongs to the drawn nerve: none
    of 4 px or more lies over 25 px from a patch of 200 px or more (52 px in posterior before)."""
    from scipy import ndimage

    img = renderer.image(with_output(scenes.load(name), size=(1920, 1080), quality="draft", labels=False))
    lab, _ = ndimage.label(_near(img, CATALOG[IGN].color)[:, : int(0.45 * img.shape[1])])
    sizes = np.bincount(lab.ravel())[1:]
    nerve = ndimage.binary_dilation(np.isin(lab, np.flatnonzero(sizes >= 200) + 1), iterations=25)
    flecks = [int(n) for k, n in enumerate(sizes, 1) if n >= 4 and not nerve[lab == k].any()]
    assert not flecks, f"{name}: flecks of {flecks} px"


def test_branches_on_the_flap_run_smoothly():
    """The review of the first deep-surface branches: zigzag on the flap, the fold of a coarse grid
    stepping their points by 2-3 mm. Carried by the flap, no branch bends much more sharply than
    its own course does: at most 25 deg per 5 mm more (20 where the lateral branch meets the
    flap's bend; 40 and 70 more for the lower and medial branches unsmoothed)."""
    from meshes import PATHS
    from meshes.anatomy import reflection

    for part in PATHS[IGN]:
        if part.name in reflection.entering_parts(IGN) and part.name.startswith("branch"):
            folded, medial, _ = reflection.folded_centreline(IGN, part.name)
            own = centreline(IGN, part.name)
            assert _max_turn(folded[medial]) <= _max_turn(own[medial]) + 25, part.name


def _to_polyline(p: np.ndarray, line: np.ndarray) -> float:
    a, ab = line[:-1], np.diff(line, axis=0)
    t = np.clip(((p - a) * ab).sum(axis=1) / np.maximum((ab * ab).sum(axis=1), 1e-12), 0, 1)
    return float(np.linalg.norm(a + t[:, None] * ab - p, axis=1).min())


@pytest.mark.parametrize("variant", [None, "ign-above-piriformis", "ign-large-upper-branch",
                                     "ign-cutaneous-branch"])
def test_branches_start_on_their_trunks_on_the_flap(variant):
    """Each part's run on the flap is smoothed on its own; a branch that leaves its trunk partway
    along starts where the trunk's smoothed line is, not where the fold alone put that point (code
    review: the cutaneous branch 1.7 mm off, the above-piriformis upper branch 0.64 mm), and a
    branch that stays put (the artery's companion of the sciatic nerve) starts on its carried
    trunk (3.5 mm off). Measured to the trunk's polyline; within 0.3 mm (the sampling step)."""
    from meshes import PATHS
    from meshes.anatomy import reflection
    from meshes.anatomy.courses import variants

    variants.activate(variant)
    for sid in reflection.FOLDED_WITH:
        for part in PATHS[sid]:
            if part.parent and "." not in part.parent and part.parent in reflection.entering_parts(sid):
                start = reflection.folded_centreline(sid, part.name)[0][0]
                trunk = reflection.folded_centreline(sid, part.parent)[0]
                gap = _to_polyline(start, trunk)
                assert gap <= 0.3, (variant, sid, part.name, gap)


def test_cut_branches_is_a_scene_key():
    gmax = "gluteus_maximus_right"
    assert scenes.parse(f"[structures.{gmax}]\ncut_branches = true\n").style(gmax).cut_branches
    assert scenes.parse("").style(gmax).cut_branches is None  # by default: when it is hidden
    with pytest.raises(scenes.SceneError, match="cut_branches"):
        scenes.parse(f"[structures.{gmax}]\ncut_branches = 1\n")


def test_branches_into_a_removed_gluteus_maximus_are_cut_short():
    """As a dissection leaves them: the IGN's trunk ends in a cut face where its branches into the
    muscle leave it, and they are left out (as stumps, seen from behind round the exit, they made
    a star: lecturer's review); the cutaneous branch (given off by one of them) goes too. A
    branch of the inferior gluteal artery that does not end in the muscle (the sciatic nerve's
    companion) stays, and so does its trunk, whole. Only the branches that end in gluteus maximus
    and in nothing still there: the superior gluteal nerve's trunk, which runs between gluteus
    medius and minimus, stays whole with both removed."""
    from meshes import PATHS
    from meshes.anatomy import removal

    gmax, gmed, gmin = "gluteus_maximus_right", "gluteus_medius_right", "gluteus_minimus_right"
    kept = removal.cut_parts(IGN, frozenset({gmax}))
    branches = [p.name for p in PATHS[IGN] if p.name.startswith("branch_")]
    assert set(kept) == set(branches) | {"trunk"}
    assert all(kept[name] == 0 for name in branches)
    assert kept["trunk"] == len(centreline(IGN, "trunk"))  # whole, its end a cut face
    iga = "inferior_gluteal_artery_right"
    kept = removal.cut_parts(iga, frozenset({gmax}))
    assert "companion_sciatic" not in kept and kept["trunk"] == len(centreline(iga, "trunk"))
    # a branch that leaves early does not cut the trunk there (code review: the large upper
    # branch variant's IGN was cut to the first 8 % of its trunk, inside the pelvis)
    from meshes.anatomy.courses import variants

    try:
        variants.activate("ign-large-upper-branch")
        kept = removal.cut_parts(IGN, frozenset({gmax}))
        assert kept["branch_upper"] == 0 and kept["trunk"] == len(centreline(IGN, "trunk"))
    finally:
        variants.activate(None)
    assert removal.cut_parts(IGN, frozenset({gmed, gmin})) == {}
    assert removal.cut_parts("superior_gluteal_nerve_right", frozenset({gmax, gmed, gmin})) == {}
    sga = "superior_gluteal_artery_right"  # its superficial branch ends in gluteus maximus and medius
    assert "branch_superficial" not in removal.cut_parts(sga, frozenset({gmax}))
    assert "branch_superficial" in removal.cut_parts(sga, frozenset({gmax, gmed}))
    assert "trunk" not in removal.cut_parts(sga, frozenset({gmax, gmed}))  # goes on as the deep branch


def _in_air(built, sid: str, mm: float = 8.0) -> tuple[float, float]:
    """(share of the structure's mesh points farther than `mm` from every other solid drawn,
    largest such distance): how much of it hangs in the air."""
    from scipy.spatial import cKDTree

    others = [s for s in built.actors if s != sid and s in built.meshes and s not in built.outlines]
    tree = cKDTree(np.concatenate([np.asarray(built.meshes[s].points) for s in others]))
    d = tree.query(np.asarray(built.meshes[sid].points))[0]
    return float(np.mean(d > mm)), float(d.max())


@pytest.mark.render
@pytest.mark.parametrize("name", ["foramen", "lateral", "danger-triangle", "variant-ign-above-piriformis",
                                  "landmark-spans", "variant-ign-through-piriformis"])
def test_no_branch_hangs_in_the_air_where_gluteus_maximus_is_removed(renderer, name):
    """The review: with gluteus maximus removed or outlined, "the IGN's branches hang in the air"
    across the sciatic nerve. Cut where they entered the muscle, at most a quarter of the nerve
    lies more than 8 mm from anything drawn, and no point more than 20 mm (56 % and 40 mm whole).
    The camera still frames the whole course (the subject), not the stumps."""
    scene = with_output(scenes.load(name), size=(640, 360), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, built):
        share, worst = _in_air(built, IGN)
        framed = built.framed.get(IGN)
    assert share <= 0.25 and worst <= 20, f"{name}: {share:.0%} in the air, up to {worst:.0f} mm"
    assert framed is not None and framed.n_points > built.meshes[IGN].n_points


@pytest.mark.render
def test_a_cut_branch_shows_a_pale_cut_face(renderer):
    """The review: domed like the nerve's natural end, the stumps read "as a small star or claw,
    not as a nerve fanning into a muscle that has been removed". Each cut part ends in a flat face
    drawn paler than the nerve (a section): with the faces drawn, pixels round the stumps turn
    paler than the nerve's own colour at most shades (white added, not only light)."""
    from meshes.anatomy import removal

    scene = with_output(scenes.load("foramen"), size=(1280, 720), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, built):
        faces = plotter.actors.get(f"{IGN}-cut")
        mesh = built.meshes[IGN]
        assert faces is not None
        plotter.render()
        shown = plotter.screenshot(return_img=True).astype(float)
        faces.SetVisibility(False)
        plotter.render()
        bare = plotter.screenshot(return_img=True).astype(float)
    stumps = sum(1 for n in removal.cut_parts(IGN, frozenset({"gluteus_maximus_right"})).values() if n)
    assert int(mesh.point_data["cut"].sum()) == stumps * 17  # each face: a ring of 16 and its centre
    changed = np.abs(shown - bare).sum(axis=-1) > 30
    paler = shown[changed].min(axis=-1) > bare[changed].min(axis=-1) + 30  # the blue channel of yellow
    assert changed.sum() > 15 and paler.mean() > 0.8, f"{changed.sum()} px changed, {paler.mean():.0%} paler"


@pytest.mark.render
def test_an_outlined_muscle_keeps_its_branches_unless_the_scene_cuts_them(renderer, outlined_gmax):
    """A lesion scene may outline gluteus maximus to show where the nerve's fibres go: its
    branches stay (the built-in lesion-ign turns the muscle out instead)."""
    scene = with_output(outlined_gmax("lesion-ign"), size=(640, 360), quality="draft", labels=False)
    with renderer.open(scene) as (_, built):
        assert not built.framed
        share, _ = _in_air(built, IGN)
    assert share > 0.3  # whole, inside the outline only (the check above holds the cut ones)


def test_projected_is_a_scene_key():
    assert scenes.parse(f"[structures.{IGN}]\nprojected = true\n").style(IGN).projected
    assert not scenes.parse("").style(IGN).projected
    with pytest.raises(scenes.SceneError, match="projected"):
        scenes.parse(f"[structures.{IGN}]\nprojected = 'yes'\n")


def _projected_view(renderer, scene):
    """(IGN-coloured pixels over gluteus maximus, the key lines' texts) of a scene."""
    with renderer.open(scene) as (plotter, built):
        plotter.render()
        img = plotter.screenshot(return_img=True)
        actor = built.actors["gluteus_maximus_right"]
        actor.SetVisibility(False)  # where the muscle shows: what changes when it is hidden
        plotter.render()
        bare = plotter.screenshot(return_img=True)
        texts = [a.GetInput() for a in built.overlay if hasattr(a, "GetInput")]
        # the key's sample as on the model: the nerve's dashes on the muscle's colour
        chips = [a for a in built.overlay if hasattr(a, "GetInput") and a.GetInput().strip() == "- - -"
                 and pv.Color(a.GetTextProperty().GetColor()) == pv.Color(CATALOG[IGN].color)
                 and pv.Color(a.GetTextProperty().GetBackgroundColor())
                 == pv.Color(CATALOG["gluteus_maximus_right"].color)]
        texts += ["chip"] * len(chips)
    from scipy import ndimage

    # the dashes are drawn in both frames: the muscle's area closed over them
    changed = np.abs(img.astype(int) - bare.astype(int)).sum(axis=-1) > 40
    muscle = ndimage.binary_closing(changed, iterations=4)
    return int((_near(img, CATALOG[IGN].color) & muscle).sum()), texts


@pytest.mark.render
def test_default_dashes_the_nerves_course_over_gluteus_maximus(renderer):
    """The review of default: the subject showed only as its cutaneous branch's 20 px tip. Its
    course under gluteus maximus is dashed over the muscle in its colour, and a key line says so;
    a scene that outlines the muscle (the nerve in view) draws no dashes and no key."""
    scene = with_output(scenes.load("default"), size=(960, 540), quality="draft", labels=False)
    dashes, texts = _projected_view(renderer, scene)
    plain = dataclasses.replace(scene, structures={**scene.structures, IGN: dataclasses.replace(
        scene.style(IGN), projected=False)})
    without, plain_texts = _projected_view(renderer, plain)
    assert dashes > 400 and without < 0.2 * dashes, (dashes, without)
    assert any("course of the inferior gluteal nerve" in t for t in texts) and "chip" in texts
    assert not any("course of the" in t for t in plain_texts) and "chip" not in plain_texts
    outlined = scenes.parse('extends = "default"\n[structures.gluteus_maximus_right]\noutline = true\n')
    with renderer.open(with_output(outlined, size=(480, 270), quality="draft")) as (plotter, built):
        assert f"{IGN}-projected" not in plotter.actors and not built.projected


def _out_of_muscle(built_meshes) -> np.ndarray:
    """The cutaneous branch's centreline beyond where it comes out through gluteus maximus."""
    line = centreline(IGN, "branch_cutaneous")
    d = np.asarray(pv.PolyData(line).compute_implicit_distance(
        built_meshes["gluteus_maximus_right"])["implicit_distance"])
    return line[exit_index(d < 0):]


def test_cutaneous_branch_runs_on_under_the_skin(built_meshes):
    """Out of the muscle the branch runs on through the fat toward the skin it supplies (Iwanaga
    2018), long enough to be seen: the review of default found it only as dashes, its 8 mm stump
    seen end-on. It stops short of the skin."""
    out = _out_of_muscle(built_meshes)
    length = float(np.linalg.norm(np.diff(out, axis=0), axis=1).sum())
    assert length >= 20, f"{length:.0f} mm of the cutaneous branch out of gluteus maximus"
    skin, muscle, end = built_meshes["skin_right"], built_meshes["gluteus_maximus_right"], out[-1]
    to_skin = skin.points[skin.find_closest_point(end)] - end
    outward = end - muscle.points[muscle.find_closest_point(end)]
    assert to_skin @ outward > 0, "the branch ends beyond the skin, not under it"
    gap = float(np.linalg.norm(to_skin))
    assert 3 <= gap <= 15, f"the branch ends {gap:.0f} mm under the skin"


@pytest.mark.render
def test_dashes_stop_where_the_cutaneous_branch_comes_out(renderer, built_meshes):
    """The branch out of the muscle is in view and drawn as itself: no dash lies over it (they
    did, and default showed the branch only as dashes), and it shows in the nerve's colour."""
    scene = with_output(scenes.load("default"), size=(1920, 1080), quality="draft", labels=False)
    out = _out_of_muscle(built_meshes)[3:]  # past the 1 mm the dashes run on to close the gap
    with renderer.open(scene) as (plotter, built):
        dashes = plotter.actors[f"{IGN}-projected"]
        dash_points = np.asarray(dashes.GetMapper().GetInput().GetPoints().GetData())
        dashes.SetVisibility(False)
        plotter.render()
        img = plotter.screenshot(return_img=True)
        xy = np.round(to_display(plotter.renderer, out)).astype(int)
    near = np.min(np.linalg.norm(dash_points[:, None] - out[None], axis=-1), axis=0)
    assert near.min() > 1.0, f"a dash lies {near.min():.1f} mm from the branch out of the muscle"
    yellow = _near(img, CATALOG[IGN].color, tol=40)
    h = img.shape[0]
    shown = [yellow[h - 1 - y - 2:h - y + 2, x - 2:x + 3].any() for x, y in xy]  # 5 x 5 px round it
    assert np.mean(shown) > 0.7, f"only {np.mean(shown):.0%} of the branch out of the muscle shows"


@pytest.mark.render
def test_dashes_go_when_the_window_ghosts_or_hides_gluteus_maximus(renderer):
    """The window restyles without a rebuild: ghosted or hidden, the muscle no longer covers the
    nerve, which then shows itself, and its dashes would lie over it."""
    from scenes.layers.structures import restyle

    gmax = "gluteus_maximus_right"
    scene = with_output(scenes.load("default"), size=(480, 270), quality="draft")
    with renderer.open(scene) as (plotter, built):
        dashes, style = plotter.actors[f"{IGN}-projected"], scene.style(gmax)
        assert dashes.GetVisibility()
        for changed in (dataclasses.replace(style, opacity=0.3), dataclasses.replace(style, visible=False)):
            restyle(built.actors[gmax], gmax, changed, built)
            assert not dashes.GetVisibility()
            restyle(built.actors[gmax], gmax, style, built)
            assert dashes.GetVisibility()
    # built while ghosted (the window rebuilds on some changes), the dashes come when it is solid
    ghosted = dataclasses.replace(scene, structures={**scene.structures, gmax: dataclasses.replace(
        scene.style(gmax), opacity=0.3)})
    with renderer.open(ghosted) as (plotter, built):
        dashes = plotter.actors[f"{IGN}-projected"]
        assert not dashes.GetVisibility()
        restyle(built.actors[gmax], gmax, style, built)
        assert dashes.GetVisibility()


@pytest.mark.render
def test_dashes_take_their_nerves_new_colour(renderer):
    """The window recolours a nerve without a rebuild: its dashed course goes with it, and back
    to the atlas colour when the chosen colour is dropped."""
    from scenes.layers.structures import restyle

    scene = with_output(scenes.load("default"), size=(480, 270), quality="draft")
    with renderer.open(scene) as (plotter, built):
        dashes, style = plotter.actors[f"{IGN}-projected"], scene.style(IGN)
        restyle(built.actors[IGN], IGN, dataclasses.replace(style, color="#00ff00"), built)
        assert pv.Color(dashes.prop.color).hex_rgb == "#00ff00"
        restyle(built.actors[IGN], IGN, style, built)
        assert pv.Color(dashes.prop.color).hex_rgb == pv.Color(CATALOG[IGN].color).hex_rgb



@pytest.mark.render
def test_foramen_shows_the_ign_cut_where_it_turns_back_not_running_down(renderer):
    """foramen (lecturer's reviews): from 7 deg above, the IGN's run back and down from below
    piriformis to its cut face drew a 148 px stub pointing down the thigh beside the sciatic
    nerve, and the nerve read as going on down. From a little below, its turn back toward the
    removed gluteus maximus comes toward the eye: the stub is short and ends in its cut face."""
    scene = with_output(scenes.load("foramen"), size=(1920, 1080), quality="draft", labels=False)
    with renderer.open(scene) as (plotter, _):
        trunk = centreline(IGN, "trunk")
        xy = to_display(plotter.renderer, trunk[np.argmin(np.abs(trunk[:, 2] + 57.0)):])
    down = xy[0, 1] - xy[:, 1].min()
    assert down < 100, f"the nerve runs {down:.0f} px down from its exit to its cut face"
