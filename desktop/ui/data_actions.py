"""Backups, restore and the data check, from the «Dữ liệu» menu and at start-up and close."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from db.store import Store
from desktop.core.backups import auto_backup, backup_now, check_backup_file, restore
from desktop.core.data_check import CheckReport, check_data
from desktop.core.progress import CancelToken, ProgressFn
from desktop.ui.ops import show_error

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
BACKUP_FILTER = "Bản sao lưu CCHC (*.sqlite3);;Mọi tệp (*)"


class DataActions:
    def __init__(self, window: MainWindow, store: Store) -> None:
        self.w = window
        self.store = store

    def check_at_startup(self) -> None:
        """Quick integrity check and DB ↔ evidence reconciliation, off the UI thread; reported, never fixed."""

        def work(_progress: ProgressFn, cancel: CancelToken) -> CheckReport:
            return check_data(self.store, quick=True, cancel=cancel)

        self.w.ops.run(
            "Đang kiểm tra dữ liệu", work, lambda r: self._report(r, quiet=True), show_dialog=False, queue=True
        )

    def check_now(self) -> None:
        def work(progress: ProgressFn, cancel: CancelToken) -> CheckReport:
            return check_data(self.store, quick=False, verify_hashes=True, progress=progress, cancel=cancel)

        self.w.ops.run("Đang kiểm tra dữ liệu và mã băm các tệp", work, lambda r: self._report(r, quiet=False))

    def _report(self, report: CheckReport, quiet: bool) -> None:
        self.w.last_check = report
        if report.clean and quiet:
            return
        text = "\n".join(report.lines())
        if not report.ok:
            self.w.statusBar().showMessage("⚠ Dữ liệu có vấn đề — menu Dữ liệu › Kiểm tra dữ liệu.")
            QMessageBox.warning(self.w, "Kiểm tra dữ liệu", text)
        elif quiet:
            self.w.statusBar().showMessage(report.lines()[-1], 15000)
        else:
            QMessageBox.information(self.w, "Kiểm tra dữ liệu", text)

    def backup(self, out: Path | None = None) -> None:
        """To backups/ (Sao lưu ngay) or to a file the user chose (Sao lưu ra tệp)."""
        try:
            path = backup_now(self.store.data_dir, out)
        except Exception as exc:
            show_error(self.w, exc)
            return
        QMessageBox.information(self.w, "Sao lưu", f"Đã sao lưu dữ liệu vào:\n{path}")

    def backup_to(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.w, "Lưu bản sao lưu (ví dụ vào USB)", "cchc-sao-luu.sqlite3", BACKUP_FILTER
        )
        if name:
            self.backup(Path(name))

    def restore_from(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.w, "Chọn bản sao lưu để khôi phục", str(self.store.data_dir / "backups"), BACKUP_FILTER
            )
            if not name:
                return
            path = Path(name)
        if self.w.ops.busy:
            QMessageBox.information(self.w, "Đang bận", "Hãy đợi thao tác đang chạy xong rồi khôi phục.")
            return
        try:
            check_backup_file(path)
        except Exception as exc:
            show_error(self.w, exc)
            return
        answer = QMessageBox.question(
            self.w,
            "Khôi phục",
            f"Thay dữ liệu hiện tại bằng bản sao lưu «{path.name}»? Dữ liệu hiện tại được giữ lại một bản trong "
            "thư mục backups.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        data_dir = self.store.data_dir
        self.w.detach()
        try:
            result = restore(data_dir, path)
        except Exception as exc:
            show_error(self.w, exc)
            self.w.open_data_dir(data_dir)
            return

        def reopened() -> None:
            QMessageBox.information(
                self.w,
                "Khôi phục",
                f"Đã khôi phục từ «{path.name}». Dữ liệu trước đó được giữ ở:\n{result.safety_copy}",
            )

        self.w.open_data_dir(data_dir, on_ready=reopened, on_error=self._reopen_failed)

    def _reopen_failed(self, message: str) -> None:
        QMessageBox.warning(self.w, "Không mở được dữ liệu", message)

    def backup_on_close(self) -> None:
        try:
            made = auto_backup(self.store.data_dir)
            if made is not None:
                log.info("automatic backup %s", made)
        except Exception:  # a failed backup must not stop the user closing the app
            log.exception("automatic backup failed")
