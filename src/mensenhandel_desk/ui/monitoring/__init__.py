"""The "Monitoring" screen: figures, charts, awareness activities, report and regional files."""
