"""Opening the data directory, the one entry point both the CLI and the GUI use."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from db.store import Store, open_store
from desktop.core.catalog import load_catalogs
from desktop.core.identity_backfill import backfill_identities


def log_file(data_dir: Path) -> Path | None:
    """Where tracebacks are being written, or None when the log could not be opened."""
    for h in logging.getLogger().handlers:
        if getattr(h, "_cchc", False):
            return Path(h.baseFilename)  # type: ignore[attr-defined]
    return None


def setup_logging(data_dir: Path) -> bool:
    """Tracebacks go to logs/cchc.log, never to the user's screen. False when the log cannot be written (a
    read-only folder, `logs` being a file): then nothing claims it was."""
    logging.raiseExceptions = False  # a log that cannot be written (full disk) must not print on the screen
    root = logging.getLogger()
    if not root.handlers:  # without any handler Python prints errors on stderr: never on the user's screen
        root.addHandler(logging.NullHandler())
    if any(getattr(h, "_cchc", False) for h in root.handlers):
        return True
    log_dir = data_dir / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / "cchc.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return False
    handler._cchc = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return True


def open_workspace(data_dir: Path) -> Store:
    store = open_store(data_dir)
    setup_logging(data_dir)
    if not store.read_only:  # a read-only folder is shown as it is
        with store.session() as s:
            load_catalogs(s)
            backfill_identities(s)
    return store
