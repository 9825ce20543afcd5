"""Choosing and opening the data directory, the one entry point both the CLI and the GUI use."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from db.store import Store, open_store
from desktop.core.catalog import load_catalogs

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
    return Path(user_data_dir(APP_NAME, appauthor=False))


def setup_logging(data_dir: Path) -> None:
    """Tracebacks go to logs/cchc.log, never to the user's screen."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if any(getattr(h, "_cchc", False) for h in root.handlers):
        return
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "cchc.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler._cchc = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def open_workspace(data_dir: Path) -> Store:
    store = open_store(data_dir)
    setup_logging(data_dir)
    with store.session() as s:
        load_catalogs(s)
    return store
