"""Opening the data directory, the one entry point both the CLI and the GUI use."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from db.store import Store, open_store
from desktop.core.catalog import load_catalogs
from desktop.core.identity_backfill import backfill_identities


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
        backfill_identities(s)
    return store
