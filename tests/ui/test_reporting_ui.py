"""The reporting cycle as an official does it: progress, dropped evidence, self-scores, the dashboard, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from db.store import Store
from desktop.core.evidence import EvidenceMeta, list_evidence
from desktop.core.evidence_add import add_evidence_file
from desktop.core.targets import load_sample_targets
from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
from desktop.ui.dialogs.history_dialog import HistoryDialog
from desktop.ui.dialogs.progress_dialog import ProgressDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import Messages, ModalDriver, menu_action, settle, type_text
from tests.ui.test_main_window import ok


def drop_files(view: QWidget, pos: QPoint, paths: list[Path]) -> None:
    """What the file manager delivers while files are dragged over a view and released on it: enter, move
    (which must be accepted over that spot), drop. Offscreen Qt has no drag manager to route these, so the
    view's handlers get them directly, in the order a real drag produces them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    action, button, mods = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, button, mods)
    view.dragEnterEvent(enter)  # type: ignore[attr-defined]
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, action, mime, button, mods)
    view.dragMoveEvent(move)  # type: ignore[attr-defined]
    assert move.isAccepted()
    view.dropEvent(QDropEvent(QPointF(pos), action, mime, button, mods))  # type: ignore[attr-defined]


def show(window: MainWindow, name: str) -> None:
    window.nav.setCurrentItem(window.nav.findItems(name, Qt.MatchFlag.MatchExactly)[0])


def select_task(window: MainWindow, qtbot: Any, code: str, framework: str = "PAR_INDEX") -> int:
    page = window.tasks_page
    row = next(r for r in page.model.rows if r.code == code and r.framework == framework)
    page.role_combo.setCurrentIndex(page.role_combo.findData("all"))
    page.select_task(row.id)
    qtbot.waitUntil(lambda: page.current_task() is not None and page.current_task().id == row.id)
    return row.id


def record_progress(window: MainWindow, qtbot: Any, modal: ModalDriver, status: str, percent: int, result: str) -> None:
    def fill(d: ProgressDialog) -> None:
        d.status.setCurrentIndex(d.status.findData(status))
        if status == "in_progress":
            d.percent.setValue(percent)
        d.result_text.clear()
        type_text(d.result_text, result)
        ok(d)

    modal.on(ProgressDialog, fill)
    qtbot.mouseClick(window.tasks_page.panel.progress_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)


def fill_evidence(number: str) -> Any:
    def fill(d: EvidenceDialog) -> None:
        type_text(d.number, number)
        type_text(d.issuer, "UBND xã Hòa An")
        ok(d)

    return fill


def test_an_official_records_progress_drops_evidence_self_scores_and_sees_the_dashboard(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    with sample_store.session() as s:
        load_sample_targets(s)
    window = make_window(sample_store)
    show(window, "Việc của tôi")
    page = window.tasks_page
    assert page.period_code() == "2025-Y"  # 1/10/2025: the year report is the next one due
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Q3"))
    qtbot.waitUntil(lambda: not window.ops.busy and page.model.rowCount() == 124, timeout=20000)

    # progress on two tasks
    t1 = select_task(window, qtbot, "1.3.1")
    record_progress(window, qtbot, modal, "in_progress", 60, "Đã kiểm tra 12/20 xã")
    qtbot.waitUntil(lambda: next(r for r in page.model.rows if r.id == t1).status == "in_progress")
    row1 = next(r for r in page.model.rows if r.id == t1)
    assert row1.percent == 60
    assert "Đã kiểm tra 12/20 xã" in page.panel.progress.toPlainText()
    t2 = select_task(window, qtbot, "1.7")
    record_progress(window, qtbot, modal, "done", 100, "Hoàn thành toàn bộ nhiệm vụ được giao")
    qtbot.waitUntil(lambda: next(r for r in page.model.rows if r.id == t2).status == "done")

    # drag a scanned report onto task 1.3.1's row in the table
    scan = tmp_path / "usb" / "Báo cáo kiểm tra CCHC.pdf"
    scan.parent.mkdir()
    scan.write_bytes(b"%PDF-1.4 " + b"x" * 300_000)
    select_task(window, qtbot, "1.3.1")
    table = page.table
    proxy_row = table.currentIndex().row()
    table.scrollTo(table.currentIndex())
    pos = table.visualRect(page.proxy.index(proxy_row, 2)).center()
    modal.on(EvidenceDialog, fill_evidence("15/BC-UBND"))
    drop_files(table, pos, [scan])
    qtbot.waitUntil(lambda: not window.ops.busy and next(r for r in page.model.rows if r.id == t1).evidence_count == 1)
    assert any("Báo cáo kiểm tra CCHC.pdf" in n for n in page.panel.link_names())
    scan.unlink()  # the USB stick is gone; the app keeps its own copy
    with sample_store.session() as s:
        (ev,) = list_evidence(s)
    assert ev.number == "15/BC-UBND" and ev.issuer == "UBND xã Hòa An"

    # and a photo onto the evidence list of the selected task
    photo = tmp_path / "niem-yet.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"p" * 50_000)
    modal.on(EvidenceDialog, fill_evidence(""))
    drop_files(page.panel.evidence, QPoint(5, 5), [photo])
    qtbot.waitUntil(lambda: not window.ops.busy and len(page.panel.link_names()) == 2)

    # self-score: with evidence (via task 1.3.1) it is accepted; without, an explanation is required
    show(window, "Tự chấm điểm")
    scoring = window.scoring_page
    qtbot.waitUntil(lambda: scoring.model.rowCount() > 0)
    assert scoring.chosen() == ("PAR_INDEX", 2025)

    def choose(code: str) -> None:
        i = next(i for i, r in enumerate(scoring.model.rows) if r.code == code)
        scoring.table.selectRow(i)

    choose("1.3.1")
    scoring.score.clear()
    type_text(scoring.score, "0,5")
    qtbot.mouseClick(scoring.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert next(r for r in scoring.model.rows if r.code == "1").score == 0.5
    assert "0,5" in scoring.total_label.text() and "mục tiêu" in scoring.total_label.text()
    choose("1.1")
    type_text(scoring.score, "1")
    qtbot.mouseClick(scoring.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert "chưa có tài liệu kiểm chứng" in scoring.error.text()
    type_text(scoring.explanation, "Kế hoạch đăng trên cổng thông tin, chưa lưu bản giấy")
    qtbot.mouseClick(scoring.save_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert scoring.error.text() == ""
    assert next(r for r in scoring.model.rows if r.code == "1").score == 1.5
    assert "1 tiêu chí đã chấm chưa có tài liệu kiểm chứng" in scoring.flag_label.text()

    # the dashboard shows the period's picture, and a click on a bar lands on those tasks
    show(window, "Tổng quan")
    dash = window.dashboard_page
    qtbot.waitUntil(lambda: bool(dash.chart.segments))
    assert dash.period.currentText() == "Quý III năm 2025"
    assert dash.figure("done").startswith("Đã hoàn thành: 1 ")
    assert dash.figure("unproven") == "Hoàn thành chưa có TLKC: 1"
    assert dash.figure("task_coverage").startswith("Nhiệm vụ có TLKC: 1/")
    seg = next(s for s in dash.chart.segments if s.status == "in_progress" and s.key == ("PAR_INDEX", "1"))
    assert seg.count == 1
    qtbot.mouseClick(dash.chart, Qt.MouseButton.LeftButton, pos=seg.rect.center().toPoint())
    assert window.pages.currentWidget() is page
    assert page.proxy.rowCount() == 1 and page.proxy.row_at(0).id == t1

    # the history of the task lists each change with who made it
    def check_history(d: HistoryDialog) -> None:
        texts = [d.table.item(r, 4).text() for r in range(d.table.rowCount())]
        actors = {d.table.item(r, 1).text() for r in range(d.table.rowCount())}
        assert any("tỷ lệ: — → 60" in t or "tỷ lệ: 0 → 60" in t for t in texts) or any("60" in t for t in texts)
        assert actors == {"Nguyễn Văn A"}
        d.reject()

    modal.on(HistoryDialog, check_history)
    page.select_task(t1)
    qtbot.mouseClick(page.panel.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(modal.handled) and isinstance(modal.handled[-1], HistoryDialog), timeout=10000)


def test_unlinking_keeps_the_file_and_a_linked_item_cannot_be_deleted(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    window = make_window(sample_store)
    show(window, "Việc của tôi")
    page = window.tasks_page
    select_task(window, qtbot, "1.3.1")
    f = tmp_path / "qd.pdf"
    f.write_bytes(b"%PDF" * 5000)
    modal.on(EvidenceDialog, fill_evidence("3/QĐ-UBND"))
    drop_files(page.panel.evidence, QPoint(5, 5), [f])
    qtbot.waitUntil(lambda: not window.ops.busy and len(page.panel.link_names()) == 1)

    show(window, "Tài liệu kiểm chứng")
    ev_page = window.evidence_page
    qtbot.waitUntil(lambda: ev_page.model.rowCount() == 1)
    assert ev_page.model.index(0, 1).data() == "Quyết định"
    type_text(ev_page.search, "quyet dinh")  # accents ignored
    assert ev_page.proxy.rowCount() == 1
    ev_page.table.selectRow(0)
    qtbot.mouseClick(ev_page.delete_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert "Hãy bỏ gắn trước khi xoá" in messages.texts()[-1]

    show(window, "Việc của tôi")
    page.panel.evidence.setCurrentRow(0)
    qtbot.mouseClick(page.panel.unlink_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert page.panel.link_names() == []
    show(window, "Tài liệu kiểm chứng")
    qtbot.waitUntil(lambda: ev_page.model.rowCount() == 1 and ev_page.model.index(0, 7).data() == "chưa gắn")


def test_backup_now_then_restore_from_the_menu(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, monkeypatch: Any
) -> None:
    window = make_window(sample_store)
    data_dir = sample_store.data_dir
    menu_action(window, "Dữ liệu", "Sao lưu ngay").trigger()
    qtbot.waitUntil(lambda: not window.ops.busy and bool(messages.seen), timeout=20000)
    backups = list((data_dir / "backups").glob("thu-cong-*.sqlite3"))
    assert len(backups) == 1 and "Đã sao lưu" in messages.texts()[-1]

    show(window, "Việc của tôi")
    t1 = select_task(window, qtbot, "1.3.1")
    record_progress(window, qtbot, modal, "in_progress", 30, "Đang làm")
    qtbot.waitUntil(lambda: next(r for r in window.tasks_page.model.rows if r.id == t1).status == "in_progress")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(backups[0]), ""))
    menu_action(window, "Dữ liệu", "Khôi phục…").trigger()
    qtbot.waitUntil(lambda: any("Đã khôi phục" in t for t in messages.texts()), timeout=20000)
    qtbot.waitUntil(lambda: not window.ops.busy and window.tasks_page.model.rowCount() == 124, timeout=20000)
    assert next(r for r in window.tasks_page.model.rows if r.id == t1).status is None
    assert list((data_dir / "backups").glob("truoc-khoi-phuc-*.sqlite3"))


def test_closing_makes_a_daily_backup(sample_store: Store, make_window: Any, qtbot: Any) -> None:
    window = make_window(sample_store)
    window.close()
    assert len(list((sample_store.data_dir / "backups").glob("tu-dong-*.sqlite3"))) == 1


def test_startup_reports_a_missing_evidence_file(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    from desktop.core.evidence import EvidenceMeta

    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF" * 100)
    r = add_evidence_file(sample_store, f, EvidenceMeta())
    (sample_store.data_dir / "evidence" / r.sha256[:2] / r.sha256).unlink()
    make_window(sample_store)
    qtbot.waitUntil(lambda: any("Thiếu tệp của tài liệu" in t for t in messages.texts()), timeout=20000)


def test_the_evidence_list_opens_in_the_order_items_were_added(
    sample_store: Store, make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    for name in ("An toàn.pdf", "Zalo.pdf"):  # TL001, TL002; a header left to itself would sort them Z to A
        f = tmp_path / name
        f.write_bytes(name.encode() * 100)
        add_evidence_file(sample_store, f, EvidenceMeta())
    window = make_window(sample_store)
    show(window, "Tài liệu kiểm chứng")
    page = window.evidence_page
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 2)
    assert [page.proxy.index(r, 0).data() for r in range(2)] == ["An toàn.pdf", "Zalo.pdf"]
    assert page.table.horizontalHeader().sortIndicatorSection() == -1
    qtbot.mouseClick(
        page.table.horizontalHeader().viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(page.table.horizontalHeader().sectionViewportPosition(0) + 20, 5),
    )  # a click on the header sorts by that column, A to Z first
    assert [page.proxy.index(r, 0).data() for r in range(2)] == ["An toàn.pdf", "Zalo.pdf"]
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
