"""Plans in the shapes offices really send, through the real `cchc import-plan --json` and `cchc tasks --json`:
each shape must give the same tasks, codes, leads, partners, deadlines and due dates as the clean workbook of
the same seed tables, imported in a second data directory."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import run
from tests.fixtures.real_shapes import (
    CAO_BANG_BY_AGENCY,
    as_vn3_shows,
    shape_of,
    write_by_agency,
    write_docx,
    write_legacy_xlsx,
    write_three_indices,
    write_xls,
)
from tests.fixtures.workbooks import seed002_tables, seed003_table, write_seed002, write_tables

FIELDS = ("code", "content", "lead", "partners", "deadline_text", "due_date", "recurring", "framework")


def _init(data: Path, agency: str = "UBND xã Hòa An", level: str = "xa") -> None:
    done = run("init", "--agency", agency, "--level", level, data=data)
    assert done.returncode == 0, done.stderr


def _import(data: Path, path: Path, *extra: str) -> dict[str, Any]:
    done = run("import-plan", str(path), "--json", *extra, data=data)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _tasks(data: Path, *extra: str) -> list[dict[str, Any]]:
    done = run("tasks", "--json", "--period", "2025-Y", *extra, data=data)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def _view(rows: list[dict[str, Any]], fields: tuple[str, ...] = FIELDS) -> list[tuple[Any, ...]]:
    return [tuple(r[f] for f in fields) for r in rows]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The seed appendices as a clean .xlsx, imported in a data directory of their own."""
    tmp = tmp_path_factory.mktemp("clean")
    _init(tmp / "data")
    result = _import(tmp / "data", write_seed002(tmp / "clean.xlsx"))
    assert result["tasks"] == 124 and result["criteria_linked"] == 124
    return _tasks(tmp / "data")


def _shapes() -> dict[str, tuple[Callable[[Path], Path], str, str | None]]:
    """name → (writer, expected format, legacy encoding)."""
    tables = seed002_tables()
    plain = [shape_of(t) for t in tables]
    return {
        "word": (lambda tmp: write_docx(plain, tmp / "ke-hoach.docx"), "docx", None),
        "word_one_table_per_page": (lambda tmp: write_docx(plain, tmp / "trang.docx", rows_per_table=15), "docx", None),
        "word_tcvn3": (lambda tmp: write_docx(plain, tmp / "abc.docx", charset="tcvn3"), "docx", "tcvn3"),
        "xls": (lambda tmp: write_xls(plain, tmp / "phu-luc.xls"), "xls", None),
        "xls_tcvn3": (lambda tmp: write_xls(plain, tmp / "phu-luc-abc.xls", charset="tcvn3"), "xls", "tcvn3"),
        "xlsx_unicode_header_tcvn3_body": (
            lambda tmp: write_legacy_xlsx(plain, tmp / "mau-abc.xlsx", "tcvn3"),
            "xlsx",
            "tcvn3",
        ),
        "xlsx_vni": (lambda tmp: write_legacy_xlsx(plain, tmp / "vni.xlsx", "vni"), "xlsx", "vni"),
        "xlsx_all_tcvn3_title_and_header_too": (
            lambda tmp: write_legacy_xlsx(plain, tmp / "toan-abc.xlsx", "tcvn3", whole_file=True),
            "xlsx",
            "tcvn3",
        ),
        "xlsx_all_vni_title_and_header_too": (
            lambda tmp: write_legacy_xlsx(plain, tmp / "toan-vni.xlsx", "vni", whole_file=True),
            "xlsx",
            "vni",
        ),
        "agencies_one_column_semicolon": (
            lambda tmp: write_legacy_xlsx([shape_of(t, "semicolon") for t in tables], tmp / "cq1.xlsx", None),
            "xlsx",
            None,
        ),
        "agencies_one_column_comma": (
            lambda tmp: write_legacy_xlsx([shape_of(t, "comma") for t in tables], tmp / "cq2.xlsx", None),
            "xlsx",
            None,
        ),
        "agencies_one_column_lines_xls": (
            lambda tmp: write_xls([shape_of(t, "lines") for t in tables], tmp / "cq3.xls"),
            "xls",
            None,
        ),
    }


SHAPES = _shapes()


def _same_agencies(names: list[str]) -> list[str]:
    return [n.rstrip(".") for n in names]


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_gives_every_task_as_the_clean_workbook_does(
    name: str, clean: list[dict[str, Any]], tmp_path: Path
) -> None:
    write, source_format, legacy = SHAPES[name]
    data = tmp_path / "data"
    _init(data)
    result = _import(data, write(tmp_path))
    assert result["format"] == source_format
    assert result["tasks"] == 124 and result["skipped"] == [] and result["criteria_linked"] == 124
    if legacy:
        assert result["converted"] == {legacy: result["converted"][legacy]} and result["converted"][legacy] > 500
        assert any("Đã chuyển sang Unicode" in w for w in result["warnings"])
    else:
        assert result["converted"] == {}
    got = _tasks(data)
    expected = copy.deepcopy(clean)
    if legacy == "tcvn3":  # a .VnTime font has no capitals with a tone mark: «Ủy» is typed «ủy»
        for row in expected:
            for key in ("content", "deadline_text"):
                row[key] = as_vn3_shows(row[key])
            row["lead"] = [as_vn3_shows(n) for n in row["lead"]]
            row["partners"] = [as_vn3_shows(n) for n in row["partners"]]
    for row in [*got, *expected]:
        row["lead"], row["partners"] = _same_agencies(row["lead"]), _same_agencies(row["partners"])
    assert _view(got) == _view(expected)


def test_sections_naming_the_agency_carry_its_lead_and_every_deadline_phrase_gets_its_date(tmp_path: Path) -> None:
    """Seed 000's «Tổ chức thực hiện» as an appendix: seventeen Roman sections (up to XVII), each naming the
    agency, task rows with no lead column; a «Ghi chú» block and a footnote below the table."""
    data = tmp_path / "data"
    _init(data, "Sở Nội vụ", "so")
    result = _import(data, write_by_agency(tmp_path / "phan-cong.xlsx"))
    assert result["tasks"] == sum(len(tasks) for _, tasks in CAO_BANG_BY_AGENCY) == 19
    assert result["skipped"] == []
    rows = {r["code"]: r for r in _tasks(data)}
    assert rows["I.1"]["lead"] == ["Các sở, ban, ngành", "UBND các xã, phường"]
    assert rows["II.2"]["lead"] == ["Sở Nội vụ"]
    assert rows["XIII.1"]["lead"] == ["Sở Văn hóa, Thể thao và Du lịch"]  # typed «VĂN HOÁ»: the official spelling
    assert rows["XVI.1"]["lead"] == ["Bảo hiểm xã hội khu vực IX - tỉnh Cao Bằng"]
    assert rows["XVII.1"]["lead"] == ["Mặt trận Tổ quốc Việt Nam", "các tổ chức chính trị - xã hội tỉnh"]
    due = {code: (r["due_date"], r["recurring"]) for code, r in rows.items()}
    assert due["II.1"] == ("2025-12-31", True)  # Định kỳ 6 tháng
    assert due["II.2"] == ("2025-12-31", False)  # Quý III, IV/2025
    assert due["III.1"] == ("2025-12-31", True)  # Hằng tháng
    assert due["IV.1"] == ("2025-09-30", False)  # Quý II-III/2025
    assert due["V.1"] == ("2025-10-31", False)  # 10/2025: the end of the month, not the 1st
    assert due["VI.1"] == ("2025-12-31", True)  # Năm 2025 và các năm tiếp theo
    assert due["IX.1"] == ("2025-12-15", True)  # Trước ngày 15 của tháng cuối quý
    assert due["XI.1"] == ("2025-09-30", False)  # Trong tháng 9/2025
    assert due["XIII.1"] == ("2026-06-30", False)  # Quý I, II/2026
    assert due["XIV.1"] == (None, True)  # Hằng tuần: recurring, no made-up date
    assert not any("Ghi chú" in r["content"] or "Tiêu chí thành phần" in r["content"] for r in rows.values())
    mine = {r["code"] for r in _tasks(data, "--mine")}
    assert {"I.1", "I.2", "II.1", "II.2"} <= mine and "III.1" not in mine


def test_the_section_numeral_typed_in_the_text_column_reads_the_same(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _init(data, "Sở Nội vụ", "so")
    result = _import(data, write_by_agency(tmp_path / "phan-cong-2.xlsx", section_in_text=True))
    assert result["tasks"] == 19 and result["skipped"] == []
    rows = {r["code"]: r for r in _tasks(data)}
    assert rows["XVI.1"]["lead"] == ["Bảo hiểm xã hội khu vực IX - tỉnh Cao Bằng"]


def test_one_sheet_for_three_indices_links_each_task_to_its_own_index(
    clean: list[dict[str, Any]], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _init(data)
    result = _import(data, write_three_indices(tmp_path / "ba-chi-so.xlsx", seed002_tables()))
    assert result["tasks"] == 124 and result["criteria_linked"] == 124
    got = {r["content"]: r["framework"] for r in _tasks(data)}
    assert got == {r["content"]: r["framework"] for r in clean}
    assert sorted(set(got.values())) == ["PAPI", "PAR_INDEX", "SIPAS"]


def test_columns_chosen_by_hand_are_used_and_remembered_for_the_layout(tmp_path: Path) -> None:
    """A table whose header names no known column: refused with the row that came closest; imported with
    --columns; the next file of the same layout is imported without it."""
    table = seed003_table()
    table = copy.deepcopy(table)
    table["header"] = [["TT", "Việc cần làm", "Đơn vị làm", "Đơn vị cùng làm", "Khi nào xong"]]
    path = write_tables([table], tmp_path / "mau-la.xlsx")
    data = tmp_path / "data"
    _init(data)
    refused = run("import-plan", str(path), "--json", data=data)
    assert refused.returncode == 2 and "Dòng 5 giống dòng tiêu đề" in refused.stderr
    assert "chọn cột bằng tay" in refused.stderr
    bad = run("import-plan", str(path), "--columns", "ma=A,viec=B", data=data)
    assert bad.returncode == 2 and "tên cột phải là một trong: ma, tieu_chi, noi_dung" in bad.stderr
    result = _import(data, path, "--columns", "ma=A,noi_dung=B,chu_tri=C,phoi_hop=D,thoi_han=E")
    assert result["tasks"] == 22 and result["skipped"] == []
    rows = _tasks(data)
    assert rows[0]["lead"] == ["Sở Nội vụ"] and rows[0]["deadline_text"] == "Thường xuyên"
    # The same template filled in again next year: its columns are known.
    again = copy.deepcopy(table)
    again["title_rows"] = [t.replace("2024", "2025") for t in again["title_rows"]]
    path_2025 = write_tables([again], tmp_path / "mau-la-2025.xlsx")
    elsewhere = tmp_path / "data2"  # another data directory has not seen the layout
    _init(elsewhere)
    assert run("import-plan", str(path_2025), "--json", data=elsewhere).returncode == 2
    second = _import(data, path_2025)
    assert second["tasks"] == 22


def test_a_2025_plan_for_the_district_level_warns_and_hands_it_to_the_communes(tmp_path: Path) -> None:
    """Seed 003 (Bắc Giang) names «UBND cấp huyện» everywhere; issued again for 2025, after the district level
    was abolished, the import says so and one command gives those tasks to the communes."""
    table = copy.deepcopy(seed003_table())
    table["title_rows"] = [t.replace("2024", "2025") for t in table["title_rows"]]
    at = table["columns"].index("deadline")
    for row in table["rows"]:
        if len(row) > at and row[at]:
            row[at] = row[at].replace("2024", "2025")
    data = tmp_path / "data"
    _init(data)
    result = _import(data, write_tables([table], tmp_path / "bac-giang-2025.xlsx"))
    district = [w for w in result["warnings"] if "UBND cấp huyện chủ trì" in w]
    assert len(district) == 1 and "reassign-district" in district[0]
    before = {r["code"] for r in _tasks(data, "--mine")}
    done = run("reassign-district", "--json", data=data)
    assert done.returncode == 0, done.stderr
    moved = json.loads(done.stdout)
    assert moved["names"] >= 1 and moved["assignments"] >= 1
    after = {r["code"] for r in _tasks(data, "--mine")}
    assert before < after  # the communes now see what the districts were given
    again = json.loads(run("reassign-district", "--json", data=data).stdout)
    assert again == {"names": 0, "assignments": 0}


def test_init_at_the_district_level_warns_that_it_no_longer_exists(tmp_path: Path) -> None:
    done = run("init", "--agency", "UBND huyện Hòa An", "--level", "huyen", data=tmp_path / "data")
    assert done.returncode == 0
    assert "Cảnh báo: Từ ngày 01/7/2025 không còn cấp huyện" in done.stderr


def test_a_deadline_not_understood_is_counted_and_kept_verbatim(tmp_path: Path) -> None:
    table = copy.deepcopy(seed003_table())
    at = table["columns"].index("deadline")
    table["rows"][0][at] = "Theo tiến độ của Trung ương"
    table["rows"][1][at] = "Quý V/2024"
    data = tmp_path / "data"
    _init(data)
    result = _import(data, write_tables([table], tmp_path / "thoi-han.xlsx"))
    unknown = [w for w in result["warnings"] if "chưa hiểu thời hạn" in w]
    assert len(unknown) == 1 and unknown[0].startswith("2 nhiệm vụ chưa hiểu thời hạn")
    rows = _tasks(data)
    assert (rows[0]["deadline_text"], rows[0]["due_date"]) == ("Theo tiến độ của Trung ương", None)
    assert (rows[1]["deadline_text"], rows[1]["due_date"]) == ("Quý V/2024", None)
