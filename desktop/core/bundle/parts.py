"""Splitting a zip bundle into parts small enough for e-mail (name.zip.001, .002 …) and joining them again.

The parts are plain byte slices of the zip: joined in order they are the zip. Joining checks that every part
from 001 up is there and that the total stays under the bundle size limit before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import UserError

CHUNK = 1 << 20
_PART = re.compile(r"^(?P<stem>.+\.zip)\.(?P<n>\d{3})$", re.IGNORECASE)


def is_part(path: Path) -> bool:
    return _PART.match(path.name) is not None


def whole_name(path: Path) -> Path:
    """A part stands for its whole bundle: "x.zip.002" → "x.zip"; any other path is itself."""
    m = _PART.match(path.name)
    return path.with_name(m.group("stem")) if m else path


def split_file(path: Path, part_bytes: int) -> list[Path]:
    """`path` cut into parts of at most `part_bytes`; the parts replace it only once all are written."""
    if part_bytes < 1:
        raise UserError("Kích thước mỗi phần phải lớn hơn 0 MB.")
    size = path.stat().st_size
    count = max(1, -(-size // part_bytes))
    if count > 999:
        raise UserError(
            f"Chia {size // 2**20} MB thành phần {part_bytes // 2**20} MB sẽ quá 999 phần; hãy chọn lớn hơn."
        )
    finals = [path.with_name(f"{path.name}.{i:03d}") for i in range(1, count + 1)]
    temps = [p.with_name(f".{p.name}.part") for p in finals]
    try:
        with open(path, "rb") as src:
            for tmp in temps:
                left = part_bytes
                with open(tmp, "wb") as out:
                    while left and (chunk := src.read(min(CHUNK, left))):
                        out.write(chunk)
                        left -= len(chunk)
                    out.flush()
                    os.fsync(out.fileno())
        for tmp, final in zip(temps, finals, strict=True):
            os.replace(tmp, final)
    except BaseException:
        for p in (*temps, *finals):
            p.unlink(missing_ok=True)
        raise
    path.unlink()
    return finals


def sibling_parts(first: Path) -> list[Path]:
    m = _PART.match(first.name)
    if m is None:
        raise UserError(f"«{first.name}» không phải một phần của gói báo cáo (dạng tên.zip.001).")
    stem = m.group("stem")
    found = sorted(p for p in first.parent.iterdir() if _PART.match(p.name) and p.name[:-4] == stem)
    numbers = [int(p.name[-3:]) for p in found]
    missing = [n for n in range(1, max(numbers, default=0) + 1) if n not in numbers]
    if missing or not found:
        names = ", ".join(f"{stem}.{n:03d}" for n in (missing or [1]))
        raise UserError(f"Thiếu phần {names} của gói báo cáo; hãy chép đủ các phần vào cùng một thư mục.")
    return found


@contextmanager
def joined(first: Path, limit: int) -> Iterator[Path]:
    """The parts of a split bundle joined into a temporary zip, removed afterwards."""
    parts = sibling_parts(first)
    total = sum(p.stat().st_size for p in parts)
    if total > limit:
        raise UserError(f"Các phần của gói cộng lại {total // 2**20} MB, vượt giới hạn {limit // 2**20} MB.")
    sizes = [p.stat().st_size for p in parts]
    for part, size in zip(parts[1:-1], sizes[1:-1], strict=True):
        if size != sizes[0]:  # split_file cuts every part but the last to one size
            raise UserError(
                f"Phần «{part.name}» có {size} byte, khác các phần khác ({sizes[0]} byte): phần đó chép chưa trọn "
                "hoặc lẫn từ gói khác. Hãy chép lại đủ các phần rồi tiếp nhận lại."
            )
    if len(parts) > 1 and sizes[-1] > sizes[0]:
        raise UserError(f"Phần cuối «{parts[-1].name}» lớn hơn các phần trước: các phần bị lẫn. Hãy chép lại.")
    folder = Path(tempfile.mkdtemp(prefix="cchc-goi-"))
    target = folder / parts[0].name[:-4]
    try:
        seen: dict[str, str] = {}
        with open(target, "wb") as out:
            for part in parts:
                digest = hashlib.sha256()
                with open(part, "rb") as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() in seen:
                    raise UserError(
                        f"Phần «{part.name}» giống hệt phần «{seen[digest.hexdigest()]}» (chép nhầm?). Hãy chép lại "
                        "đúng các phần của gói rồi tiếp nhận lại."
                    )
                seen[digest.hexdigest()] = part.name
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)
