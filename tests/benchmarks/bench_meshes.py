"""Cold build and warm load of every mesh, against a bare PyVista script reading the same meshes.

Run: make bench   (or .venv/bin/python tests/benchmarks/bench_meshes.py)
Targets (issue 2): cold build under 10 s on 2 cores, warm load under 0.2 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, time, pyvista as pv
from pathlib import Path
t = time.perf_counter()
meshes = [pv.read(p) for p in sorted(Path(sys.argv[1]).glob('*.vtp'))]
print(time.perf_counter() - t)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GLUTEAL_VIEWER_CACHE"] = tmp
        from meshes import SOLIDS, cache
        from meshes.anatomy.registry import SOLID_BUDGET

        t = time.perf_counter()
        meshes_ = cache.load(progress=lambda d, n, s: s and print(f"  [{d}/{n}] {s}", file=sys.stderr))
        cold = time.perf_counter() - t
        warm = min(_timed(cache.load) for _ in range(5))
        vtp = Path(tmp) / "vtp"
        vtp.mkdir()
        for sid, mesh in meshes_.items():
            mesh.save(vtp / f"{sid}.vtp")
        floor = min(float(subprocess.run([sys.executable, "-c", BARE, str(vtp)], capture_output=True,
                                         text=True, check=True).stdout) for _ in range(5))
    solids = sum(meshes_[s].n_cells for s in SOLIDS)
    paths = sum(m.n_cells for s, m in meshes_.items() if s not in SOLIDS)
    print(f"cold build: {cold:.2f} s (target < 10 s)")
    print(f"warm load:  {warm * 1000:.1f} ms (target < 200 ms); bare pv.read of the same meshes "
          f"{floor * 1000:.1f} ms; ratio {warm / floor:.2f}x")
    print(f"triangles:  {solids} in solids (budget {SOLID_BUDGET}), {paths} in nerve/vessel tubes")
    for sid, mesh in meshes_.items():
        print(f"  {sid:45s} {mesh.n_cells:7d}")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
