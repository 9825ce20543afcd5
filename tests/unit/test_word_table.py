"""The Word appendix table, written row by row from a formatted model row: every cell keeps its text (line
breaks, tabs, spaces, nothing at all) and its format, read back by python-docx."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.core.reports.pdf import ReportTexts
from desktop.core.reports.word import WordTable, write_docx

HEADERS = [("STT", 12.0), ("Cơ quan", 70.0), ("Kết quả", 60.0), ("Ghi chú", 30.0)]


def test_every_row_keeps_its_texts_and_the_model_rows_format(tmp_path: Path) -> None:
    odd = [
        [1, "UBND xã Văn Lăng", "Đã ban hành\nQuyết định 12/QĐ-UBND", "Mục\tthụt"],
        [2, None, "  khoảng trắng ở hai đầu  ", ""],
        [3, "Xã Hoà An (NFD)".replace("à", "a\u0300")],  # fewer values than columns: the rest stay empty
    ]
    many = [[i, f"UBND phường Số {i}", f"Hoàn thành {i}%", "TLKC"] for i in range(4, 604)]
    path = write_docx(
        tmp_path / "phu-luc.docx", ReportTexts(agency="Sở Nội vụ"), [], [WordTable("Phụ lục", HEADERS, odd + many)]
    )

    table = Document(str(path)).tables[-1]  # the first holds the letterhead
    assert len(table.rows) == 1 + len(odd) + len(many)
    assert [c.text for c in table.rows[0].cells] == ["STT", "Cơ quan", "Kết quả", "Ghi chú"]
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "UBND xã Văn Lăng",
        "Đã ban hành\nQuyết định 12/QĐ-UBND",
        "Mục\tthụt",
    ]
    assert [c.text for c in table.rows[2].cells] == ["2", "", "khoảng trắng ở hai đầu", ""]  # tidied, as all text
    assert [c.text for c in table.rows[3].cells] == ["3", "Xã Hoà An (NFD)", "", ""]  # composed (NFC) again
    assert [c.text for c in table.rows[600].cells] == ["600", "UBND phường Số 600", "Hoàn thành 600%", "TLKC"]
    assert "·" not in "".join(c.text for row in table.rows for c in row.cells)  # no model row left behind

    for index in (0, 1, 600):
        row = table.rows[index]
        for cell, (_name, width) in zip(row.cells, HEADERS, strict=True):
            assert abs(cell.width - Mm(width)) < Mm(0.05)  # stored in twentieths of a point
            paragraph = cell.paragraphs[0]
            assert paragraph.paragraph_format.space_before == Pt(3)
            run = paragraph.runs[0]
            assert run.font.size == Pt(10) and bool(run.bold) == (index == 0)
            fonts = run.element.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == "Times New Roman"
    header_repeats = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header_repeats is not None  # the header row again on every page
