"""The reporting cycle on the task page: periods, progress, evidence files, history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.core.audit import AuditRow, history
from desktop.core.evidence import AddResult, EvidenceMeta, unlink_evidence, viewable_copy
from desktop.core.evidence_add import add_evidence_files
from desktop.core.periods import PeriodRow, add_adhoc, list_periods, update_dates
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.task_progress import ProgressView, TaskBrief, progress_view, save_progress, task_brief
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
from desktop.ui.dialogs.history_dialog import HistoryDialog
from desktop.ui.dialogs.periods_dialog import PeriodsDialog
from desktop.ui.dialogs.progress_dialog import ProgressDialog
from desktop.ui.pages.task_panel import file_names
from desktop.ui.state import Change, Changes

if TYPE_CHECKING:
    from db.store import DbSession

ANY_FILE = "Mọi tệp (*);;PDF (*.pdf);;Ảnh (*.jpg *.jpeg *.png);;Văn bản (*.doc *.docx);;Bảng tính (*.xls *.xlsx)"
HANDLERS = HandlerTable()


# -- periods
@HANDLERS.handles(ActionId.PERIODS)
def edit_periods(ctx: ActionContext) -> None:
    """«Kỳ báo cáo…»: the province's own dates and ad hoc periods; every page sees them after."""
    state = ctx.state

    def save(code: str, name: str, start: date, end: date, due: date, dialog: PeriodsDialog) -> None:
        def change(s: DbSession) -> list[PeriodRow]:
            update_dates(s, code, start, end, due, name)
            return list_periods(s)

        state.write(change, Change.NONE, dialog.saved, on_failure=dialog.refused)

    def add(name: str, start: date, end: date, due: date, dialog: PeriodsDialog) -> None:
        def change(s: DbSession) -> list[PeriodRow]:
            add_adhoc(s, due.year, name, start, end, due)
            return list_periods(s)

        state.write(change, Change.NONE, dialog.saved, on_failure=dialog.refused)

    def show(periods: list[PeriodRow]) -> None:
        dialog = PeriodsDialog(periods, save, add, ctx.parent)
        dialog.exec()
        if dialog.changed:
            state.apply(Change.PERIODS)

    state.query(list_periods, show)


# -- the selected task
@HANDLERS.handles(ActionId.EDIT_PROGRESS)
def edit_progress(ctx: ActionContext, task_id: int) -> None:
    state = ctx.state
    code, label = state.period_code, state.period_label

    def read(s: DbSession) -> tuple[TaskBrief, ProgressView] | None:
        task = task_brief(s, task_id)
        return (task, progress_view(s, task_id, code)) if task is not None else None

    def ask(data: tuple[TaskBrief, ProgressView] | None) -> None:
        if data is None:
            return
        task, view = data
        dialog = ProgressDialog(f"{task.code} {task.content[:200]}", label, view, task.target, ctx.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fields = dialog.fields()

        def saved(_result: object) -> None:
            state.say(f"Đã lưu tiến độ nhiệm vụ {task.code} kỳ {label}.")

        state.write(
            lambda s: save_progress(s, task_id, code, fields),
            Changes(Change.PROGRESS, frozenset({task_id})),
            saved,
        )

    state.query(read, ask)


def ask_files(parent: QWidget) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "Chọn tệp tài liệu kiểm chứng", "", ANY_FILE)
    return [Path(n) for n in names]


def ask_meta(parent: QWidget, paths: list[Path], target: str) -> EvidenceMeta | None:
    dialog = EvidenceDialog(f"Thêm {file_names(paths)} làm tài liệu kiểm chứng cho {target}.", parent=parent)
    return dialog.meta() if dialog.exec() == QDialog.DialogCode.Accepted else None


@HANDLERS.handles(ActionId.ADD_TASK_EVIDENCE)
def add_task_evidence(ctx: ActionContext, task_id: int, paths: list[Path]) -> None:
    paths = paths or ask_files(ctx.parent)
    if not paths:
        return

    def ask(task: TaskBrief | None) -> None:
        meta = ask_meta(ctx.parent, paths, f"nhiệm vụ {task.code}" if task else "nhiệm vụ")
        if meta is not None:
            run_add(ctx, paths, meta, [task_id], [])

    ctx.state.query(lambda s: task_brief(s, task_id), ask)


def run_add(
    ctx: ActionContext,
    paths: list[Path],
    meta: EvidenceMeta,
    task_ids: list[int],
    criterion_ids: list[int],
) -> None:
    """Copy the files into the store with progress and Cancel; files committed before a Cancel are kept and
    shown."""
    state = ctx.state
    store = state.store
    if store is None:
        return

    def work(progress: ProgressFn, cancel: CancelToken) -> list[AddResult]:
        return add_evidence_files(store, paths, meta, task_ids, criterion_ids, progress, cancel)

    def done(results: list[AddResult]) -> None:
        same = sum(1 for r in results if r.deduplicated)
        note = f" ({same} tệp đã có sẵn trong kho, không lưu thêm bản sao)" if same else ""
        state.say(f"Đã thêm {len(results)} tài liệu kiểm chứng{note}.", 8000)

    changes = Changes(Change.EVIDENCE | (Change.SCORES if criterion_ids else Change.NONE), frozenset(task_ids))
    state.run("Đang sao chép tài liệu kiểm chứng", work, done, changes, changes_on_failure=True)


@HANDLERS.handles(ActionId.OPEN_EVIDENCE)
def open_evidence(ctx: ActionContext, evidence_id: int) -> None:
    store = ctx.state.store
    if store is None:
        return

    def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
        return viewable_copy(store, evidence_id)

    def show(path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    ctx.state.run("Đang mở tài liệu", work, show)


@HANDLERS.handles(ActionId.UNLINK_EVIDENCE)
def unlink(ctx: ActionContext, task_id: int, link_id: int) -> None:
    def done(audit_id: int) -> None:
        ctx.state.deleted(audit_id, "bỏ gắn tài liệu khỏi nhiệm vụ (tài liệu vẫn ở trang Tài liệu kiểm chứng)")

    ctx.state.write(lambda s: unlink_evidence(s, link_id), Changes(Change.EVIDENCE, frozenset({task_id})), done)


@HANDLERS.handles(ActionId.TASK_HISTORY)
def show_history(ctx: ActionContext, task_id: int) -> None:
    def read(s: DbSession) -> tuple[TaskBrief | None, list[AuditRow]]:
        return task_brief(s, task_id), history(s, task_id=task_id)

    def show(data: tuple[TaskBrief | None, list[AuditRow]]) -> None:
        task, rows = data
        code = task.code if task else ""
        HistoryDialog(f"Lịch sử thay đổi — nhiệm vụ {code}", rows, ctx.parent).exec()

    ctx.state.query(read, show)
