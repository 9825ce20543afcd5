"""Adding or editing one task by hand; the deadline is understood live as the user types."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.deadlines import parse_deadline
from desktop.core.formatting import fmt_date
from desktop.core.records import TaskFields
from desktop.ui.dialogs.buttons import error_label, ok_cancel


class TaskDialog(QDialog):
    def __init__(
        self,
        criteria: list[tuple[int, str]],
        plan_year: int | None,
        parent: QWidget | None = None,
        title: str = "Nhiệm vụ",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._year = plan_year
        self.code = QLineEdit()
        self.code.setPlaceholderText("Ví dụ: 1.3.1")
        self.content = QPlainTextEdit()
        self.content.setMinimumHeight(90)
        self.criterion = QComboBox()
        self.criterion.addItem("(không gắn tiêu chí)", None)
        for crit_id, label in criteria:
            self.criterion.addItem(label, crit_id)
        self.lead = QLineEdit()
        self.lead.setPlaceholderText("Nhiều cơ quan cách nhau bởi dấu ;")
        self.partners = QLineEdit()
        self.partners.setPlaceholderText("Ví dụ: Các Sở, ban, ngành tỉnh; UBND cấp xã")
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText("Ví dụ: Quý III và năm; trước ngày 15/7/2025; Thường xuyên")
        self.deadline_hint = QLabel()
        self.output = QLineEdit()
        self.note = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Mã:", self.code)
        form.addRow("Nội dung nhiệm vụ:", self.content)
        form.addRow("Tiêu chí:", self.criterion)
        form.addRow("Cơ quan chủ trì:", self.lead)
        form.addRow("Cơ quan phối hợp:", self.partners)
        form.addRow("Thời gian:", self.deadline)
        form.addRow("", self.deadline_hint)
        form.addRow("Sản phẩm:", self.output)
        form.addRow("Ghi chú:", self.note)
        buttons = ok_cancel(self, "Lưu", self._accept)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.deadline.textChanged.connect(self._deadline_changed)
        self._deadline_changed()
        self.resize(640, 0)

    def _deadline_changed(self) -> None:
        d = parse_deadline(self.deadline.text(), self._year)
        if d.kind == "none":
            self.deadline_hint.setText("")
            return
        due = f"; hạn {fmt_date(d.due_date)}" if d.due_date else ""
        extra = " (cần biết năm của kế hoạch để có ngày)" if d.needs_year else ""
        self.deadline_hint.setText(f"Hiểu là: {d.label}{due}{'; lặp lại' if d.recurring else ''}{extra}")

    def set_fields(self, f: TaskFields) -> None:
        self.code.setText(f.code)
        self.content.setPlainText(f.content)
        self.criterion.setCurrentIndex(max(self.criterion.findData(f.criterion_id), 0))
        self.lead.setText(f.lead)
        self.partners.setText(f.partners)
        self.deadline.setText(f.deadline_text)
        self.output.setText(f.expected_output)
        self.note.setText(f.note)
        self._criterion_text = f.criterion_text

    def fields(self) -> TaskFields:
        return TaskFields(
            code=self.code.text().strip(),
            content=self.content.toPlainText().strip(),
            lead=self.lead.text().strip(),
            partners=self.partners.text().strip(),
            deadline_text=self.deadline.text().strip(),
            expected_output=self.output.text().strip(),
            note=self.note.text().strip(),
            criterion_text=getattr(self, "_criterion_text", ""),
            criterion_id=self.criterion.currentData(),
        )

    def _accept(self) -> None:
        if not self.content.toPlainText().strip():
            self.error.setText("Hãy nhập nội dung nhiệm vụ.")
            return
        self.accept()
