"""Documents: reportlab renderers from plain data to PDF bytes."""
