"""Mensenhandel Desk: offline-first desk for the municipal anti-trafficking officer."""

__version__ = "0.1.0"
