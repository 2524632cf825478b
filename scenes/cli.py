"""Headless commands of `gluteal-viewer`: check, export-meshes (no Qt is imported here)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path


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
    from meshes import cache, check

    results = check.run(cache.load(progress=_progress_line()))
    if args.json:
        print(json.dumps(check.report(results), indent=1))
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
    folder = Path(args.dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{folder}: not writable")
    written = export.export_meshes(cache.load(progress=_progress_line()), folder, args.format)
    print(f"wrote {len(written)} files to {folder}")
    return 0


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
    except UsageError as exc:
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
