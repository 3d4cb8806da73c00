"""The audit trail: what was done, when, to which object; never personal data.

- ``entries``: recording an entry (``record``, ``Action``) and the hash chain
  (``verify``). Re-exported here: ``from mensenhandel_desk.services import audit`` then
  ``audit.record(uow, clock, audit.Action.CREATE, ...)``.
- ``trail``: listing, filtering and exporting the trail; the chain status for ``check``;
  failed unlocks counted outside the vault until the next unlock records them.
- ``anchor``: the chain's head remembered outside the vault, so a cut-off tail shows.

Dependencies point one way: trail -> anchor -> entries; none of them imports a service
bundle (``session``) or the backups.
"""

from mensenhandel_desk.services.audit.entries import (
    GENESIS,
    Action,
    ChainReport,
    entry_hash,
    record,
    record_reading,
    verify,
)

__all__ = ["GENESIS", "Action", "ChainReport", "entry_hash", "record", "record_reading",
           "verify"]
