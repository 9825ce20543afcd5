"""«Báo cáo › Chữ ký số…»: trust anchors, «require signed reports», the token's library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from desktop.core.errors import UserError
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.signing.keys import CertInfo
from desktop.core.signing.settings import load_settings, save_settings
from desktop.core.signing.trust import add_anchor, list_anchors
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.signing_dialog import SigningDialog
from desktop.ui.ops import show_error
from desktop.ui.state import Change

HANDLERS = HandlerTable()


@HANDLERS.handles(ActionId.SIGNING)
def signing_settings(ctx: ActionContext) -> None:
    state = ctx.state
    store = state.store
    if store is None:
        return
    data_dir = store.data_dir

    def show(anchors: list[CertInfo]) -> None:
        dialog: SigningDialog

        def add(path: Path) -> None:
            def work(_progress: ProgressFn, _cancel: CancelToken) -> list[CertInfo]:
                add_anchor(data_dir, path)
                return list_anchors(data_dir)

            def failed(exc: BaseException) -> None:
                if isinstance(exc, UserError):
                    dialog.refused(str(exc))
                else:
                    show_error(ctx.parent, exc)

            state.run("Đang cài chứng thư gốc", work, dialog.set_anchors, on_failure=failed, show_dialog=False)

        dialog = SigningDialog(load_settings(data_dir), anchors, add, ctx.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            save_settings(data_dir, dialog.settings(load_settings(data_dir)))
            state.apply(Change.BUNDLES)  # the received reports are marked again
            state.say("Đã lưu thiết lập chữ ký số.")

    state.run("Đang đọc chứng thư gốc", lambda _p, _c: list_anchors(data_dir), show, show_dialog=False)
