"""Animation export speed against the floor: a bare PyVista loop that loads the same cached
meshes, renders the same turntable frames off screen at the same size and writes them with
imageio-ffmpeg (H.264), each as a whole process, measured side by side in one run.

Run: make bench   (or .venv/bin/python tests/benchmarks/bench_animate.py)
Target (issue 12): frames per second at least 0.85x the bare loop's. Both sides draw no labels
(the bare loop has none; ours lays them out per frame when a scene has them, reported apart).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE, FPS, SECONDS = (1280, 720), 30, 2.0
FRAMES = round(FPS * SECONDS)

BARE = """
import sys, numpy as np, pyvista as pv, imageio.v2 as imageio
from pathlib import Path
folder, out, w, h, n, fps = Path(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:7])
p = pv.Plotter(off_screen=True, window_size=(w, h))
p.render_window.SetMultiSamples(0)
p.enable_depth_peeling(number_of_peels=8)
for f in sorted(folder.glob("*.npz")):
    with np.load(f) as d:
        m = pv.PolyData.from_regular_faces(d["points"], d["faces"])
        m.point_data["Normals"] = d["normals"]
    p.add_mesh(m, color="ivory", smooth_shading=True)
focal, radius = np.array([90.0, -100.0, -80.0]), 450.0
writer = imageio.get_writer(out, format="FFMPEG", fps=fps, codec="libx264", pixelformat="yuv420p",
                            quality=None, macro_block_size=1, ffmpeg_params=["-crf", "18", "-preset", "fast"])
for i in range(n):
    a = 2 * np.pi * i / n
    p.camera_position = [focal + radius * np.array([np.sin(a), -np.cos(a), 0]), focal, (0, 0, 1)]
    p.reset_camera_clipping_range()
    writer.append_data(p.screenshot(return_img=True))
writer.close()
"""


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - t


def main(repeats: int = 2) -> None:
    from meshes import cache

    cache.load()  # warm the cache so both sides read the same files
    folder = cache.cache_dir()
    env = dict(os.environ)
    exe = [sys.executable, "-m", "viewer", "animate"]
    size = f"{SIZE[0]}x{SIZE[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "plain.toml").write_text('extends = "posterior"\n[output]\nlabels = false\n')
        common = ["--size", size, "--fps", str(FPS), "--turntable", str(SECONDS), "--quality", "draft"]
        times: dict[str, list[float]] = {"bare": [], "ours": [], "labels": []}
        for _ in range(repeats):  # interleaved, so machine noise hits both alike
            times["bare"].append(timed([sys.executable, "-c", BARE, str(folder), str(tmp / "b.mp4"),
                                        *map(str, (*SIZE, FRAMES, FPS))], env))
            plain = [str(tmp / "plain.toml"), "-o", str(tmp / "o.mp4")]
            times["ours"].append(timed(exe + plain + common, env))
            times["labels"].append(timed(exe + ["posterior", "-o", str(tmp / "l.mp4"), *common], env))
    best = {k: min(v) for k, v in times.items()}
    fps = {k: FRAMES / v for k, v in best.items()}
    print(f"animation, {FRAMES} frames at {size}, draft, whole process: ours {fps['ours']:.1f} frames/s, "
          f"bare PyVista + imageio-ffmpeg {fps['bare']:.1f} frames/s, ratio {fps['ours'] / fps['bare']:.2f}x "
          "(target >= 0.85x)")
    print(f"  with the scene's seven labels laid out per frame: {fps['labels']:.1f} frames/s "
          f"({fps['labels'] / fps['bare']:.2f}x the bare loop)")


if __name__ == "__main__":
    main()
