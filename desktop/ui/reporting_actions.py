"""What the task page does for the reporting cycle: periods, progress, evidence files, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, SignalInstance
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog

from db.store import Store
from desktop.core.audit import history
from desktop.core.evidence import AddResult, EvidenceMeta, links_of, unlink_evidence, viewable_copy
from desktop.core.evidence_add import add_evidence_files
from desktop.core.periods import (
    PeriodRow,
    add_adhoc,
    current_period,
    ensure_year,
    get_period,
    list_periods,
    plan_years,
    update_dates,
)
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.task_progress import progress_view, save_progress, task_brief, task_state
from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
from desktop.ui.dialogs.history_dialog import HistoryDialog
from desktop.ui.dialogs.periods_dialog import PeriodsDialog
from desktop.ui.dialogs.progress_dialog import ProgressDialog
from desktop.ui.ops import show_error
from desktop.ui.pages.task_panel import file_names, progress_html

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

ANY_FILE = "Mọi tệp (*);;PDF (*.pdf);;Ảnh (*.jpg *.jpeg *.png);;Văn bản (*.doc *.docx);;Bảng tính (*.xls *.xlsx)"


class ReportingActions:
    def __init__(self, window: MainWindow, store: Store) -> None:
        self.w = window
        self.store = store
        page = window.tasks_page
        self._wiring: list[tuple[SignalInstance, Callable[..., None]]] = [
            (page.period_changed, self._period_changed),
            (page.current_changed, self.show_task_extra),
            (page.progress_requested, self.edit_progress),
            (page.evidence_requested, self.add_evidence),
            (page.panel.open_requested, self.open_evidence),
            (page.panel.unlink_requested, self.unlink),
            (page.panel.history_requested, self.show_history),
        ]
        for signal, slot in self._wiring:
            signal.connect(slot)

    def disconnect(self) -> None:
        for signal, slot in self._wiring:
            signal.disconnect(slot)

    def _period_changed(self, _code: str) -> None:
        self.w.refresh()

    @property
    def today(self) -> date:
        return self.w.tasks_page.model.today

    # -- periods
    def refresh_periods(self) -> str:
        """Fill the period choice (keeping the user's choice); return the period to load rows for."""
        page = self.w.tasks_page
        chosen = page.period_code()
        with self.store.session() as s:
            for year in {self.today.year, *plan_years(s)}:
                ensure_year(s, year)
            current = chosen or current_period(s, self.today).code
            periods = [(p.code, p.label) for p in list_periods(s)]
        page.set_periods(periods, current)
        return current

    def edit_periods(self) -> None:
        """«Kỳ báo cáo…»: the province's own dates and ad hoc periods; the period choice refreshes after."""

        def periods() -> list[PeriodRow]:
            with self.store.session() as s:
                return list_periods(s)

        def save(code: str, name: str, start: date, end: date, due: date) -> list[PeriodRow]:
            with self.store.session() as s:
                update_dates(s, code, start, end, due, name)
            return periods()

        def add(name: str, start: date, end: date, due: date) -> list[PeriodRow]:
            with self.store.session() as s:
                add_adhoc(s, due.year, name, start, end, due)
            return periods()

        self.refresh_periods()
        dialog = PeriodsDialog(periods(), save, add, self.w)
        dialog.exec()
        if dialog.changed:
            self.refresh_periods()
            self.w.data_changed()

    def period_id(self, code: str) -> int:
        with self.store.session() as s:
            return get_period(s, code).id

    def period_label(self) -> str:
        return self.w.tasks_page.period_combo.currentText()

    # -- the selected task
    def show_task_extra(self, task_id: int) -> None:
        panel = self.w.tasks_page.panel
        if task_id < 0:
            return
        code = self.w.tasks_page.period_code()
        with self.store.session() as s:
            links = links_of(s, task_id=task_id)
            task = task_brief(s, task_id)
            target = task.target if task else ""
            view = progress_view(s, task_id, code) if code else None
        panel.set_links(links)
        panel.progress.setHtml(progress_html(view, self.period_label(), target) if view else "")

    def _update_row(self, task_id: int) -> None:
        with self.store.session() as s:
            status, percent, evidence = task_state(s, task_id, self.w.tasks_page.period_code())
        self.w.tasks_page.model.update_progress(task_id, status, percent, evidence)
        self.show_task_extra(task_id)

    def edit_progress(self, task_id: int) -> None:
        code = self.w.tasks_page.period_code()
        with self.store.session() as s:
            task = task_brief(s, task_id)
            if task is None:
                return
            view = progress_view(s, task_id, code)
            title = f"{task.code} {task.content[:200]}"
            target = task.target
        dialog = ProgressDialog(title, self.period_label(), view, target, self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            with self.store.session(write=True) as s:
                save_progress(s, task_id, code, dialog.fields())
        except Exception as exc:
            show_error(self.w, exc)
            return
        self._update_row(task_id)
        self.w.statusBar().showMessage(f"Đã lưu tiến độ nhiệm vụ {task.code} kỳ {self.period_label()}.", 5000)
        self.w.data_changed()

    # -- evidence
    def ask_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.w, "Chọn tệp tài liệu kiểm chứng", "", ANY_FILE)
        return [Path(n) for n in names]

    def ask_meta(self, paths: list[Path], target: str) -> EvidenceMeta | None:
        dialog = EvidenceDialog(f"Thêm {file_names(paths)} làm tài liệu kiểm chứng cho {target}.", parent=self.w)
        return dialog.meta() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def add_evidence(self, task_id: int, paths: list[Path]) -> None:
        paths = paths or self.ask_files()
        if not paths:
            return
        with self.store.session() as s:
            task = task_brief(s, task_id)
            label = f"nhiệm vụ {task.code}" if task else "nhiệm vụ"
        meta = self.ask_meta(paths, label)
        if meta is None:
            return
        self.run_add(paths, meta, [task_id], [], lambda _r: self._update_row(task_id))

    def run_add(
        self,
        paths: list[Path],
        meta: EvidenceMeta,
        task_ids: list[int],
        criterion_ids: list[int],
        then: Callable[[list[AddResult]], None] | None,
    ) -> None:
        def work(progress: ProgressFn, cancel: CancelToken) -> list[AddResult]:
            return add_evidence_files(self.store, paths, meta, task_ids, criterion_ids, progress, cancel)

        def done(results: list[AddResult]) -> None:
            same = sum(1 for r in results if r.deduplicated)
            note = f" ({same} tệp đã có sẵn trong kho, không lưu thêm bản sao)" if same else ""
            self.w.statusBar().showMessage(f"Đã thêm {len(results)} tài liệu kiểm chứng{note}.", 8000)
            if then is not None:
                then(results)
            self.w.data_changed()

        def failed(exc: BaseException) -> None:
            show_error(self.w, exc)
            for tid in task_ids:  # files committed before a Cancel are kept: show them
                self._update_row(tid)
            self.w.data_changed()

        self.w.ops.run("Đang sao chép tài liệu kiểm chứng", work, done, on_failure=failed)

    def open_evidence(self, evidence_id: int) -> None:
        try:
            path = viewable_copy(self.store, evidence_id)
        except Exception as exc:
            show_error(self.w, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def unlink(self, link_id: int) -> None:
        task = self.w.tasks_page.current_task()
        try:
            with self.store.session(write=True) as s:
                unlink_evidence(s, link_id)
        except Exception as exc:
            show_error(self.w, exc)
            return
        if task is not None:
            self._update_row(task.id)
        self.w.statusBar().showMessage("Đã bỏ gắn; tài liệu vẫn còn trong kho (trang Tài liệu kiểm chứng).", 6000)
        self.w.data_changed()

    def show_history(self) -> None:
        task = self.w.tasks_page.current_task()
        if task is None:
            return
        with self.store.session() as s:
            rows = history(s, task_id=task.id)
        HistoryDialog(f"Lịch sử thay đổi — nhiệm vụ {task.code}", rows, self.w).exec()
