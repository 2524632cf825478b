"""Rendering speed against the floor: a bare PyVista script that loads the same cached meshes
and writes the same 1920x1080 PNG, each as a whole process, measured side by side in one run.

Run: make bench   (or .venv/bin/python tests/benchmarks/bench_render.py)
Targets (issue 3): one scene within 1.15x of the bare script; ten scenes in one process well
under ten single renders.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, numpy as np, pyvista as pv
from pathlib import Path
from PIL import Image
folder, out, factor = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
p = pv.Plotter(off_screen=True, window_size=(1920 * factor, 1080 * factor))
p.render_window.SetMultiSamples(0)
p.enable_depth_peeling(number_of_peels=8)
for f in sorted(folder.glob("*.npz")):
    with np.load(f) as d:
        m = pv.PolyData.from_regular_faces(d["points"], d["faces"])
        m.point_data["Normals"] = d["normals"]
    p.add_mesh(m, color="ivory", smooth_shading=True,
               opacity=0.25 if f.stem == "gluteus_maximus_right" else 1.0)
p.camera_position = [(30, -700, -40), (30, -100, -40), (0, 0, 1)]
Image.fromarray(p.screenshot(return_img=True)).reduce(factor).save(out, compress_level=1)
"""


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - t


def main(repeats: int = 3) -> None:
    from meshes import cache

    cache.load()  # warm the cache so both sides read the same files
    folder = cache.cache_dir()
    env = dict(os.environ)
    exe = [sys.executable, "-m", "viewer"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        times: dict[str, list[float]] = {k: [] for k in ("bare", "bare_slide", "draft", "slide", "plain")}
        render = exe + ["render", "posterior", "-o", str(tmp / "ours.png"), "--size", "1920x1080"]
        for _ in range(repeats):  # interleaved, so machine noise hits both alike
            for key, factor in (("bare", 1), ("bare_slide", 2)):
                times[key].append(timed([sys.executable, "-c", BARE, str(folder), str(tmp / "b.png"),
                                         str(factor)], env))
            times["draft"].append(timed(render + ["--quality", "draft"], env))
            times["slide"].append(timed(render, env))
            times["plain"].append(timed(render + ["--quality", "draft", "--no-labels"], env))
        bases = ["posterior", "foramen", "roots", "lateral", "deep-gluteal"]
        for i in range(10):
            (tmp / f"s{i}.toml").write_text(f'extends = "{bases[i % 5]}"\n')
        ten = timed(exe + ["render", *[str(tmp / f"s{i}.toml") for i in range(10)], "-o", str(tmp),
                           "--quality", "draft"], env)
    best = {k: min(v) for k, v in times.items()}
    print(f"one scene, draft, whole process: ours {best['draft']:.2f} s, bare PyVista {best['bare']:.2f} s, "
          f"ratio {best['draft'] / best['bare']:.2f}x (target <= 1.15x)")
    print(f"  without labels (the bare script draws none): {best['plain']:.2f} s, "
          f"ratio {best['plain'] / best['bare']:.2f}x")
    print(f"one scene, slide (2x2 supersampled): ours {best['slide']:.2f} s, bare PyVista with the same "
          f"supersampling {best['bare_slide']:.2f} s, ratio {best['slide'] / best['bare_slide']:.2f}x; "
          f"slide costs {best['slide'] / best['draft']:.1f}x draft")
    print(f"ten scenes (draft) in one process: {ten:.2f} s vs one scene {best['draft']:.2f} s: "
          f"{ten / best['draft']:.1f}x (target <= 4x)")


if __name__ == "__main__":
    main()
