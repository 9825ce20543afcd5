"""The print-ready sheet writer: body rows are our own XML, so every kind of value and hostile text is read
back by openpyxl and by LibreOffice exactly as a user typed it, with the sheet's styles."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop.core.reports.print_sheet import PrintBook
from tests.office import libreoffice_sheets, needs_libreoffice

HEADERS = (("STT", 6), ("Nội dung", 40), ("Tỷ lệ", 8), ("Ghi chú", 20))
HOSTILE = "=SUM(A1:A9) <b>Hòa & An</b> \"trích\" 'dẫn'"
CONTROL = "Kết quả\x07 tốt\x1f"  # bell and unit separator: XML 1.0 cannot carry them
NFD = "Ho\u0300a An"  # "Hòa An" typed with a combining grave accent


def _book(path: Path) -> Path:
    book = PrintBook()
    sheet = book.sheet("Tiến độ nhiệm vụ", HEADERS, "KẾT QUẢ THỰC HIỆN — UBND xã Hòa An")
    sheet.row([1, HOSTILE, 62.5, None])
    sheet.row([2, CONTROL, 100, NFD])
    sheet.row(["Tổng", "", 2, True], bold=True)
    other = book.sheet("Tổng hợp", HEADERS[:2], "TỔNG HỢP")
    other.row(["+84 912 345 678", "  thụt lề\ndòng hai"])
    return book.save(path)


def test_rows_read_back_as_written_with_the_sheet_styles(tmp_path: Path) -> None:
    out = _book(tmp_path / "bang.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["bang.xlsx"]  # no temporary file left beside it
    wb = load_workbook(out)
    ws = wb["Tiến độ nhiệm vụ"]
    assert ws["A1"].value == "KẾT QUẢ THỰC HIỆN — UBND xã Hòa An" and ws["B2"].value == "Nội dung"
    assert [c.value for c in ws[3]] == [1, HOSTILE, 62.5, None]
    assert ws["B3"].data_type == "s"  # the "=" text is not a formula
    assert [c.value for c in ws[4]] == [2, "Kết quả tốt", 100, "Hòa An"]  # control characters dropped, NFC
    assert [c.value for c in ws[5]] == ["Tổng", None, 2, True]
    body, total = ws["B3"], ws["B5"]
    assert body.font.name == "Times New Roman" and not body.font.bold and total.font.bold
    assert body.alignment.wrap_text and body.alignment.vertical == "top"
    assert ws["D3"].border.left.style == "thin"  # a blank cell keeps its border
    assert ws.max_row == 5 and ws.freeze_panes == "A3"
    tel, indented = (c.value for c in wb["Tổng hợp"][3])
    assert tel == "+84 912 345 678" and indented == "thụt lề\ndòng hai"  # tidied like all text, lines kept


def test_an_empty_sheet_keeps_its_header(tmp_path: Path) -> None:
    book = PrintBook()
    book.sheet("Quá hạn", HEADERS, "NHIỆM VỤ QUÁ HẠN")
    ws = load_workbook(book.save(tmp_path / "rong.xlsx"))["Quá hạn"]
    assert ws.max_row == 2 and ws["A2"].value == "STT"


@needs_libreoffice
def test_libreoffice_opens_it_with_the_vietnamese_and_text_stays_text(tmp_path: Path) -> None:
    sheets = libreoffice_sheets(_book(tmp_path / "bang.xlsx"), tmp_path)
    assert set(sheets) == {"Tiến độ nhiệm vụ", "Tổng hợp"}
    lines = sheets["Tiến độ nhiệm vụ"].splitlines()
    assert lines[0].startswith("KẾT QUẢ THỰC HIỆN — UBND xã Hòa An")
    assert "=SUM(A1:A9) <b>Hòa & An</b>" in lines[2]  # shown as typed, not computed
    assert lines[3] == "2,Kết quả tốt,100,Hòa An"
    assert "+84 912 345 678" in sheets["Tổng hợp"]
