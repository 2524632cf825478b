"""On-disk cache of built meshes, keyed by a hash of the builders' code and parameters.

One compressed-free .npz per structure in a user cache folder, written to a temporary name and
renamed, so an interrupted build never leaves a half file. A missing or unreadable file is
rebuilt with a log line; a changed builder changes the key, so stale meshes are never served.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyvista as pv

from .anatomy import registry
from .anatomy.skeleton import bones
from .cachedir import cache_dir, code_key
from .files import atomic_write

log = logging.getLogger(__name__)
__all__ = ["cache_dir", "code_key", "load"]
Progress = Callable[[int, int, str], None]  # (done, total, structure id)


def _pack(mesh: pv.PolyData) -> dict[str, np.ndarray]:
    normals = mesh.point_data.get("Normals")
    if normals is None:
        normals = mesh.compute_normals(split_vertices=False).point_data["Normals"]
    arrays = {"points": np.asarray(mesh.points, np.float32),
              "faces": np.asarray(mesh.regular_faces, np.int32),
              "normals": np.asarray(normals, np.float32)}
    if "part" in mesh.point_data:  # paths: which part (root, trunk, branch) each point is on
        arrays["part"] = np.asarray(mesh.point_data["part"], np.int16)
    return arrays


def _unpack(data) -> pv.PolyData:
    mesh = pv.PolyData.from_regular_faces(data["points"], data["faces"])
    mesh.point_data["Normals"] = data["normals"]
    if "part" in data:
        mesh.point_data["part"] = data["part"]
    return mesh


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: np.savez(tmp, **arrays))


def _read(path: Path) -> pv.PolyData | None:
    try:
        with np.load(path) as data:
            mesh = _unpack(data)
        if mesh.n_points == 0:
            raise ValueError("empty mesh")
        return mesh
    except FileNotFoundError:
        return None
    except Exception as exc:  # any unreadable file is rebuilt, never fatal
        log.warning("cache file %s is unreadable (%s); rebuilding it", path.name, exc)
        return None


def _build_packed(structure: str) -> tuple[str, dict[str, np.ndarray]]:
    return structure, _pack(registry.build(structure))


def _worker(tasks, results) -> None:
    """Build the structures named on `tasks` until its None; put (id, packed mesh) or the error on
    `results`. Workers leave Ctrl+C to the main process, which stops them (no tracebacks from
    each), and die quietly on SIGTERM whatever handler the main process had when it forked them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for sid in iter(tasks.get, None):
        try:
            results.put(_build_packed(sid))
        except Exception as exc:  # the main process raises it (as itself, or by its text)
            try:
                results.put(exc)
            except Exception:
                results.put(RuntimeError(f"building {sid} failed: {exc!r}"))


def load(ids: Iterable[str] | None = None, progress: Progress | None = None,
         workers: int | None = None) -> dict[str, pv.PolyData]:
    """Every requested structure's mesh, from the cache where possible, else built and cached.

    Missing meshes are built in parallel processes (the machine's cores) and reported as each
    one finishes; mirrored ones are reflected from their twin instead of rebuilt. If the cache
    cannot be written, the meshes are kept in memory for this run (one warning). An interrupt
    stops the workers at once; files are written whole or not at all.
    """
    ids = list(ids or registry.IDS)
    store = _Store(cache_dir())
    out = {sid: mesh for sid in ids if (mesh := store.read(sid)) is not None}
    todo = [s for s in ids if s not in out]
    done = len(out)

    def tick(sid: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(ids), sid)

    if progress:
        progress(done, len(ids), "")
    twins = {s: registry.REGISTRY[s].mirror_of for s in todo if registry.REGISTRY[s].mirror_of}
    direct = [s for s in todo if s not in twins]
    direct += [t for t in twins.values() if t not in direct and t not in out]
    built: dict[str, pv.PolyData] = {}
    if direct:
        log.info("building %d meshes (once per version) into %s", len(direct), store.folder)
        # longest first, so the workers end together: the triangle budget is a fair guide to a
        # builder's cost (the hip bone, then gluteus maximus); paths (no budget) are quick
        direct.sort(key=lambda s: -registry.REGISTRY[s].triangles)
        for sid, arrays in _build_all(direct, workers):
            built[sid] = store.write(sid, arrays)
            if sid in ids:
                tick(sid)
    for sid, twin in twins.items():
        built[sid] = store.write(sid, _pack(bones.mirrored(built[twin] if twin in built else out[twin])))
        tick(sid)
    out.update({s: m for s, m in built.items() if s in ids})
    return {s: out[s] for s in ids}


def _build_all(ids: list[str], workers: int | None):
    """(id, packed mesh) pairs in the order they finish, built by up to `workers` processes."""
    n = min(workers or os.cpu_count() or 1, len(ids))
    if n <= 1:
        yield from map(_build_packed, ids)
        return
    # Plain processes and queues, not multiprocessing.Pool: a SIGTERM to the process group kills a
    # Pool worker while it holds the task queue's lock (it waits for work holding it), and then
    # Pool.terminate() waits on that lock for ever (a cold build hung on Ctrl+C now and then)
    tasks, results = multiprocessing.SimpleQueue(), multiprocessing.Queue()
    for sid in [*ids, *[None] * n]:  # the work and a stop per worker: a few hundred bytes (fits the pipe)
        tasks.put(sid)
    procs = [multiprocessing.Process(target=_worker, args=(tasks, results), daemon=True) for _ in range(n)]
    try:
        for proc in procs:  # inside: an interrupt while they start stops those already running
            proc.start()
        for _ in ids:
            item = _next_result(results, procs)
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        started = [proc for proc in procs if proc.pid is not None]
        for proc in started:  # on an interrupt or an error: stop the workers now, leave no orphan
            proc.kill()
        for proc in started:
            proc.join()


def _next_result(results, procs):
    """The next result; a clear error, not a wait for ever, if every worker has stopped without
    one (killed for memory, say)."""
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                codes = sorted({p.exitcode for p in procs})
                raise RuntimeError(f"the mesh-building processes stopped (exit status {codes})") from None


class _Store:
    """The cache folder; when it cannot be written, say so once and keep meshes in memory."""

    def __init__(self, folder: Path):
        self.folder, self.writable = folder, True

    def read(self, sid: str) -> pv.PolyData | None:
        return _read(self.folder / f"{sid}.npz")

    def write(self, sid: str, arrays: dict[str, np.ndarray]) -> pv.PolyData:
        if self.writable:
            try:
                _write(self.folder / f"{sid}.npz", arrays)
            except OSError as exc:
                self.writable = False
                log.warning("cannot write the mesh cache in %s (%s); the meshes are kept in memory "
                            "for this run and built again next time", self.folder, exc.strerror or exc)
        return _unpack(arrays)


def load_variant(variant: str, progress: Progress | None = None) -> dict[str, pv.PolyData]:
    """The meshes an anatomical variant changes (anatomy/courses/variants.py): its nerves, and piriformis
    with a cleft where a nerve pierces it. Kept in the variant's own folder of this version's
    cache, so the base meshes are shared and never overwritten."""
    from .anatomy.courses import variants

    todo = variants.changed(variant)
    store = _Store(variants.folder(variant))
    out = {}
    for i, sid in enumerate(todo):
        mesh = store.read(sid)
        if mesh is None:
            mesh = store.write(sid, _pack(_variant_mesh(variant, sid)))
        out[sid] = mesh
        if progress:
            progress(i + 1, len(todo), sid)
    return out


def _variant_mesh(variant: str, sid: str) -> pv.PolyData:
    """One structure's mesh in a variant (its paths active while the tube is swept)."""
    from .anatomy.courses import paths, variants
    from .anatomy.soft_tissue import muscles

    previous = variants.active()
    variants.activate(variant)
    try:
        if sid == variants.PIRIFORMIS:
            gaps = []
            for ref in variants.VARIANTS[variant].carve:
                s, p = ref.split(".")
                line = paths.centreline(s, p)
                half_width, _ = paths.half_axes(s, p)
                # a cleft a little wider than the nerve; a wider groove in the upper border
                margin = 1.5 if variants.VARIANTS[variant].relations[ref] == "through" else 4.0
                gaps.append((line, half_width + margin))
            mesh = muscles.piriformis_right(gaps=tuple(gaps))
            return registry._decimated(mesh, registry.REGISTRY[sid].triangles)
        return registry.build(sid)
    finally:
        variants.activate(previous)
