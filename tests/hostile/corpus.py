"""Hostile inputs for the plan importer, each made for real on disk: name -> (path maker, expected words)."""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.fixtures.workbooks import write_seed002

BOMB_XML = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def _valid(tmp: Path) -> Path:
    return write_seed002(tmp / "valid.xlsx")


def _rewrite(src: Path, dest: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dest


def not_a_workbook(tmp: Path) -> Path:
    p = tmp / "ngau-nhien.xlsx"
    p.write_bytes(random.Random(7).randbytes(8192))
    return p


def renamed_text(tmp: Path) -> Path:
    p = tmp / "phu-luc.xlsx"
    p.write_text(
        "STT;Nhiệm vụ;Chủ trì;Phối hợp;Thời gian\n1;Tuyên truyền;Sở Nội vụ;UBND cấp xã;Năm 2025\n", encoding="utf-8"
    )
    return p


def truncated_zip(tmp: Path) -> Path:
    data = _valid(tmp).read_bytes()
    p = tmp / "bi-cat.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def password_protected(tmp: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    src = _valid(tmp)
    p = tmp / "co-mat-khau.xlsx"
    with src.open("rb") as fin, p.open("wb") as fout:
        OOXMLFile(fin).encrypt("matkhau123", fout)
    return p


def _xls(tmp: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Phu luc")
    for col, text in enumerate(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]):
        ws.write(0, col, text)
    ws.write(1, 0, "1")
    ws.write(1, 1, "Tuyên truyền CCHC")
    p = tmp / "phu-luc-cu.xls"
    wb.save(str(p))
    return p


def truncated_xls(tmp: Path) -> Path:
    data = _xls(tmp).read_bytes()
    p = tmp / "xls-bi-cat.xls"
    p.write_bytes(data[: len(data) // 2])
    return p


def xls_without_tasks_header(tmp: Path) -> Path:
    """A real .xls whose only table is a list of officials: it is read, and refused for having no task table."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sach")
    for col, text in enumerate(["Họ và tên", "Năm sinh", "Đơn vị"]):
        ws.write(0, col, text)
    ws.write(1, 0, "Nguyễn Văn A")
    p = tmp / "danh-sach.xls"
    wb.save(str(p))
    return p


def html_as_xls(tmp: Path) -> Path:
    """What web systems export as «Excel»: an HTML table named .xls."""
    p = tmp / "xuat-tu-web.xls"
    p.write_text("<html><body><table><tr><td>STT</td><td>Nhiệm vụ</td></tr></table></body></html>", encoding="utf-8")
    return p


def word97_doc(tmp: Path) -> Path:
    """An OLE compound file holding a «WordDocument» stream: a Word 97-2003 .doc."""
    p = tmp / "ke-hoach.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1016 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    return p


def docx_without_table(tmp: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH Cải cách hành chính năm 2025")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    p = tmp / "chi-co-van-ban.docx"
    document.save(str(p))
    return p


def entity_bomb(tmp: Path) -> Path:
    return _rewrite(_valid(tmp), tmp / "bom-xml.xlsx", {"xl/worksheets/sheet1.xml": BOMB_XML})


def zip_bomb(tmp: Path) -> Path:
    return _rewrite(_valid(tmp), tmp / "bom-nen.xlsx", {}, {"xl/media/image1.bin": b"\0" * (40 * 1024 * 1024)})


def empty_sheet(tmp: Path) -> Path:
    wb = Workbook()
    wb.active.title = "Trang1"
    p = tmp / "trang-trong.xlsx"
    wb.save(p)
    return p


def no_header(tmp: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách cán bộ tham gia tập huấn"])
    ws.append(["Họ và tên", "Năm sinh", "Đơn vị"])
    ws.append(["Nguyễn Văn A", 1980, "UBND xã Hòa An"])
    p = tmp / "khong-co-tieu-de.xlsx"
    wb.save(p)
    return p


def only_sections(tmp: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Nội dung nhiệm vụ", "Chủ trì", "Thời gian"])
    ws.append(["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"])
    ws.append(["1.1", "Thực hiện kế hoạch CCHC"])
    ws.append(["1.1.1", None, None, None])
    p = tmp / "chi-co-muc.xlsx"
    wb.save(p)
    return p


def docx_renamed(tmp: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    p = tmp / "van-ban.xlsx"
    p.write_bytes(buf.getvalue())
    return p


def empty_file(tmp: Path) -> Path:
    p = tmp / "rong.xlsx"
    p.write_bytes(b"")
    return p


def directory(tmp: Path) -> Path:
    p = tmp / "thu-muc.xlsx"
    p.mkdir()
    return p


def missing(tmp: Path) -> Path:
    return tmp / "khong-ton-tai.xlsx"


def fifo(tmp: Path) -> Path:
    p = tmp / "ong-dan.xlsx"
    os.mkfifo(p)  # a named pipe: opening it would wait for a writer forever
    return p


CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not_a_workbook": (not_a_workbook, "không phải bảng tính Excel"),
    "renamed_text": (renamed_text, "không phải bảng tính Excel"),
    "truncated_zip": (truncated_zip, "chép chưa trọn vẹn"),
    "password_protected": (password_protected, "mật khẩu"),
    "truncated_xls": (truncated_xls, "Không đọc được tệp Excel 97-2003"),
    "xls_without_tasks_header": (xls_without_tasks_header, "Không tìm thấy dòng tiêu đề"),
    "html_as_xls": (html_as_xls, "trang web (HTML)"),
    "word97_doc": (word97_doc, "Word 97-2003 (.doc)"),
    "docx_without_table": (docx_without_table, "không có bảng phụ lục"),
    "entity_bomb": (entity_bomb, "khai báo XML không được phép"),
    "zip_bomb": (zip_bomb, "nén bất thường"),
    "empty_sheet": (empty_sheet, "Không tìm thấy nhiệm vụ"),
    "no_header": (no_header, "Không tìm thấy dòng tiêu đề"),
    "only_sections": (only_sections, "Không tìm thấy nhiệm vụ"),
    "docx_renamed": (docx_renamed, "Không đọc được tệp Word"),
    "empty_file": (empty_file, "rỗng"),
    "directory": (directory, "thư mục"),
    "missing": (missing, "Không tìm thấy tệp"),
    **({"fifo": (fifo, "tệp đặc biệt")} if hasattr(os, "mkfifo") else {}),
}
