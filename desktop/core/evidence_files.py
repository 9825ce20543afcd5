"""The evidence file store: content-addressed by SHA-256 under evidence/ab/abcd…, written crash-safely.

A file is streamed into evidence/.tmp (hashing as it goes) and renamed to its hash name; its row is committed
only after both its data and its name are on disk (see Flusher for how a batch gets there cheaply). A crash can
therefore leave a file without a row (reported at start-up, re-checked before the same content reuses it),
never a row without its file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from desktop.core.disk_sync import fsync_dir, fsync_path, start_writeback, sync_filesystem, syncfs_wanted
from desktop.core.errors import Cancelled, UserError, disk_full, os_reason
from desktop.core.progress import ProgressFn, Stoppable

CHUNK = 1 << 18  # fits the CPU cache between read, hash and write
TMP_DIR = ".tmp"


def evidence_root(data_dir: Path) -> Path:
    return data_dir / "evidence"


def blob_path(data_dir: Path, sha256: str) -> Path:
    return evidence_root(data_dir) / sha256[:2] / sha256


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    already_stored: bool  # the same content was in the store before


def staging_dir(data_dir: Path) -> Path:
    """evidence/.tmp, where files are copied before they take their hash name; made once per add."""
    tmp_dir = evidence_root(data_dir) / TMP_DIR
    tmp_dir.mkdir(parents=True, exist_ok=True)
    return tmp_dir


def check_source(src: Path) -> int:
    try:
        st = src.stat()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp «{src}». Hãy kiểm tra lại đường dẫn hoặc USB.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp «{src}» ({os_reason(exc)}).") from exc
    if src.is_dir():
        raise UserError(f"«{src}» là thư mục; hãy chọn từng tệp kiểm chứng.")
    if st.st_size == 0:
        raise UserError(f"Tệp «{src.name}» rỗng (0 byte); hãy kiểm tra lại bản quét hoặc bản chụp.")
    return st.st_size


@dataclass(frozen=True)
class StagedFile:
    """A source file copied into evidence/.tmp and hashed, not yet flushed or in its place."""

    tmp: Path
    sha256: str
    size: int


def stage_file(
    data_dir: Path,
    src: Path,
    progress: ProgressFn,
    cancel: Stoppable,
    done_before: int = 0,
    total: int = 0,
) -> StagedFile:
    """Stream `src` into a temp file, hashing as it goes. Progress counts bytes from `done_before` of `total`.
    The caller made evidence/.tmp (`staging_dir`) and checked the source before; it is checked again as opened."""
    try:
        inp = open(src, "rb", buffering=0)  # noqa: SIM115 (closed below, with the temp file)
    except OSError as exc:
        check_source(src)  # says why in the user's words (gone, a folder…)
        raise _copy_error(src, exc) from exc
    fd, tmp_name = tempfile.mkstemp(dir=evidence_root(data_dir) / TMP_DIR, suffix=".part")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    copied = 0
    try:
        with open(fd, "wb", buffering=0) as out, inp:
            total = total or os.fstat(inp.fileno()).st_size
            while True:
                n = inp.readinto(buf)
                if not n:
                    break
                chunk = view[:n]
                digest.update(chunk)
                out.write(chunk)
                copied += n
                if cancel.cancelled:
                    raise Cancelled()
                progress(done_before + copied, total, src.name)
            start_writeback(out.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _copy_error(src, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return StagedFile(tmp, digest.hexdigest(), copied)


def _copy_error(src: Path, exc: OSError) -> UserError:
    if disk_full(exc):
        return UserError("Ổ đĩa chứa dữ liệu đã đầy; hãy giải phóng dung lượng rồi thêm lại tệp.")
    return UserError(
        f"Không sao chép được tệp «{src.name}» ({os_reason(exc)}). Nếu tệp ở trên USB, hãy kiểm tra USB "
        "còn cắm; không có gì được ghi dở dang."
    )


_DONE: Future[None] = Future()
_DONE.set_result(None)


class Flusher:
    """Makes staged files durable, the cheapest way the system allows, without stalling the copy.

    Where Linux offers syncfs, a batch is renamed into place and then made durable by one call, as `cp -r` +
    `sync` would. Elsewhere each file is fsynced on helper threads while the next file copies, and
    the renamed-into directories are fsynced together. `settle` is the barrier before any file is renamed.
    """

    def __init__(self, data_dir: Path, threads: int = 2) -> None:
        self._root = evidence_root(data_dir)
        self._syncfs = syncfs_wanted()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="fsync")

    def submit(self, staged: StagedFile) -> Future[None]:
        if self._syncfs:
            return _DONE
        return self._pool.submit(fsync_path, staged.tmp)

    @property
    def renames_first(self) -> bool:
        """One syncfs after the renames covers data and names together. A power cut before it can leave a
        final-named file incomplete, but never with a row: such a file is re-hashed before it is ever reused."""
        return self._syncfs

    def barrier(self, flushes: Sequence[Future[None]]) -> None:
        """The batch's data is on disk when this returns (per-file mode)."""
        wait_flushed(flushes)

    def flush_dirs(self, folders: set[Path]) -> None:
        """The batch's data and its renames into these folders are on disk when this returns."""
        if self._syncfs:
            try:
                sync_filesystem(self._root)
            except OSError as exc:
                raise _copy_error(Path("(đang ghi xuống đĩa)"), exc) from exc
            return
        wait_flushed([self._pool.submit(fsync_dir, f) for f in folders])  # concurrent ones share journal commits

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> Flusher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def wait_flushed(futures: Sequence[Future[None]], quietly: bool = False) -> None:
    """Wait for every flush; the first failure is raised unless `quietly` (cleaning up after another error)."""
    errors = [f.exception() for f in futures]
    if quietly:
        return
    for exc in errors:
        if isinstance(exc, OSError):
            raise _copy_error(Path("(đang ghi xuống đĩa)"), exc) from exc
        if exc is not None:
            raise exc


def settle(
    data_dir: Path, staged: Sequence[StagedFile], flushes: Sequence[Future[None]], flusher: Flusher
) -> list[StoredFile]:
    """Temp files into their hash names, durably; the same content already there is kept, the copy dropped."""
    if not flusher.renames_first:
        flusher.barrier(flushes)  # the data is on disk before any of it takes its final name
    stored: list[StoredFile] = []
    touched: set[Path] = set()
    for st in staged:
        dest = blob_path(data_dir, st.sha256)
        if _holds(dest, st, verify=flusher.renames_first):
            st.tmp.unlink()
            stored.append(StoredFile(st.sha256, st.size, True))
            continue
        dest.parent.mkdir(exist_ok=True)
        os.replace(st.tmp, dest)
        touched.add(dest.parent)
        stored.append(StoredFile(st.sha256, st.size, False))
    flusher.flush_dirs(touched)
    return stored


def _holds(dest: Path, st: StagedFile, verify: bool) -> bool:
    try:
        if dest.stat().st_size != st.size:
            return False
    except FileNotFoundError:
        return False
    return not verify or hash_file(dest) == st.sha256


def discard(staged: Sequence[StagedFile]) -> None:
    for st in staged:
        st.tmp.unlink(missing_ok=True)


def iter_stored(data_dir: Path) -> Iterator[tuple[str, int]]:
    """(sha256, size) of every file in the store, temp files excluded."""
    root = evidence_root(data_dir)
    if not root.is_dir():
        return
    for sub in root.iterdir():
        if not sub.is_dir() or sub.name == TMP_DIR or len(sub.name) != 2:
            continue
        for entry in os.scandir(sub):
            if entry.is_file() and len(entry.name) == 64:
                yield entry.name, entry.stat().st_size


def temp_files(data_dir: Path) -> list[Path]:
    tmp_dir = evidence_root(data_dir) / TMP_DIR
    return sorted(tmp_dir.iterdir()) if tmp_dir.is_dir() else []


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        buf = bytearray(CHUNK)
        while n := f.readinto(buf):
            digest.update(memoryview(buf)[:n])
    return digest.hexdigest()


def remove_blob(data_dir: Path, sha256: str) -> int:
    path = blob_path(data_dir, sha256)
    size = path.stat().st_size
    path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only succeeds when empty
    return size
