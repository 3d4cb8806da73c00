"""Signalenkaart: the checklist editor (add, reword, retire; save as a new version) and the
read-only view of earlier versions."""

from mensenhandel_desk.ui.checklist.view import ChecklistView

__all__ = ["ChecklistView"]
