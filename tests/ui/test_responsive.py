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
