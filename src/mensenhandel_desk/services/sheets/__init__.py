"""The officer's own spreadsheets (docs/sheet-import.md): importing a register kept in
Excel/CSV as signals, and exporting the register as ``.xlsx``. The only services that use
openpyxl.

- ``read``: reading ``.xlsx``/``.csv`` and the dates people type; no vault.
- ``mapping``: which column goes into which field, value maps, the mapping JSON.
- ``importing``: the dry run (``plan``) and the import (``run``) in one unit of work.
- ``export``: the register (as filtered on screen) as ``.xlsx``, audited.
"""
