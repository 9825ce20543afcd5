"""The evidence file store: content-addressed by SHA-256 under evidence/ab/abcd…, written crash-safely.

A file is streamed into evidence/.tmp (hashing as it goes), flushed to disk, then renamed to its hash name;
only after that is its row committed. A crash can therefore leave a file without a row (reported at start-up,
reused if the same content is added again), never a row without its file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import Cancelled, UserError
from desktop.core.progress import CancelToken, ProgressFn

CHUNK = 1 << 20
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


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_source(src: Path) -> int:
    try:
        st = src.stat()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp «{src}». Hãy kiểm tra lại đường dẫn hoặc USB.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp «{src}»: {exc.strerror}.") from exc
    if src.is_dir():
        raise UserError(f"«{src}» là thư mục; hãy chọn từng tệp kiểm chứng.")
    if st.st_size == 0:
        raise UserError(f"Tệp «{src.name}» rỗng (0 byte); hãy kiểm tra lại bản quét hoặc bản chụp.")
    return st.st_size


def store_file(
    data_dir: Path,
    src: Path,
    progress: ProgressFn,
    cancel: CancelToken,
    done_before: int = 0,
    total: int = 0,
) -> StoredFile:
    """Copy `src` into the store. Progress counts bytes from `done_before` out of `total`."""
    size = _check_source(src)
    tmp_dir = evidence_root(data_dir) / TMP_DIR
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, suffix=".part")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    copied = 0
    total = total or size
    try:
        with open(fd, "wb", buffering=0) as out, open(src, "rb", buffering=0) as inp:
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
            os.fsync(out.fileno())
    except Cancelled:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise UserError("Ổ đĩa chứa dữ liệu đã đầy; hãy giải phóng dung lượng rồi thêm lại tệp.") from exc
        raise UserError(
            f"Không sao chép được tệp «{src.name}»: {exc.strerror or exc}. Nếu tệp ở trên USB, hãy kiểm tra USB "
            "còn cắm; không có gì được ghi dở dang."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sha = digest.hexdigest()
    dest = blob_path(data_dir, sha)
    if dest.exists() and dest.stat().st_size == copied:
        tmp.unlink()
        return StoredFile(sha, copied, True)
    dest.parent.mkdir(exist_ok=True)
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)
    return StoredFile(sha, copied, False)


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
