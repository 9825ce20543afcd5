"""Plans entered by hand, and a department's implementing plan cascaded from a province plan (seed 001)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Plan, Task
from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.errors import UserError
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.plans import add_task, create_implementing_plan, create_plan, delete_plan, update_plan, update_task
from desktop.core.records import CascadeItem, PlanFields, TaskFields
from desktop.core.tasks import load_task_rows
from tests.fixtures.workbooks import write_seed002


def test_paper_plan_entered_by_hand(commune_store: Store) -> None:
    with commune_store.session() as s:
        plan = create_plan(
            s,
            PlanFields(
                number="12/KH-UBND",
                title="Kế hoạch CCHC năm 2025 của xã",
                issuer="UBND xã Hòa An",
                issued_on=date(2025, 1, 5),
                year=2025,
            ),
        )
        task = add_task(
            s,
            plan.id,
            TaskFields(
                code="1",
                content="Niêm yết công khai TTHC tại Bộ phận Một cửa",
                lead="UBND xã Hòa An",
                deadline_text="Quý III và năm",
            ),
        )
        assert task.due_date == date(2025, 12, 31)
        assert len(plan.uuid) == 36 and len(task.uuid) == 36
        plan_id, task_id, uuid = plan.id, task.id, task.uuid
    with commune_store.session() as s:
        rows = load_task_rows(s, mine=True)
        assert [(r.code, r.my_role) for r in rows] == [("1", "lead")]
        update_task(
            s,
            task_id,
            TaskFields(
                code="1",
                content="Niêm yết công khai TTHC",
                lead="Văn phòng UBND tỉnh",
                partners="UBND cấp xã",
                deadline_text="trước ngày 30/12",
            ),
        )
    with commune_store.session() as s:
        t = s.get(Task, task_id)
        assert t is not None and t.uuid == uuid  # made once, never changed
        assert t.due_date == date(2025, 12, 30)
        assert [(a.role, a.name_as_written) for a in t.assignments] == [
            ("lead", "Văn phòng UBND tỉnh"),
            ("partner", "UBND cấp xã"),
        ]
        # Changing the plan's year re-dates quarter and day-month deadlines.
        update_plan(s, plan_id, PlanFields(number="12/KH-UBND", title="Kế hoạch CCHC", year=2026))
    with commune_store.session() as s:
        t = s.get(Task, task_id)
        assert t is not None and t.due_date == date(2026, 12, 30)


def test_bad_manual_input_is_refused(commune_store: Store) -> None:
    with pytest.raises(UserError), commune_store.session() as s:
        create_plan(s, PlanFields())
    with commune_store.session() as s:
        plan_id = create_plan(s, PlanFields(title="KH")).id
    with pytest.raises(UserError), commune_store.session() as s:
        add_task(s, plan_id, TaskFields(content="   "))
    with pytest.raises(UserError), commune_store.session() as s:
        add_task(s, 999, TaskFields(content="x"))


def test_department_cascades_province_tasks_to_its_units(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        set_my_agency(s, "Sở Văn hóa, Thể thao và Du lịch", "so")
        commit_plan(s, parse_grid(read_workbook(write_seed002(tmp_path / "a.xlsx"))))
    with store.session() as s:
        province = s.scalars(select(Plan)).one()
        src = {t.code: t for t in province.tasks if t.source_sheet == "PL01 PAR INDEX"}
        items = [
            CascadeItem(src["1.1"].id, lead="Văn phòng Sở"),
            CascadeItem(src["1.4"].id, lead="Phòng Quản lý văn hóa", partners="Văn phòng Sở"),
            CascadeItem(src["3.2.2"].id, lead="Văn phòng Sở", deadline_text="trước ngày 30/11/2025"),
        ]
        own = create_implementing_plan(
            s, province.id, PlanFields(number="114/KH-SVHTTDL", title="Kế hoạch cải thiện các Chỉ số năm 2025"), items
        )
        assert own.parent_plan_id == province.id and own.year == 2025
        by_code = {t.code: t for t in own.tasks}
        assert by_code["1.4"].parent_task_id == src["1.4"].id
        assert [c.code for c in by_code["1.4"].criteria] == ["1.4"]
        assert by_code["1.1"].due_date == date(2025, 7, 15)  # the province deadline kept
        assert by_code["3.2.2"].due_date == date(2025, 11, 30)
        assert by_code["1.4"].content == src["1.4"].content
        own_id = own.id
    with pytest.raises(UserError, match="được lập từ kế hoạch này"), store.session() as s:
        delete_plan(s, province.id)
    with store.session() as s:
        delete_plan(s, own_id)
        assert s.query(Plan).count() == 1


def test_cascade_refuses_tasks_of_another_plan(store: Store) -> None:
    with store.session() as s:
        set_my_agency(s, "Sở Nội vụ", "so")
        a = create_plan(s, PlanFields(title="A"))
        b = create_plan(s, PlanFields(title="B"))
        t = add_task(s, b.id, TaskFields(content="x", lead="Sở Nội vụ"))
        a_id, t_id = a.id, t.id
    with pytest.raises(UserError), store.session() as s:
        create_implementing_plan(s, a_id, PlanFields(title="C"), [CascadeItem(t_id, lead="Phòng X")])
