import os
import subprocess
import sys


def test_lower_layers_do_not_import_qt():
    code = ("import sys, meshes, scenes, scenes.cli, scenes.catalog, meshes.checks, meshes.export;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyvistaqt', 'viewer')];"
            "print(bad); sys.exit(bool(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_display_exits_with_a_message():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out = subprocess.run([sys.executable, "-m", "viewer"], capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert "no display" in out.stderr


def test_import_contracts_hold():
    """meshes <- scenes <- viewer, no cycles inside a package, no Qt below the viewer
    (the contracts live in pyproject.toml and run under import-linter)."""
    from pathlib import Path

    lint = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint)], cwd=Path(__file__).parents[1], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "3 kept, 0 broken" in out.stdout
