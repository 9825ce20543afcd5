"""Copying bytes between open files by the system, not through Python's memory: copy_file_range(2) (which shares
the blocks where the file system can: Btrfs, XFS, a network share's server-side copy), else sendfile(2) (across
disks too), else a plain read and write."""

from __future__ import annotations

import errno
import os
import sys

# Why copy_file_range is not usable here and the next way is tried: across disks (older kernels), not supported by
# the file system or the kernel, or not these kinds of files.
_FALL_BACK = {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOTSUP, errno.EBADF}


_COPY_FILE_RANGE = hasattr(os, "copy_file_range")
_SENDFILE = sys.platform.startswith("linux")


def copy_range(in_fd: int, out_fd: int, offset: int, count: int) -> int:
    """Up to `count` bytes of `in_fd` at `offset` written to `out_fd` at the same offset; how many (0 at the end of
    the input). Errors are the OSErrors they are; the caller tells a read failure from a write failure."""
    if _COPY_FILE_RANGE:
        try:
            return os.copy_file_range(in_fd, out_fd, count, offset, offset)
        except OSError as exc:  # asked again for each piece: one file's «no» (another disk) is not the next one's
            if exc.errno not in _FALL_BACK:
                raise
    if _SENDFILE:
        os.lseek(out_fd, offset, os.SEEK_SET)
        return os.sendfile(out_fd, in_fd, offset, count)
    data = read_at(in_fd, offset, count)
    os.lseek(out_fd, offset, os.SEEK_SET)
    written = 0
    while written < len(data):
        written += os.write(out_fd, data[written:])
    return len(data)


def read_at(fd: int, offset: int, count: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, count, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: the file's own position (each caller reads one file alone)
    return os.read(fd, count)
