"""The window against the floor: a bare pyvistaqt window showing the same cached meshes.

Run under a display (make bench does: xvfb-run when there is none). Measured side by side:
start of the process to the first rendered frame, frame time while turning the camera, and
click-to-panel time (pick, tree and article, without the next render), and a tour step: from
the Next press to the new step's first drawn frame, against a bare camera change and render.
Targets (issue 4): first frame within 1.2x, frame time within 1.1x, click to panel under 50 ms;
(issue 12): a tour step's first frame within one frame time of a bare camera change.
"""

from __future__ import annotations

import subprocess
import sys
import time

COMMON = """
import time, sys
T0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
def first_frame(plotter, done):
    plotter.render_window.AddObserver("EndEvent", lambda *_: done())
def frames(plotter, n=30):
    plotter.render()
    t = time.perf_counter()
    for _ in range(n):
        plotter.camera.azimuth += 3
        plotter.render()
    return (time.perf_counter() - t) / n
def until_drawn(plotter, act):
    # seconds from act() to the end of the next frame drawn, events processed meanwhile
    drawn = []
    tag = plotter.render_window.AddObserver("EndEvent", lambda *_: drawn or drawn.append(time.perf_counter()))
    t = time.perf_counter(); act()
    while not drawn: app.processEvents()
    plotter.render_window.RemoveObserver(tag)
    return drawn[0] - t
def median(xs):
    return sorted(xs)[len(xs) // 2]
"""

BARE = COMMON + """
import numpy as np, pyvista as pv
from pathlib import Path
from pyvistaqt import QtInteractor
from PySide6.QtWidgets import QMainWindow
from meshes.cache import cache_dir
w = QMainWindow(); view = QtInteractor(w); w.setCentralWidget(view.interactor)
view.render_window.SetMultiSamples(0); view.enable_depth_peeling(number_of_peels=8)
for f in sorted(cache_dir().glob("*.npz")):
    with np.load(f) as d:
        m = pv.PolyData.from_regular_faces(d["points"], d["faces"]); m.point_data["Normals"] = d["normals"]
    view.add_mesh(m, color="ivory", smooth_shading=True)
view.view_vector((0.55, -1, 0.15))
seen = []
first_frame(view, lambda: seen or seen.append(time.perf_counter() - T0))
w.resize(1400, 860); w.show()
while not seen: app.processEvents()
print("first", seen[0]); print("frame", frames(view))
def turn(k):
    view.view_vector(((0.55, -1, 0.15), (-1, 0, 0.1), (0, 1, 0.2))[k % 3]); view.render()
print("change", median([until_drawn(view, lambda k=k: turn(k)) for k in range(9)])); view.close()
"""

OURS = COMMON + """
from viewer.app import start
seen = []
import viewer.window as vw
orig = vw.MainWindow.show_scene
def hooked(self, scene):
    first_frame(self.view.plotter, lambda: seen or seen.append(time.perf_counter() - T0))
    orig(self, scene)
vw.MainWindow.show_scene = hooked
app, window = start(["default"])
window.resize(1400, 860)
while not seen: app.processEvents()
print("first", seen[0]); print("frame", frames(window.view.plotter))
# a tour step: Next pressed to the new step's first frame (drawn at once, before the flight)
from scenes.teaching.tour import tour_names
window.start_tour(tour_names()[0])
steps = []
for _ in range(len(window.state.tour.steps) - 1):
    while window.tour_motion.moving: app.processEvents()
    steps.append(until_drawn(window.view.plotter, lambda: window.tour_panel.step(1)))
print("step", median(steps)); window.state.end_tour()
# click to panel: the pick at a mesh point, then tree and article, without the next render
view = window.view
view.view_preset("posterior")
from meshes import centreline
spots = [view.screen_position(view.meshes[s].center) for s in ("sacrum", "femur_right")]
spots.append(view.screen_position(centreline("sciatic_nerve_right", "trunk")[-40]))
view.plotter.render = lambda *a, **k: None
ts, hits = [], set()
for pos in spots * 7:
    t = time.perf_counter(); sid = view.pick_at(pos); window.select(sid); ts.append(time.perf_counter() - t)
    hits.add(sid)
print("picked", len(hits - {""}))
print("click", sorted(ts)[len(ts) // 2]); window.close()
"""


def run(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {k: float(v) for k, v in (line.split() for line in out.stdout.splitlines() if " " in line)}


def main(repeats: int = 3) -> None:
    from meshes import cache

    cache.load()
    bare, ours = [], []
    for _ in range(repeats):
        bare.append(run(BARE))
        ours.append(run(OURS))
    b_first, o_first = min(r["first"] for r in bare), min(r["first"] for r in ours)
    b_frame, o_frame = min(r["frame"] for r in bare), min(r["frame"] for r in ours)
    click = min(r["click"] for r in ours)
    b_change, o_step = min(r["change"] for r in bare), min(r["step"] for r in ours)
    print(f"start to first frame: ours {o_first:.2f} s, bare pyvistaqt {b_first:.2f} s, "
          f"ratio {o_first / b_first:.2f}x (target <= 1.2x)")
    print(f"frame time: ours {o_frame * 1000:.1f} ms, bare {b_frame * 1000:.1f} ms, "
          f"ratio {o_frame / b_frame:.2f}x (target <= 1.1x)")
    print(f"click to panel (pick, tree, article; no render): {click * 1000:.1f} ms (target < 50 ms), "
          f"{int(min(r['picked'] for r in ours))} structures picked")
    print(f"tour step to its first frame: ours {o_step * 1000:.0f} ms, bare camera change "
          f"{b_change * 1000:.0f} ms, over by {(o_step - b_change) / o_frame:.2f} frame times "
          f"(target <= 1)")


if __name__ == "__main__":
    t = time.perf_counter()
    main()
    print(f"({time.perf_counter() - t:.0f} s)")
