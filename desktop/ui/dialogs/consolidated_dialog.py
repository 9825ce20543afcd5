"""The focal point's consolidated report before it is written: every text editable (header lines, number,
Kính gửi, the four sections, Nơi nhận, the signature), starting from what was last used for the period."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.core.reports.pdf import ReportTexts
from desktop.core.signing.settings import SigningSettings
from desktop.ui.dialogs.buttons import error_label, ok_cancel
from desktop.ui.dialogs.report_texts_form import CONSOLIDATED_SECTIONS, ReportTextsForm
from desktop.ui.dialogs.sign_choice import SignChoice, SignChoiceBox


class ConsolidatedDialog(QDialog):
    def __init__(
        self,
        period_label: str,
        texts: ReportTexts,
        parent: QWidget | None = None,
        signing: SigningSettings | None = None,
    ) -> None:
        """With `signing` (a PDF is being made) the dialog offers to sign it."""
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
        self.sign = SignChoiceBox(signing) if signing is not None else None
        if self.sign is not None:
            layout.addWidget(self.sign)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Lập báo cáo", self._accept)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        try:
            self.sign_choice()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def sign_choice(self) -> SignChoice | None:
        return self.sign.choice() if self.sign is not None else None

    def texts(self) -> ReportTexts:
        return self.form.texts()
