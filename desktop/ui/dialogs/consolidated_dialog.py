"""The focal point's consolidated report before it is written: every text editable (header lines, number,
Kính gửi, the four sections, Nơi nhận, the signature), starting from what was last used for the period."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.core.reports.pdf import ReportTexts
from desktop.ui.dialogs.buttons import ok_cancel
from desktop.ui.dialogs.report_texts_form import CONSOLIDATED_SECTIONS, ReportTextsForm


class ConsolidatedDialog(QDialog):
    def __init__(self, period_label: str, texts: ReportTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Báo cáo tổng hợp {period_label}")
        self.resize(760, 680)
        self.form = ReportTextsForm(CONSOLIDATED_SECTIONS, with_heading=True)
        self.form.set_texts(texts)
        note = QLabel("Những gì bạn sửa được giữ lại cho kỳ này và dùng cho lần lập sau.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(note)
        self.buttons = ok_cancel(self, "Lập báo cáo", self.accept)
        layout.addWidget(self.buttons)

    def texts(self) -> ReportTexts:
        return self.form.texts()
