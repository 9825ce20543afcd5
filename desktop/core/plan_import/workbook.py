"""Opening an untrusted .xlsx safely and reading its sheets into plain grids of values."""

from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from desktop.core.errors import UserError
from desktop.core.progress import CancelToken, ProgressFn, no_progress

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 150  # deflate rarely exceeds ~20:1 on real sheets; bombs reach thousands
RATIO_MIN_BYTES = 2 * 1024 * 1024
MAX_CELLS = 3_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

CellValue = str | int | float | bool | date | datetime | time | None


@dataclass
class SheetGrid:
    name: str
    rows: list[list[CellValue]]
    # (min_row, min_col, max_row, max_col), 0-based inclusive
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class WorkbookGrid:
    path: Path
    sha256: str
    sheets: list[SheetGrid]
    uncached_formulas: int = 0  # formula cells saved without a value: openpyxl reads them as empty


_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>(.*?)</c>)", re.S)
_VALUE = re.compile(rb"<v>[^<]")


def uncached_formulas(path: Path) -> int:
    """Cells with a formula and no cached value (files written by tools that never calculate)."""
    count = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            xml = zf.read(info)
            if b"<f" not in xml:
                continue
            for m in _CELL.finditer(xml):
                body = m.group(1) or b""
                if b"<f" in body and not _VALUE.search(body):  # no <v>, or an empty <v /> or <v></v>
                    count += 1
    return count


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_workbook_file(path: Path) -> None:
    """Refuse anything that is not a plain, sane .xlsx, with one sentence saying what to do."""
    name = path.name
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp «{name}». Hãy kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise UserError(f"«{name}» là thư mục, không phải tệp Excel. Hãy chọn tệp .xlsx.")
    if not path.is_file():
        raise UserError(f"«{name}» là tệp đặc biệt (không phải tệp thường), không phải tệp Excel. Hãy chọn tệp .xlsx.")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"Tệp «{name}» rỗng (0 byte). Hãy chép lại tệp từ nguồn gốc.")
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"Tệp «{name}» quá lớn ({size // (1024 * 1024)} MB); phụ lục kế hoạch thường dưới 10 MB. "
            "Hãy kiểm tra lại tệp."
        )
    with path.open("rb") as f:
        head = f.read(8)
        if head == _OLE_MAGIC:
            f.seek(0)
            blob = f.read(min(size, 4 * 1024 * 1024))
            if _ENCRYPTED_STREAM in blob:
                raise UserError(
                    f"Tệp «{name}» được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu "
                    "(Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại và nhập lại."
                )
            raise UserError(
                f"Tệp «{name}» là định dạng Excel 97-2003 (.xls), ứng dụng chỉ đọc .xlsx. "
                "Hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
            )
    if head[:4] != b"PK\x03\x04":
        raise UserError(
            f"Tệp «{name}» không phải bảng tính Excel (.xlsx) — có thể là tệp khác bị đổi tên. "
            "Hãy chọn đúng tệp phụ lục .xlsx."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise UserError(f"Tệp «{name}» là tệp nén nhưng không phải bảng tính Excel. Hãy chọn đúng tệp .xlsx.")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES or any(
                i.file_size > RATIO_MIN_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos
            ):
                raise UserError(
                    f"Tệp «{name}» có nội dung nén bất thường (có thể là tệp độc hại). Ứng dụng từ chối mở."
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as member:
                        prolog = member.read(64 * 1024)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise UserError(
                            f"Tệp «{name}» chứa khai báo XML không được phép (có thể là tệp độc hại). "
                            "Ứng dụng từ chối mở."
                        )
    except zipfile.BadZipFile as exc:
        raise UserError(f"Tệp «{name}» bị hỏng hoặc chép chưa trọn vẹn. Hãy chép lại tệp từ nguồn gốc.") from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        log.exception("cannot read %s as zip", path)
        raise UserError(f"Tệp «{name}» bị hỏng hoặc chép chưa trọn vẹn. Hãy chép lại tệp từ nguồn gốc.") from exc


def read_workbook(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> WorkbookGrid:
    path = Path(path)
    check_workbook_file(path)
    progress(0, 0, "Đang mở tệp Excel…")
    sha = file_sha256(path)
    import openpyxl  # heavy; loaded only when a workbook is actually opened

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except UserError:
        raise
    except Exception as exc:
        log.exception("openpyxl failed on %s", path)
        raise UserError(
            f"Không đọc được tệp «{path.name}»: tệp hỏng hoặc không đúng định dạng Excel. "
            "Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi nhập lại."
        ) from exc
    sheets: list[SheetGrid] = []
    cells = 0
    try:
        worksheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        for n, ws in enumerate(worksheets):
            if cancel is not None:
                cancel.check()
            progress(n, len(worksheets), f"Đang đọc trang «{ws.title}»…")
            rows: list[list[CellValue]] = []
            for values in ws.iter_rows(values_only=True):
                rows.append(list(values))
                cells += len(values)
                if cells > MAX_CELLS:
                    raise UserError(
                        f"Tệp «{path.name}» có quá nhiều ô dữ liệu (trên {MAX_CELLS:,}). "
                        "Hãy xoá các trang, cột thừa rồi nhập lại."
                    )
            while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
                rows.pop()
            merges = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
            sheets.append(SheetGrid(name=ws.title, rows=rows, merges=merges))
    finally:
        wb.close()
    return WorkbookGrid(path=path, sha256=sha, sheets=sheets, uncached_formulas=uncached_formulas(path))
