"""«Báo cáo» menu: export this agency's report bundle, verify a bundle (either one off the UI thread)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from db.store import Store
from desktop.core.bundle.consolidate import write_consolidated
from desktop.core.bundle.export import ExportResult, export_bundle
from desktop.core.bundle.receive import Outcome, import_bundles
from desktop.core.bundle.verify import Verdict, verify_bundle
from desktop.core.periods import list_periods
from desktop.core.plan_import.commit import ImportResult
from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
from desktop.core.plan_package import import_plan_package
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.reports.data import collect
from desktop.core.reports.pdf import ReportTexts, default_texts
from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
from desktop.ui.ops import show_error

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

BUNDLE_FILTER = "Gói báo cáo (*.zip manifest.json);;Mọi tệp (*)"
PLAN_FILTER = f"Gói kế hoạch (*{PLAN_SUFFIX});;Mọi tệp (*)"
RECEIVE_FILTER = "Gói báo cáo (*.zip *.zip.001 manifest.json);;Mọi tệp (*)"
REPORT_FILTER = "Bảng tính Excel (*.xlsx);;PDF (*.pdf)"


class BundleActions:
    def __init__(self, window: MainWindow, store: Store) -> None:
        self.w = window
        self.store = store

    @property
    def today(self) -> date:
        return self.w.tasks_page.model.today

    def _defaults(self, code: str) -> ReportTexts:
        with self.store.session() as s:
            return default_texts(collect(s, code, self.today))

    def export(self) -> None:
        current = self.w.reporting.refresh_periods() if self.w.reporting else ""
        with self.store.session() as s:
            periods = [(p.code, p.label) for p in list_periods(s)]
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        try:
            dialog = ExportBundleDialog(periods, current, self._defaults, Path(docs or Path.home()), self.w)
        except Exception as exc:
            show_error(self.w, exc)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, texts, out_dir = dialog.period_code(), dialog.texts(), dialog.target()
        as_zip, split_mb = dialog.as_zip.isChecked(), dialog.split_value()

        def work(progress: ProgressFn, cancel: CancelToken) -> ExportResult:
            return export_bundle(
                self.store, code, out_dir, self.today, progress, cancel, texts=texts, as_zip=as_zip, split_mb=split_mb
            )

        def done(result: ExportResult) -> None:
            self.w.statusBar().showMessage(f"Đã tạo gói báo cáo «{result.path.name}».", 10000)
            parts = result.paths or (result.path,)
            where = "\n".join(str(p) for p in parts)
            what = f"{len(parts)} phần, gửi đủ các phần" if len(parts) > 1 else "gửi nguyên gói này"
            QMessageBox.information(
                self.w,
                "Đã xuất gói báo cáo",
                f"Đã tạo gói báo cáo ({result.files} tệp):\n{where}\n\nCho Sở Nội vụ: {what} "
                "(chép vào USB hoặc đính kèm thư điện tử).",
            )

        self.w.ops.run("Đang xuất gói báo cáo", work, done)

    def verify(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.w, "Chọn gói báo cáo cần kiểm tra", "", BUNDLE_FILTER)
            if not name:
                return
            path = Path(name)
        target = path.parent if path.name == "manifest.json" else path

        def work(progress: ProgressFn, cancel: CancelToken) -> Verdict:
            return verify_bundle(target, progress, cancel)

        def done(verdict: Verdict) -> None:
            if verdict.ok:
                m = verdict.manifest or {}
                QMessageBox.information(
                    self.w,
                    "Gói hợp lệ",
                    f"Gói của {m.get('agency', {}).get('name', '')}, kỳ {m.get('period', {}).get('code', '')}: "
                    f"{len(m.get('files', []))} tệp đúng kích thước và mã băm.",
                )
            else:
                QMessageBox.warning(
                    self.w, "Gói không hợp lệ", "Gói có vấn đề:\n- " + "\n- ".join(verdict.problems[:20])
                )

        self.w.ops.run("Đang kiểm tra gói báo cáo", work, done)

    def open_file(self, path: Path) -> None:
        """A file the app was opened with (double-click): a plan package is imported, a bundle verified."""
        if path.suffix.lower() == PLAN_SUFFIX:
            self.import_plan_package(path)
        else:
            self.verify(path)

    def import_plan_package(self, path: Path | None = None) -> None:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.w, "Chọn gói kế hoạch do nơi giao gửi", "", PLAN_FILTER)
            if not name:
                return
            path = Path(name)
        chosen = path

        def work(_progress: ProgressFn, _cancel: CancelToken) -> ImportResult:
            with self.store.session() as s:
                return import_plan_package(s, chosen)

        def done(result: ImportResult) -> None:
            if self.w.actions_ is not None:
                self.w.actions_.report_import(result)

        self.w.ops.run("Đang nhập gói kế hoạch", work, done)

    def receive(self, paths: list[Path] | None = None) -> None:
        """A focal point takes in many bundles at once; each is verified, and the verdicts are listed."""
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self.w, "Chọn các gói báo cáo cần tiếp nhận", "", RECEIVE_FILTER)
            paths = [Path(n) for n in names]
        chosen = [p.parent if p.name == "manifest.json" else p for p in paths]
        if not chosen:
            return

        def work(progress: ProgressFn, cancel: CancelToken) -> list[Outcome]:
            return import_bundles(self.store, chosen, progress, cancel)

        def done(outcomes: list[Outcome]) -> None:
            self.w.bundles_received()
            lines = [o.describe() for o in outcomes]
            refused = sum(o.status == "rejected" for o in outcomes)
            title = "Tiếp nhận gói báo cáo" + (f" ({refused} gói bị từ chối)" if refused else "")
            show = QMessageBox.warning if refused else QMessageBox.information
            show(self.w, title, "\n".join(lines[:40]))

        def failed(exc: BaseException) -> None:
            self.w.bundles_received()  # a Cancel keeps the bundles already in
            show_error(self.w, exc)

        self.w.ops.run("Đang tiếp nhận gói báo cáo", work, done, on_failure=failed)

    def consolidated_report(self) -> None:
        code = self.w.reporting.refresh_periods() if self.w.reporting else ""
        name, chosen_filter = QFileDialog.getSaveFileName(
            self.w, f"Lưu báo cáo tổng hợp kỳ {code}", f"bao-cao-tong-hop-{code}.xlsx", REPORT_FILTER
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".pdf"):
            path = path.with_suffix(".pdf" if "PDF" in chosen_filter else ".xlsx")

        def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
            with self.store.session() as s:
                return write_consolidated(s, self.store.data_dir, code, path, self.today)

        def done(made: Path) -> None:
            QMessageBox.information(self.w, "Đã lập báo cáo tổng hợp", f"Đã lưu báo cáo tổng hợp kỳ {code}:\n{made}")

        self.w.ops.run("Đang lập báo cáo tổng hợp", work, done)
