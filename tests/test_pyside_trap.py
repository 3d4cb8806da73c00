"""Regression guard for the PySide6 6.12.0 + Python 3.11 None-refcount leak.

On that combination every void Qt call drops a reference to None and the process aborts
after ~5,000 calls ("Fatal Python error: none_dealloc"). The project runs on Python 3.12;
this test makes 100,000 void calls in a subprocess and expects a clean exit.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QObject, QCoreApplication
from PySide6.QtGui import QStandardItemModel
app = QCoreApplication(sys.argv)
obj = QObject()
model = QStandardItemModel()
before = sys.getrefcount(None)
for i in range(100_000):
    obj.setObjectName("x")          # void call
    model.setRowCount(i % 7)        # void call
    obj.blockSignals(False)
print("ok", sys.getrefcount(None) - before)
"""


def test_python_version_is_the_safe_one() -> None:
    import PySide6

    if PySide6.__version__.startswith("6.12"):
        assert sys.version_info >= (3, 12), "PySide6 6.12 on Python < 3.12 aborts; see README"


def test_100k_void_qt_calls_exit_cleanly() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=180, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")
    assert "none_dealloc" not in result.stderr
