"""Errors of the persistence layer, importable without loading SQLAlchemy."""

import errno


class StoreError(Exception):
    """The data directory cannot be opened or written; the message is for the user (Vietnamese)."""


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
