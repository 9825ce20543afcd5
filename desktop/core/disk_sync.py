"""Making many written files durable at once, the cheapest way the system allows: Linux's syncfs(2) makes
every file and rename on a disk durable in one call (as `sync` after `cp -r`); elsewhere each file is fsynced
on helper threads (concurrent flushes share the journal's commits) and then the folders that gained names."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

FSYNC_THREADS = 4


def _load_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.syncfs
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int]
    fn.restype = ctypes.c_int
    return cast(Callable[[int], int], fn)


SYNCFS = _load_syncfs()
SYNC_FILE_RANGE_WRITE = 2


def _load_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return cast(Callable[[int, int, int, int], int], fn)


_SYNC_FILE_RANGE = _load_sync_file_range()


def start_writeback(fd: int) -> None:
    """Ask the disk to start writing a just-written file now, without waiting (Linux): the flush that makes the
    batch durable later then finds most of it already written, so copying and writing overlap."""
    if _SYNC_FILE_RANGE is not None:
        _SYNC_FILE_RANGE(fd, 0, 0, SYNC_FILE_RANGE_WRITE)  # a hint: a failure here costs nothing


def syncfs_wanted() -> bool:
    """syncfs where the system has it, unless CCHC_FSYNC_EACH asks for one fsync per file (tests both ways)."""
    return SYNCFS is not None and os.environ.get("CCHC_FSYNC_EACH") is None


def sync_filesystem(path: Path) -> None:
    """Everything written on the disk that holds `path` is durable when this returns; OSError otherwise."""
    assert SYNCFS is not None
    fd = os.open(path, os.O_RDONLY)
    try:
        if SYNCFS(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only through a handle opened for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_files(root: Path, files: Iterable[Path], folders: Iterable[Path]) -> None:
    """`files` (under `root`) and the names in `folders` durable, in one call or in parallel."""
    if syncfs_wanted():
        sync_filesystem(root)
        return
    files, folders = list(files), list(folders)
    if len(files) + len(folders) == 1:  # one file: no helper threads to start
        for f in files:
            fsync_path(f)
        for d in folders:
            fsync_dir(d)
        return
    with ThreadPoolExecutor(max_workers=FSYNC_THREADS, thread_name_prefix="fsync") as pool:
        for done in [pool.submit(fsync_path, f) for f in files]:
            done.result()
        for done in [pool.submit(fsync_dir, d) for d in folders]:
            done.result()


class DurableFolder:
    """Files written into a new folder, each handed to the disk as soon as it is written and all made durable
    together by `sync` (one syncfs, or fsyncs in parallel) before the folder takes its final name."""

    def __init__(self, root: Path, batched: bool = False) -> None:
        """`batched`: where syncfs makes the disk durable at once, `sync` leaves that to the caller's one flush
        for the whole batch (receiving: the bundles read ahead are taken in together)."""
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.batched = batched
        self.files: list[Path] = []
        self.folders: set[Path] = {root}

    @contextmanager
    def open(self, rel: str) -> Iterator[IO[bytes]]:
        """`rel`, a path the caller checked is safe, opened for writing under the root."""
        dest = self.root.joinpath(*rel.split("/"))
        folder = dest.parent
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            while folder not in self.folders:  # every new folder holds a new name to make durable
                self.folders.add(folder)
                folder = folder.parent
        with open(dest, "wb") as out:
            yield out
            out.flush()
            start_writeback(out.fileno())
        self.files.append(dest)

    def sync(self) -> None:
        if not (self.batched and syncfs_wanted()):
            sync_files(self.root, self.files, self.folders)
