"""The pieces every form dialog shares: Vietnamese OK/Cancel buttons and a red line for what is wrong."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


def ok_cancel(dialog: QDialog, ok_text: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b3261e")
    label.setWordWrap(True)
    return label
