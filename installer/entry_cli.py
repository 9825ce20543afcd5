"""The frozen CLI's entry point (PyInstaller builds `cchc` from this)."""

from desktop.cli import main

raise SystemExit(main())
