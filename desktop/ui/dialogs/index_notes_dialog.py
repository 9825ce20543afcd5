"""Khó khăn, vướng mắc and kiến nghị, đề xuất of the self-assessment report on the province's index."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.ui.dialogs.buttons import ok_cancel


class IndexNotesDialog(QDialog):
    def __init__(self, difficulties: str, proposals: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Khó khăn, kiến nghị của báo cáo tự đánh giá")
        self.resize(640, 360)
        self.difficulties = QPlainTextEdit(difficulties)
        self.proposals = QPlainTextEdit(proposals)
        for edit in (self.difficulties, self.proposals):
            edit.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Khó khăn, vướng mắc:", self.difficulties)
        form.addRow("Kiến nghị, đề xuất:", self.proposals)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Lưu", self.accept))

    def texts(self) -> tuple[str, str]:
        return self.difficulties.toPlainText(), self.proposals.toPlainText()
