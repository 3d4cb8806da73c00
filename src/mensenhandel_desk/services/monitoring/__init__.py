"""Monitoring (issue 9, docs/monitoring.md): the twice-yearly figures, awareness
activities, the regional export and the regional merge.

- ``export``: the regional export file format (write and read back); no vault.
- ``merge``: several municipalities' exports into one regional picture; no vault.
- ``service``: ``MonitoringService`` (figures, activities, regional secret, export).
"""

from mensenhandel_desk.services.monitoring.service import MonitoringService

__all__ = ["MonitoringService"]
