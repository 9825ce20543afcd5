"""What the Tài liệu kiểm chứng and Tự chấm điểm pages ask for: evidence details, deletion, clean-up, scores
and targets. Each page refreshes itself from the change it is told about."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from desktop.core.data_check import CleanupResult, clean_unused, unused_files
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta, EvidenceRow, criterion_of, delete_evidence, update_evidence
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.scoring import ScoreRow, resolve_framework, set_score, set_target
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.actions.reporting import ask_files, ask_meta, run_add
from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
from desktop.ui.ops import show_error
from desktop.ui.pages.scoring_page import ScoreEdit, ScoreReply
from desktop.ui.state import Change

if TYPE_CHECKING:
    from db.store import DbSession

HANDLERS = HandlerTable()


# -- Tài liệu kiểm chứng
@HANDLERS.handles(ActionId.ADD_EVIDENCE)
def add_unlinked(ctx: ActionContext, paths: list[Path]) -> None:
    paths = paths or ask_files(ctx.parent)
    if not paths:
        return
    meta = ask_meta(ctx.parent, paths, "kho (chưa gắn nhiệm vụ)")
    if meta is not None:
        run_add(ctx, paths, meta, [], [])


@HANDLERS.handles(ActionId.EDIT_EVIDENCE)
def edit_evidence(ctx: ActionContext, row: EvidenceRow) -> None:
    meta = EvidenceMeta(row.number, row.issued_on, row.issuer, row.summary, row.doc_type, row.proves_date)
    dialog = EvidenceDialog(f"Thông tin của «{row.original_name}»", meta, ctx.parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    changed = dialog.meta()
    ctx.state.write(
        lambda s: update_evidence(s, row.id, changed),
        Change.EVIDENCE,
        lambda _r: ctx.state.say("Đã lưu thông tin tài liệu."),
    )


@HANDLERS.handles(ActionId.DELETE_EVIDENCE)
def remove_evidence(ctx: ActionContext, row: EvidenceRow) -> None:
    answer = QMessageBox.question(
        ctx.parent,
        "Xoá tài liệu",
        f"Xoá tài liệu «{row.original_name}» khỏi danh sách? Có thể hoàn tác (Ctrl+Z, hoặc menu Sửa › Mục đã xoá) "
        "cho đến khi bạn chọn «Dọn tệp không dùng».",
    )
    if answer == QMessageBox.StandardButton.Yes:
        ctx.state.write(
            lambda s: delete_evidence(s, row.id),
            Change.EVIDENCE | Change.TASKS,  # the tasks' evidence counts
            lambda audit_id: ctx.state.deleted(audit_id, f"xoá tài liệu «{row.original_name}»"),
        )


@HANDLERS.handles(ActionId.CLEAN_FILES)
def cleanup(ctx: ActionContext) -> None:
    state, parent = ctx.state, ctx.parent
    store = state.store
    if store is None:
        return

    def find(_progress: ProgressFn, _cancel: CancelToken) -> list[str]:
        return unused_files(store)

    def ask(unused: list[str]) -> None:
        if not unused:
            QMessageBox.information(parent, "Dọn tệp không dùng", "Không có tệp nào thừa trong kho tài liệu.")
            return
        answer = QMessageBox.question(
            parent,
            "Dọn tệp không dùng",
            f"Có {len(unused)} tệp trong kho không thuộc tài liệu nào (tài liệu đã xoá, hoặc thêm dở khi mất điện). "
            "Xoá hẳn các tệp này? Không thể hoàn tác.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def clean(_progress: ProgressFn, _cancel: CancelToken) -> CleanupResult:
            return clean_unused(store, unused)

        def done(result: CleanupResult) -> None:
            QMessageBox.information(
                parent, "Dọn tệp không dùng", f"Đã xoá {result.files} tệp ({result.bytes / (1 << 20):.1f} MB)."
            )

        state.run("Đang dọn tệp không dùng", clean, done)

    state.run("Đang tìm tệp không dùng", find, ask)


# -- Tự chấm điểm
@HANDLERS.handles(ActionId.SAVE_SCORE)
def save_score(ctx: ActionContext, edit: ScoreEdit, reply: ScoreReply) -> None:
    def change(s: DbSession) -> None:
        fw = resolve_framework(s, edit.framework, edit.year)
        set_score(s, fw, edit.code, edit.value, edit.explanation, measured=edit.measured)

    def saved(_result: None) -> None:
        reply.score_saved(edit.code)
        ctx.state.say(f"Đã lưu điểm tự chấm tiêu chí {edit.code}.")

    def refused(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            reply.score_refused(str(exc))
        else:
            show_error(ctx.parent, exc)

    ctx.state.write(change, Change.SCORES, saved, on_failure=refused)


@HANDLERS.handles(ActionId.CRITERION_EVIDENCE)
def criterion_evidence(ctx: ActionContext, criterion_id: int, paths: list[Path]) -> None:
    paths = paths or ask_files(ctx.parent)
    if not paths:
        return

    def label(s: DbSession) -> str:
        try:
            return f"tiêu chí {criterion_of(s, criterion_id).code}"
        except UserError:  # gone since the page was drawn: the files still go in, under no code
            return "tiêu chí"

    def ask(target: str) -> None:
        meta = ask_meta(ctx.parent, paths, target)
        if meta is not None:
            run_add(ctx, paths, meta, [], [criterion_id])

    ctx.state.query(label, ask)


@HANDLERS.handles(ActionId.EDIT_TARGET)
def edit_target(ctx: ActionContext, row: ScoreRow) -> None:
    text, ok = QInputDialog.getText(
        ctx.parent,
        "Mục tiêu",
        f"{row.code} {row.name}\nNhập: điểm năm trước; xếp hạng; dự kiến tăng; mục tiêu\n"
        "(ví dụ 9,2779; 39/63; 0,13; 9,4)",
        text="; ".join(
            [
                fmt_number(row.previous_score),
                row.previous_rank or "",
                fmt_number(row.planned_increase),
                fmt_number(row.target_score),
            ]
        ),
    )
    if not ok:
        return
    parts = [p.strip() for p in text.split(";")] + ["", "", "", ""]

    def num(p: str) -> float | None:
        return parse_number(p) if p else None

    try:
        values = (num(parts[0]), parts[1] or None, num(parts[2]), num(parts[3]))
    except ValueError:
        show_error(ctx.parent, UserError("Điểm phải là số, ví dụ «9,4»; các phần cách nhau bởi dấu «;»."))
        return
    ctx.state.write(
        lambda s: set_target(s, row.criterion_id, *values),
        Change.SCORES,
        lambda _r: ctx.state.say("Đã lưu mục tiêu."),
    )
