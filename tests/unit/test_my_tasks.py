"""Who sees which task: exact agencies, generic groups resolved by level, remembered corrections."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import Agency, Assignment
from db.store import Store
from desktop.core.agencies import correct_match, list_name_matches, set_my_agency
from desktop.core.agency_names import match_key
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.sample import write_tables
from desktop.core.tasks import load_task_rows
from tests.fixtures.workbooks import seed002_tables, write_seed002, write_seed003

# Seed 002 tasks that do not involve communes at all (checked by hand against the appendices).
NOT_FOR_COMMUNES = {
    ("PAR_INDEX", c) for c in ("1.3.2", "3.1", "3.2.1", "3.4.1", "5.1.3", "5.2.1", "5.3", "7.3.1", "8.1")
} | {("PAPI", "6.1"), ("PAPI", "8.3"), ("SIPAS", "A.III.7")}


def _import(store: Store, path: Path) -> None:
    with store.session() as s:
        commit_plan(s, parse_grid(read_workbook(path)))


def test_commune_sees_exactly_the_tasks_addressed_to_communes(commune_store: Store, tmp_path: Path) -> None:
    _import(commune_store, write_seed002(tmp_path / "a.xlsx"))
    with commune_store.session() as s:
        everything = load_task_rows(s)
        mine = load_task_rows(s, mine=True)
    all_keys = {(r.framework, r.code) for r in everything}
    assert len(all_keys) == 124
    assert {(r.framework, r.code) for r in mine} == all_keys - NOT_FOR_COMMUNES
    roles = {(r.framework, r.code): r.my_role for r in mine}
    assert roles[("PAR_INDEX", "1.1")] == "partner"  # "UBND cấp xã" among the partners
    assert roles[("PAR_INDEX", "7.3.5")] == "lead"  # "Các Sở, ban, ngành; UBND cấp xã" lead
    assert roles[("PAR_INDEX", "6.2.2")] == "lead"  # "… UBND các xã, phường"
    assert roles[("PAPI", "1.2")] == "lead"
    assert roles[("SIPAS", "A.II.2")] == "lead"  # "UBND các cấp"
    assert roles[("SIPAS", "A.I.1")] == "lead"  # inherited from group row I


def test_department_sees_its_own_and_group_tasks(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        set_my_agency(s, "Sở Tư pháp tỉnh Tuyên Quang", "so")
    _import(store, write_seed002(tmp_path / "a.xlsx"))
    with store.session() as s:
        roles = {(r.framework, r.code): r.my_role for r in load_task_rows(s, mine=True)}
    assert roles[("PAR_INDEX", "2.1.1")] == "lead"
    assert roles[("PAPI", "1.1")] == "lead"  # "Sở Tư pháp;\nUBND cấp xã"
    assert roles[("PAPI", "3.2")] == "partner"
    assert roles[("PAR_INDEX", "1.1")] == "partner"  # "Các Sở, ban, ngành tỉnh"
    assert ("PAPI", "1.2") not in roles  # communes and villages only


def test_pre_2025_district_plan(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        set_my_agency(s, "UBND huyện Yên Dũng", "huyen")
    _import(store, write_seed003(tmp_path / "c.xlsx"))
    with store.session() as s:
        roles = {r.code: r.my_role for r in load_task_rows(s, mine=True)}
    assert roles["19"] == "lead" and roles["21"] == "lead" and roles["1"] == "partner"
    assert "16" in roles and "12" in roles
    assert len(roles) == 22 - 0  # every task of this plan names UBND cấp huyện or the related bodies


def test_same_agency_written_differently_is_one_agency(commune_store: Store, tmp_path: Path) -> None:
    _import(commune_store, write_seed002(tmp_path / "a.xlsx"))
    with commune_store.session() as s:
        ids = {
            a.agency_id
            for a in s.scalars(
                select(Assignment).where(
                    Assignment.name_as_written.in_(
                        [
                            "Văn phòng UBND tỉnh",
                            "Văn phòng UBND tỉnh theo dõi đôn đốc, kiểm tra",
                            "Văn phòng UBND tỉnh (Trung tâm PVHCC)",
                        ]
                    )
                )
            )
        }
        assert len(ids) == 1
        # The seed's typo "Báo và Đào" is matched to "Báo và Đài", flagged for the user to confirm.
        radio = {
            a.agency_id
            for a in s.scalars(
                select(Assignment).where(
                    Assignment.name_as_written.in_(["Báo và Đào PT-TH tỉnh", "Báo và Đài PT-TH tỉnh"])
                )
            )
        }
        assert len(radio) == 1
        unconfirmed = [m for m in list_name_matches(s) if m.example == "Báo và Đài PT-TH tỉnh"]
        assert unconfirmed and not unconfirmed[0].confirmed


def test_a_correction_applies_now_and_to_later_imports(commune_store: Store, tmp_path: Path) -> None:
    tables = seed002_tables()
    _import(commune_store, write_tables(tables[:1], tmp_path / "pl01.xlsx"))
    with commune_store.session() as s:
        assert "1.3.2" not in {r.code for r in load_task_rows(s, mine=True)}
        # The user says "Các đơn vị được kiểm tra" means the communes.
        changed = correct_match(s, match_key("Các đơn vị được kiểm tra"), None, frozenset({"xa"}))
        assert changed == 1
    with commune_store.session() as s:
        assert "1.3.2" in {r.code for r in load_task_rows(s, mine=True)}
    # A later plan using the same words is understood the same way.
    later = tables[0]
    later["rows"] = [
        later["rows"][0],
        ["1.9", "Kiểm tra lại", "Kiểm tra lại các đơn vị", "Sở Nội vụ", "Các đơn vị được kiểm tra", "Quý IV"],
    ]
    _import(commune_store, write_tables([later], tmp_path / "later.xlsx"))
    with commune_store.session() as s:
        assert "1.9" in {r.code for r in load_task_rows(s, mine=True)}


def test_my_agency_can_be_changed(commune_store: Store) -> None:
    with commune_store.session() as s:
        profile = set_my_agency(
            s,
            "Phòng Văn hóa",
            "phong",
            parent_name="Sở Văn hóa, Thể thao và Du lịch",
            focal_person="Trần Thị B",
            phone="0206 3852 111",
            email="b@example.vn",
        )
        assert profile.agency.parent is not None and profile.agency.parent.level == "so"
        assert s.scalars(select(Agency).where(Agency.name == "UBND xã Hòa An")).one()  # kept, not deleted


def test_the_strip_counts_exactly_what_the_filters_show(sample_store: Store) -> None:
    """`due_counts` (one pass, for the strip) agrees with `is_overdue` and `is_due_soon` (the table's filters)
    on every status and deadline of the sample plan, whichever day it is."""
    from datetime import date

    from desktop.core.dashboard import due_counts, is_due_soon, is_overdue
    from desktop.core.tasks import load_task_rows

    with sample_store.session() as s:
        rows = load_task_rows(s, search=False)
    assert rows and all(r.search_text == "" for r in rows)
    statuses = [None, "not_started", "in_progress", "done", "done_late", "cannot"]
    for i, r in enumerate(rows):
        r.status = statuses[i % len(statuses)]
    for today in (date(2025, 1, 1), date(2025, 6, 20), date(2025, 10, 1), date(2025, 12, 25)):
        for days in (7, 30):
            expected = (
                sum(is_overdue(r, today) for r in rows),
                sum(is_due_soon(r, today, days) for r in rows),
            )
            assert due_counts(rows, today, days) == expected
        assert sum(is_due_soon(r, today, 7) for r in rows) <= sum(is_due_soon(r, today, 30) for r in rows)
    assert due_counts(rows, date(2025, 10, 1), 7)[0] > 0
