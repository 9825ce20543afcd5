"""Opening an untrusted plan file (.xlsx, .xls, .docx) safely and reading its tables into plain grids of values.

The readers of each format live beside this module; each converts legacy-encoded text as it reads (it alone
knows the fonts) and reports what it converted.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path

from desktop.core.errors import UserError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 150  # deflate rarely exceeds ~20:1 on real sheets; bombs reach thousands
RATIO_MIN_BYTES = 2 * 1024 * 1024
MAX_CELLS = 3_000_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD97_STREAM = "WordDocument".encode("utf-16-le")
_XLS_FILEPASS = b"\x2f\x00"  # BIFF FILEPASS record: an encrypted .xls

CellValue = str | int | float | bool | date | datetime | time | None


class SourceFormat(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    DOCX = "docx"


ACCEPTED = "tệp Excel (.xlsx, .xls) hoặc Word (.docx)"


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
    source_format: SourceFormat = SourceFormat.XLSX
    converted: dict[str, int] = field(default_factory=dict)  # cells turned into Unicode, by legacy encoding
    garbled: list[str] = field(default_factory=list)  # where text still reads as mojibake


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


def check_plan_file(path: Path) -> SourceFormat:
    """The format of a plan file, judged by its content (not its name); anything else is refused with one
    sentence saying what to do."""
    name = path.name
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp «{name}». Hãy kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise UserError(f"«{name}» là thư mục, không phải tệp kế hoạch. Hãy chọn {ACCEPTED}.")
    if not path.is_file():
        raise UserError(f"«{name}» là tệp đặc biệt (không phải tệp thường). Hãy chọn {ACCEPTED}.")
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
            if _WORD97_STREAM in blob:
                raise UserError(
                    f"Tệp «{name}» là văn bản Word 97-2003 (.doc), ứng dụng đọc Word dạng .docx. "
                    "Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi nhập lại."
                )
            return SourceFormat.XLS
        if head.lstrip()[:1] == b"<":
            raise UserError(
                f"Tệp «{name}» là trang web (HTML) được đặt tên như bảng tính, không phải tệp Excel thật. "
                "Hãy mở bằng Excel hoặc LibreOffice, lưu lại dưới dạng .xlsx rồi nhập lại."
            )
    if head[:4] != b"PK\x03\x04":
        raise UserError(
            f"Tệp «{name}» không phải bảng tính Excel hay văn bản Word — có thể là tệp khác bị đổi tên. "
            f"Hãy chọn đúng {ACCEPTED}."
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" in names:
                found = SourceFormat.XLSX
            elif "word/document.xml" in names:
                found = SourceFormat.DOCX
            else:
                raise UserError(
                    f"Tệp «{name}» là tệp nén nhưng không phải bảng tính Excel hay văn bản Word. "
                    f"Hãy chọn đúng {ACCEPTED}."
                )
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
    return found


def too_many_cells(name: str) -> UserError:
    return UserError(
        f"Tệp «{name}» có quá nhiều ô dữ liệu (trên {MAX_CELLS:,}). Hãy xoá các trang, cột thừa rồi nhập lại."
    )


def trim_blank_tail(rows: list[list[CellValue]]) -> list[list[CellValue]]:
    while rows and all(v is None or (isinstance(v, str) and not v.strip()) for v in rows[-1]):
        rows.pop()
    return rows
