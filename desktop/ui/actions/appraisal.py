"""Appraisal (thẩm định) in the GUI: the focal point appraises one agency's report and sends the package; the
agency takes a package in (menu, or dropped on the window) and sees it on its Tự chấm điểm page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.appraisal.agency import Received, import_appraisal
from desktop.core.appraisal.focal import AppraisalRow, AppraisalSheet, export_appraisal, set_general, set_item, sheet
from desktop.core.appraisal.package import SUFFIX
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.appraisal_dialog import AppraisalDialog, ItemEdit
from desktop.ui.state import Change

if TYPE_CHECKING:
    from db.store import DbSession

HANDLERS = HandlerTable()
PACKAGE_FILTER = f"Gói thẩm định (*{SUFFIX});;Mọi tệp (*)"


@HANDLERS.handles(ActionId.IMPORT_APPRAISAL)
def take_in(ctx: ActionContext, path: Path | None = None) -> None:
    parent = ctx.parent
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, "Chọn gói thẩm định do nơi thẩm định gửi", "", PACKAGE_FILTER)
        if not name:
            return
        path = Path(name)
    chosen = path

    def done(received: Received) -> None:
        QMessageBox.information(
            parent, "Kết quả thẩm định", received.describe() + "\nXem ở trang «Tự chấm điểm», cột «Thẩm định»."
        )

    ctx.state.write(lambda s: import_appraisal(s, chosen), Change.SCORES, done, title="Đang nhận gói thẩm định")


@HANDLERS.handles(ActionId.APPRAISE)
def appraise(ctx: ActionContext, agency: str, period_code: str) -> None:
    """The appraisal sheet of one agency's report for the period; every change saved off the UI thread."""
    state, parent = ctx.state, ctx.parent
    store = state.store
    if store is None or not agency or not period_code:
        return
    data_dir = store.data_dir

    def save(edit: ItemEdit, dialog: AppraisalDialog) -> None:
        def change(s: DbSession) -> AppraisalRow | None:
            if edit.general is not None:
                set_general(s, data_dir, agency, period_code, edit.general)
                return None
            return set_item(
                s,
                data_dir,
                agency,
                period_code,
                edit.code,
                edit.kind,
                edit.score,
                edit.comment,
                edit.evidence,
                edit.framework,
            )

        # SCORES: the ranking page shows totals after appraisal.
        state.write(change, Change.SCORES, dialog.saved, on_failure=dialog.refused)

    def export(out_dir: Path, dialog: AppraisalDialog) -> None:
        state.query(
            lambda s: export_appraisal(s, data_dir, agency, period_code, out_dir),
            dialog.exported,
            on_failure=dialog.refused,
            title="Đang xuất gói thẩm định",
        )

    def show(current: AppraisalSheet) -> None:
        AppraisalDialog(current, save, export, parent).exec()

    state.query(lambda s: sheet(s, data_dir, agency, period_code), show, title="Đang mở báo cáo cần thẩm định")
