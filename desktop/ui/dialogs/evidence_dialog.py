"""The document details of evidence files being added (or of one being edited)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.errors import UserError
from desktop.core.evidence import DOC_TYPES, EvidenceMeta
from desktop.core.formatting import fmt_date, parse_iso_date
from desktop.ui.dialogs.buttons import error_label, ok_cancel


class EvidenceDialog(QDialog):
    def __init__(self, heading: str, meta: EvidenceMeta | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tài liệu kiểm chứng")
        self.resize(560, 320)
        self.number = QLineEdit()
        self.number.setPlaceholderText("Ví dụ: 12/BC-UBND")
        self.issued = QLineEdit()
        self.issued.setPlaceholderText("dd/mm/yyyy")
        self.issuer = QLineEdit()
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("Trích yếu nội dung")
        self.doc_type = QComboBox()
        self.doc_type.addItem("(tự nhận biết)", "")
        for code, label in DOC_TYPES.items():
            self.doc_type.addItem(label, code)
        self.proves = QLineEdit()
        self.proves.setPlaceholderText("dd/mm/yyyy — ngày sự việc được chứng minh")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Số ký hiệu:", self.number)
        form.addRow("Ngày ban hành:", self.issued)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Trích yếu:", self.summary)
        form.addRow("Loại tài liệu:", self.doc_type)
        form.addRow("Chứng minh cho ngày:", self.proves)
        head = QLabel(heading)
        head.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Lưu", self._accept)
        layout.addWidget(self.buttons)
        if meta is not None:
            self.number.setText(meta.number)
            self.issued.setText(fmt_date(meta.issued_on))
            self.issuer.setText(meta.issuer)
            self.summary.setText(meta.summary)
            self.doc_type.setCurrentIndex(max(self.doc_type.findData(meta.doc_type), 0))
            self.proves.setText(fmt_date(meta.proves_date))

    @staticmethod
    def _date(edit: QLineEdit, what: str) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_iso_date(text)
        except ValueError:
            raise UserError(f"{what} «{text}» không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.") from None

    def meta(self) -> EvidenceMeta:
        return EvidenceMeta(
            number=self.number.text(),
            issued_on=self._date(self.issued, "Ngày ban hành"),
            issuer=self.issuer.text(),
            summary=self.summary.text(),
            doc_type=str(self.doc_type.currentData() or ""),
            proves_date=self._date(self.proves, "Ngày được chứng minh"),
        )

    def _accept(self) -> None:
        try:
            self.meta()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
