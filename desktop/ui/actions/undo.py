"""Deleting what can be undone, undoing it (Ctrl+Z) and the list of everything deleted («Mục đã xoá»)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from db.enums import AuditEntity
from db.store import DbSession
from desktop.core.errors import UserError
from desktop.core.recovery import DeletedRow, Restored, deleted_items, restore_deleted
from desktop.core.scoring import delete_score, resolve_framework
from desktop.core.task_progress import delete_progress, task_brief
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.deleted_dialog import DeletedDialog
from desktop.ui.ops import show_error
from desktop.ui.pages.scoring_page import ScoreEdit
from desktop.ui.state import Change, Changes

HANDLERS = HandlerTable()


def changes_of(restored: Restored) -> Changes:
    """What the pages must read again after a restore: the same as after the deletion it undid."""
    what = {
        AuditEntity.PROGRESS: Change.PROGRESS,
        AuditEntity.LINK: Change.EVIDENCE | Change.SCORES,
        AuditEntity.EVIDENCE: Change.EVIDENCE | Change.TASKS,
        AuditEntity.SCORE: Change.SCORES,
        AuditEntity.PLAN: Change.PLANS,
    }.get(restored.entity, Change.TASKS)
    # A task's progress or links: its row and panel are read again, not all rows.
    return Changes(
        what, restored.task_ids if restored.entity in (AuditEntity.PROGRESS, AuditEntity.LINK) else frozenset()
    )


def restore(
    ctx: ActionContext, audit_id: int, then: Callable[[Restored], None], refused: Callable[[str], None]
) -> None:
    state = ctx.state
    store = state.store
    if store is None:
        return
    data_dir = store.data_dir

    def done(restored: Restored) -> None:
        state.forget_undo(audit_id)
        state.apply(changes_of(restored))
        state.say(f"Đã khôi phục: {restored.summary}.", 8000)
        then(restored)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            refused(str(exc))
        else:
            show_error(ctx.parent, exc)

    state.write(lambda s: restore_deleted(s, audit_id, data_dir), Change.NONE, done, on_failure=failed)


@HANDLERS.handles(ActionId.UNDO)
def undo(ctx: ActionContext) -> None:
    step = ctx.state.take_undo()
    if step is None:
        ctx.state.say("Không có việc xoá nào để hoàn tác.")
        return

    def refused(message: str) -> None:
        QMessageBox.information(ctx.parent, "Hoàn tác", message)

    restore(ctx, step.audit_id, lambda _r: None, refused)


@HANDLERS.handles(ActionId.DELETED_ITEMS)
def show_deleted(ctx: ActionContext) -> None:
    def show(rows: list[DeletedRow]) -> None:
        dialog: DeletedDialog

        def again(_restored: Restored) -> None:
            ctx.state.query(deleted_items, dialog.set_rows)

        dialog = DeletedDialog(rows, lambda audit_id: restore(ctx, audit_id, again, dialog.refused), ctx.parent)
        dialog.exec()

    ctx.state.query(deleted_items, show)


@HANDLERS.handles(ActionId.DELETE_PROGRESS)
def remove_progress(ctx: ActionContext, task_id: int) -> None:
    state = ctx.state
    code = state.period_code

    def change(s: DbSession) -> tuple[int, str]:
        task = task_brief(s, task_id)
        return delete_progress(s, task_id, code), task.code if task else ""

    def done(result: tuple[int, str]) -> None:
        audit_id, task_code = result
        state.deleted(audit_id, f"xoá tiến độ nhiệm vụ {task_code} kỳ {state.period_label}")

    state.write(change, Changes(Change.PROGRESS, frozenset({task_id})), done)


@HANDLERS.handles(ActionId.DELETE_SCORE)
def remove_score(ctx: ActionContext, edit: ScoreEdit) -> None:
    def change(s: DbSession) -> int:
        return delete_score(s, resolve_framework(s, edit.framework, edit.year), edit.code)

    ctx.state.write(
        change, Change.SCORES, lambda audit_id: ctx.state.deleted(audit_id, f"xoá điểm tự chấm tiêu chí {edit.code}")
    )
