"""The báo cáo in Word: read back by python-docx against the same layout rules as the PDF, and converted by
LibreOffice (where installed) to the same number of pages as our PDF. LibreOffice is given the bundled
Times-metric font so it lays the page out as Word with Times New Roman does."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop.core.agencies import set_my_agency
from desktop.core.plan_import.run import import_sample
from desktop.core.reports.data import ReportData, collect
from desktop.core.reports.layout import HEADER_LEFT_MM, MARGINS_MM, RULES, Part
from desktop.core.reports.pdf import ReportTexts, default_texts, write_pdf
from desktop.core.reports.word import write_report_docx
from desktop.core.resources import resources_dir
from desktop.core.workspace import open_workspace

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def report(tmp_path: Path) -> tuple[ReportData, ReportTexts]:
    store = open_workspace(tmp_path / "data")
    with store.session() as s:
        set_my_agency(s, "Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng", "so")
    import_sample(store)
    with store.session() as s:
        data = collect(s, "2025-Q3", date(2025, 10, 1))
    texts = default_texts(data)
    texts.signer_name = "Nguyễn Văn An"
    store.engine.dispose()
    return data, texts


def _runs(doc: object) -> dict[str, object]:
    found = {}
    for table in doc.tables[:2]:  # the header and the signature
        for cell in table.rows[0].cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    if r.text:
                        found[r.text] = r
    for p in doc.paragraphs:
        for r in p.runs:
            if r.text:
                found.setdefault(r.text, r)
    return found


def test_the_word_copy_follows_the_layout_rules(report: tuple[ReportData, ReportTexts], tmp_path: Path) -> None:
    data, texts = report
    out = write_report_docx(data, texts, tmp_path / "bao-cao.docx")
    assert not list(tmp_path.glob(".*.part"))
    doc = Document(str(out))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert tuple(round(m) for m in margins) == MARGINS_MM
    assert doc.sections[-1].page_width.mm > doc.sections[-1].page_height.mm  # the appendix is landscape
    runs = _runs(doc)
    for text, part in (
        ("UBND TỈNH CAO BẰNG", Part.PARENT),
        ("SỞ VĂN HÓA,", Part.ISSUER),
        ("THỂ THAO VÀ DU LỊCH", Part.ISSUER),  # broken between names, as in the PDF
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Part.COUNTRY),
        ("Độc lập - Tự do - Hạnh phúc", Part.MOTTO),
        ("Cao Bằng, ngày 01 tháng 10 năm 2025", Part.PLACE_DATE),
        ("BÁO CÁO", Part.KIND),
        ("Nơi nhận:", Part.RECIPIENTS_HEAD),
        ("GIÁM ĐỐC", Part.POSITION),
        ("Nguyễn Văn An", Part.SIGNER),
    ):
        run = runs[text]
        rule = RULES[part]
        assert run.font.size.pt == rule.size and bool(run.bold) == rule.bold and bool(run.italic) == rule.italic
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:eastAsia")} == {"Times New Roman"}
    header = doc.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert round(header.columns[0].width.mm) == HEADER_LEFT_MM
    borders = [p for p in header.rows[0].cells[0].paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None]
    assert len(borders) == 1  # the short rule under the issuer, drawn, not typed as dashes
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "I. KẾT QUẢ THỰC HIỆN" in body and "III. ĐỀ XUẤT, KIẾN NGHỊ" in body and "———" not in body
    assert len(doc.tables[-1].rows) == len(data.tasks) + 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it_and_prints_the_same_pages_as_the_pdf(
    report: tuple[ReportData, ReportTexts], tmp_path: Path
) -> None:
    data, texts = report
    docx = write_report_docx(data, texts, tmp_path / "bao-cao.docx")
    pdf = write_pdf(data, texts, tmp_path / "bao-cao.pdf")
    home = tmp_path / "home"
    fonts = home / ".fonts"
    fonts.mkdir(parents=True)
    for ttf in (resources_dir() / "fonts").glob("*.ttf"):
        shutil.copy(ttf, fonts / ttf.name)
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(
        [str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    converted = tmp_path / "lo" / "bao-cao.pdf"

    def pages(path: Path) -> int:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))

    assert pages(converted) == pages(pdf)
    text = subprocess.run(["pdftotext", "-l", "1", str(converted), "-"], capture_output=True, text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # on one line, as in the PDF
