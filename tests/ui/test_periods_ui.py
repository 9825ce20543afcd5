"""«Báo cáo › Kỳ báo cáo…»: a focal point moves a due date and adds an ad hoc period."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt

from db.store import Store
from desktop.core.periods import list_periods
from desktop.ui.dialogs.periods_dialog import PeriodsDialog
from tests.ui.conftest import ModalDriver, menu_action, type_text


def test_a_focal_point_moves_a_due_date_and_adds_an_adhoc_period(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver
) -> None:
    window = make_window(sample_store)
    seen: dict[str, Any] = {}

    def save(d: PeriodsDialog) -> str:
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(d.save_button.isEnabled, timeout=10000)  # saved off the UI thread
        return str(d.error.text())

    def edit(d: PeriodsDialog) -> None:
        d.select_code("2025-Q3")
        assert d.name.isReadOnly() and d.name.text() == "Quý III"
        d.end.setDate(QDate(2025, 9, 20))
        d.due.setDate(QDate(2025, 9, 5))  # before the window ends is allowed (reports are drafted earlier)
        seen["saved"] = save(d)
        d.start.setDate(QDate(2025, 10, 1))  # now after its own end: refused, nothing saved
        seen["refused"] = save(d)

        qtbot.mouseClick(d.new_button, Qt.MouseButton.LeftButton)
        seen["no_name"] = save(d)  # no name yet
        type_text(d.name, "Báo cáo chuyên đề một cửa")
        d.start.setDate(QDate(2025, 4, 1))
        d.end.setDate(QDate(2025, 4, 30))
        d.due.setDate(QDate(2025, 5, 5))
        seen["added"] = save(d)
        seen["selected"] = d.selected().code if d.selected() else None
        d.buttons.rejected.emit()

    modal.on(PeriodsDialog, edit)
    menu_action(window, "Báo cáo", "Kỳ báo cáo…").trigger()
    qtbot.waitUntil(lambda: "added" in seen, timeout=10000)

    assert seen["saved"] == "Đã lưu."
    assert "phải sau ngày bắt đầu" in seen["refused"]
    assert "Hãy đặt tên" in seen["no_name"]
    assert seen["added"] == "Đã lưu kỳ 2025-DX1." and seen["selected"] == "2025-DX1"
    with sample_store.session() as s:
        periods = {p.code: p for p in list_periods(s, 2025)}
    q3 = periods["2025-Q3"]
    assert (q3.window_start, q3.window_end, q3.due_date) == (date(2025, 6, 15), date(2025, 9, 20), date(2025, 9, 5))
    dx = periods["2025-DX1"]
    assert dx.name == "Báo cáo chuyên đề một cửa" and dx.due_date == date(2025, 5, 5)
    # the task page can now report for the ad hoc period
    combo = window.tasks_page.period_combo
    qtbot.waitUntil(lambda: combo.findData("2025-DX1") >= 0, timeout=10000)
    assert "Báo cáo chuyên đề một cửa" in combo.itemText(combo.findData("2025-DX1"))
