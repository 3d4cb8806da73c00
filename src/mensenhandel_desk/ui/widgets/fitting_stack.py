"""A stack of pages that never makes the window bigger than a small laptop screen.

``QStackedWidget`` asks for the largest minimum size of *all* its pages, so one tall or
wide page (Overleggen, Monitoring) kept the whole window from shrinking below it. Here
every page sits in its own frameless ``QScrollArea`` (resizable: a page fills the
space when there is enough, and scrolls when the window is smaller than the page
needs). The stack's API speaks of the pages themselves: ``currentWidget()``,
``widget(i)``, ``indexOf(page)`` and ``setCurrentWidget(page)`` see the page, never the
scroll area around it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget


class PageScroll(QScrollArea):
    """The scroll area around one page."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(page)
        self.page = page


class FittingStack(QStackedWidget):
    def addWidget(self, page: QWidget) -> int:  # noqa: N802 - Qt API
        return super().addWidget(PageScroll(page, self))

    def insertWidget(self, index: int, page: QWidget) -> int:  # noqa: N802 - Qt API
        return super().insertWidget(index, PageScroll(page, self))

    def widget(self, index: int) -> QWidget | None:
        holder = super().widget(index)
        return holder.page if isinstance(holder, PageScroll) else holder

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt API
        holder = super().currentWidget()
        return holder.page if isinstance(holder, PageScroll) else holder

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt API
        for index in range(self.count()):
            if self.widget(index) is page:
                return index
        return super().indexOf(page)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt API
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)
