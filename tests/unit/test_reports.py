"""The period's Excel and PDF reports, read back the way the Sở Nội vụ would: openpyxl, pdftotext, pdffonts."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.store import Store
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.reports.data import Progress, ReportData, collect
from desktop.core.reports.pdf import default_texts, write_pdf
from desktop.core.reports.xlsx import write_xlsx
from desktop.core.task_progress import ProgressFields, save_progress
from tests.conftest import task_id_by_code

TODAY = date(2025, 10, 1)
RESULT = "=Đã kiểm tra 12/20 xã"  # begins with "=": must stay text
NFD_RESULT = unicodedata.normalize("NFD", "Tổ chức tập huấn cho cán bộ một cửa")

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def report(sample_store: Store, tmp_path: Path) -> ReportData:
    t1 = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    t2 = task_id_by_code(sample_store, "PAR_INDEX", "1.7")
    with sample_store.session() as s:
        save_progress(s, t1, "2025-Q3", ProgressFields("in_progress", 60, RESULT, difficulties="Thiếu kinh phí"))
        save_progress(s, t2, "2025-Q3", ProgressFields("done", 100, NFD_RESULT, proposals="Bổ sung biên chế"))
    scan = tmp_path / "Báo cáo kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 " + b"x" * 1000)
    add_evidence_file(sample_store, scan, EvidenceMeta(number="15/BC-UBND", issuer="UBND xã"), task_ids=[t1])
    with sample_store.session() as s:
        return collect(s, "2025-Q3", TODAY)


def test_the_excel_report_has_five_print_ready_sheets_and_text_stays_text(report: ReportData, tmp_path: Path) -> None:
    out = write_xlsx(report, tmp_path / "bao-cao.xlsx")
    assert not list(tmp_path.glob(".*.part"))
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tiến độ nhiệm vụ", "Khó khăn, đề xuất", "Tài liệu kiểm chứng", "Tự chấm điểm", "Tổng hợp"]
    ws = wb["Tiến độ nhiệm vụ"]
    assert [c.value for c in ws[2]] == [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời hạn",
        "Trạng thái",
        "Tỷ lệ (%)",
        "Kết quả thực hiện",
        "Tài liệu kiểm chứng",
    ]
    rows = {r[1].value.split()[0]: r for r in ws.iter_rows(min_row=3) if r[1].value}
    row = rows["1.3.1"]
    assert row[4].value == "Đang thực hiện" and row[5].value == 60
    assert row[6].value == RESULT and row[6].data_type == "s"  # not a formula
    assert row[7].value == "TL001"
    assert rows["1.7"][6].value == unicodedata.normalize("NFC", NFD_RESULT)
    assert row[1].font.name == "Times New Roman" and row[1].alignment.wrap_text and row[1].border.left.style == "thin"
    details = {r[2].split()[0]: r for r in wb["Khó khăn, đề xuất"].iter_rows(min_row=3, values_only=True) if r[2]}
    assert details["1.3.1"][0] == row[0].value and details["1.3.1"][4] == "Thiếu kinh phí"
    assert details["1.7"][5] == "Bổ sung biên chế" and details["1.7"][1].startswith("Chỉ số PAR INDEX")
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddHeader.left.text == "UBND xã Hòa An" and sheet.oddHeader.right.text == report.period.label
        assert sheet.oddFooter.center.text == "Trang &P/&N"
        assert sum(d.width for d in sheet.column_dimensions.values()) <= 140  # prints at ≥ 10 pt
        assert all(sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1))  # no row left to guess
    ev = [r for r in wb["Tài liệu kiểm chứng"].iter_rows(min_row=3, values_only=True)]
    assert ev[0][:3] == ("TL001", "Báo cáo kiểm tra.pdf", "15/BC-UBND") and len(ev[0][7]) == 64
    assert wb["Tự chấm điểm"]["A1"].value.startswith("TỰ CHẤM ĐIỂM CHỈ SỐ PAR INDEX 2025 — ")
    summary = {r[0]: r for r in wb["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Tất cả nhiệm vụ"][-1] == len(report.tasks)


@needs_poppler
def test_the_pdf_report_embeds_its_font_and_gives_the_vietnamese_back(report: ReportData, tmp_path: Path) -> None:
    texts = default_texts(report, "Hòa An")
    index_lines = [r for r in texts.results if r.startswith("Chỉ số")]
    assert [r.split(":")[0] for r in index_lines] == ["Chỉ số PAR INDEX", "Chỉ số SIPAS", "Chỉ số PAPI"]
    par = texts.results.index(index_lines[0])  # its lĩnh vực follow it, in code order
    assert texts.results[par + 1].startswith("- 1. Công tác chỉ đạo, điều hành cải cách hành chính: ")
    assert texts.results[par + 2].startswith("- 2. Cải cách thể chế: ")
    texts.number = "Số: 12/BC-UBND"
    texts.proposals = [unicodedata.normalize("NFD", "Đề nghị Sở Nội vụ hướng dẫn thêm")]
    out = write_pdf(report, texts, tmp_path / "bao-cao.pdf")
    assert not list(tmp_path.glob(".*.part"))
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all("LiberationSerif" in r and " yes yes yes " in r for r in font_rows), fonts
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND",
        "Hòa An, ngày 01 tháng 10 năm 2025",
        "Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2025",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "Nhiệm vụ 1.3.1: Thiếu kinh phí",
        "Đề nghị Sở Nội vụ hướng dẫn thêm",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "PHỤ LỤC",
    ):
        assert expected in text, expected
    assert unicodedata.normalize("NFC", text) == text  # marks were drawn composed, not as loose glyphs
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "A4" in pages or "595" in pages


def test_a_failed_pdf_leaves_no_file(report: ReportData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus import BaseDocTemplate

    def broken(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(BaseDocTemplate, "build", broken)
    with pytest.raises(UserError, match=r"Ổ đĩa chứa .*bao-cao\.pdf» đã đầy; không có gì được ghi dở dang"):
        write_pdf(report, default_texts(report), tmp_path / "bao-cao.pdf")
    assert not (tmp_path / "bao-cao.pdf").exists()
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_huge_cells_do_not_break_the_pdf(report: ReportData, tmp_path: Path) -> None:
    """A long result or hundreds of evidence items: the cell shows the start, the whole text comes at the end."""
    line = report.tasks[0]
    progress = Progress("done", 100, "Kết quả rất dài. " * 2000, "", "", "", "", "u", 1)
    report.tasks[0] = replace(line, progress=progress, evidence_refs=tuple(f"TL{i:04d}" for i in range(1, 601)))
    out = write_pdf(report, default_texts(report), tmp_path / "dai.pdf")
    assert out.stat().st_size > 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())  # cells wrap their lines
        assert "toàn văn ở mục «Toàn văn nội dung dài», số 1" in flat and "(600 tài liệu)" in flat
        assert "TOÀN VĂN NỘI DUNG DÀI" in flat and flat.count("Kết quả rất dài.") >= 2000
