"""Qt's side of the one translation path: Qt's own Dutch (``qtbase_nl``) and a Dutch QLocale.

Our own strings go through ``mensenhandel_desk.i18n`` like every layer's; Qt's built-in
texts (dialog buttons such as "Annuleren", context menus of line edits, QWizard's
"Volgende") come from the ``qtbase_nl.qm`` shipped inside PySide6, loaded here.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from mensenhandel_desk import i18n

_installed: list[QTranslator] = []


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
        _installed.append(translator)
    return loaded
