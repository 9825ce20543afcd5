"""The model of deleted items, without widgets: what each column says, the whole text as tooltip."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from db.enums import AuditEntity
from desktop.core.recovery import DeletedRow
from desktop.ui.deleted_model import DeletedTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


def test_columns_say_when_who_what_kind_and_what() -> None:
    plan = DeletedRow(
        7, datetime(2025, 10, 1, 9, 5), "Nông Thị Hoa", AuditEntity.PLAN, "Xoá kế hoạch «KH 145/KH-UBND» (124 nhiệm vụ)"
    )
    score = DeletedRow(3, datetime(2025, 9, 30, 16, 40), "Nông Thị Hoa", AuditEntity.SCORE, "Xoá điểm tự chấm 1.3.1")
    model = DeletedTableModel()
    model.set_rows([plan, score])
    assert model.columnCount() == 4 and model.headerData(0, Qt.Orientation.Horizontal) == "Lúc xoá"
    assert [model.index(0, c).data() for c in range(4)] == [
        "09:05 01/10/2025",
        "Nông Thị Hoa",
        "Kế hoạch",
        "Xoá kế hoạch «KH 145/KH-UBND» (124 nhiệm vụ)",
    ]
    assert model.index(1, 2).data() == "Tự chấm điểm"
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == plan.summary
    assert model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) is None
    model.set_rows([])
    assert model.rowCount() == 0
