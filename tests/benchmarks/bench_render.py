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
folder, out = Path(sys.argv[1]), sys.argv[2]
p = pv.Plotter(off_screen=True, window_size=(1920, 1080))
p.render_window.SetMultiSamples(0)
p.enable_depth_peeling(number_of_peels=8)
for f in sorted(folder.glob("*.npz")):
    with np.load(f) as d:
        m = pv.PolyData.from_regular_faces(d["points"], d["faces"])
        m.point_data["Normals"] = d["normals"]
    p.add_mesh(m, color="ivory", smooth_shading=True,
               opacity=0.25 if f.stem == "gluteus_maximus_right" else 1.0)
p.camera_position = [(30, -700, -40), (30, -100, -40), (0, 0, 1)]
p.screenshot(out)
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
        bare, ours, plain = [], [], []
        render = exe + ["render", "posterior", "-o", str(tmp / "ours.png"), "--size", "1920x1080"]
        for _ in range(repeats):  # interleaved, so machine noise hits both alike
            bare.append(timed([sys.executable, "-c", BARE, str(folder), str(tmp / "bare.png")], env))
            ours.append(timed(render, env))
            plain.append(timed(render + ["--no-labels"], env))
        bases = ["posterior", "foramen", "roots", "lateral", "deep-gluteal"]
        for i in range(10):
            (tmp / f"s{i}.toml").write_text(f'extends = "{bases[i % 5]}"\n')
        ten = timed(exe + ["render", *[str(tmp / f"s{i}.toml") for i in range(10)], "-o", str(tmp)], env)
    b, o = min(bare), min(ours)
    print(f"one scene, whole process: ours {o:.2f} s, bare PyVista {b:.2f} s, ratio {o / b:.2f}x "
          f"(target <= 1.15x)")
    print(f"  without labels (the bare script draws none): {min(plain):.2f} s, "
          f"ratio {min(plain) / b:.2f}x")
    print(f"ten scenes in one process: {ten:.2f} s vs ten single renders {10 * o:.2f} s "
          f"({ten / (10 * o):.2f}x)")


if __name__ == "__main__":
    main()
