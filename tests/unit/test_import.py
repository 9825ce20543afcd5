"""Plan import from workbooks generated from the seed appendices, in several layouts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import ImportRecord, Plan, Task
from db.store import Store
from desktop.core.plan_import import SheetOptions, parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.sample import Layout, write_tables
from tests.conftest import db_snapshot
from tests.fixtures.workbooks import LAYOUT_B, seed002_tables, without_years, write_seed002, write_seed003

PL01_TASKS, PL02_TASKS, PL03_TASKS, SEED003_TASKS = 73, 35, 16, 22


def _tuples(parsed):  # type: ignore[no-untyped-def]
    return [
        (
            t.code,
            t.criterion_text,
            t.content,
            split(t.lead),
            split(t.partners),
            t.deadline_text.replace("\n", ";"),
            t.output,
        )
        for t in parsed.tasks
    ]


def split(text: str) -> list[str]:
    from desktop.core.agency_names import split_names

    return split_names(text)


def test_layout_a_sheets_headers_and_counts(tmp_path: Path) -> None:
    parsed = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    counts = [(s.name, s.framework, len(s.tasks)) for s in parsed.sheets]
    assert counts == [
        ("PL01 PAR INDEX", "PAR_INDEX", PL01_TASKS),
        ("PL02 PAPI", "PAPI", PL02_TASKS),
        ("PL03 SIPAS", "SIPAS", PL03_TASKS),
    ]
    assert parsed.skipped == []
    pl01 = parsed.sheets[0]
    assert pl01.header_rows == [5, 6]  # two-row header under three title rows and a blank row
    assert set(pl01.mapping) == {"code", "criterion", "content", "lead", "partners", "deadline", "note"}
    assert parsed.meta.year == 2025 and parsed.year_inferred


def test_section_and_parent_rows_are_structure_not_tasks(tmp_path: Path) -> None:
    parsed = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    codes = [t.code for t in parsed.sheets[0].tasks]
    assert "1" not in codes and "1.3" not in codes and "2.1" not in codes
    assert codes[:4] == ["1.1", "1.2", "1.3.1", "1.3.2"]
    t = parsed.sheets[0].tasks[2]
    assert t.section == "1. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC › 1.3. Công tác kiểm tra CCHC"
    assert t.criterion_text.startswith("Tỷ lệ cơ quan chuyên môn")
    assert t.content.startswith("Tiến hành kiểm tra theo Kế hoạch")
    # 5.3 has a task and no children: a task.
    assert "5.3" in codes


def test_sipas_codes_groups_and_inherited_agencies(tmp_path: Path) -> None:
    parsed = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    sipas = {t.code: t for t in parsed.sheets[2].tasks}
    assert list(sipas)[:3] == ["A.I.1", "A.II.2", "A.III.3"]
    assert "B.II.13" in sipas
    # Task 1 has no agencies of its own: they sit on group row I.
    assert split(sipas["A.I.1"].lead) == ["Sở Khoa học và Công nghệ", "UBND cấp xã"]
    assert sipas["A.I.1"].deadline_text == "Thường xuyên"
    # Task 12 shares a vertically merged agency cell with task 11.
    assert sipas["B.I.12"].lead == sipas["B.I.11"].lead
    assert sipas["B.I.12"].deadline_text == "Quý III và năm"


def test_layout_b_gives_the_same_tasks(tmp_path: Path) -> None:
    a = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    b = parse_grid(read_workbook(write_seed002(tmp_path / "b.xlsx", LAYOUT_B)))
    assert [s.framework for s in b.sheets] == ["PAR_INDEX", "PAPI", "SIPAS"]
    assert b.skipped == []
    assert _tuples(b) == _tuples(a)
    assert b.sheets[0].mapping["deadline"] < b.sheets[0].mapping["partners"]  # columns found by header text


def test_seed003_pre_2025_plan(tmp_path: Path) -> None:
    parsed = parse_grid(read_workbook(write_seed003(tmp_path / "c.xlsx")))
    assert len(parsed.tasks) == SEED003_TASKS
    assert parsed.sheets[0].framework == "PAPI"
    assert [t.code for t in parsed.tasks][:3] == ["1", "2", "3"]  # "1." as written
    assert parsed.meta.year == 2024
    assert parsed.meta.issuer == "UBND tỉnh Bắc Giang"
    assert split(parsed.tasks[0].partners) == ["Các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]


def test_commit_links_criteria_and_understands_deadlines(commune_store: Store, tmp_path: Path) -> None:
    parsed = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    with commune_store.session() as s:
        result = commit_plan(s, parsed)
    assert result.tasks == PL01_TASKS + PL02_TASKS + PL03_TASKS
    assert result.criteria_linked == result.tasks  # every seed 002 task maps to a catalog criterion
    with commune_store.session() as s:
        t = s.scalars(select(Task).where(Task.code == "1.3.1")).one()
        assert [c.code for c in t.criteria] == ["1.3.1"]
        assert t.due_date == date(2025, 12, 31) and t.milestones == ["2025-09-30", "2025-12-31"]
        papi = s.scalars(select(Task).where(Task.code == "6.7")).one()
        assert [c.code for c in papi.criteria] == ["6"]
        sipas = s.scalars(select(Task).where(Task.code == "B.II.13")).one()
        assert [c.code for c in sipas.criteria] == ["B.II"]
        assert sipas.recurring and sipas.due_date == date(2025, 12, 31)
        plan = s.scalars(select(Plan)).one()
        assert len({t.uuid for t in plan.tasks}) == result.tasks and len(plan.uuid) == 36


def test_same_file_twice_is_recognised(commune_store: Store, tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "a.xlsx")
    with commune_store.session() as s:
        first = commit_plan(s, parse_grid(read_workbook(path)))
    before = db_snapshot(commune_store.db_path)
    with commune_store.session() as s:
        again = commit_plan(s, parse_grid(read_workbook(path)))
    assert again.duplicate and again.plan_id == first.plan_id
    assert db_snapshot(commune_store.db_path) == before


def test_resaved_copy_with_same_content_is_recognised(commune_store: Store, tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "a.xlsx")
    with commune_store.session() as s:
        commit_plan(s, parse_grid(read_workbook(path)))
    wb = load_workbook(path)
    wb.properties.creator = "someone else"  # different bytes, same tables
    wb.save(tmp_path / "copy.xlsx")
    with commune_store.session() as s:
        again = commit_plan(s, parse_grid(read_workbook(tmp_path / "copy.xlsx")))
        assert again.duplicate
        assert s.query(Plan).count() == 1


def test_another_appendix_of_the_same_number_joins_the_plan(commune_store: Store, tmp_path: Path) -> None:
    tables = seed002_tables()
    parsed = parse_grid(read_workbook(write_tables(tables[:1], tmp_path / "a.xlsx")))
    parsed.meta.number = "2163/KH-UBND"
    with commune_store.session() as s:
        first = commit_plan(s, parsed)
    other = parse_grid(read_workbook(write_tables(tables[1:2], tmp_path / "b.xlsx")))
    other.meta.number = "2163 /KH - UBND"
    other.meta.issuer = parsed.meta.issuer
    with commune_store.session() as s:
        second = commit_plan(s, other)
    assert second.plan_id == first.plan_id and second.merged_into == first.plan_key and not second.new_version
    assert second.tasks == first.tasks + len(other.tasks)


def test_year_cannot_be_inferred_so_quarters_stay_undated(commune_store: Store, tmp_path: Path) -> None:
    path = write_tables(without_years(seed002_tables()), tmp_path / "noyear.xlsx", Layout(title_rows=False))
    parsed = parse_grid(read_workbook(path))
    assert parsed.meta.year is None and not parsed.year_inferred
    with commune_store.session() as s:
        result = commit_plan(s, parsed)
    assert result.undated > 0
    with commune_store.session() as s:
        t = s.scalars(select(Task).where(Task.code == "1.3.1")).one()
        assert t.deadline_text == "Quý III và Quý IV" and t.due_date is None


def test_rows_that_cannot_be_understood_are_listed(tmp_path: Path) -> None:
    tables = seed002_tables()[:1]
    rows = tables[0]["rows"]
    rows.insert(5, ["1.2.x.9", "", "Nội dung lạ", "Sở Nội vụ", "", "Năm 2025"])
    rows.insert(8, ["7.7", "", "", "", "", "Năm 2025"])
    parsed = parse_grid(read_workbook(write_tables(tables, tmp_path / "junk.xlsx")))
    reasons = {(s.sheet, s.row): s.reason for s in parsed.skipped}
    assert ("PL01 PAR INDEX", 12) in reasons and "không đúng dạng" in reasons[("PL01 PAR INDEX", 12)]
    assert ("PL01 PAR INDEX", 15) in reasons and "không có tên tiêu chí" in reasons[("PL01 PAR INDEX", 15)]
    assert len(parsed.tasks) == PL01_TASKS


def test_code_turned_into_a_date_by_excel_is_reported(tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "a.xlsx")
    wb = load_workbook(path)
    ws = wb["PL01 PAR INDEX"]
    ws["A11"].value = date(2001, 3, 1)  # "1.3.1" as Excel in some locales stores it
    wb.save(path)
    parsed = parse_grid(read_workbook(path))
    assert any("đổi thành ngày" in s.reason and s.row == 11 for s in parsed.skipped)


def test_user_mapping_in_the_preview_is_applied(tmp_path: Path) -> None:
    grid = read_workbook(write_seed002(tmp_path / "a.xlsx"))
    parsed = parse_grid(grid)
    mapping = dict(parsed.sheets[1].mapping)
    mapping["lead"], mapping["partners"] = mapping["partners"], mapping["lead"]  # user swaps two columns
    again = parse_grid(
        grid, {"PL02 PAPI": SheetOptions(mapping=mapping, framework="PAPI"), "PL03 SIPAS": SheetOptions(include=False)}
    )
    assert again.sheets[1].tasks[0].lead == parsed.sheets[1].tasks[0].partners
    assert len(again.tasks) == PL01_TASKS + PL02_TASKS


def test_cancel_leaves_nothing(commune_store: Store, tmp_path: Path) -> None:
    from desktop.core.errors import Cancelled
    from desktop.core.progress import CancelToken

    parsed = parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx")))
    token = CancelToken()
    token.cancel()
    before = db_snapshot(commune_store.db_path)
    with pytest.raises(Cancelled), commune_store.session() as s:
        commit_plan(s, parsed, cancel=token)
    assert db_snapshot(commune_store.db_path) == before
    with commune_store.session() as s:
        assert s.query(ImportRecord).count() == 0
