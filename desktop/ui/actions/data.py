"""Backups, restore and the data check, from the «Dữ liệu» menu and at start-up and close."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from db.store import Store
from desktop.core.backups import RestoreResult, auto_backup, backup_now, check_backup_file, restore
from desktop.core.data_check import CheckReport, check_data
from desktop.core.progress import CancelToken, ProgressFn
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable

log = logging.getLogger(__name__)
BACKUP_FILTER = "Bản sao lưu CCHC (*.sqlite3);;Mọi tệp (*)"
HANDLERS = HandlerTable()


def check_at_startup(ctx: ActionContext) -> None:
    """Quick integrity check and DB ↔ evidence reconciliation, off the UI thread; reported, never fixed."""
    store = ctx.state.store
    if store is None:
        return

    def work(_progress: ProgressFn, cancel: CancelToken) -> CheckReport:
        return check_data(store, quick=True, cancel=cancel)

    ctx.state.run("Đang kiểm tra dữ liệu", work, lambda r: _report(ctx, r, quiet=True), show_dialog=False, queue=True)


@HANDLERS.handles(ActionId.CHECK_DATA)
def check_now(ctx: ActionContext) -> None:
    store = ctx.state.store
    if store is None:
        return

    def work(progress: ProgressFn, cancel: CancelToken) -> CheckReport:
        return check_data(store, quick=False, verify_hashes=True, progress=progress, cancel=cancel)

    ctx.state.run("Đang kiểm tra dữ liệu và mã băm các tệp", work, lambda r: _report(ctx, r, quiet=False))


def _report(ctx: ActionContext, report: CheckReport, quiet: bool) -> None:
    if report.clean and quiet:
        return
    text = "\n".join(report.lines())
    if not report.ok:
        ctx.state.say("⚠ Dữ liệu có vấn đề — menu Dữ liệu › Kiểm tra dữ liệu.", 0)
        QMessageBox.warning(ctx.parent, "Kiểm tra dữ liệu", text)
    elif quiet:
        ctx.state.say(report.lines()[-1], 15000)
    else:
        QMessageBox.information(ctx.parent, "Kiểm tra dữ liệu", text)


@HANDLERS.handles(ActionId.BACKUP)
def backup(ctx: ActionContext, out: Path | None = None) -> None:
    """To backups/ (Sao lưu ngay) or to a file the user chose (Sao lưu ra tệp)."""
    store = ctx.state.store
    if store is None:
        return
    data_dir = store.data_dir

    def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
        return backup_now(data_dir, out)

    def done(path: Path) -> None:
        QMessageBox.information(ctx.parent, "Sao lưu", f"Đã sao lưu dữ liệu vào:\n{path}")

    ctx.state.run("Đang sao lưu", work, done)


@HANDLERS.handles(ActionId.BACKUP_TO)
def backup_to(ctx: ActionContext) -> None:
    name, _ = QFileDialog.getSaveFileName(
        ctx.parent, "Lưu bản sao lưu (ví dụ vào USB)", "cchc-sao-luu.sqlite3", BACKUP_FILTER
    )
    if name:
        backup(ctx, Path(name))


# The window closes the data directory before a restore and reopens it after; it gives these to the action.
Reopen = Callable[[Path, Callable[[], None], Callable[[str], None]], None]


def restore_from(ctx: ActionContext, detach: Callable[[], None], reopen: Reopen, path: Path | None = None) -> None:
    state, parent = ctx.state, ctx.parent
    store = state.store
    if store is None:
        return
    data_dir = store.data_dir
    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Chọn bản sao lưu để khôi phục", str(data_dir / "backups"), BACKUP_FILTER
        )
        if not name:
            return
        path = Path(name)
    chosen = path
    if state.ops.busy:
        QMessageBox.information(parent, "Đang bận", "Hãy đợi thao tác đang chạy xong rồi khôi phục.")
        return

    def check(_progress: ProgressFn, _cancel: CancelToken) -> None:
        check_backup_file(chosen)

    def confirm(_none: None) -> None:
        answer = QMessageBox.question(
            parent,
            "Khôi phục",
            f"Thay dữ liệu hiện tại bằng bản sao lưu «{chosen.name}»? Dữ liệu hiện tại được giữ lại một bản trong "
            "thư mục backups.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        detach()

        def work(_progress: ProgressFn, _cancel: CancelToken) -> RestoreResult:
            return restore(data_dir, chosen)

        def cannot_open(message: str) -> None:
            QMessageBox.warning(parent, "Không mở được dữ liệu", message)

        def restored(result: RestoreResult) -> None:
            def reopened() -> None:
                QMessageBox.information(
                    parent,
                    "Khôi phục",
                    f"Đã khôi phục từ «{chosen.name}». Dữ liệu trước đó được giữ ở:\n{result.safety_copy}",
                )

            reopen(data_dir, reopened, cannot_open)

        def failed(exc: BaseException) -> None:
            from desktop.ui.ops import show_error

            show_error(parent, exc)
            reopen(data_dir, lambda: None, cannot_open)

        state.ops.run("Đang khôi phục dữ liệu", work, restored, on_failure=failed)

    state.ops.run("Đang kiểm tra bản sao lưu", check, confirm)


def backup_on_close(store: Store) -> None:
    try:
        made = auto_backup(store.data_dir)
        if made is not None:
            log.info("automatic backup %s", made)
    except Exception:  # a failed backup must not stop the user closing the app
        log.exception("automatic backup failed")
