"""Errors whose message is meant for the user, in Vietnamese."""

import errno
import sqlite3


class UserError(Exception):
    """Bad input or a refused action. `str(err)` is one Vietnamese sentence saying what to do."""


class Cancelled(Exception):
    """The user pressed Cancel; nothing was written."""


def disk_full(exc: BaseException) -> bool:
    """The disk ran out of space: the OS said so on a write, or SQLite did on a commit (SQLITE_FULL)."""
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    cause = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's error
    return isinstance(cause, sqlite3.OperationalError) and "full" in str(cause)
