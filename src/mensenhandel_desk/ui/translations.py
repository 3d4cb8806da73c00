"""Qt's side of the one translation path: Qt's own Dutch (``qtbase_nl``) and a Dutch QLocale.

Our own strings go through ``mensenhandel_desk.i18n`` like every layer's; Qt's built-in
texts (dialog buttons such as "Annuleren", context menus of line edits, QWizard's
"Volgende") come from the ``qtbase_nl.qm`` shipped inside PySide6, loaded here.

``qtbase_nl`` lags behind Qt: Qt 6 added mnemonics to some texts of its own file dialog
("&Look in:", "Files of &type:") that the catalogue only has without the "&" ("Look
in:"), so they showed in English. ``MnemonicFallback`` (installed after it, so asked
first) looks such a text up without the "&" and puts the mnemonic back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from mensenhandel_desk import i18n

_installed: list[QTranslator] = []


class MnemonicFallback(QTranslator):
    """Translate "&Look in:" as qtbase translates "Look in:", mnemonic restored; every
    other text: nothing (Qt then asks the next translator)."""

    def __init__(self, base: QTranslator, parent: Any = None) -> None:
        super().__init__(parent)
        self._base = base

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null QString) lets Qt ask the next translator; "" would be taken as is
        if "&" not in (source or ""):
            return None
        if self._base.translate(context, source, disambiguation, n):
            return None  # the catalogue has it as it is
        plain = source.replace("&&", "\x00").replace("&", "").replace("\x00", "&&")
        text = self._base.translate(context, plain, disambiguation, n)
        if not text:
            return None
        key = source[source.index("&") + 1:][:1]
        at = text.lower().find(key.lower()) if key else -1
        return text[:at] + "&" + text[at:] if at >= 0 else "&" + text


def install(app: QApplication) -> bool:
    """Load Qt's Dutch catalogue and make Dutch the default locale (dates, numbers).
    Returns whether ``qtbase_nl`` was found (the packaging smoke test checks it)."""
    language = i18n.language()
    if language == "en":
        QLocale.setDefault(QLocale("en_NL"))
        return True
    QLocale.setDefault(QLocale("nl_NL"))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    loaded = translator.load("qtbase_nl", folder)
    if loaded:
        app.installTranslator(translator)
        fallback = MnemonicFallback(translator, app)
        app.installTranslator(fallback)  # asked before qtbase_nl
        _installed.extend([translator, fallback])
    return loaded
