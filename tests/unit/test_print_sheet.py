"""The print-ready sheet writer: body rows are our own XML, so every kind of value and hostile text is read
back by openpyxl and by LibreOffice exactly as a user typed it, with the sheet's styles."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_each_row_is_as_tall_as_its_wrapped_text(tmp_path: Path) -> None:
    book = PrintBook("UBND xã Hòa An", "Quý III năm 2025")
    sheet = book.sheet("Tiến độ nhiệm vụ", HEADERS, "KẾT QUẢ")
    sheet.row([1, "Ngắn", 5, ""])
    sheet.row([2, "Tuyên truyền cải cách hành chính trên loa truyền thanh của xã " * 6, 5, ""])
    sheet.row([3, "Dòng một\nDòng hai\nDòng ba", 5, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"])
    ws = load_workbook(book.save(tmp_path / "cao.xlsx"))["Tiến độ nhiệm vụ"]
    heights = [ws.row_dimensions[r].height for r in range(3, 6)]
    assert heights[0] == 15.75 + 3  # one line
    assert heights[1] >= 8 * 15.75  # ~370 characters in a 40-wide column: eight lines or more
    assert heights[2] == 4 * 15.75 + 3  # three paragraphs, and a 64-character hash broken in a 20-wide column
    assert ws.oddHeader.left.text == "UBND xã Hòa An" and ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.print_title_rows == "$2:$2"


def test_a_sheet_too_wide_to_print_at_ten_points_is_refused() -> None:
    book = PrintBook()
    with pytest.raises(ValueError, match="140"):
        book.sheet("Rộng", (("Nội dung", 100), ("Ghi chú", 41)), "RỘNG")


def test_an_ampersand_in_the_page_header_prints_as_itself(tmp_path: Path) -> None:
    book = PrintBook("Sở Nội vụ & Ban Dân tộc", "Quý III")
    book.sheet("Trang", HEADERS, "T")
    ws = load_workbook(book.save(tmp_path / "and.xlsx"))["Trang"]
    assert ws.oddHeader.left.text == "Sở Nội vụ && Ban Dân tộc"
