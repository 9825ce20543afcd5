"""`python -m desktop.cli`: the same as `cchc`."""

from desktop.cli import main

raise SystemExit(main())
