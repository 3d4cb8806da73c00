"""List translatable source strings and which have no Dutch translation yet.

Collects: literals in ``_()`` and ``N_()`` calls, and the first string argument of every
``DomainError`` construction (subclass calls and ``super().__init__`` in error classes),
since those templates are translated when the message is shown.

Usage: ``python scripts/i18n_extract.py`` prints missing msgids as PO entries, ready to
paste into a ``resources/i18n/nl/*.po`` file and translate.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mensenhandel_desk"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _error_class_names(trees: dict[Path, ast.Module]) -> set[str]:
    """Names of classes deriving (transitively, by name) from DomainError."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id if isinstance(b, ast.Name) else
                                    b.attr if isinstance(b, ast.Attribute) else "" for b in
                                    node.bases}
    result = {"DomainError"}
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in result and parents & result:
                result.add(name)
                changed = True
    return result


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if func.attr == "__init__" and isinstance(func.value, ast.Call) and \
                isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
            return "super().__init__"
        return func.attr
    return ""


def extract() -> dict[str, list[str]]:
    """msgid -> places ("file:line")."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path))
             for path in SRC.rglob("*.py")}
    errors = _error_class_names(trees)
    found: dict[str, list[str]] = {}
    for path, tree in trees.items():
        error_classes = {node for node in ast.walk(tree)
                         if isinstance(node, ast.ClassDef) and node.name in errors}
        error_inits = {id(sub) for cls in error_classes for sub in ast.walk(cls)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _callee(node)
            wanted = name in ("_", "N_", "gettext") or name in errors or (
                name == "super().__init__" and id(node) in error_inits)
            first = node.args[0]
            if wanted and isinstance(first, ast.Constant) and isinstance(first.value, str):
                place = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(first.value, []).append(place)
    return found


def po_escape(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from mensenhandel_desk import i18n

    i18n._catalogs.clear()
    catalog = i18n._catalog("nl")
    missing = {k: v for k, v in extract().items() if k not in catalog}
    for msgid, places in sorted(missing.items()):
        print(f"#: {places[0]}")
        print(f"msgid {po_escape(msgid)}")
        print('msgstr ""\n')
    print(f"# {len(missing)} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
