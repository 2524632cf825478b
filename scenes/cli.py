"""Headless commands of `gluteal-viewer`: check, export-meshes, render, scenes, export (no Qt here)."""

from __future__ import annotations

import argparse
import glob
import json
import logging
import re
import sys
import time
from pathlib import Path

from meshes.files import DestinationError, make_folder

from .scene_file import SceneError, json_schema


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


def _progress_line(stream=sys.stderr):
    """A one-line progress display for terminals; silent bookkeeping elsewhere."""
    start = time.perf_counter()
    tty = stream.isatty()

    def show(done: int, total: int, sid: str) -> None:
        if not sid:
            if done < total:
                print(f"building {total - done} meshes (first run of this version) ...", file=stream)
            return
        msg = f"[{done}/{total}] {sid} ({time.perf_counter() - start:.1f} s)"
        if tty:
            print("\r" + msg.ljust(70), end="" if done < total else "\n", file=stream, flush=True)
        elif done == total:
            print(f"built {total} meshes in {time.perf_counter() - start:.1f} s", file=stream)

    return show


def cmd_check(args) -> int:
    from meshes import cache, checks

    results = checks.run(cache.load(progress=_progress_line()))
    if args.json:
        print(json.dumps(checks.report(results), indent=1))
    else:
        for r in results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
        failed = sum(not r.ok for r in results)
        print(f"{len(results) - failed} passed, {failed} failed")
    return 0 if all(r.ok for r in results) else 1


def cmd_export_meshes(args) -> int:
    from meshes import cache, export

    if args.format not in export.FORMATS:
        raise UsageError(f"unknown format {args.format!r}; choose {', '.join(export.FORMATS)}")
    folder = make_folder(Path(args.dir))
    written = export.export_meshes(cache.load(progress=_progress_line()), folder, args.format)
    print(f"wrote {len(written)} files to {folder}")
    return 0


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)[xX](\d+)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1920x1080, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def _expand(names: list[str]) -> list[str]:
    """Scene names or paths; shell-style globs are expanded here too (for Windows and quoting)."""
    out = []
    for name in names:
        hits = sorted(glob.glob(name)) if any(c in name for c in "*?[") else [name]
        if not hits:
            raise UsageError(f"{name}: no scene files match")
        out += hits
    return out


def _outputs(scenes_: list, out: str | None) -> list[Path]:
    """One PNG per scene: -o FILE.png for a single scene, else a folder (default: here)."""
    if out and out.lower().endswith(".png"):
        if len(scenes_) > 1:
            raise UsageError("-o names one file but several scenes were given; give a folder")
        return [Path(out)]
    folder = make_folder(Path(out or "."))
    return [folder / f"{s.name or 'scene'}.png" for s in scenes_]


def cmd_render(args) -> int:
    from .offscreen import Renderer, check_png, with_output
    from .scene_file import load

    scenes_ = [load(n) for n in _expand(args.scenes)]
    overrides = dict(size=args.size, scale=args.scale, transparent=True if args.transparent else None,
                     labels=False if args.no_labels else None)
    jobs = [(with_output(s, **overrides), p) for s, p in zip(scenes_, _outputs(scenes_, args.output),
                                                            strict=True)]
    for _, path in jobs:
        check_png(path)  # every destination is checked before any work is done
    renderer = Renderer(_load_meshes())
    start = time.perf_counter()
    for i, (scene, path) in enumerate(jobs, 1):
        renderer.render(scene, path)
        print(f"[{i}/{len(jobs)}] {path} ({time.perf_counter() - start:.1f} s)", flush=True)
    return 0


def cmd_scenes(args) -> int:
    from .scene_file import builtin_names, load

    for name in builtin_names():
        print(f"{name:22s} {load(name).title}")
    return 0


def cmd_export(args) -> int:
    from .gltf import export_glb
    from .scene_file import load

    scene = load(args.scene)
    path = export_glb(scene, args.output, _load_meshes())
    print(f"wrote {path}")
    return 0


def _load_meshes():
    from meshes import cache

    return cache.load(progress=_progress_line())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gluteal-viewer",
                                description="3D anatomy of the inferior gluteal nerve.")
    p.add_argument("-v", "--verbose", action="store_true", help="log what is built and cached")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("check", help="run the anatomical invariants on the model")
    c.add_argument("--json", action="store_true", help="print landmarks and results as JSON")
    c.set_defaults(func=cmd_check)
    e = sub.add_parser("export-meshes", help="write one mesh per structure and paths.json")
    e.add_argument("dir", help="destination folder")
    e.add_argument("--format", default="ply", help="ply (default), stl or obj")
    e.set_defaults(func=cmd_export_meshes)
    r = sub.add_parser("render", help="render scenes to PNG without a window")
    r.add_argument("scenes", nargs="+", metavar="SCENE",
                   help="built-in scene names or .toml files (globs ok)")
    r.add_argument("-o", "--output", help="FILE.png for one scene, or a folder (default: .)")
    r.add_argument("--size", type=_size, help="WIDTHxHEIGHT in pixels, e.g. 3840x2160")
    r.add_argument("--scale", type=int, help="multiply the size; labels are laid out for the result")
    r.add_argument("--transparent", action="store_true", help="transparent background (alpha channel)")
    r.add_argument("--no-labels", action="store_true", help="leave the labels out")
    r.set_defaults(func=cmd_render)
    sc = sub.add_parser("scenes", help="list the built-in scenes")
    sc.set_defaults(func=cmd_scenes)
    x = sub.add_parser("export", help="export a scene's visible structures as binary glTF")
    x.add_argument("scene", help="built-in scene name or .toml file")
    x.add_argument("-o", "--output", required=True, help="FILE.glb")
    x.set_defaults(func=cmd_export)
    js = sub.add_parser("schema", help="print the JSON Schema of scene files (for editors)")
    js.set_defaults(func=lambda args: print(json.dumps(json_schema(), indent=1)) or 0)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    try:
        return args.func(args)
    except (UsageError, SceneError, DestinationError) as exc:
        print(f"gluteal-viewer: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"gluteal-viewer: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; no partial files were left", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
