"""Re-make docs/examples/ from the fictitious sample data in documents/examples.py.

Usage: ``.venv/bin/python scripts/make_examples.py`` (needs pdftoppm for the PNGs).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mensenhandel_desk import documents  # noqa: E402
from mensenhandel_desk.documents import examples  # noqa: E402
from mensenhandel_desk.documents.data import CopyMark  # noqa: E402


def main() -> int:
    out = ROOT / "docs" / "examples"
    out.mkdir(parents=True, exist_ok=True)
    made = {
        "overdrachtsformulier": documents.render_handover_sheet(
            examples.handover_sheet(), [CopyMark(2, "Zorgcoördinator mensenhandel")]),
        "agenda": documents.render_agenda(examples.meeting(),
                                          [CopyMark(1, "Ondermijningsoverleg")]),
        "verslag": documents.render_minutes(examples.meeting(decided=True),
                                            [CopyMark(1, "Ondermijningsoverleg")]),
        "terugkoppelingsbrief": documents.render_feedback_letter(examples.feedback_letter()),
    }
    for name, pdf in made.items():
        (out / f"{name}.pdf").write_bytes(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                            "-singlefile", str(out / f"{name}.pdf"), str(out / name)],
                           check=True)
        print(out / f"{name}.pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
