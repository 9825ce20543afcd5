"""A received bundle as the inbox keeps it: a zip stays the zip it came as (one file to create, where unpacking
made one per evidence file), a bundle that came as a folder stays a folder. Both are read through `BundleSource`;
a file inside a kept zip is extracted when the user opens it."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from contextlib import suppress
from pathlib import Path

from desktop.core.bundle.layout import path_problem
from desktop.core.disk_sync import start_writeback, sync_files, syncfs_wanted
from desktop.core.errors import UserError, os_reason
from desktop.core.file_copy import copy_range, read_at
from desktop.core.progress import CancelToken, ProgressFn, no_progress

CHUNK = 8 << 20
ZIP_SUFFIX = ".zip"


def kept_name(bundle_uuid: str, whole_zip: bool) -> str:
    return f"{bundle_uuid}{ZIP_SUFFIX}" if whole_zip else bundle_uuid


def remove_kept(path: Path) -> None:
    """A copy or a kept bundle gone, whichever it is; nothing raised (it is cleaning up after something else)."""
    with suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def copy_whole(src: Path, dest: Path, cancel: CancelToken) -> None:
    """`src` copied byte for byte into the new file `dest` by the system (`copy_range`), handed
    to the disk as it goes, and flushed when the caller's batch is not made durable at once (see `take_in`).
    A file that cannot be read is a UserError naming it; a failure to write is raised as the OSError it is."""
    try:
        inp = open(src, "rb")  # noqa: SIM115 (closed by the `with` below; its own failure is the source's)
    except OSError as exc:
        raise UserError(f"Không mở được «{src.name}» ({os_reason(exc)}).") from None
    with inp, open(dest, "xb") as out:
        size = os.fstat(inp.fileno()).st_size
        offset = 0
        while offset < size:
            cancel.check()
            count = min(CHUNK, size - offset)
            try:
                sent = copy_range(inp.fileno(), out.fileno(), offset, count)
            except OSError:
                _raise_if_unreadable(inp.fileno(), src, offset, count)
                raise
            if sent == 0:  # the file shrank while it was copied (a USB stick pulled)
                raise UserError(f"Không đọc hết được «{src.name}»: tệp bị cắt ngắn khi đang chép.")
            offset += sent
            start_writeback(out.fileno())
    if not syncfs_wanted():
        sync_files(dest.parent, [dest], [])


def _raise_if_unreadable(fd: int, src: Path, offset: int, count: int) -> None:
    """Whether a failed copy failed reading: the same bytes read again tell (a write error then is the disk's)."""
    try:
        read_at(fd, offset, min(count, 1 << 16))
    except OSError as exc:
        raise UserError(f"Không đọc được «{src.name}» ({os_reason(exc)}).") from None


def viewing_dir(bundle_uuid: str) -> Path:
    """Where the files of a kept zip are extracted to be opened: the user's temporary folder, one per bundle."""
    return Path(tempfile.gettempdir()) / "cchc-goi-da-nhan" / bundle_uuid


def viewable(
    bundle: Path, rel: str, into: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None
) -> Path:
    """A file of a kept bundle as a path the system viewer can open: inside a folder bundle as it is; from a kept
    zip extracted into `into` (once: a second open reuses it), written whole before it takes its name."""
    cancel = cancel or CancelToken()
    if path_problem(rel) is not None:  # checked on receipt; the inbox is read again now, so checked again
        raise UserError(f"Tệp «{rel[:80]}» của gói đã nhận có đường dẫn không hợp lệ; hãy đề nghị đơn vị gửi lại gói.")
    if bundle.is_dir():
        return bundle.joinpath(*rel.split("/"))
    dest = into.joinpath(*rel.split("/"))
    part = dest.with_name(f".{dest.name}.part")
    try:
        with zipfile.ZipFile(bundle) as zf:
            info = zf.getinfo(rel)
            if dest.is_file() and dest.stat().st_size == info.file_size:
                return dest
            dest.parent.mkdir(parents=True, exist_ok=True)
            done = 0
            with zf.open(info) as inp, open(part, "wb") as out:
                while chunk := inp.read(1 << 20):
                    cancel.check()
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, info.file_size, rel.rsplit("/", 1)[-1])
            os.replace(part, dest)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "gói lưu trong hộp thư đến bị thiếu hoặc hỏng"
        raise UserError(
            f"Không mở được tệp «{rel.rsplit('/', 1)[-1]}» của gói đã nhận ({reason}); hãy đề nghị "
            "đơn vị gửi lại gói rồi tiếp nhận lại."
        ) from None
    finally:
        with suppress(OSError):
            part.unlink(missing_ok=True)
    return dest
