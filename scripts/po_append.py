"""Append translations to a PO file: ``python scripts/po_append.py FILE.po < dict.py``.

Reads a Python file defining ``T = {msgid: msgstr}`` on stdin; skips msgids already in
the file (entries without a context; write ``msgctxt`` entries by hand or in Poedit).
A small helper for translators working without Poedit.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mensenhandel_desk.i18n import read_po_files  # noqa: E402


def esc(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    target = Path(sys.argv[1])
    namespace: dict = {}
    exec(sys.stdin.read(), namespace)  # noqa: S102 - a developer's own translation file
    existing = dict(read_po_files([target]).messages) if target.exists() else {}
    with target.open("a", encoding="utf-8") as fh:
        for msgid, msgstr in namespace["T"].items():
            if msgid not in existing:
                fh.write(f"msgid {esc(msgid)}\nmsgstr {esc(msgstr)}\n\n")
                existing[msgid] = msgstr
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
