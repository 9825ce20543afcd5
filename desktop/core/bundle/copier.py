"""Files copied into a bundle being written, each hashed as it is copied: what travels is what was hashed, so a
damaged stored file stops the export instead of travelling.

Into a zip, each chunk is hashed on a helper thread while the next is read and the last written. Into a folder,
the system copies each file (copy_file_range: shared blocks on Btrfs/XFS) while its bytes are read again from
the cache to hash them, and several files are copied at once (many small files keep the disk's queue full, as
when evidence is added).
"""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, suppress
from pathlib import Path
from typing import IO, Any, Protocol

from desktop.core.errors import Cancelled
from desktop.core.file_copy import copy_range, read_at
from desktop.core.progress import CancelToken, ProgressFn

CHUNK = 1 << 20
SYSTEM_CHUNK = 8 << 20  # copied by the system at a time, between checks for Cancel
# Files copied into a folder at once: more threads than cores only add contention.
COPY_THREADS = max(2, min(4, os.cpu_count() or 2))


class Sink(Protocol):
    plain_files: bool  # `open` gives a file of its own (the system can copy into it), not a zip entry

    def open(self, rel: str, size: int) -> AbstractContextManager[IO[bytes]]: ...
    def finish(self) -> Path: ...
    def discard(self) -> None: ...


class Copier:
    """Copies into one bundle's sink, counting the bytes for the progress bar; `stop` ends every copy at its next
    chunk (the reports beside them failed, or the export is being abandoned)."""

    def __init__(self, sink: Sink, cancel: CancelToken, progress: ProgressFn, total: int) -> None:
        self.sink, self.cancel, self.progress, self.total = sink, cancel, progress, total
        self.done = 0
        self._counting = threading.Lock()  # folder copies report from several threads
        self.hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bam")
        self.copiers = ThreadPoolExecutor(max_workers=COPY_THREADS, thread_name_prefix="chep")
        self.stop = threading.Event()  # set when something beside the copy failed: copy no further

    def __enter__(self) -> Copier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()  # copies still running (an early stop) end at their next chunk
        self.copiers.shutdown()
        self.hasher.shutdown()

    def check(self) -> None:
        self.cancel.check()
        if self.stop.is_set():
            raise Cancelled()

    def _count(self, n: int, label: str) -> None:
        with self._counting:
            self.done += n
            self.progress(self.done, self.total, label)

    def copy_all(self, files: Iterable[tuple[Path, str, str]]) -> Generator[str, None, None]:
        """(source, path in the bundle, label) each copied; their digests in the order given. Into a folder a few
        are copied ahead on helper threads; the first failure, in order, stops the rest. Close the iterator when
        done with it (`contextlib.closing`): stopping early then waits for the copies still running."""
        if not self.sink.plain_files:
            for src, rel, label in files:
                yield self.copy(src, rel, label)
            return
        ahead = iter(files)
        running: deque[Future[str]] = deque()

        def start_more() -> None:
            while len(running) < 2 * COPY_THREADS and (nxt := next(ahead, None)) is not None:
                running.append(self.copiers.submit(self._copy_alone, *nxt))

        try:
            start_more()
            while running:
                digest = running[0].result()
                running.popleft()
                start_more()
                yield digest
        except BaseException:  # a failure, Cancel, or the consumer stopping early (GeneratorExit)
            self.stop.set()
            for job in running:
                job.cancel()
                with suppress(BaseException):
                    job.result()  # a copy still running ends at its next chunk; its file goes with the bundle
            raise

    def copy(self, src: Path, rel: str, label: str, counted: bool = True) -> str:
        """One file, hashed on the helper thread while it is copied."""
        digest = hashlib.sha256()
        hashing: Future[None] | None = None
        with open(src, "rb") as inp, self.sink.open(rel, os.fstat(inp.fileno()).st_size) as out:
            if self.sink.plain_files:
                self._copy_by_system(inp.fileno(), out.fileno(), digest, label, counted)
                return digest.hexdigest()
            while chunk := inp.read(CHUNK):
                self.check()
                if hashing is not None:
                    hashing.result()
                hashing = self.hasher.submit(digest.update, chunk)
                out.write(chunk)
                if counted:
                    self._count(len(chunk), label)
            if hashing is not None:
                hashing.result()
        return digest.hexdigest()

    def _copy_alone(self, src: Path, rel: str, label: str) -> str:
        """One file into a folder on a copying thread: the system copies it, then the same thread hashes the
        stored file's bytes (just read, so from the cache); other files are being copied meanwhile."""
        digest = hashlib.sha256()
        with open(src, "rb") as inp:
            in_fd = inp.fileno()
            size = os.fstat(in_fd).st_size
            with self.sink.open(rel, size) as out:
                self._system_copy(in_fd, out.fileno(), size, label, True)
            _hash_range(digest, in_fd, size, self.stop)
            self.check()  # a stop while hashing: the digest is incomplete
        return digest.hexdigest()

    def _system_copy(self, in_fd: int, out_fd: int, size: int, label: str, counted: bool) -> None:
        offset = 0
        while offset < size:
            self.check()
            n = copy_range(in_fd, out_fd, offset, min(SYSTEM_CHUNK, size - offset))
            if n == 0:
                raise OSError(errno.EIO, "the stored file ended early")
            offset += n
            if counted:
                self._count(n, label)

    def _copy_by_system(self, in_fd: int, out_fd: int, digest: Any, label: str, counted: bool) -> None:
        """Into a file of its own the system copies (sharing the blocks where the file system can), while the
        helper reads the same bytes of the stored file to hash them: what was copied is what was hashed."""
        size = os.fstat(in_fd).st_size
        stop = threading.Event()
        hashing = self.hasher.submit(_hash_range, digest, in_fd, size, stop)
        try:
            self._system_copy(in_fd, out_fd, size, label, counted)
        except BaseException:
            stop.set()
            with suppress(Exception):
                hashing.result()  # the helper reads `in_fd`: done with it before it is closed
            raise
        hashing.result()


def _hash_range(digest: Any, fd: int, size: int, stop: threading.Event) -> None:
    offset = 0
    while offset < size and not stop.is_set():
        chunk = read_at(fd, offset, min(CHUNK, size - offset))
        if not chunk:
            raise OSError(errno.EIO, "the stored file ended early")
        digest.update(chunk)
        offset += len(chunk)
