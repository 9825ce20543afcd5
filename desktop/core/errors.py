"""Errors whose message is meant for the user, in Vietnamese."""

import errno
import sqlite3
from pathlib import Path


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


_REASONS = {
    errno.ENOENT: "không tìm thấy",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc ghi thiết bị: USB hỏng hoặc vừa bị rút?",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.EEXIST: "đã có một tệp trùng tên ở đó",
}


def os_reason(exc: OSError) -> str:
    """The operating system's reason in Vietnamese: its own text is in the system's language, often English."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống"
