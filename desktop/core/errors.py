"""Errors whose message is meant for the user, in Vietnamese."""

import errno
from pathlib import Path

from db.errors import StoreError, os_reason

__all__ = ["Cancelled", "DestinationError", "UserError", "destination_error", "disk_full", "os_reason"]


class UserError(Exception):
    """Bad input or a refused action. `str(err)` is one Vietnamese sentence saying what to do."""


class Cancelled(Exception):
    """The user pressed Cancel; nothing was written."""


def disk_full(exc: BaseException) -> bool:
    """The disk ran out of space: the OS said so on a write, or SQLite did on a commit (SQLITE_FULL)."""
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    if isinstance(exc, StoreError) and exc.__cause__ is not None:  # the store's sentence for SQLite's error
        return disk_full(exc.__cause__)
    import sqlite3  # here, not at the top: this module is loaded before the first window shows

    cause = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's error
    return isinstance(cause, sqlite3.OperationalError) and "full" in str(cause)


class DestinationError(UserError):
    """A file or folder could not be written where the user asked; `os_error` says why."""

    def __init__(self, message: str, os_error: OSError) -> None:
        super().__init__(message)
        self.os_error = os_error


def destination_error(path: Path, exc: OSError) -> DestinationError:
    """One sentence on why `path` could not be written."""
    where = f"«{path}»"
    if disk_full(exc):
        text = f"Ổ đĩa chứa {where} đã đầy; không có gì được ghi dở dang. Hãy giải phóng dung lượng."
    elif exc.errno == errno.ENOENT:
        text = f"Không có thư mục để ghi {where}. Hãy chọn một thư mục có thật (USB còn cắm?)."
    elif exc.errno in (errno.EACCES, errno.EPERM):
        text = f"Không có quyền ghi vào {where}. Hãy chọn thư mục khác, ví dụ Tài liệu (Documents)."
    elif exc.errno == errno.EROFS:
        text = f"{where} chỉ cho đọc (USB đang khoá ghi?). Hãy mở khoá hoặc chọn thư mục khác."
    else:
        text = f"Không ghi được {where} ({os_reason(exc)}). Không có gì được ghi dở dang."
    return DestinationError(text, exc)


def not_found(what: str) -> UserError:
    """The task, document or plan the user chose is no longer there (deleted in another window, or by `cchc`):
    said without its database id, which means nothing to the user, and with what to do."""
    return UserError(f"Không tìm thấy {what} đã chọn: có thể vừa bị xoá. Hãy mở lại danh sách rồi chọn lại.")
