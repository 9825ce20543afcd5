"""The plan list model and its sort proxy, without widgets."""

from __future__ import annotations

from dataclasses import replace
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


def test_a_new_version_and_a_plan_learned_from_bundles_say_so() -> None:
    model = PlanTableModel()
    amended = replace(plan(1, "145/KH-UBND", "Nâng cao chỉ số PAR INDEX", date(2025, 7, 18), 101), version=2)
    learned = replace(plan(2, "2163/KH-UBND", "Cải thiện các chỉ số", None, 3), learned=True)
    model.set_rows([amended, learned, plan(3, "", "Kế hoạch mẫu", None, 124)])
    assert model.index(0, 0).data() == "145/KH-UBND (phiên bản 2)"
    assert model.index(1, 1).data().endswith("chỉ biết qua gói báo cáo nhận được; hãy nhập tệp kế hoạch")
    assert model.index(2, 0).data() == "(chưa có số)" and model.index(2, 1).data() == "Kế hoạch mẫu"
