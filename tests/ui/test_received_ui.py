"""A focal point's «Tiếp nhận báo cáo» page: drop bundles, see the period's picture, open one agency's bundle,
send the plan down as a package."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from db.store import Store
from desktop.core.bundle.export import export_bundle
from desktop.core.plan_package import read_package
from desktop.core.progress import CancelToken, no_progress
from desktop.core.text import collation_key
from desktop.ui.dialogs.agency_detail_dialog import AgencyDetailDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import Messages
from tests.ui.test_reporting_ui import drop_files, show
from tests.unit.test_overview import commune_reports
from tests.unit.test_receive import make_commune

TODAY = date(2025, 10, 1)


def detail_dialog(window: MainWindow) -> AgencyDetailDialog | None:
    """The agency window the user sees (one at a time)."""
    return next((d for d in window.findChildren(AgencyDetailDialog) if d.isVisible()), None)


def commune_bundle(focal: Store, tmp_path: Path, name: str) -> Path:
    commune = make_commune(focal, tmp_path, name)
    commune_reports(commune, tmp_path)
    made = export_bundle(commune, "2025-Q3", tmp_path / f"usb-{name}", TODAY, no_progress, CancelToken(), as_zip=True)
    commune.close()
    return made.path


def open_page(window: MainWindow, qtbot: Any) -> Any:
    show(window, "Tiếp nhận báo cáo")
    page = window.received_page
    qtbot.waitUntil(lambda: page.period_combo.count() > 0 and not window.ops.busy, timeout=20000)
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Q3"))
    qtbot.waitUntil(lambda: page.view is not None and page.view.period.code == "2025-Q3", timeout=20000)
    return page


def test_bundles_dropped_on_the_page_fill_the_period_picture_and_open_per_agency(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = commune_bundle(sample_store, tmp_path, "UBND xã Tân Tiến")
    window = make_window(sample_store)
    page = open_page(window, qtbot)
    missing_before = page.view.count("missing")
    assert page.view.count("submitted") + page.view.count("late") == 0 and missing_before > 0
    assert "chưa có nhiệm vụ nào được báo cáo" in page.summary.text()

    drop_files(page, QPoint(40, 40), [bundle])
    qtbot.waitUntil(lambda: any("Tiếp nhận gói báo cáo" in t for _k, t, _x in messages.seen), timeout=30000)
    assert "Đã tiếp nhận" in messages.titled("Tiếp nhận gói báo cáo")[2]
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.count("late") + page.view.count("submitted") == 1, timeout=20000
    )

    # What the focal point now sees, tab by tab: agencies A to Z the Vietnamese way, then filtered.
    assert "hoàn thành <b>1/" in page.summary.text()
    shown = [page.agency_proxy.index(r, 0).data() for r in range(page.agency_proxy.rowCount())]
    assert shown == sorted(shown, key=collation_key) and len(shown) > 5
    page.state_combo.setCurrentIndex(page.state_combo.findData("missing"))
    assert page.agency_proxy.rowCount() == missing_before
    page.state_combo.setCurrentIndex(0)
    page.search.setText("tan tien")  # no accents needed
    assert page.agency_proxy.rowCount() == 1
    assert page.agency_proxy.index(0, 0).data() == "UBND xã Tân Tiến"
    assert page.agency_proxy.index(0, 4).data() == "1"
    labels = [page.groups.index(r, 0).data() for r in range(page.groups.rowCount())]
    assert labels[0] == "Chỉ số PAR INDEX" and labels[1].startswith("Chỉ số PAR INDEX — 1. ")
    assert page.tabs.tabText(2) == f"Nhiệm vụ quá hạn ({len(page.view.overdue)})" and page.view.overdue
    assert all("(quá hạn)" in page.overdue.index(r, 5).data() for r in range(page.overdue.rowCount()))
    assert page.gaps.rowCount() == 1 and page.gaps.index(0, 2).data() == "1.1"

    # Drill down: a double-click on the agency opens what it sent; a double-click on a file opens it.
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    rect = page.agency_table.visualRect(page.agency_proxy.index(0, 0))
    page.agency_table.doubleClicked.emit(page.agency_proxy.index(0, 0))
    assert rect.isValid()
    qtbot.waitUntil(lambda: isinstance(detail_dialog(window), AgencyDetailDialog), timeout=20000)
    dialog = detail_dialog(window)
    assert dialog.isVisible() and "UBND xã Tân Tiến" in dialog.windowTitle()
    codes = [dialog.tasks.index(r, 1).data() for r in range(dialog.tasks.rowCount())]
    assert "1.3.1" in codes
    shown_codes = [dialog.task_proxy.index(r, 1).data() for r in range(dialog.task_proxy.rowCount())]
    assert shown_codes == codes and dialog.task_proxy.index(0, 3).data() == "Chỉ số PAR INDEX"  # the plan's order
    assert dialog.tabs.tabText(1) == "Tài liệu kiểm chứng (1)"
    assert dialog.evidence.index(0, 3).data() == "12/KH-UBND" and dialog.evidence.index(0, 7).data() == "1.3.1"
    # The bundle is kept whole as its zip: the file is extracted on a worker, then handed to the viewer.
    dialog.evidence_table.doubleClicked.emit(dialog.evidence_proxy.index(0, 0))
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert Path(opened[-1]).read_bytes() == (tmp_path / "kh-cchc.pdf").read_bytes()
    assert [b.text() for b in dialog.report_buttons] == ["Mở báo cáo PDF", "Mở báo cáo Excel"]
    dialog.report_buttons[0].click()
    qtbot.waitUntil(lambda: opened[-1].endswith("bao-cao.pdf"), timeout=10000)
    assert Path(opened[-1]).read_bytes().startswith(b"%PDF")
    assert dialog.bundle_button.text() == "Mở gói (.zip)"
    # The kept zip gone (a disk cleaned by hand): the file not yet opened cannot be, and the user is told why.
    dialog.detail.bundle.unlink()
    shown_before = len(opened)
    dialog.report_buttons[1].click()
    qtbot.waitUntil(lambda: any("gửi lại gói" in t for t in messages.texts()), timeout=10000)
    assert len(opened) == shown_before
    dialog.search.setText("khong co gi nhu the nay")
    assert dialog.task_proxy.rowCount() == 0 and dialog.evidence_proxy.rowCount() == 0
    dialog.close()


def test_a_bundle_dropped_anywhere_on_the_window_is_received_not_imported_as_a_plan(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    bundle = commune_bundle(sample_store, tmp_path, "UBND xã Tân Tiến")
    window = make_window(sample_store)
    plans_before = window.plans_page.model.rowCount()
    drop_files(window, QPoint(300, 300), [bundle])
    qtbot.waitUntil(lambda: any("Tiếp nhận gói báo cáo" in t for _k, t, _x in messages.seen), timeout=30000)
    assert "Đã tiếp nhận: " in messages.titled("Tiếp nhận gói báo cáo")[2]
    show(window, "Tiếp nhận báo cáo")
    page = window.received_page
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Q3"))
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.count("late") + page.view.count("submitted") == 1, timeout=20000
    )
    assert window.plans_page.model.rowCount() == plans_before


def test_the_focal_point_sends_the_plan_down_from_the_page(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_store)
    page = open_page(window, qtbot)
    target = tmp_path / "gui-xuong"  # no suffix typed: the app adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    page.export_plan_button.click()
    qtbot.waitUntil(lambda: any(t == "Đã xuất gói kế hoạch" for _k, t, _x in messages.seen), timeout=20000)
    made = target.with_name("gui-xuong.cchcplan")
    parsed, uuids = read_package(made)
    assert str(made) in messages.seen[-1][2] and len(parsed.tasks) == window.plans_page.model.row_at(0).task_count
    assert uuids.plan and len(uuids.tasks) == len(parsed.tasks)
    QApplication.processEvents()


def test_an_older_bundle_kept_as_history_opens_from_the_newer_one(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    commune_reports(commune, tmp_path)
    older, newer = (
        export_bundle(commune, "2025-Q3", tmp_path / usb, TODAY, no_progress, CancelToken(), as_zip=True).path
        for usb in ("usb-1", "usb-2")
    )
    commune.close()
    window = make_window(sample_store)
    page = open_page(window, qtbot)
    for bundle in (older, newer):
        drop_files(page, QPoint(40, 40), [bundle])
        qtbot.waitUntil(lambda: not window.ops.busy and page.view is not None, timeout=30000)
    assert "thay gói cũ" in messages.titled("Tiếp nhận gói báo cáo")[2]
    qtbot.waitUntil(lambda: page.view is not None and page.view.count("late") == 1, timeout=20000)
    page.search.setText("tan tien")
    page.agency_table.doubleClicked.emit(page.agency_proxy.index(0, 0))
    qtbot.waitUntil(lambda: isinstance(detail_dialog(window), AgencyDetailDialog), timeout=20000)
    current = detail_dialog(window)
    assert current.others.isVisible() and "Các gói khác của kỳ này (giữ làm lịch sử): " in current.others.text()
    assert len(current.detail.others) == 1 and not current.detail.others[0][2]
    current.others.linkActivated.emit(current.detail.others[0][1])  # the user clicks the older bundle's link
    qtbot.waitUntil(lambda: detail_dialog(window) not in (None, current), timeout=20000)
    history = detail_dialog(window)
    assert history.isVisible() and [d for d in window.findChildren(AgencyDetailDialog) if d.isVisible()] == [history]
    assert "Lịch sử (đã có gói mới hơn)" in history.findChildren(QLabel)[0].text()
    assert "gói hiện hành nhận" in history.others.text() and history.detail.others[0][2]
    assert [history.tasks.index(r, 1).data() for r in range(history.tasks.rowCount())]  # its own tasks, readable
    history.close()


def test_a_usb_folder_dropped_on_the_window_brings_in_every_bundle_in_it(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    stick = tmp_path / "USB"
    stick.mkdir()
    for name in ("UBND xã Tân Tiến", "UBND xã Hòa Bình"):
        bundle = commune_bundle(sample_store, tmp_path, name)
        bundle.rename(stick / bundle.name)
    window = make_window(sample_store)
    plans_before = window.plans_page.model.rowCount()
    drop_files(window, QPoint(300, 300), [stick])
    qtbot.waitUntil(lambda: any("Tiếp nhận gói báo cáo" in t for _k, t, _x in messages.seen), timeout=30000)
    text = messages.titled("Tiếp nhận gói báo cáo")[2]
    assert "UBND xã Tân Tiến" in text and "UBND xã Hòa Bình" in text and text.count("Đã tiếp nhận") == 2
    assert window.plans_page.model.rowCount() == plans_before
