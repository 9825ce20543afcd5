"""The PDF báo cáo against the layout rules of Nghị định 30 (desktop/core/reports/layout.py), read back from the
PDF itself: each part's size, weight and slant (pdftohtml), positions (pdftotext -bbox), and the short rules
drawn under the issuer, the motto and the subject (the first page rendered by pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.plan_import.run import import_sample
from desktop.core.reports.data import collect
from desktop.core.reports.layout import (
    ISSUER_RULE_MM,
    MOTTO_RULE_MM,
    NUMBER_BLANK_MM,
    RULES,
    SUBJECT_RULE_MM,
    Part,
)
from desktop.core.reports.pdf import default_texts, write_pdf
from desktop.core.workspace import open_workspace

pytestmark = pytest.mark.skipif(shutil.which("pdftohtml") is None, reason="poppler-utils not installed")
MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    text: str
    top: float
    left: float
    width: float
    size: float
    bold: bool
    italic: bool

    @property
    def centre(self) -> float:
        return self.left + self.width / 2


def runs(pdf: Path, page: int = 1) -> list[Run]:
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    sizes = {f.get("id"): float(f.get("size", "0")) for f in root.iter("fontspec")}
    found = []
    for t in root.iter("text"):
        text = "".join(t.itertext()).strip()
        if not text:
            continue
        found.append(
            Run(
                text,
                float(t.get("top", "0")),
                float(t.get("left", "0")),
                float(t.get("width", "0")),
                sizes[t.get("font")],
                t.find(".//b") is not None,
                t.find(".//i") is not None,
            )
        )
    return found


def one(found: list[Run], text: str) -> Run:
    hits = [r for r in found if r.text == text]
    assert len(hits) == 1, (text, [r.text for r in found][:40])
    return hits[0]


def assert_set_as(run: Run, part: Part) -> None:
    rule = RULES[part]
    assert abs(run.size - rule.size) <= 0.5, (run.text, run.size, rule.size)
    assert (run.bold, run.italic) == (rule.bold, rule.italic), run
    if rule.upper:
        assert run.text == run.text.upper(), run.text


def report_pdf(tmp: Path, agency: str, level: str) -> Path:
    store: Store = open_workspace(tmp / "data")
    with store.session() as s:
        set_my_agency(s, agency, level, focal_person="Nguyễn Văn An")
    import_sample(store)
    with store.session() as s:
        data = collect(s, "2025-Q3", date(2025, 10, 1))
    texts = default_texts(data)
    texts.signer_name = "Nguyễn Văn An"
    out = write_pdf(data, texts, tmp / "bao-cao.pdf")
    store.engine.dispose()
    return out


def dark_rules(pdf: Path, tmp: Path) -> list[tuple[float, float, float]]:
    """(y, x0, x1) in points of the horizontal lines on page 1: runs of dark pixels much longer than a letter."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "144", "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp / "p")], check=True
    )
    image = Image.open(next(tmp.glob("p*.png"))).convert("L")
    width, height = image.size
    pixels = image.load()
    found: list[tuple[float, float, float]] = []
    for y in range(height // 2):  # the header and the title are in the top half
        x = 0
        while x < width:
            if pixels[x, y] < 128:
                start = x
                while x < width and pixels[x, y] < 128:
                    x += 1
                if x - start >= 15 * MM * 2:  # ≥ 15 mm at 144 dpi: longer than any letter
                    found.append((y / 2, start / 2, x / 2))
            x += 1
    merged: list[tuple[float, float, float]] = []
    for y, x0, x1 in found:  # a 0.6 pt rule covers a row or two of pixels
        if any(y - my <= 1.5 and abs(x0 - mx0) < 2 for my, mx0, _ in merged):
            continue
        merged.append((y, x0, x1))
    return merged


def test_a_commune_report_follows_the_decree_part_by_part(tmp_path: Path) -> None:
    pdf = report_pdf(tmp_path, "UBND xã Hòa An", "xa")
    page = runs(pdf)
    committee, commune = one(page, "ỦY BAN NHÂN DÂN"), one(page, "XÃ HÒA AN")
    assert committee.top < commune.top and abs(committee.centre - commune.centre) < 3  # two lines, one above
    assert_set_as(committee, Part.ISSUER)
    assert_set_as(commune, Part.ISSUER)
    assert_set_as(one(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Part.COUNTRY)
    assert_set_as(one(page, "Độc lập - Tự do - Hạnh phúc"), Part.MOTTO)
    assert_set_as(one(page, "Hòa An, ngày 01 tháng 10 năm 2025"), Part.PLACE_DATE)
    assert_set_as(one(page, "BÁO CÁO"), Part.KIND)
    assert_set_as(one(page, "Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2025"), Part.SUBJECT)
    body = [r for r in page if r.text.startswith("Tổng số nhiệm vụ được giao")]
    assert body and not body[0].bold and abs(body[0].size - RULES[Part.BODY].size) <= 0.5
    last = runs(pdf, 2) + page
    assert_set_as(one(last, "Nơi nhận:"), Part.RECIPIENTS_HEAD)
    assert_set_as(one(last, "- Lưu: VT."), Part.RECIPIENTS)
    assert_set_as(one(last, "TM. ỦY BAN NHÂN DÂN"), Part.AUTHORITY)
    assert_set_as(one(last, "CHỦ TỊCH"), Part.POSITION)
    signer, position = one(last, "Nguyễn Văn An"), one(last, "CHỦ TỊCH")
    assert_set_as(signer, Part.SIGNER)
    assert signer.top - position.top >= 20 * MM  # room for the signature and the seal


def test_the_blank_of_an_unnumbered_report_is_kept(tmp_path: Path) -> None:
    pdf = report_pdf(tmp_path, "UBND xã Hòa An", "xa")
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
    so = next(float(x1) for _, x1, w in words if w == "Số:")
    suffix = next(float(x0) for x0, _, w in words if w == "/BC-UBND")
    assert suffix - so >= (NUMBER_BLANK_MM - 1) * MM


def test_a_department_has_its_parent_line_and_a_long_name_breaks_between_names(tmp_path: Path) -> None:
    pdf = report_pdf(tmp_path, "Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng", "so")
    page = runs(pdf)
    parent = one(page, "UBND TỈNH CAO BẰNG")
    assert_set_as(parent, Part.PARENT)
    name_lines = [
        r for r in page if r.bold and r.left + r.width < 300 and r.top > parent.top and r.top < parent.top + 60
    ]
    assert [r.text for r in name_lines] == ["SỞ VĂN HÓA,", "THỂ THAO VÀ DU LỊCH"]  # never «… VÀ DU» / «LỊCH»
    assert all(abs(r.size - RULES[Part.ISSUER].size) <= 0.5 for r in name_lines)


def test_short_rules_are_drawn_under_the_issuer_the_motto_and_the_subject(tmp_path: Path) -> None:
    pdf = report_pdf(tmp_path, "UBND xã Hòa An", "xa")
    page = runs(pdf)
    rules = dark_rules(pdf, tmp_path)
    widths = sorted(round((x1 - x0) / MM) for _, x0, x1 in rules)
    for expected in (ISSUER_RULE_MM, MOTTO_RULE_MM, SUBJECT_RULE_MM):
        assert any(abs(w - expected) <= 2 for w in widths), (expected, widths)
    commune, motto = one(page, "XÃ HÒA AN"), one(page, "Độc lập - Tự do - Hạnh phúc")
    subject = one(page, "Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2025")
    for above in (commune, motto, subject):  # each rule sits just under its line, centred on it
        under = [(y, x0, x1) for y, x0, x1 in rules if 0 < y - above.top < 30 and x0 <= above.centre <= x1]
        assert under and abs((under[0][1] + under[0][2]) / 2 - above.centre) < 6, (above.text, rules)
    assert "———" not in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
