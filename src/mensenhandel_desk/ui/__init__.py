"""The desktop client (PySide6). The only package besides ``app`` that imports Qt.

The GUI itself is a later issue; this package exists now so the layer contracts cover it.
"""
