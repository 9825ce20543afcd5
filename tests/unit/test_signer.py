"""«Người ký»: the agency's signer is the default of every document it signs (báo cáo, báo cáo tổng hợp, công
văn), never the focal person who prepares them; «Như trên» in Nơi nhận only when there is a Kính gửi line. Read
back from the PDF (pdftotext) and the Word copy (python-docx)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from db.store import Store
from desktop.core.agencies import Signer, set_signer, signer_of
from desktop.core.bundle.consolidate import consolidated_texts, write_consolidated
from desktop.core.bundle.receive import import_bundle
from desktop.core.bundle.remind import reminder
from desktop.core.errors import UserError
from desktop.core.reports.data import collect
from desktop.core.reports.pdf import default_texts, recipients, write_pdf
from desktop.core.reports.word import write_report_docx
from tests.conftest import db_snapshot
from tests.office import WRITER, libreoffice_pdf
from tests.unit.test_receive import make_commune, report

TODAY = date(2025, 10, 1)
DEPUTY = Signer("Hoàng Văn Bình", "Phó Chủ tịch", "kt. chủ tịch")


def _pdf_text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return " ".join(" ".join(parts).split())


def test_without_a_signer_the_name_is_left_to_write_in_and_there_is_no_nhu_tren(sample_store: Store) -> None:
    with sample_store.session() as s:
        texts = default_texts(collect(s, "2025-Q3", TODAY))
    assert texts.signer_name == ""  # not «Nguyễn Văn A», the focal person
    assert (texts.signer_prefix, texts.signer_position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert texts.to == [] and texts.recipients == ["Sở Nội vụ (để tổng hợp);", "Lưu: VT."]


def test_the_signer_set_once_signs_the_report_in_pdf_and_word(sample_store: Store, tmp_path: Path) -> None:
    with sample_store.session() as s:
        set_signer(s, DEPUTY)
    with sample_store.session() as s:
        assert signer_of(s) == Signer("Hoàng Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")  # printed in capitals
        data = collect(s, "2025-Q3", TODAY)
    texts = default_texts(data)
    assert (texts.signer_prefix, texts.signer_position, texts.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Hoàng Văn Bình",
    )
    docx = _docx_text(write_report_docx(data, texts, tmp_path / "bao-cao.docx"))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in docx and "Hoàng Văn Bình" in docx and "Như trên" not in docx
    if shutil.which("pdftotext"):
        pdf = _pdf_text(write_pdf(data, texts, tmp_path / "bao-cao.pdf"))
        assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in pdf and "Hoàng Văn Bình" in pdf and "Nguyễn Văn A" not in pdf
        assert "Như trên" not in pdf and "- Sở Nội vụ (để tổng hợp);" in pdf


def test_nhu_tren_typed_without_a_kinh_gui_line_is_not_printed(sample_store: Store, tmp_path: Path) -> None:
    from dataclasses import replace

    with sample_store.session() as s:
        data = collect(s, "2025-Q3", TODAY)
    typed = replace(default_texts(data), recipients=["Như trên;", "UBND tỉnh;", "Lưu: VT."])
    assert recipients(typed) == ["UBND tỉnh;", "Lưu: VT."]
    addressed = replace(typed, to=["Sở Nội vụ tỉnh Cao Bằng"])
    assert recipients(addressed) == ["Như trên;", "UBND tỉnh;", "Lưu: VT."]
    docx = _docx_text(write_report_docx(data, addressed, tmp_path / "gui.docx"))
    assert "Kính gửi: Sở Nội vụ tỉnh Cao Bằng." in docx and "- Như trên;" in docx
    if shutil.which("pdftotext"):
        pdf = _pdf_text(write_pdf(data, addressed, tmp_path / "gui.pdf"))
        assert "Kính gửi: Sở Nội vụ tỉnh Cao Bằng." in pdf and "- Như trên;" in pdf


def test_an_authority_line_without_a_position_is_refused_and_nothing_changes(sample_store: Store) -> None:
    before = db_snapshot(sample_store.db_path)
    with pytest.raises(UserError, match="chức vụ"), sample_store.session() as s:
        set_signer(s, Signer("Hoàng Văn Bình", "", "KT. CHỦ TỊCH"))
    assert db_snapshot(sample_store.db_path) == before


def test_the_consolidated_report_in_word_and_the_reminder_take_the_signer(sample_store: Store, tmp_path: Path) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    with sample_store.session() as s:
        set_signer(s, DEPUTY)
    with sample_store.session() as s:
        texts = consolidated_texts(s, sample_store.data_dir, "2025-Q3", TODAY)
        docx = write_consolidated(s, sample_store.data_dir, "2025-Q3", tmp_path / "tong-hop.docx", TODAY, texts)
        letter = reminder(s, "2025-Q3", TODAY).letter
    doc = Document(str(docx))
    header = [p.text for c in doc.tables[0].rows[0].cells for p in c.paragraphs if p.text]
    assert header[:2] == ["ỦY BAN NHÂN DÂN", "XÃ HÒA AN"]  # the issuer in two lines, as in the PDF
    text = _docx_text(docx)
    assert "BÁO CÁO" in text and "I. TÌNH HÌNH NỘP BÁO CÁO" in text and "IV. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Hoàng Văn Bình" in text
    assert "Như trên" not in text  # a commune's consolidated report has no Kính gửi
    appendix = [[c.text for c in row.cells] for row in doc.tables[2].rows]  # after the header and the signature
    assert appendix[0][:3] == ["STT", "Cơ quan, đơn vị", "Tình hình nộp"]
    assert any(r[1] == "UBND xã Tân Tiến" for r in appendix[1:])
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the appendix is landscape
    assert (letter.signer_prefix, letter.signer_position, letter.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Hoàng Văn Bình",
    )
    assert letter.copies[0] == "Như trên;" and letter.recipients_to  # a công văn has its Kính gửi


@pytest.mark.skipif(not WRITER or shutil.which("pdfinfo") is None, reason="LibreOffice Writer not installed")
def test_libreoffice_prints_the_consolidated_word_copy_on_the_pages_of_its_pdf(
    sample_store: Store, tmp_path: Path
) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    with sample_store.session() as s:
        texts = consolidated_texts(s, sample_store.data_dir, "2025-Q3", TODAY)
        docx = write_consolidated(s, sample_store.data_dir, "2025-Q3", tmp_path / "tong-hop.docx", TODAY, texts)
        pdf = write_consolidated(s, sample_store.data_dir, "2025-Q3", tmp_path / "tong-hop.pdf", TODAY, texts)
    converted = libreoffice_pdf(docx, tmp_path)

    def pages(path: Path) -> int:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))

    assert pages(converted) == pages(pdf)
    text = _pdf_text(converted)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "UBND xã Tân Tiến" in text
