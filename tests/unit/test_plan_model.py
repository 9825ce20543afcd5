"""The plan list model and its sort proxy, without widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.core.records import PlanRow
from desktop.ui.plan_model import PlanSortProxy, PlanTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; pytest-qt's shared one (no widget is created here)."""


def plan(i: int, number: str, title: str, issued: date | None, tasks: int) -> PlanRow:
    return PlanRow(
        id=i,
        number=number,
        title=title,
        issuer="UBND tỉnh",
        issued_on=issued,
        year=2025,
        period_text="",
        task_count=tasks,
        parent_label="",
    )


def test_plans_sort_by_vietnamese_title_date_and_count() -> None:
    model = PlanTableModel()
    proxy = PlanSortProxy()
    proxy.setSourceModel(model)
    model.set_rows(
        [
            plan(1, "2163/KH-UBND", "Đào tạo công chức", date(2025, 7, 12), 124),
            plan(2, "", "Cải cách hành chính", None, 9),
            plan(3, "114/KH-SVHTTDL", "Dân vận khéo", date(2025, 7, 18), 30),
        ]
    )
    assert model.index(1, 0).data() == "(chưa có số)"
    assert model.index(0, 3).data() == "12/07/2025"
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["Cải cách hành chính", "Dân vận khéo", "Đào tạo công chức"]
    proxy.sort(5, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 5).data() for r in range(3)] == ["124", "30", "9"]
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 3).data() for r in range(3)] == ["", "12/07/2025", "18/07/2025"]
