"""The interchange format: a lossless, versioned JSON copy of a whole vault
(docs/interchange.md).

Modules, each depending only on the ones listed before it:

- ``fields``: reading one JSON value with a Dutch error that names its place.
- ``plan``: ``ImportPlan`` and its bundles, the validated file as domain records.
- ``refs``: duplicate ids and dangling file-local ids in a plan.
- ``rules``: the app's record rules (``domain/record_rules.py``) on every signal of a plan.
- ``read``: JSON document -> ``ImportPlan`` (runs ``refs`` and ``rules``).
- ``write``: ``ImportPlan`` -> vault, inside the caller's unit of work.
- ``api``: export, atomic write, and the import entry points the CLI and tests call.
"""

from mensenhandel_desk.services.interchange.api import (
    MAX_IMPORT_BYTES,
    ExportSummary,
    InterchangeFileError,
    build_document,
    encode,
    export_vault,
    import_file,
    import_plan,
    read_plan,
)
from mensenhandel_desk.services.interchange.plan import ImportPlan
from mensenhandel_desk.services.interchange.write import ImportSummary

__all__ = [
    "MAX_IMPORT_BYTES",
    "ExportSummary",
    "ImportPlan",
    "ImportSummary",
    "InterchangeFileError",
    "build_document",
    "encode",
    "export_vault",
    "import_file",
    "import_plan",
    "read_plan",
]
