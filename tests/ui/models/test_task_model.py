"""The task table model and its filter/sort proxy, tested without any widget."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import TaskRow
from desktop.ui.task_model import (
    COL_CODE,
    COL_CONTENT,
    COL_DEADLINE,
    COL_EVIDENCE,
    COL_LEAD,
    COL_ROLE,
    COL_STATUS,
    OVERDUE_BRUSH,
    TaskFilter,
    TaskFilterProxy,
    TaskTableModel,
)


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; pytest-qt's shared one (no widget is created here)."""


def row(
    i: int,
    code: str,
    content: str,
    role: str | None = None,
    due: date | None = None,
    framework: str = "PAR_INDEX",
    field: str = "1",
    lead: str = "Sở Nội vụ",
    plan_id: int = 1,
) -> TaskRow:
    return TaskRow(
        id=i,
        uuid=f"u{i}",
        plan_id=plan_id,
        plan_label="KH",
        code=code,
        framework=framework,
        criterion_code=code,
        criterion_name="",
        field_code=field,
        section="",
        criterion_text="",
        content=content,
        lead=(lead,),
        partners=("UBND cấp xã",),
        deadline_text="Năm 2025" if due else "Thường xuyên",
        deadline_kind="year",
        due_date=due,
        recurring=due is None,
        expected_output="",
        note="",
        my_role=role,
        parent_task_id=None,
    )


ROWS = [
    row(1, "1.10", "Cải cách thủ tục hành chính", "lead", date(2025, 6, 30)),
    row(2, "1.2", "Đào tạo, bồi dưỡng công chức", "partner", date(2025, 10, 15), field="1"),
    row(3, "2.1", "Tuyên truyền pháp luật", None, date(2025, 12, 31), field="2", lead="Ủy ban MTTQ"),
    row(4, "1.1", "Khảo sát sự hài lòng", "partner", None, framework="PAPI", field="1", lead="Ân Thi"),
    row(
        5, "B.II.13", "Niêm yết công khai TTHC", "lead", date(2025, 9, 30), framework="SIPAS", field="B", lead="Anh Sơn"
    ),
]
TODAY = date(2025, 10, 1)


def make() -> tuple[TaskTableModel, TaskFilterProxy]:
    model = TaskTableModel(today=TODAY)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(list(ROWS))
    return model, proxy


def codes(proxy: TaskFilterProxy) -> list[str]:
    return [proxy.index(r, COL_CODE).data() for r in range(proxy.rowCount())]


def test_model_shows_columns_and_marks_overdue() -> None:
    model, _ = make()
    assert model.rowCount() == 5 and model.columnCount() == 9
    assert model.headerData(COL_CONTENT, Qt.Orientation.Horizontal) == "Nội dung nhiệm vụ"
    assert model.index(0, COL_DEADLINE).data() == "30/06/2025"
    assert model.index(3, COL_DEADLINE).data() == "Thường xuyên"
    assert model.index(0, COL_ROLE).data() == "Chủ trì"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_BRUSH
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_accent_insensitive_search() -> None:
    _, proxy = make()
    proxy.set_filter(TaskFilter(search="cai cach"))
    assert codes(proxy) == ["1.10"]
    proxy.set_filter(TaskFilter(search="dao tao"))  # "đ" ~ "d"
    assert codes(proxy) == ["1.2"]
    proxy.set_filter(TaskFilter(search="CÔNG KHAI tthc"))
    assert codes(proxy) == ["B.II.13"]
    proxy.set_filter(TaskFilter(search="xa"))  # partners are searched too
    assert len(codes(proxy)) == 5


def test_role_framework_field_and_window_filters() -> None:
    _, proxy = make()
    proxy.set_filter(TaskFilter(role="mine"))
    assert codes(proxy) == ["1.10", "1.2", "1.1", "B.II.13"]
    proxy.set_filter(TaskFilter(role="lead"))
    assert codes(proxy) == ["1.10", "B.II.13"]
    proxy.set_filter(TaskFilter(role="partner"))
    assert codes(proxy) == ["1.2", "1.1"]
    proxy.set_filter(TaskFilter(framework="PAR_INDEX", field_code="1"))
    assert codes(proxy) == ["1.10", "1.2"]
    proxy.set_filter(TaskFilter(window="overdue"))
    assert codes(proxy) == ["1.10", "B.II.13"]
    proxy.set_filter(TaskFilter(window="next30"))
    assert codes(proxy) == ["1.2"]


def test_sorting_is_natural_for_codes_and_vietnamese_for_text() -> None:
    _, proxy = make()
    proxy.sort(COL_CODE, Qt.SortOrder.AscendingOrder)
    assert codes(proxy) == ["1.2", "1.10", "2.1", "1.1", "B.II.13"]  # PAR before PAPI before SIPAS
    proxy.sort(COL_LEAD, Qt.SortOrder.AscendingOrder)
    leads = [proxy.index(r, COL_LEAD).data() for r in range(proxy.rowCount())]
    assert leads == ["Anh Sơn", "Ân Thi", "Sở Nội vụ", "Sở Nội vụ", "Ủy ban MTTQ"]
    proxy.sort(COL_DEADLINE, Qt.SortOrder.AscendingOrder)
    assert codes(proxy)[0] == "1.10" and codes(proxy)[-1] == "1.1"  # undated last
    proxy.set_filter(TaskFilter(role="lead"))  # the sort survives a filter change
    assert codes(proxy) == ["1.10", "B.II.13"]


def test_proxy_maps_rows_back_to_the_source() -> None:
    model, proxy = make()
    proxy.set_filter(TaskFilter(framework="SIPAS"))
    src = proxy.mapToSource(proxy.index(0, COL_CONTENT))
    assert src.row() == 4 and src.data() == "Niêm yết công khai TTHC"
    assert proxy.mapFromSource(model.index(4, 1)).row() == 0
    assert not proxy.mapFromSource(model.index(0, 1)).isValid()
    assert proxy.row_at(0).id == 5


def test_progress_columns_and_status_filters() -> None:
    rows = [row(i, f"1.{i}", f"Nhiệm vụ {i}", "lead", date(2025, 6, 30)) for i in range(1, 5)]
    rows[0].status, rows[0].percent, rows[0].evidence_count = "done", 100, 2
    rows[1].status, rows[1].percent = "done_late", 100
    rows[2].status, rows[2].percent = "in_progress", 40
    model = TaskTableModel(today=TODAY)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(rows)
    assert model.index(0, COL_STATUS).data() == "Hoàn thành"
    assert model.index(2, COL_STATUS).data() == "Đang thực hiện (40%)"
    assert model.index(3, COL_STATUS).data() == "Chưa triển khai"
    assert model.index(0, COL_EVIDENCE).data() == "2" and model.index(1, COL_EVIDENCE).data() == ""
    # a finished task is not overdue, even past its date
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_BRUSH
    proxy.set_filter(TaskFilter(window="overdue"))
    assert codes(proxy) == ["1.3", "1.4"]
    proxy.set_filter(TaskFilter(status="unproven"))
    assert codes(proxy) == ["1.2"]
    proxy.set_filter(TaskFilter(status="in_progress"))
    assert codes(proxy) == ["1.3"]
    proxy.set_filter(TaskFilter(status="not_started"))
    assert codes(proxy) == ["1.4"]
    proxy.sort(COL_STATUS, Qt.SortOrder.DescendingOrder)
    proxy.set_filter(TaskFilter())
    assert codes(proxy) == ["1.2", "1.1", "1.3", "1.4"]


def test_a_big_table_searches_once_its_search_texts_come_from_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows read for the window bring no search texts; above `SMALL_TABLE` rows they are made in a worker. A
    search typed meanwhile shows no row and says it is searching, asks for them once, and runs when they come;
    texts made from older rows are refused."""
    import desktop.ui.task_model as task_model

    monkeypatch.setattr(task_model, "SMALL_TABLE", 2)
    model = TaskTableModel(today=TODAY)
    proxy = TaskFilterProxy()
    asked: list[int] = []
    proxy.search_in_background = lambda: asked.append(model.loads)
    proxy.setSourceModel(model)
    model.set_rows(list(ROWS))  # the fixtures' rows carry no search text, like the window's
    assert model.haystacks is None and proxy.rowCount() == 5 and not proxy.searching  # no search: all shown
    proxy.set_filter(TaskFilter(search="cai"))
    proxy.set_filter(TaskFilter(search="cai cach"))
    assert proxy.rowCount() == 0 and proxy.searching and asked == [1, 1]
    stale = TaskTableModel.haystacks_of(list(ROWS))
    model.set_rows(list(ROWS))  # a reload while the worker ran: its texts belong to the older rows
    assert not model.keep_haystacks(stale, model.loads - 1)
    assert model.keep_haystacks(TaskTableModel.haystacks_of(model.rows), model.loads)
    proxy.refilter()
    assert codes(proxy) == ["1.10"] and not proxy.searching
    proxy.set_filter(TaskFilter(search="cai cach thu"))  # narrowing works on the shown rows again
    assert codes(proxy) == ["1.10"]


def test_a_small_table_is_searchable_at_once() -> None:
    model, proxy = make()
    assert model.haystacks is not None and len(model.haystacks) == 5
    proxy.search_in_background = lambda: pytest.fail("a small table needs no worker")
    proxy.set_filter(TaskFilter(search="tuyen truyen"))
    assert codes(proxy) == ["2.1"] and not proxy.searching
