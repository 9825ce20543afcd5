"""The province's own index headless, across three data directories: the Sở imports its published criteria set
and sends it down as a package; two communes self-assess and send their yearly bundles; the Sở appraises one
criterion down, imports the survey points and ranks them; the ranking's xlsx, pdf and docx read back by
LibreOffice and poppler. Bad inputs: exit 2, one Vietnamese line, nothing written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli_progress import ok, refused
from tests.fixtures.province_index import CRITERIA, write_survey, write_xlsx
from tests.office import SOFFICE, WRITER, libreoffice_sheets, libreoffice_text

TAN_TRAO, SON_DUONG = "UBND xã Tân Trào", "UBND xã Sơn Dương"
XA = ("--framework", "CCHC_XA")


def _commune(root: Path, name: str, package: Path, scores: list[tuple[str, ...]], usb: Path) -> Path:
    data = root / name
    ok("init", "--agency", name, "--level", "xa", data=data)
    got = json.loads(ok("index", "import-package", str(package), "--json", data=data))
    assert got["outcome"] == "new" and got["criteria"] == len(CRITERIA)
    ok("periods", "--year", "2025", data=data)
    for score in scores:
        ok("score", "set", *score, *XA, "--year", "2025", data=data)
    ok("index", "notes", *XA, "--difficulties", "Thiếu công chức công nghệ thông tin", data=data)
    ok("export-bundle", "--period", "2025-Y", "--out", str(usb), "--zip", data=data)
    return data


@pytest.fixture
def province(tmp_path: Path) -> tuple[Path, Path]:
    """The Sở Nội vụ of Tuyên Quang with both communes' yearly bundles received."""
    so, usb = tmp_path / "so", tmp_path / "usb"
    usb.mkdir()
    ok("init", "--agency", "Sở Nội vụ tỉnh Tuyên Quang", "--level", "so", "--province", "Tuyên Quang", data=so)
    source = write_xlsx(tmp_path / "bo-chi-so-cap-xa-2025.xlsx")
    dry = json.loads(
        ok("index", "import", str(source), "--level", "xa", "--year", "2025", "--dry-run", "--json", data=so)
    )
    assert dry["dry_run"] and json.loads(ok("index", "list", "--json", data=so)) == []
    done = json.loads(ok("index", "import", str(source), "--level", "xa", "--year", "2025", "--json", data=so))
    assert (done["framework"], done["criteria"], done["max_total"]) == ("CCHC_XA", len(CRITERIA), 100.0)
    package = Path(json.loads(ok("index", "export-package", *XA, "--out", str(usb), "--json", data=so))["path"])
    _commune(
        tmp_path,
        TAN_TRAO,
        package,
        [
            ("1.1.1", "1", "--explain", "Kế hoạch 05/KH-UBND"),
            ("3.2", "98%", "--explain", "Số liệu Hệ thống"),
            ("5.3", "2", "--explain", "Danh sách công chức đạt chuẩn"),
        ],
        usb,
    )
    _commune(
        tmp_path,
        SON_DUONG,
        package,
        [
            ("1.1.1", "0,5", "--explain", "Ban hành muộn"),
            ("3.2", "100", "--measured", "--explain", "Số liệu Hệ thống"),
            ("7.2", "85%", "--explain", "Cổng dịch vụ công"),
        ],
        usb,
    )
    for bundle in sorted(usb.glob("*.zip")):
        ok("import-bundle", str(bundle), data=so)
    return so, usb


def test_two_communes_self_assess_and_the_so_ranks_them_by_final_totals(province: tuple[Path, Path]) -> None:
    so, usb = province
    # Tân Trào 1 + 3 (98% → band 95–100) + 2 = 6; Sơn Dương 0,5 + 4 (100%) + 4 (85% → ≥80) = 8,5.
    ranking = json.loads(ok("ranking", *XA, "--year", "2025", "--json", data=so))
    sent = {a["agency"]: a for a in ranking["agencies"] if a["rank"] is not None}
    assert sent[TAN_TRAO]["self_total"] == 6 and sent[SON_DUONG]["self_total"] == 8.5
    assert [a["agency"] for a in ranking["agencies"][:2]] == [SON_DUONG, TAN_TRAO]

    who = ("--agency", TAN_TRAO, "--period", "2025-Y")
    down = json.loads(
        ok("appraisal", "set", "3.2", *XA, *who, "--score", "2", "--comment", "Thực tế 94%", "--json", data=so)
    )
    assert (down["self_score"], down["score"], down["framework"]) == (3.0, 2.0, "CCHC_XA")
    # The appraisal goes back to the commune like any other: it sees the Sở's score beside its own.
    package = json.loads(ok("appraisal", "export", *who, "--out", str(usb), "--json", data=so))["path"]
    commune = usb.parent / TAN_TRAO
    ok("appraisal", "import", package, data=commune)
    shown = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--json", data=commune))
    item = next(i for i in shown["items"] if i["kind"] == "index")
    assert (item["framework"], item["code"], item["self_score"], item["score"]) == ("CCHC_XA", "3.2", 3.0, 2.0)
    assert "Tiêu chí 3.2 (bộ chỉ số của tỉnh): tự chấm 3, thẩm định 2" in ok(
        "appraisal", "show", "--period", "2025-Y", data=commune
    )
    survey = write_survey(
        usb / "dieu-tra-xhh-2025.xlsx",
        {
            "Xã Tân Trào": {"2.4": 4, "4.3": 3.5, "5.4": 8.5, "6.4": 3.5, "7.5": 1, "8.1": 9.5},
            "Xã Sơn Dương": {"2.4": 3, "4.3": 3, "5.4": 7, "6.4": 3, "7.5": 0.5, "8.1": 8},
        },
    )
    got = json.loads(ok("survey", "import", str(survey), *XA, "--json", data=so))
    assert got["agencies"] == 2 and got["points"] == 12 and got["not_reporting"] == []
    ok("index", "classes", *XA, "--set", "Xuất sắc=90; Tốt=80; Khá=65; Trung bình=35; Yếu=0", data=so)

    ranking = json.loads(ok("ranking", *XA, "--year", "2025", "--json", data=so))
    rows = {a["agency"]: a for a in ranking["agencies"]}
    # Tân Trào: 6 − 1 (appraised down) + 30 survey = 35; Sơn Dương: 8,5 + 24,5 = 33.
    assert rows[TAN_TRAO]["appraised_total"] == 5 and rows[TAN_TRAO]["survey_total"] == 30
    assert rows[TAN_TRAO]["final_total"] == 35 and rows[SON_DUONG]["final_total"] == 33
    assert [a["agency"] for a in ranking["agencies"][:2]] == [TAN_TRAO, SON_DUONG]
    assert (rows[TAN_TRAO]["rank"], rows[SON_DUONG]["rank"]) == (1, 2)
    assert (rows[TAN_TRAO]["classification"], rows[SON_DUONG]["classification"]) == ("Trung bình", "Yếu")
    waiting = [a for a in ranking["agencies"] if a["rank"] is None]
    assert waiting and all(a["classification"] == "Chưa gửi báo cáo" for a in waiting)  # the register's other communes

    outputs = {s: usb / f"xep-hang-cap-xa-2025.{s}" for s in ("xlsx", "pdf", "docx")}
    for path in outputs.values():
        assert json.loads(ok("ranking", *XA, "--year", "2025", "--out", str(path), "--json", data=so))["path"]
    text = subprocess.run(["pdftotext", "-layout", str(outputs["pdf"]), "-"], capture_output=True, text=True).stdout
    assert "QUYẾT ĐỊNH" in text and "Về việc công bố Chỉ số cải cách hành chính năm 2025" in text
    assert "Điều 1." in text and TAN_TRAO in text and "Trung bình" in text
    fonts = subprocess.run(["pdffonts", str(outputs["pdf"])], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts and "Helvetica" not in fonts
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed")
    sheet = next(iter(libreoffice_sheets(outputs["xlsx"], usb).values()))
    first = next(line for line in sheet.splitlines() if line.startswith("1,"))
    assert TAN_TRAO in first and "35" in first and "Trung bình" in first
    if WRITER:
        assert "Điều 2. Xếp loại" in libreoffice_text(outputs["docx"], usb)


def test_the_yearly_bundle_carries_the_self_assessment_report(province: tuple[Path, Path], tmp_path: Path) -> None:
    so, usb = province
    import zipfile

    bundle = next(p for p in usb.glob("*.zip") if "tan-trao" in p.name)
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        assert {"tu-danh-gia-cchc-xa-2025.pdf", "tu-danh-gia-cchc-xa-2025.xlsx"} <= names
        manifest = json.loads(zf.read("manifest.json"))
        zf.extract("tu-danh-gia-cchc-xa-2025.pdf", tmp_path)
    assessment = manifest["data"]["index_assessments"][0]
    assert assessment["framework"] == "CCHC_XA" and assessment["self_total"] == 6
    assert next(s for s in assessment["scores"] if s["code"] == "3.2")["measured"] == "98%"
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "tu-danh-gia-cchc-xa-2025.pdf"), "-"], capture_output=True, text=True
    ).stdout
    for words in (
        "BÁO CÁO",
        "Kết quả tự đánh giá, chấm điểm",
        "Kính gửi: Sở Nội vụ",
        "BẢNG TỔNG HỢP",
        "GIẢI TRÌNH",
        "KHÓ KHĂN, VƯỚNG MẮC",
        "Thiếu công chức công nghệ thông tin",
        "KIẾN NGHỊ",
        "PHỤ LỤC",
    ):
        assert words in text, words
    # The appraisal sheet at the Sở lists the commune's own criteria of the index, not the survey's.
    sheet = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--agency", TAN_TRAO, "--json", data=so))
    index_items = {i["code"] for i in sheet["items"] if i["kind"] == "index"}
    assert "3.2" in index_items and "8.1" not in index_items


def test_bad_inputs_are_refused_in_one_line_with_nothing_written(province: tuple[Path, Path], tmp_path: Path) -> None:
    so, _usb = province
    too_high = write_survey(tmp_path / "sai.xlsx", {"Xã Tân Trào": {"2.4": 4, "8.1": 12}})
    refused("survey", "import", str(too_high), *XA, data=so, message="tiêu chí 8.1")
    refused("ranking", "--framework", "CCHC_SO", "--year", "2025", data=so, message="Chưa có bộ chỉ số")
    refused("ranking", *XA, "--out", str(tmp_path / "xep-hang.csv"), data=so, message=".xlsx, .pdf hoặc .docx")
    refused("index", "import", str(too_high), "--level", "xa", "--year", "2025", data=so, message="bảng tiêu chí")
    refused("index", "classes", *XA, "--set", "Xuất sắc=nhiều", data=so, message="Không hiểu mức xếp loại")
    refused(
        "appraisal",
        "set",
        "8.1",
        *XA,
        "--agency",
        TAN_TRAO,
        "--period",
        "2025-Y",
        "--score",
        "9",
        data=so,
        message="không có tiêu chí của CCHC_XA «8.1»",
    )
    commune = tmp_path / TAN_TRAO
    refused("score", "set", "8.1", "9", *XA, "--explain", "x", data=commune, message="điều tra xã hội học")
    refused("score", "set", "1.1.1", "50%", *XA, data=commune, message="không phải số")
    refused("score", "set", "3.2", "-5", "--measured", *XA, "--explain", "x", data=commune, message="không được âm")
    refused("score", "set", "1.2", "90%", *XA, "--explain", "x", data=commune, message="không phải số")
    broken = tmp_path / "hong.cchcindex"
    broken.write_text('{"format": "cchc-index", "format_version": 1, "index": {"level": "xa"}}', encoding="utf-8")
    refused("index", "import-package", str(broken), data=commune, message="bị hỏng hoặc đã bị sửa")


def test_the_set_also_travels_inside_the_plan_package(tmp_path: Path) -> None:
    so, commune = tmp_path / "so", tmp_path / "xa"
    ok("init", "--agency", "Sở Nội vụ tỉnh Tuyên Quang", "--level", "so", "--province", "Tuyên Quang", data=so)
    ok("import-sample", data=so)
    source = write_xlsx(tmp_path / "bo-chi-so.xlsx")
    ok("index", "import", str(source), "--level", "xa", "--year", "2025", data=so)
    package = tmp_path / "ke-hoach-2025.cchcplan"
    ok("export-plan", "--out", str(package), data=so)
    ok("init", "--agency", TAN_TRAO, "--level", "xa", data=commune)
    ok("import-plan-package", str(package), data=commune)
    (listed,) = json.loads(ok("index", "list", "--json", data=commune))
    (held,) = json.loads(ok("index", "list", "--json", data=so))
    assert listed["framework"] == "CCHC_XA" and listed["origin"] == "package"
    assert listed["fingerprint"] == held["fingerprint"] and listed["criteria"] == len(CRITERIA)
    data = json.loads(package.read_text(encoding="utf-8"))
    data["indices"][0]["criteria"][0]["name"] = "Sửa tay"
    package.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    refused("import-plan-package", str(package), data=tmp_path / "xa", message="Bộ chỉ số đi kèm gói kế hoạch")


def test_the_ranking_shows_the_change_from_last_year(province: tuple[Path, Path], tmp_path: Path) -> None:
    so, _usb = province
    last = tmp_path / "nam-truoc"
    last.mkdir()
    source = write_xlsx(tmp_path / "bo-chi-so-2024.xlsx")
    ok("index", "import", str(source), "--level", "xa", "--year", "2024", data=so)
    package = json.loads(ok("index", "export-package", *XA, "--year", "2024", "--out", str(last), "--json", data=so))
    commune = tmp_path / TAN_TRAO
    ok("index", "import-package", package["path"], data=commune)
    ok("periods", "--year", "2024", data=commune)
    ok("score", "set", "1.1.1", "1", *XA, "--year", "2024", "--explain", "Kế hoạch 2024", data=commune)
    ok("score", "set", "5.3", "1", *XA, "--year", "2024", "--explain", "Chưa đạt chuẩn đủ", data=commune)
    ok("export-bundle", "--period", "2024-Y", "--out", str(last), "--zip", data=commune)
    (bundle,) = last.glob("*.zip")
    ok("import-bundle", str(bundle), data=so)
    rows = {a["agency"]: a for a in json.loads(ok("ranking", *XA, "--year", "2025", "--json", data=so))["agencies"]}
    assert rows[TAN_TRAO]["previous_total"] == 2 and rows[TAN_TRAO]["change"] == 4  # 2 in 2024, 6 in 2025
    assert rows[SON_DUONG]["previous_total"] is None and rows[SON_DUONG]["change"] is None
    earlier = json.loads(ok("ranking", *XA, "--year", "2024", "--json", data=so))
    assert [a["agency"] for a in earlier["agencies"] if a["rank"] is not None] == [TAN_TRAO]
