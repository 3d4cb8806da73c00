"""Ketenpartners: the chain partner directory (organisations, forms, tasks, contacts)."""

from mensenhandel_desk.ui.partners.view import PartnersView

__all__ = ["PartnersView"]
