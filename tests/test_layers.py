"""The layer rule of STYLE.md, enforced by import-linter contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken" in result.stdout


def test_contracts_would_catch_a_qt_import_in_services(tmp_path: Path) -> None:
    """The contracts are not vacuous: a copy of the package with a forbidden import fails."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "mensenhandel_desk", copy / "mensenhandel_desk")
    (copy / "mensenhandel_desk" / "services" / "leak.py").write_text(
        "import PySide6.QtCore  # noqa\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    exe = Path(sys.executable).with_name("lint-imports")
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([str(exe)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode != 0
    assert "Qt only in ui and app" in result.stdout and "BROKEN" in result.stdout
