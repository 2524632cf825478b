"""Headless commands of `gluteal-viewer`: render, validate, export, check, ... (no Qt here)."""

from __future__ import annotations

import argparse
import glob
import json
import logging
import re
import signal
import sys
import time
from pathlib import Path

from meshes.files import DestinationError, make_folder

from .console import UsageError, load_meshes, progress_line, say
from .scene_file import SceneError
from .validation import json_schema


class Terminated(BaseException):
    """SIGTERM: unwinds like Ctrl+C (workers stopped, no half files), exit status 143."""


def _on_sigterm(_signum, _frame) -> None:
    raise Terminated




def cmd_check(args) -> int:
    from meshes import cache, checks

    meshes = cache.load(progress=progress_line())
    if args.variant:  # the invariants adapted to an anatomical variant (issue 13)
        from meshes.checks import variants as variant_checks

        from .clinical.variants import variants

        if args.variant not in variants():
            raise UsageError(f"unknown variant {args.variant!r}; variants: {', '.join(variants())}")
        results, head = variant_checks.run(args.variant, meshes), {"variant": args.variant}
    else:
        results, head = checks.run(meshes), {}
    if args.json:
        say(json.dumps({**head, **checks.report(results)}, indent=1))
    else:
        for r in results:
            say(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
        failed = sum(not r.ok for r in results)
        say(f"{args.variant + ': ' if args.variant else ''}{len(results) - failed} passed, {failed} failed")
    return 0 if all(r.ok for r in results) else 1


def cmd_export_meshes(args) -> int:
    from meshes import cache, export

    if args.format not in export.FORMATS:
        raise UsageError(f"unknown format {args.format!r}; choose {', '.join(export.FORMATS)}")
    folder = make_folder(Path(args.dir))
    written = export.export_meshes(cache.load(progress=progress_line()), folder, args.format)
    say(f"wrote {len(written)} files to {folder}")
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
    """One picture per scene: -o FILE.png/.jpg for a single scene, else a folder (default: here).
    Two scenes that would write the same file are refused before anything is rendered."""
    from .offscreen import IMAGE_SUFFIXES

    if out and Path(out).suffix.lower() in IMAGE_SUFFIXES:
        if len(scenes_) > 1:
            raise UsageError("-o names one file but several scenes were given; give a folder")
        return [Path(out)]
    if out and Path(out).suffix and not Path(out).is_dir():
        raise UsageError(f"{out}: pictures are written as {' or '.join(IMAGE_SUFFIXES)}, "
                         "or give a folder")
    folder = make_folder(Path(out or "."))
    targets = [folder / f"{s.name or 'scene'}.png" for s in scenes_]
    seen: dict[Path, str] = {}
    for scene, target in zip(scenes_, targets, strict=True):
        if target in seen:
            raise UsageError(f"{seen[target]} and {scene.source} would both write {target}; "
                             "render them to separate folders")
        seen[target] = scene.source
    return targets


def cmd_render(args) -> int:
    from .offscreen import Renderer, check_image, with_output
    from .scene_file import load

    scenes_ = [load(n) for n in _expand(args.scenes)]
    overrides = dict(size=args.size, scale=args.scale, transparent=True if args.transparent else None,
                     labels=False if args.no_labels else None, quality=args.quality)
    jobs = [(with_output(s, **overrides), p) for s, p in zip(scenes_, _outputs(scenes_, args.output),
                                                            strict=True)]
    for scene, path in jobs:
        check_image(path, scene.output.transparent)  # every destination before any work
    renderer = Renderer(load_meshes())
    start = time.perf_counter()
    renderer.render_all(jobs, lambda i, path: say(f"[{i + 1}/{len(jobs)}] {path} "
                                                  f"({time.perf_counter() - start:.1f} s)"))
    return 0


def cmd_validate(args) -> int:
    """Check scene and tour files without rendering: one line each, status 2 if any is bad."""
    from .teaching.commands import validate_one

    bad = 0
    for name in _expand(args.scenes):
        try:
            title = validate_one(name)
        except SceneError as exc:
            bad += 1
            print(f"gluteal-viewer: {exc}", file=sys.stderr)
        else:
            say(f"ok {name}: {title}")
    return 2 if bad else 0


def cmd_scenes(args) -> int:
    from .scene_file import builtin_names, load

    for name in builtin_names():
        say(f"{name:22s} {load(name).title}")
    return 0


def cmd_structures(args) -> int:
    from .catalog import CATALOG

    if args.json:
        say(json.dumps([{"id": e.id, "name": e.name, "kind": e.kind, "synonyms": list(e.synonyms)}
                        for e in CATALOG.values()], indent=1))
        return 0
    for e in CATALOG.values():
        synonyms = f"  ({', '.join(e.synonyms)})" if e.synonyms else ""
        say(f"{e.id:42s} {e.kind:9s} {e.name}{synonyms}")
    return 0


def cmd_export(args) -> int:
    from .gltf import export_glb
    from .scene_file import load

    scene = load(args.scene)
    path = export_glb(scene, args.output, load_meshes())
    say(f"wrote {path}")
    return 0


def cmd_injection(args) -> int:
    from .clinical.injection_cli import cmd_injection as run

    return run(args)






def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gluteal-viewer",
                                description="3D anatomy of the inferior gluteal nerve. With no command, "
                                            "opens the window.")
    p.add_argument("-v", "--verbose", action="store_true", help="log what is built and cached")
    p.add_argument("--version", action="version", version=f"gluteal-viewer {_version()}")
    # -v is accepted after the command too; SUPPRESS keeps a command's default from undoing it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log what is built and cached")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func, help_: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_, description=help_, parents=[common])
        c.set_defaults(func=func)
        return c

    o = command("open", None, "open the window, showing a scene (a built-in name or a .toml path)")
    o.add_argument("scene", nargs="?", help="built-in scene name or .toml file (default: posterior)")
    c = command("check", cmd_check, "run the anatomical invariants on the model")
    c.add_argument("--json", action="store_true", help="print landmarks and results as JSON")
    c.add_argument("--variant", metavar="NAME", help="check an anatomical variant (see `variants`)")
    e = command("export-meshes", cmd_export_meshes, "write one mesh per structure and paths.json")
    e.add_argument("dir", help="destination folder")
    e.add_argument("--format", default="ply", help="ply (default), stl or obj")
    r = command("render", cmd_render, "render scenes to PNG or JPEG without a window")
    r.add_argument("scenes", nargs="+", metavar="SCENE",
                   help="built-in scene names, or .toml files (a path has a slash or ends in .toml)")
    r.add_argument("-o", "--output", help="FILE.png or FILE.jpg for one scene, or a folder (default: .)")
    r.add_argument("--size", type=_size, help="WIDTHxHEIGHT in pixels, e.g. 3840x2160")
    r.add_argument("--scale", type=int, help="multiply the size; labels are laid out for the result")
    r.add_argument("--transparent", action="store_true", help="transparent background (PNG only)")
    r.add_argument("--no-labels", action="store_true", help="leave the labels out")
    r.add_argument("--quality", choices=("slide", "draft"),
                   help="slide (default): supersampled, smooth edges; draft: about 3x faster")
    v = command("validate", cmd_validate, "check scene files without rendering them")
    v.add_argument("scenes", nargs="+", metavar="SCENE", help="built-in scene names or .toml files")
    command("scenes", cmd_scenes, "list the built-in scenes")
    st = command("structures", cmd_structures, "list the structures: id, kind, name, synonyms")
    st.add_argument("--json", action="store_true", help="print them as JSON")
    x = command("export", cmd_export, "export a scene's visible structures as binary glTF")
    x.add_argument("scene", help="built-in scene name or .toml file")
    x.add_argument("-o", "--output", required=True, help="FILE.glb")
    les = command("lesion", _clinical("cmd_lesion"),
                  "what a lesion at a level takes away: muscles by grade, skin, reflexes, EMG/NCS")
    les.add_argument("level", nargs="?", help="a lesion level (see --list)")
    les.add_argument("--list", action="store_true", help="list the lesion levels")
    les.add_argument("--json", action="store_true", help="print the result as JSON")
    les.add_argument("--variant", metavar="NAME", help="in an anatomical variant (see `variants`)")
    va = command("variants", _clinical("cmd_variants"),
                 "list the anatomical variants: id, frequency, source (--json for their articles)")
    va.add_argument("--json", action="store_true", help="print them as JSON, with their article paragraphs")
    ms = command("measure", _measure_command("cmd_measure"),
                 "distance in mm between two points (landmarks or x,y,z), straight or along a path")
    ms.add_argument("points", nargs="*", metavar="A B", help="landmark names, x,y,z in mm (after -- if "
                    "it starts with a minus) or PATH_ID@start|end|FRACTION")
    ms.add_argument("--along", metavar="PATH_ID", help="length along this path (structure.part, or a "
                    "nerve's id for its tree) between the points' nearest positions on it")
    ms.add_argument("--length", metavar="PATH_ID", help="print the path's length instead")
    ms.add_argument("--json", action="store_true", help='print {"distance_mm": ...} or {"length_mm": ...}')
    ms.add_argument("--list", action="store_true", help="list the landmark names and path ids")
    inj = command("injection", cmd_injection, "intramuscular injection sites: needle tip, layer and "
                                              "distances to the nerves and gluteal vessels")
    inj.add_argument("site", nargs="?", help="dorsogluteal-quadrant, dorsogluteal-line or ventrogluteal "
                                             "(default: all three)")
    inj.add_argument("--depth", type=float, default=35.0, metavar="MM",
                     help="needle depth from the skin in mm (default 35, Nisbet 2006's needle)")
    inj.add_argument("--json", action="store_true", help="print the sites as JSON")
    command("schema", lambda args: say(json.dumps(json_schema(), indent=1)) or 0,
            "print the JSON Schema of scene files (for editors)")
    a = command("animate", _teaching("cmd_animate"),
                "render a tour, or a scene turning or flying along a nerve, to MP4, GIF or PNG frames")
    a.add_argument("target", metavar="TOUR|SCENE", help="built-in tour or scene name, or a .toml file")
    a.add_argument("-o", "--output", required=True,
                   help="FILE.mp4 (H.264), FILE.gif, or a new folder for numbered PNG frames")
    a.add_argument("--size", type=_size, help="WIDTHxHEIGHT in pixels (default: the scene's, 1920x1080)")
    a.add_argument("--fps", type=int, default=30, help="frames per second (default 30)")
    a.add_argument("--turntable", type=float, metavar="SECONDS",
                   help="a scene turning once about the vertical in SECONDS (a scene's default: 12)")
    a.add_argument("--fly-along", metavar="PATH_ID",
                   help="fly beside a nerve or vessel, e.g. inferior_gluteal_nerve_right.branch_1")
    a.add_argument("--speed", type=float, default=20.0, help="fly-along speed in mm/s (default 20)")
    a.add_argument("--quality", choices=("slide", "draft"),
                   help="slide: supersampled, smooth edges (the scene's default); draft: about 3x faster")
    t = command("tours", _teaching("cmd_tours"), "list the built-in tours (id first)")
    t.add_argument("--schema", action="store_true", help="print the JSON Schema of tour files instead")
    return p


def _measure_command(name: str):
    """A command body from scenes.teaching.measure_commands, imported only when it runs."""
    def run(args) -> int:
        from .teaching import measure_commands

        return getattr(measure_commands, name)(args)
    return run


def _teaching(name: str):
    """A command of scenes.teaching, imported when it runs (keeps `--help` fast)."""
    def run(args) -> int:
        from .teaching import commands

        return getattr(commands, name)(args)
    return run


def _clinical(name: str):
    """A command body from scenes.clinical.commands, imported only when that command runs."""
    def run(args) -> int:
        from .clinical import commands

        return getattr(commands, name)(args)
    return run


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gluteal-viewer")
    except PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="gluteal-viewer: %(message)s")
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except (UsageError, SceneError, DestinationError) as exc:
        print(f"gluteal-viewer: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"gluteal-viewer: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gluteal-viewer: interrupted; no partial files were left", file=sys.stderr)
        return 130
    except Terminated:
        print("gluteal-viewer: terminated; no partial files were left", file=sys.stderr)
        return 143


if __name__ == "__main__":
    sys.exit(main())
