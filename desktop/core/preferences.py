"""How the user left the window: the last page, period and task filters, the columns shown in each table. Kept in
the data directory (a USB stick carries them with the data) as a small JSON file, written whole or not at all.

Preferences are a convenience: a missing, unreadable or read-only file never stops the app, it only means
starting from the defaults (and not remembering).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.errors import UserError

log = logging.getLogger(__name__)
FILE_NAME = "giao-dien.json"


class Preferences:
    """A plain class, not a dataclass: it is made before the first window shows, and the dataclass machinery
    cost start-up 6 ms."""

    def __init__(self) -> None:
        self.page = ""  # the page's name, «tasks», «received» …
        self.period_code = ""
        self.task_filters: dict[str, str] = {}  # combo name → chosen value
        self.hidden_columns: dict[str, list[str]] = {}  # table name → hidden column titles

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "period_code": self.period_code,
            "task_filters": self.task_filters,
            "hidden_columns": self.hidden_columns,
        }

    @classmethod
    def from_json(cls, data: Any) -> Preferences:
        if not isinstance(data, dict):
            return cls()
        prefs = cls()
        if isinstance(data.get("page"), str):
            prefs.page = data["page"]
        if isinstance(data.get("period_code"), str):
            prefs.period_code = data["period_code"]
        filters = data.get("task_filters")
        if isinstance(filters, dict):
            prefs.task_filters = {str(k): str(v) for k, v in filters.items() if isinstance(v, str)}
        hidden = data.get("hidden_columns")
        if isinstance(hidden, dict):
            prefs.hidden_columns = {
                str(k): [str(c) for c in v if isinstance(c, str)] for k, v in hidden.items() if isinstance(v, list)
            }
        return prefs


def load_preferences(data_dir: Path) -> Preferences:
    import json  # here: preferences load with the data directory, after the first window shows

    path = data_dir / FILE_NAME
    try:
        return Preferences.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("preferences %s unreadable, using defaults: %s", path, exc)
        return Preferences()


def save_preferences(data_dir: Path, prefs: Preferences) -> bool:
    """False when the data directory cannot be written (a locked USB stick): nothing is remembered then."""
    import json

    try:
        with replacing(data_dir / FILE_NAME) as tmp:
            tmp.write_text(json.dumps(prefs.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    except (OSError, UserError) as exc:  # a read-only stick, a full disk, a folder in the file's place
        log.info("preferences not saved: %s", exc)
        return False
    return True
