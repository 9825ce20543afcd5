"""The register model, without widgets: what each column says, retired units greyed, accent-free search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.register import Member
from desktop.ui.register_model import FLAG_BRUSH, RETIRED_BRUSH, RegisterTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


ROWS = [
    Member("Sở Tư pháp", "so", None, registered=False, active=True),
    Member("UBND phường Thục Phán", "xa", "01273", registered=True, active=True),
    Member("UBND xã Yên Thổ", "xa", "01318", registered=True, active=False),
    Member("UBND huyện Hòa An", "huyen", None, registered=True, active=True, flag="cấp huyện không còn"),
]


def test_columns_and_retired_units() -> None:
    model = RegisterTableModel()
    model.set_rows(ROWS)
    assert model.columnCount() == 6 and model.headerData(2, Qt.Orientation.Horizontal) == "Mã đơn vị"
    assert [model.index(0, c).data() for c in range(6)] == [
        "Sở Tư pháp",
        "Sở, ban, ngành tỉnh",
        "",
        "Được giao nhiệm vụ trong kế hoạch",
        "Đang theo dõi",
        "",
    ]
    assert model.index(1, 3).data() == "Trong danh sách đơn vị" and model.index(1, 2).data() == "01273"
    assert model.index(2, 4).data() == "Đã thôi"
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) == RETIRED_BRUSH
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(3, 5).data() == "cấp huyện không còn"
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) == FLAG_BRUSH


def test_search_ignores_accents() -> None:
    model = RegisterTableModel()
    model.set_rows(ROWS)
    assert model.rows_matching("thuc phan") == [1]
    assert model.rows_matching("") == [0, 1, 2, 3]
