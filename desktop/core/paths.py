"""Where the data directory is: --data-dir, CCHC_DATA_DIR, a portable marker, or the per-user default.

Kept apart from `workspace` so the GUI can decide this before the database layer is imported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "cchc-desk"
ENV_DATA_DIR = "CCHC_DATA_DIR"
PORTABLE_MARKER = "portable.txt"


def portable_dir() -> Path | None:
    """A marker file beside the executable keeps the data beside it (running from a USB stick)."""
    exe_dir = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False) and (exe_dir / PORTABLE_MARKER).exists():
        return exe_dir / "data"
    return None


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    portable = portable_dir()
    if portable is not None:
        return portable
    from platformdirs import user_data_dir  # only when no directory was given

    return Path(user_data_dir(APP_NAME, appauthor=False))
