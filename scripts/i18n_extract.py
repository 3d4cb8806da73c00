"""List translatable source strings and which have no Dutch translation yet.

Collects: literals in ``_()``, ``N_()`` and ``gettext()`` calls; ``pgettext(context,
message)`` and ``NP_(context, message)`` with their context (a PO ``msgctxt``);
``ngettext(singular, plural, n)`` and ``npgettext(context, singular, plural, n)`` as
plural entries; and the first string argument of every ``DomainError`` construction
(subclass calls and ``super().__init__`` in error classes), since those templates are
translated when the message is shown.

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


# callee -> (index of the context argument or None, of the message, of the plural or None)
CALLS = {"_": (None, 0, None), "N_": (None, 0, None), "gettext": (None, 0, None),
         "pgettext": (0, 1, None), "NP_": (0, 1, None), "ngettext": (None, 0, 1),
         "npgettext": (0, 1, 2)}

Entry = tuple[str | None, str, str | None]  # (context, msgid, plural msgid)


def _literal(node: ast.Call, index: int | None) -> str | None:
    if index is None or index >= len(node.args):
        return None
    arg = node.args[index]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def extract_entries() -> dict[Entry, list[str]]:
    """(context, msgid, plural) -> places ("file:line")."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path))
             for path in SRC.rglob("*.py")}
    errors = _error_class_names(trees)
    found: dict[Entry, list[str]] = {}
    for path, tree in trees.items():
        error_classes = {node for node in ast.walk(tree)
                         if isinstance(node, ast.ClassDef) and node.name in errors}
        error_inits = {id(sub) for cls in error_classes for sub in ast.walk(cls)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _callee(node)
            if name in CALLS:
                ctx_at, msg_at, plural_at = CALLS[name]
            elif name in errors or (name == "super().__init__" and id(node) in error_inits):
                ctx_at, msg_at, plural_at = None, 0, None
            else:
                continue
            msgid = _literal(node, msg_at)
            if msgid is None:
                continue
            entry = (_literal(node, ctx_at), msgid, _literal(node, plural_at))
            found.setdefault(entry, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def catalogue_key(context: str | None, msgid: str) -> str:
    return msgid if context is None else f"{context}\x04{msgid}"


def extract() -> dict[str, list[str]]:
    """Catalogue key (msgid, or context + "\\x04" + msgid) -> places, every entry."""
    found: dict[str, list[str]] = {}
    for (context, msgid, _plural), places in extract_entries().items():
        found.setdefault(catalogue_key(context, msgid), []).extend(places)
    return found


def missing_entries() -> dict[Entry, list[str]]:
    """The extracted entries the Dutch catalogue does not translate (plural entries need
    their plural forms)."""
    sys.path.insert(0, str(ROOT / "src"))
    from mensenhandel_desk import i18n

    i18n._catalogues.clear()
    catalogue = i18n.catalogue("nl")
    return {entry: places for entry, places in extract_entries().items()
            if (catalogue_key(entry[0], entry[1]) not in
                (catalogue.plurals if entry[2] is not None else catalogue.messages))}


def po_escape(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    missing = missing_entries()
    for (context, msgid, plural), places in sorted(missing.items(),
                                                   key=lambda item: (item[0][1], item[0][0] or "")):
        print(f"#: {places[0]}")
        if context is not None:
            print(f"msgctxt {po_escape(context)}")
        print(f"msgid {po_escape(msgid)}")
        if plural is None:
            print('msgstr ""\n')
        else:
            print(f"msgid_plural {po_escape(plural)}")
            print('msgstr[0] ""\nmsgstr[1] ""\n')
    print(f"# {len(missing)} missing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
