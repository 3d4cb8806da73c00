"""Entry point of the packaged app (PyInstaller needs a script, not ``-m``)."""

from mensenhandel_desk.app import main

raise SystemExit(main())
