"""Allow ``python -m mensenhandel_desk``."""

from mensenhandel_desk.app import main

raise SystemExit(main())
