"""A commune official's first screen: «Việc của tôi» with the period being reported, its deadline, and what is
overdue or due within 7 days (each a link to those tasks); at a focal point, who has not reported. The page, the
period, the filters and the columns are as the user left them, in the data directory."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from db.store import Store
from desktop.core.bundle.receive import import_bundle
from desktop.ui.main_window import MainWindow, Page
from tests.ui.conftest import Messages, settle
from tests.unit.test_receive import make_commune, report


def _open(store: Store, qtbot: Any, today: date) -> MainWindow:
    window = MainWindow(store, today=today)
    window.show()
    qtbot.waitUntil(lambda: window.state.loaded and not window.ops.busy, timeout=20000)
    return window


def _close(window: MainWindow, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=20000)
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def test_the_first_screen_is_my_work_for_the_period_with_what_is_overdue_and_due_soon(
    sample_store: Store, qtbot: Any, messages: Messages
) -> None:
    window = _open(sample_store, qtbot, date(2025, 12, 26))
    try:
        page = window.tasks_page
        assert window.nav.currentItem().text() == "Việc của tôi" and window.pages.currentWidget() is page
        assert page.role_combo.currentData() == "mine" and page.period_code() == "2025-Y"
        strip = page.strip.text()
        assert "Kỳ báo cáo <b>Năm 2025</b>: hạn nộp 15/12/2025 (đã quá hạn)" in strip
        assert page.strip.overdue >= 1 and page.strip.soon >= 1  # 1.1 was due 15/7; most are due 31/12
        assert f"{page.strip.soon} nhiệm vụ đến hạn trong 7 ngày tới</a>" in strip
        page.strip.linkActivated.emit("soon")  # the user clicks the count
        assert page.window_combo.currentData() == "next7" and page.proxy.rowCount() == page.strip.soon
        page.strip.linkActivated.emit("overdue")
        assert page.window_combo.currentData() == "overdue" and page.proxy.rowCount() == page.strip.overdue
        assert "chưa nộp báo cáo" not in strip  # a commune owes no one a count
    finally:
        _close(window, qtbot)


def test_a_focal_point_sees_who_has_not_reported_and_goes_there(
    sample_store: Store, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    window = _open(sample_store, qtbot, date(2025, 9, 1))
    try:
        page = window.tasks_page
        assert page.period_code() == "2025-Q3"
        missing = window.state.missing_reports
        assert missing is not None and missing > 0
        assert f"{missing} cơ quan, đơn vị chưa nộp báo cáo</a>" in page.strip.text()
        page.strip.linkActivated.emit("missing")
        assert window.pages.currentWidget() is window.received_page
    finally:
        _close(window, qtbot)


def test_the_page_period_filters_and_columns_are_as_the_user_left_them(
    sample_store: Store, qtbot: Any, messages: Messages
) -> None:
    window = _open(sample_store, qtbot, date(2025, 10, 1))
    page = window.tasks_page
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Q3"))
    settle(window, qtbot)
    page.window_combo.setCurrentIndex(page.window_combo.findData("overdue"))
    lead = next(a for a in page.columns.menu.actions() if a.text() == "Chủ trì")
    lead.trigger()  # unticked in the «Cột…» menu
    partners = next(a for a in page.columns.menu.actions() if a.text() == "Phối hợp")
    partners.trigger()  # ticked: shown from now on
    essential = next(a for a in page.columns.menu.actions() if a.text() == "Nội dung nhiệm vụ")
    assert not essential.isEnabled()  # the table means nothing without it
    window.show_page(Page.DASHBOARD)
    settle(window, qtbot)
    _close(window, qtbot)

    again = _open(sample_store, qtbot, date(2025, 10, 1))
    try:
        assert again.pages.currentWidget() is again.dashboard_page
        tasks = again.tasks_page
        assert tasks.period_code() == "2025-Q3" and again.state.period_code == "2025-Q3"
        assert tasks.window_combo.currentData() == "overdue"
        hidden = tasks.columns.hidden()
        assert "Chủ trì" in hidden and "Phối hợp" not in hidden and "Vai trò của tôi" in hidden
    finally:
        _close(again, qtbot)


def test_preferences_that_cannot_be_read_or_written_never_stop_the_app(
    sample_store: Store, qtbot: Any, messages: Messages
) -> None:
    prefs = sample_store.data_dir / "giao-dien.json"
    prefs.write_text("{ không phải JSON", encoding="utf-8")  # damaged by a crash of an older version
    window = _open(sample_store, qtbot, date(2025, 10, 1))
    assert window.pages.currentWidget() is window.tasks_page  # the defaults
    prefs.unlink()
    prefs.mkdir()  # where the file should go, something that cannot be replaced by a file
    before = sorted(p.name for p in sample_store.data_dir.iterdir())
    _close(window, qtbot)  # closes all the same, without a message
    assert messages.seen == [] and prefs.is_dir()
    after = sorted(p.name for p in sample_store.data_dir.iterdir() if p.name != "backups")
    assert after == [n for n in before if n != "backups"]  # no temporary file left behind
