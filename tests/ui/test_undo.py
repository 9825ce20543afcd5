"""Undo in the window: a deleted progress entry, score or evidence link comes back with Ctrl+Z during the
session, and anything deleted comes back later from «Sửa › Mục đã xoá…» (the audit log's deletions)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.store import Store
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.scoring import resolve_framework, set_score
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.ui.dialogs.deleted_dialog import DeletedDialog
from desktop.ui.main_window import MainWindow, Page
from desktop.ui.pages.scoring_page import ScoringPage
from desktop.ui.pages.tasks_page import TasksPage
from tests.conftest import task_id_by_code
from tests.ui.conftest import Messages, ModalDriver, settle


def _progress(store: Store, task_id: int) -> tuple[object, ...] | None:
    with sqlite3.connect(store.data_dir / "cchc.sqlite3") as con:
        return con.execute(
            "SELECT id, uuid, status, percent, result, revision FROM progress_entry WHERE task_id = ?", (task_id,)
        ).fetchone()


def _undo_text(window: MainWindow) -> str:
    from desktop.ui.actions.registry import ActionId

    action = window.registry.qactions[ActionId.UNDO]
    return action.text() if action.isEnabled() else ""


def _tasks_at(window: MainWindow, qtbot: Any, task_id: int) -> TasksPage:
    window.show_page(Page.TASKS)
    page = window.page(Page.TASKS)
    assert isinstance(page, TasksPage)
    page.role_combo.setCurrentIndex(page.role_combo.findData("all"))
    settle(window, qtbot)
    page.select_task(task_id)
    settle(window, qtbot)
    return page


def _ctrl_z(window: MainWindow, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window, qtbot)


def test_ctrl_z_brings_back_a_deleted_progress_entry_and_a_removed_document(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    doc = tmp_path / "15-KH-UBND.pdf"
    doc.write_bytes(b"%PDF-1.4\n" + b"1" * 4000)
    add_evidence_file(sample_store, doc, EvidenceMeta(number="15/KH-UBND"), task_ids=[tid])
    window = make_window(sample_store)
    with sample_store.session() as s:
        save_progress(s, tid, window.state.period_code, ProgressFields("in_progress", 60, "Đã trình ký kế hoạch"))
    before = _progress(sample_store, tid)
    page = _tasks_at(window, qtbot, tid)
    panel = page.panel
    assert "Đã trình ký kế hoạch" in panel.progress.toPlainText()
    assert _undo_text(window) == ""

    assert panel.delete_progress_button.isEnabled()
    qtbot.mouseClick(panel.delete_progress_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert _progress(sample_store, tid) is None
    qtbot.waitUntil(lambda: "Đã trình ký" not in panel.progress.toPlainText(), timeout=5000)
    assert not panel.delete_progress_button.isEnabled()
    assert "Ctrl+Z để hoàn tác" in window.statusBar().currentMessage()
    assert _undo_text(window).startswith("Hoàn tác: xoá tiến độ nhiệm vụ 1.3.1")

    panel.evidence.setCurrentRow(0)
    qtbot.mouseClick(panel.unlink_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    qtbot.waitUntil(lambda: panel.evidence.count() == 0, timeout=5000)
    assert _undo_text(window).startswith("Hoàn tác: bỏ gắn tài liệu")

    _ctrl_z(window, qtbot)  # the newest first: the document is linked again
    qtbot.waitUntil(lambda: panel.evidence.count() == 1, timeout=5000)
    assert "15-KH-UBND.pdf" in panel.link_names()[0]
    assert _undo_text(window).startswith("Hoàn tác: xoá tiến độ")

    _ctrl_z(window, qtbot)
    assert _progress(sample_store, tid) == before  # the same entry: id, uuid, values, revision
    qtbot.waitUntil(lambda: "Đã trình ký kế hoạch" in panel.progress.toPlainText(), timeout=5000)
    assert panel.delete_progress_button.isEnabled()
    assert window.statusBar().currentMessage().startswith("Đã khôi phục")
    assert _undo_text(window) == ""
    assert messages.seen == []


def _scoring(window: MainWindow, qtbot: Any, code: str) -> ScoringPage:
    window.show_page(Page.SCORING)
    page = window.page(Page.SCORING)
    assert isinstance(page, ScoringPage)
    settle(window, qtbot)
    page.table.selectRow(next(i for i, r in enumerate(page.model.rows) if r.code == code))
    return page


def _score_of(page: ScoringPage, code: str) -> float | None:
    return next(r.score for r in page.model.rows if r.code == code)


def test_a_deleted_score_comes_back_from_the_list_of_deleted_items(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, modal: ModalDriver
) -> None:
    with sample_store.session() as s:
        set_score(s, resolve_framework(s), "1.3.1", "0,5", "Đã ban hành kế hoạch kiểm tra")
    window = make_window(sample_store)
    page = _scoring(window, qtbot, "1.3.1")
    assert page.delete_button.isEnabled() and page.score.text() == "0,5"
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    qtbot.waitUntil(lambda: _score_of(page, "1.3.1") is None, timeout=5000)
    assert not page.delete_button.isEnabled()  # the same criterion stays chosen, with nothing left to delete

    seen: list[list[str]] = []

    def restore(dialog: DeletedDialog) -> None:
        seen.append([dialog.model.display(r, 2) + ": " + r.summary for r in dialog.model.rows])
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10000)
        seen.append([dialog.error.text()])
        dialog.reject()

    modal.on(DeletedDialog, restore)
    window.registry.qactions[next(a for a in window.registry.qactions if a.value == "edit.deleted")].trigger()
    settle(window, qtbot)
    assert seen == [["Tự chấm điểm: Xoá điểm tự chấm PAR_INDEX 1.3.1: 0,5"], [""]]
    qtbot.waitUntil(lambda: _score_of(page, "1.3.1") == 0.5, timeout=5000)
    assert _undo_text(window) == ""  # restored from the list: Ctrl+Z no longer offers it
    assert messages.seen == []


def test_a_restore_the_data_no_longer_allows_is_refused_in_the_dialog(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages, modal: ModalDriver
) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    window = make_window(sample_store)
    code = window.state.period_code
    with sample_store.session() as s:
        save_progress(s, tid, code, ProgressFields("in_progress", 40))
    page = _tasks_at(window, qtbot, tid)
    qtbot.waitUntil(page.panel.delete_progress_button.isEnabled, timeout=5000)
    qtbot.mouseClick(page.panel.delete_progress_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    with sample_store.session() as s:
        save_progress(s, tid, code, ProgressFields("done", 100, "Đã ban hành"))
    after = _progress(sample_store, tid)

    errors: list[str] = []

    def restore(dialog: DeletedDialog) -> None:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10000)
        errors.append(dialog.error.text())
        assert dialog.model.rowCount() == 1 and dialog.restore_button.isEnabled()
        dialog.reject()

    modal.on(DeletedDialog, restore)
    window.registry.trigger(next(a for a in window.registry.qactions if a.value == "edit.deleted"))
    settle(window, qtbot)
    assert errors == ["Nhiệm vụ này đã có tiến độ mới cho kỳ đó sau khi xoá; hãy sửa tiến độ đang có."]
    assert _progress(sample_store, tid) == after
    assert messages.seen == []
