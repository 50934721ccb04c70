"""Layers enforced: imports point down only (socorg.layers), checked by import-linter on every `make test`."""

import subprocess
import sys
import textwrap
from pathlib import Path

from socorg.layers import LAYERS, importlinter_config, present

ROOT = Path(__file__).resolve().parents[2]


def lint(config: str, cwd: Path, scratch: Path) -> subprocess.CompletedProcess:
    path = scratch / "importlinter.ini"
    path.write_text(config, encoding="utf-8")
    script = ("import sys; from importlinter import cli; "
              f"sys.exit(cli.lint_imports(config_filename={str(path)!r}, no_cache=True, no_logo=True))")
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_import_points_down(tmp_path):
    result = lint(importlinter_config(), ROOT, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_check_fails_on_an_upward_import(tmp_path):
    """Copy two layers into a scratch tree, add an upward import (divisions -> registry), and see it broken."""
    for name in ("divisions", "registry"):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("")
    (tmp_path / "registry" / "models.py").write_text("import divisions\n")
    (tmp_path / "divisions" / "models.py").write_text("from registry import models\n")
    config = textwrap.dedent("""\
        [importlinter]
        root_packages =
            registry
            divisions

        [importlinter:contract:layers]
        name = layers
        type = layers
        layers =
            registry
            divisions
        """)
    result = lint(config, tmp_path, tmp_path)
    assert result.returncode != 0
    assert "divisions.models -> registry.models" in result.stdout


def test_the_layers_named_in_the_design_are_in_order():
    assert LAYERS[0] == "socorg" and LAYERS[-1] == "common"
    assert [n for n in LAYERS if n in present()] == present()
    assert {"divisions", "accounts", "audit", "registry", "supervision", "credit", "portal"} <= set(present())
