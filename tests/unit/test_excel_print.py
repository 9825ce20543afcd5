"""The Excel reports as they print: LibreOffice prints each workbook to PDF with the page setup it asks for, and
the PDF is read back. Every glyph prints at ≥ 10 pt, no word prints over another (the rows are as tall as the
wrapped text they hold), no word of a long text is cut off by its row, and every page has the agency and the
period in its header and «Trang x/y» in its footer."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.agencies import get_profile
from desktop.core.bundle.consolidate import write_consolidated
from desktop.core.bundle.receive import import_bundle
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.records import Status
from desktop.core.reports.data import collect
from desktop.core.reports.xlsx import write_xlsx
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from tests.office import libreoffice_pdf, needs_libreoffice
from tests.printed import Word, glyph_sizes, needs_poppler, overprinted, words
from tests.unit.test_receive import make_commune, report

pytestmark = [needs_libreoffice, needs_poppler]
TODAY = date(2025, 10, 1)
# What officials really type into a result: several paragraphs, figures, a link, a run of capitals.
LONG_RESULT = (
    "Đã ban hành Kế hoạch số 15/KH-UBND ngày 20/01/2025 về cải cách hành chính năm 2025; tổ chức 03 hội nghị "
    "quán triệt cho 100% cán bộ, công chức; niêm yết công khai TTHC tại Bộ phận Một cửa.\n"
    "Kết quả kiểm tra: 12/12 thôn, tổ dân phố đã triển khai; 2 thủ tục được rút ngắn thời gian giải quyết.\n"
    "https://dichvucong.caobang.gov.vn/portal/p/home/thu-tuc-hanh-chinh.html?linhvuc=CCHC&nam=2025\n"
    "ĐỀ NGHỊ UBND HUYỆN HỖ TRỢ KINH PHÍ SỐ HÓA HỒ SƠ LƯU TRỮ GIAI ĐOẠN 2025-2030"
)
DIFFICULTY = "Thiếu kinh phí số hóa; máy scan hỏng từ tháng 6, chưa được thay thế. " * 4
PROPOSAL = "Đề nghị Sở Nội vụ hướng dẫn tích hợp tài khoản VNeID cho công chức văn phòng - thống kê. " * 3


def _printed(xlsx: Path, workdir: Path) -> tuple[list[Word], str]:
    pdf = libreoffice_pdf(xlsx, workdir)
    sizes = glyph_sizes(pdf)
    assert sizes and min(sizes) >= 10.0, f"prints at {min(sizes):.1f} pt"
    found = words(pdf)
    assert not overprinted(found), overprinted(found)[:3]
    return found, " ".join(w.text for w in found)


def _pages(found: list[Word]) -> dict[int, list[Word]]:
    pages: dict[int, list[Word]] = defaultdict(list)
    for w in found:
        pages[w.page].append(w)
    return pages


def _margins_on_every_page(found: list[Word], agency: str, period: str) -> None:
    pages = _pages(found)
    total = len(pages)
    for page in pages.values():
        top = min(w.top for w in page)
        header = " ".join(w.text for w in page if w.top <= top + 2)
        assert header.startswith(agency.split()[0]) and header.endswith(period.split()[-1]), header
        bottom = max(w.bottom for w in page)
        footer = " ".join(w.text for w in page if w.bottom >= bottom - 2)
        sheet_pages = re.fullmatch(r"Trang (\d+)/(\d+)", footer)
        assert sheet_pages, footer
        assert 1 <= int(sheet_pages[1]) <= int(sheet_pages[2]) <= total


@pytest.fixture
def agency_report(sample_store: Store, tmp_path: Path) -> Path:
    with sample_store.session() as s:
        rows = load_task_rows(s, mine=True)[:12]
        for i, row in enumerate(rows):
            result = LONG_RESULT[: 80 * (i + 1)]
            fields = ProgressFields(Status.IN_PROGRESS, 8 * i, result, difficulties=DIFFICULTY, proposals=PROPOSAL)
            save_progress(s, row.id, "2025-Q3", fields)
    scan = tmp_path / ("Biên bản kiểm tra việc niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa.pdf")
    scan.write_bytes(b"%PDF-1.4 " + b"x" * 1000)
    meta = EvidenceMeta(number="15/BC-UBND", issuer="UBND xã Hòa An", summary=LONG_RESULT[:300])
    add_evidence_file(sample_store, scan, meta, task_ids=[rows[0].id])
    with sample_store.session() as s:
        return write_xlsx(collect(s, "2025-Q3", TODAY), tmp_path / "bao-cao.xlsx")


def test_the_agency_report_prints_at_ten_points_with_nothing_overprinted_or_cut(
    agency_report: Path, tmp_path: Path
) -> None:
    found, text = _printed(agency_report, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    for paragraph in LONG_RESULT.split("\n"):
        for word in paragraph.split():
            assert word in flat or len(word) > 30, word  # a link breaks across lines inside its cell
    assert "dichvucong.caobang.gov.vn" in flat.replace(" ", "") or "dichvucong" in flat
    said = [w.text for w in found]  # the difficulties and proposals, whole, on the second sheet
    assert said.count("scan") == 12 * 4 and said.count("VNeID") == 12 * 3
    assert "TỰ CHẤM ĐIỂM CHỈ SỐ PAR INDEX 2025" in flat and "PAR_INDEX" not in flat
    _margins_on_every_page(found, "UBND xã Hòa An", "Quý III năm 2025")


def test_the_consolidated_report_prints_the_task_text_and_the_agency_names(sample_store: Store, tmp_path: Path) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    with commune.session() as s:
        for row in [r for r in load_task_rows(s, mine=True) if r.code != "1.3.1"][:6]:  # report() sets 1.3.1
            fields = ProgressFields(Status.IN_PROGRESS, 50, "x", difficulties=DIFFICULTY, proposals=PROPOSAL)
            save_progress(s, row.id, "2025-Q3", fields)
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    with sample_store.session() as s:
        xlsx = write_consolidated(s, sample_store.data_dir, "2025-Q3", tmp_path / "tong-hop.xlsx", TODAY)
        first = load_task_rows(s)[0]
    found, text = _printed(xlsx, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    assert "UBND xã Tân Tiến" in flat and " ".join(first.content.split()[:6]) in flat
    said = [w.text for w in found]
    assert said.count("scan") == 6 * 4 and said.count("VNeID") == 6 * 3
    with sample_store.session() as s:
        profile = get_profile(s)
        me = profile.agency.name if profile else ""
    _margins_on_every_page(found, me, "Quý III năm 2025")
