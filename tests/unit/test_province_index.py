"""A province's criteria set read from the shapes its Sở publishes (xlsx with a title block and a two-row merged
header, the Word copy, LibreOffice re-saves), stored as a framework, sent down as a package; hostile rows and
packages refused in one sentence with nothing written."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.enums import IndexLevel
from db.store import Store
from desktop.core.bands import band_for, parse_bands
from desktop.core.errors import UserError
from desktop.core.plan_import import read_workbook
from desktop.core.province_index.classes import classify, parse_classes
from desktop.core.province_index.package import export_index_package, import_index_package, read_index_package
from desktop.core.province_index.parse import parse_criteria
from desktop.core.province_index.run import import_index_file, read_index_file
from desktop.core.province_index.store import IndexOutcome, index_listing
from desktop.core.scoring import resolve_framework, score_sheet, set_score
from desktop.core.workspace import open_workspace
from tests.conftest import db_snapshot
from tests.fixtures.province_index import CRITERIA, SURVEY_CODES, number, write_docx, write_xlsx
from tests.office import SOFFICE, _convert, libreoffice_resave

XA = IndexLevel.COMMUNE


def expected() -> dict[str, float]:
    return {code: number(top) for code, _name, top, *_rest in CRITERIA}


def test_the_published_workbook_imports_with_every_item_and_maximum(tmp_path: Path) -> None:
    parsed = read_index_file(write_xlsx(tmp_path / "bo-chi-so.xlsx"), XA, 2025)
    assert {c.code: c.max_score for c in parsed.criteria} == expected()
    assert [c.code for c in parsed.criteria] == [c[0] for c in CRITERIA]  # in the file's order
    names = {c.code: c.name for c in parsed.criteria}
    assert names["3.2"] == "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận trong năm được giải quyết đúng hạn"
    assert parsed.max_total == 100 and parsed.declared_total == 100
    assert parsed.sum_problems() == [] and parsed.skipped == []
    assert sorted(c.code for c in parsed.criteria if c.survey) == sorted(SURVEY_CODES)
    assert parsed.name.startswith("BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ")
    assert parsed.source.startswith("Ban hành kèm theo Quyết định số 312/QĐ-UBND")
    rule = next(c for c in parsed.criteria if c.code == "3.2")
    assert "Từ 95% đến dưới 100%: 3 điểm" in rule.rule and rule.evidence_required.startswith("Số liệu")
    assert [b.points for b in rule.bands] == [4, 3, 2, 0]
    # A rule that is words, not a table of bands, stays text to read.
    assert next(c for c in parsed.criteria if c.code == "1.1.1").bands == ()


def test_the_word_copy_and_libreoffice_resaves_are_the_same_set(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "bo-chi-so.xlsx")
    reference = read_index_file(xlsx, XA, 2025)
    word = read_index_file(write_docx(tmp_path / "bo-chi-so.docx"), XA, 2025)
    assert word.fingerprint() == reference.fingerprint()
    assert {c.code: c.max_score for c in word.criteria} == expected()
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed")
    resaved = libreoffice_resave(xlsx, tmp_path)
    assert read_index_file(resaved, XA, 2025).fingerprint() == reference.fingerprint()
    _convert(xlsx, "xls:MS Excel 97", tmp_path / "xls", tmp_path)
    old = read_index_file(tmp_path / "xls" / "bo-chi-so.xls", XA, 2025)
    assert old.fingerprint() == reference.fingerprint()


def _edited(tmp_path: Path, edit: dict[str, tuple[str, str]], extra: list[tuple[str, ...]] | None = None) -> Path:
    rows = [list(c) for c in CRITERIA]
    for row in rows:
        if row[0] in edit:
            field, value = edit[row[0]]
            row[{"code": 0, "max": 2}[field]] = value
    for added in extra or []:
        rows.append(list(added))
    return write_xlsx(tmp_path / "sua.xlsx", [tuple(r) for r in rows])  # type: ignore[misc]


def test_a_set_that_does_not_add_up_is_flagged_and_unreadable_rows_are_listed(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        {"1.1.2": ("max", "1,5"), "2.2": ("max", "hai điểm")},
        [("9.1", "Tiêu chí không có lĩnh vực", "1", "", "", ""), ("1.a", "Mã lạ", "1", "", "", "")],
    )
    parsed = read_index_file(path, XA, 2025)
    problems = {p.code: (p.declared, p.summed) for p in parsed.sum_problems()}
    assert problems == {"1.1": (2.0, 2.5), "2": (10.0, 8.0)}  # 1.1.2 up ½; 2.2 unread, so lĩnh vực 2 short
    reasons = {s.text.split()[0]: s.reason for s in parsed.skipped}
    assert "không phải số" in reasons["2.2"]
    assert "không có tiêu chí cha «9»" in reasons["9.1"]
    assert "không theo dạng" in reasons["1.a"]
    assert "2.2" not in {c.code for c in parsed.criteria} and len(parsed.criteria) == len(CRITERIA) - 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a workbook"), "bị hỏng hoặc chép chưa trọn vẹn"),
        (lambda p: _plain_table(p), "Không tìm thấy bảng tiêu chí"),
    ],
)
def test_files_that_are_no_criteria_set_are_refused(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "khong-phai.xlsx"
    make(path)  # type: ignore[operator]
    with pytest.raises(UserError, match=message):
        read_index_file(path, XA, 2025)


def _plain_table(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Họ tên", "Chức vụ"])
    wb.active.append(["Nguyễn Văn A", "Chủ tịch"])
    wb.save(path)


@pytest.mark.parametrize(
    ("rule", "measured", "points"),
    [
        ("100%: 2,5; 80% đến dưới 100%: 1,25; dưới 80%: 0", "100%", 2.5),
        ("100%: 2,5; 80% đến dưới 100%: 1,25; dưới 80%: 0", "80", 1.25),
        ("100%: 2,5; 80% đến dưới 100%: 1,25; dưới 80%: 0", "79,9%", 0.0),
        ("- Từ 90% trở lên: 2 điểm\n- Từ 70% - dưới 90%: 1 điểm\n- Dưới 70%: 0 điểm", "95,5", 2.0),
        ("Trên 95%: 1; từ 80% đến 95%: 0,5; dưới 80%: 0", "95", 0.5),
    ],
)
def test_bands_give_the_points_of_what_was_measured(rule: str, measured: str, points: float) -> None:
    bands = parse_bands(rule)
    assert bands is not None and band_for(bands, measured).points == points


def test_rules_in_words_are_not_bands_and_a_value_outside_every_band_is_refused() -> None:
    assert parse_bands("Ban hành trước ngày 31/01: 1 điểm; sau ngày 31/01: 0,5 điểm") is None
    assert parse_bands("Có ban hành: 0,5 điểm") is None
    bands = parse_bands("Từ 80% trở lên: 1; từ 50% đến dưới 80%: 0,5")
    assert bands is not None and math.isinf(bands[0].high)
    with pytest.raises(UserError, match="không thuộc mức nào"):
        band_for(bands, "40%")
    with pytest.raises(UserError, match="không phải số"):
        band_for(bands, "gần hết")


def test_stored_once_reimport_changes_nothing_and_a_corrected_set_updates(tmp_path: Path, store: Store) -> None:
    xlsx = write_xlsx(tmp_path / "bo-chi-so.xlsx")
    first = import_index_file(store, xlsx, XA, 2025)
    assert first.result.outcome is IndexOutcome.NEW and first.result.framework == "CCHC_XA"
    before = db_snapshot(store.db_path)
    again = import_index_file(store, write_docx(tmp_path / "bo-chi-so.docx"), XA, 2025)
    assert again.result.outcome is IndexOutcome.SAME and db_snapshot(store.db_path) == before
    with store.session(write=True) as s:
        fw = resolve_framework(s, "CCHC_XA", 2025)
        set_score(s, fw, "3.2", "96%", "Số liệu hệ thống")
        set_score(s, fw, "1.2", "1,5", "Đủ 4 báo cáo")
    renamed = [tuple(c) for c in CRITERIA]
    renamed[4] = ("1.2", "Thực hiện chế độ báo cáo CCHC định kỳ, đột xuất", *CRITERIA[4][2:])
    updated = import_index_file(store, write_xlsx(tmp_path / "sua.xlsx", renamed), XA, 2025)  # type: ignore[arg-type]
    assert updated.result.outcome is IndexOutcome.UPDATED
    with store.session() as s:
        rows = {r.code: r for r in score_sheet(s, resolve_framework(s, "CCHC_XA", 2025))}
    assert rows["1.2"].name.endswith("đột xuất") and rows["1.2"].score == 1.5  # the score stayed with its code
    assert rows["3.2"].score == 3 and rows["3.2"].measured == "96%"


def test_a_corrected_set_that_drops_a_scored_criterion_is_refused(tmp_path: Path, store: Store) -> None:
    import_index_file(store, write_xlsx(tmp_path / "bo-chi-so.xlsx"), XA, 2025)
    with store.session(write=True) as s:
        set_score(s, resolve_framework(s, "CCHC_XA", 2025), "5.3", "2", "Đạt chuẩn")
    before = db_snapshot(store.db_path)
    fewer = [c for c in CRITERIA if c[0] != "5.3"]
    fewer = [(*c[:2], "13" if c[0] == "5" else c[2], *c[3:]) for c in fewer]
    with pytest.raises(UserError, match=r"tiêu chí 5\.3"):
        import_index_file(store, write_xlsx(tmp_path / "it-hon.xlsx", fewer), XA, 2025)
    assert db_snapshot(store.db_path) == before


def test_the_package_goes_down_whole_and_a_tampered_one_is_refused(tmp_path: Path, store: Store) -> None:
    import_index_file(store, write_xlsx(tmp_path / "bo-chi-so.xlsx"), XA, 2025)
    with store.session(write=True) as s:
        fw = resolve_framework(s, "CCHC_XA", 2025)
        fw.classes = parse_classes("Xuất sắc=90; Tốt=80; Khá=70; Trung bình=50; Yếu=0")
    with store.session() as s:
        package = export_index_package(s, "CCHC_XA", tmp_path)
    commune = open_workspace(tmp_path / "xa")
    try:
        with commune.session(write=True) as s:
            got = import_index_package(s, package)
        assert got.outcome is IndexOutcome.NEW and got.criteria == len(CRITERIA) and got.max_total == 100
        with commune.session() as s:
            listed = index_listing(s)
            fw = resolve_framework(s, "CCHC_XA", 2025)
            assert classify(72, fw.classes) == "Khá" and fw.origin == "package"
        with store.session() as s:
            assert listed[0]["fingerprint"] == index_listing(s)[0]["fingerprint"]
        data = json.loads(package.read_text(encoding="utf-8"))
        data["index"]["criteria"][3]["max_score"] = 5  # a sender's edit after the Sở made it
        tampered = tmp_path / "sua.cchcindex"
        tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        before = db_snapshot(commune.db_path)
        with pytest.raises(UserError, match="bị hỏng hoặc đã bị sửa"), commune.session(write=True) as s:
            import_index_package(s, tampered)
        data["format_version"] = 9
        newer = tmp_path / "moi.cchcindex"
        newer.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(UserError, match="phiên bản ứng dụng mới hơn"):
            read_index_package(newer)
        garbage = tmp_path / "rac.cchcindex"
        garbage.write_bytes(b"\xff\xfe" * 100)
        with pytest.raises(UserError, match="không phải gói bộ chỉ số"):
            read_index_package(garbage)
        assert db_snapshot(commune.db_path) == before
    finally:
        commune.close()


def test_classes_parse_and_classify() -> None:
    bands = parse_classes("Xuất sắc: 90\nTốt: 80\nKhá: 65\nTrung bình: 50\nYếu: 0")
    assert [classify(x, bands) for x in (95, 90, 89.99, 65, 10)] == ["Xuất sắc", "Xuất sắc", "Tốt", "Khá", "Yếu"]
    with pytest.raises(UserError, match="Không hiểu mức xếp loại"):
        parse_classes("Xuất sắc=chín mươi")


def test_a_workbook_keeps_its_maxima_typed_as_text(tmp_path: Path) -> None:
    """The fixture types some maxima as «9,5» text (copied from Word): the test would prove nothing otherwise."""
    ws = load_workbook(write_xlsx(tmp_path / "bo-chi-so.xlsx")).active
    assert any(isinstance(c.value, str) and "," in c.value for c in ws["C"])
    grid = read_workbook(tmp_path / "bo-chi-so.xlsx")
    assert parse_criteria(grid, XA, 2025).max_total == 100


def test_the_last_release_database_upgrades_and_takes_a_province_set(tmp_path: Path) -> None:
    """The frozen schema-0007 database (scores, a deletion kept for undo) gains the index columns and the survey
    table; what it held stays, the deletion can still be undone, and a province's set then imports and scores."""
    from desktop.core.recovery import deleted_items, restore_deleted

    frozen = Path(__file__).resolve().parents[1] / "data" / "schema-0007.sqlite3"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(frozen, data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        assert list((data_dir / "backups").glob("*0007*"))
        with st.session() as s:
            par = {r.code: r for r in score_sheet(s, resolve_framework(s))}
            assert par["1.3.1"].score == 0.5 and par["1.3.1"].measured == "" and not par["1.3.1"].survey
            (deleted,) = deleted_items(s)
            restore_deleted(s, deleted.audit_id, data_dir)
        with st.session() as s:
            assert {r.code: r.score for r in score_sheet(s, resolve_framework(s))}["1.3.2"] == 0.25
        import_index_file(st, write_xlsx(tmp_path / "bo-chi-so.xlsx"), XA, 2025)
        with st.session(write=True) as s:
            set_score(s, resolve_framework(s, "CCHC_XA", 2025), "3.5", "75%", "Số liệu hệ thống")
        with st.session() as s:
            rows = {r.code: r for r in score_sheet(s, resolve_framework(s, "CCHC_XA", 2025))}
        assert rows["3.5"].score == 1 and rows["3"].score == 1
    finally:
        st.close()
