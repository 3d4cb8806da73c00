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


# --- no import cycles inside services ------------------------------------------------------

SERVICES = "mensenhandel_desk.services"

def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative):
    each is a set of modules that import each other, directly or through the others."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges.get(target, ())))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_services_have_no_import_cycles() -> None:
    """Every import between services modules points one way (type-checking imports and
    imports inside functions count too), so a newcomer can read a module knowing only
    what it imports. A cycle fails the test with the imports that close it."""
    import grimp

    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []

    graph = grimp.build_graph("mensenhandel_desk", cache_dir=None)
    modules = {m for m in graph.modules if m == SERVICES or m.startswith(SERVICES + ".")}
    edges = {m: {t for t in graph.find_modules_directly_imported_by(m) if t in modules}
             for m in modules}
    short = len(SERVICES) + 1
    report = []
    for component in _cycles(edges):
        report.append("cycle between services." + ", ".join(m[short:] for m in component))
        for importer in component:
            for imported in sorted(edges[importer] & set(component)):
                lines = sorted(d["line_number"] for d in graph.get_import_details(
                    importer=importer, imported=imported))
                report.append(f"  {importer[short:]} -> {imported[short:]} "
                              f"(line {', '.join(map(str, lines))})")
    assert not report, "\n".join(report)
