"""«Báo cáo › Chữ ký số…» (trust anchors, «require signed reports», the token's library), and what every
action that signs a PDF shares: the masked PIN, the key opened in the worker, the choice remembered."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from desktop.core.errors import UserError
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.signing.keys import CertInfo, SigningKey, load_p12, open_token
from desktop.core.signing.settings import load_settings, save_settings
from desktop.core.signing.trust import add_anchor, list_anchors
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.sign_choice import PinDialog, SignChoice
from desktop.ui.dialogs.signing_dialog import SigningDialog
from desktop.ui.ops import show_error
from desktop.ui.state import Change

HANDLERS = HandlerTable()


def ask_pin(sign: SignChoice | None, parent: QWidget) -> str:
    """The PIN in a masked dialog when signing was chosen; "" when cancelled or not signing."""
    if sign is None:
        return ""
    dialog = PinDialog(sign.what, parent)
    return dialog.take_pin() if dialog.exec() == QDialog.DialogCode.Accepted else ""


@contextmanager
def key_for(sign: SignChoice | None, pin: str) -> Iterator[SigningKey | None]:
    """The key the export dialog chose, opened in the worker (a token answers slowly), closed after."""
    if sign is None:
        yield None
    elif sign.p12_path is not None:
        yield load_p12(sign.p12_path, pin)
    else:
        assert sign.module is not None
        with open_token(sign.module, sign.token_label, pin) as key:
            yield key


def remember(data_dir: Path, sign: SignChoice) -> None:
    """The certificate or token used, for the next export (never the PIN)."""
    settings = load_settings(data_dir)
    settings.p12_path = str(sign.p12_path) if sign.p12_path is not None else ""
    settings.token_label = sign.token_label
    if sign.module is not None:
        settings.pkcs11_module = str(sign.module)
    save_settings(data_dir, settings)


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
