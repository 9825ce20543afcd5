"""The appraisal sheet model, without widgets: what each column says and a saved row replacing its old self."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop.core.appraisal.focal import AppraisalRow
from desktop.ui.appraisal_model import AppraisalTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


CRITERION = AppraisalRow("criterion", "1.3.1", "Ban hành kế hoạch CCHC", "", 0.5, 1.0, None, None, "")
TASK = AppraisalRow("task", "1.3.1", "Kiểm tra công tác CCHC", "u-1", None, None, None, None, "")


def test_columns_and_a_saved_row() -> None:
    model = AppraisalTableModel()
    model.set_rows([CRITERION, TASK])
    assert model.columnCount() == 9 and model.headerData(5, Qt.Orientation.Horizontal) == "Điểm thẩm định"
    assert [model.index(0, c).data() for c in (0, 1, 3, 4, 5, 6)] == ["Tiêu chí", "1.3.1", "0,5", "1", "", ""]
    assert model.index(1, 0).data() == "Nhiệm vụ" and model.appraised() == 0
    saved = replace(CRITERION, score=0.25, evidence="rejected", comment="Thiếu biên bản")
    assert model.replace_row(saved) == 0
    assert [model.index(0, c).data() for c in (5, 6, 7)] == ["0,25", "Không chấp nhận", "Thiếu biên bản"]
    assert model.index(1, 5).data() == "" and model.appraised() == 1
    assert model.replace_row(replace(TASK, uuid="other")) == -1  # not in the sheet: nothing replaced
    assert model.replace_row(replace(TASK, answer="Đã bổ sung biên bản")) == 1
    assert model.index(1, 8).data() == "Đã bổ sung biên bản"
