"""The frozen GUI's entry point (PyInstaller builds `cchc-desk` from this)."""

from desktop.app import main

raise SystemExit(main())
