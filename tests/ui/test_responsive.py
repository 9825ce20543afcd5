"""The window never freezes waiting on the database: another process holds the write lock while the user saves,
and the user keeps working until the lock is released and the save lands."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from typing import Any

from PySide6.QtCore import Qt

from db.store import Store
from desktop.ui.dialogs.progress_dialog import ProgressDialog
from tests.ui.conftest import ModalDriver, type_text
from tests.ui.test_main_window import ok
from tests.ui.test_reporting_ui import select_task, show

HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def saved_status(store: Store, task_id: int) -> list[str]:
    """Read with a connection of its own (readers are not blocked by the writer in WAL mode)."""
    db = sqlite3.connect(store.db_path)
    try:
        return [r[0] for r in db.execute("SELECT status FROM progress_entry WHERE task_id = ?", (task_id,))]
    finally:
        db.close()


def test_the_window_stays_responsive_while_another_process_holds_the_write_lock(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver
) -> None:
    window = make_window(sample_store)
    show(window, "Việc của tôi")
    page = window.tasks_page
    task = select_task(window, qtbot, "1.3.1")

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(sample_store.db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

        def fill(d: ProgressDialog) -> None:
            d.status.setCurrentIndex(d.status.findData("done"))
            type_text(d.result_text, "Đã kiểm tra 20/20 xã")
            ok(d)

        modal.on(ProgressDialog, fill)
        qtbot.mouseClick(page.panel.progress_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(modal.handled), timeout=10000)

        # The save waits for the lock in the worker; meanwhile the user goes on.
        assert window.ops.busy and saved_status(sample_store, task) == []
        show(window, "Tổng quan")
        assert window.pages.currentWidget() is window.dashboard_page
        show(window, "Việc của tôi")
        type_text(page.search, "kiem tra")
        assert 0 < page.proxy.rowCount() < page.model.rowCount()
        page.search.clear()
        assert window.ops.busy and saved_status(sample_store, task) == []  # still waiting, nothing half-written
    finally:
        if holder.stdin is not None:
            holder.stdin.write("\n")
            holder.stdin.flush()
        holder.wait(timeout=10)

    qtbot.waitUntil(lambda: not window.ops.busy, timeout=20000)
    assert saved_status(sample_store, task) == ["done"]
    assert next(r for r in page.model.rows if r.id == task).status == "done"


def test_a_big_table_shows_its_rows_first_and_searches_once_its_search_texts_are_made(
    sample_store: Store, make_window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Above `SMALL_TABLE` rows the search texts are made in a worker after the rows show: a search typed before
    they are ready says «Đang tìm…», shows no wrong row, and finds the tasks as soon as they come."""
    import desktop.ui.pages.tasks_page as tasks_page
    import desktop.ui.task_model as task_model
    from tests.ui.conftest import settle

    monkeypatch.setattr(task_model, "SMALL_TABLE", 10)  # the sample's 124 tasks count as a big table
    monkeypatch.setattr(tasks_page, "HAYSTACKS_AFTER_MS", 60_000)  # only the search asks for them here
    window = make_window(sample_store)
    show(window, "Việc của tôi")
    page = window.tasks_page
    page.role_combo.setCurrentIndex(page.role_combo.findData("all"))
    assert page.model.haystacks is None and page.proxy.rowCount() == 124
    type_text(page.search, "cai cach the che")
    assert page.count_label.text() == "Đang tìm…" and page.proxy.rowCount() == 0
    settle(window, qtbot)
    qtbot.waitUntil(lambda: not page.proxy.searching, timeout=10000)
    assert [page.proxy.row_at(r).code for r in range(page.proxy.rowCount())][:3] == ["2.1.1", "2.1.2", "2.2"]
    assert page.count_label.text().endswith("/ 124 nhiệm vụ")
