"""Recording a task's progress for one period; a new period starts from the previous period's values."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.enums import Status
from desktop.core.errors import UserError
from desktop.core.records import DONE_STATUSES, STATUS_LABELS
from desktop.core.task_progress import ProgressFields, ProgressView, check_fields, meets_target
from desktop.ui.dialogs.buttons import error_label, ok_cancel


class ProgressDialog(QDialog):
    def __init__(
        self, task_title: str, period_label: str, view: ProgressView, target_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tiến độ — {period_label}")
        self.resize(620, 560)
        self._target = target_text
        self.status = QComboBox()
        for code, label in STATUS_LABELS.items():
            self.status.addItem(label, code)
        self.percent = QSpinBox()
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.result_text = QPlainTextEdit()
        self.result_text.setPlaceholderText("Đã làm gì trong kỳ: văn bản ban hành, số liệu, kết quả…")
        self.measured = QLineEdit()
        self.measured.setPlaceholderText("Ví dụ: 98,6%")
        self.measured_hint = QLabel()
        self.difficulties = QPlainTextEdit()
        self.proposals = QPlainTextEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Bắt buộc khi không thực hiện được")
        for edit in (self.result_text, self.difficulties, self.proposals):
            edit.setTabChangesFocus(True)
        self.error = error_label()
        note = QLabel()
        note.setWordWrap(True)
        if view.carried_from:
            note.setText(f"<i>Chưa có số liệu kỳ này; đã điền sẵn từ kỳ {view.carried_from}. Hãy sửa rồi lưu.</i>")
        form = QFormLayout()
        form.addRow("Trạng thái:", self.status)
        form.addRow("Tỷ lệ hoàn thành:", self.percent)
        form.addRow("Kết quả thực hiện:", self.result_text)
        form.addRow("Giá trị đạt được:", self.measured)
        form.addRow("", self.measured_hint)
        form.addRow("Khó khăn, vướng mắc:", self.difficulties)
        form.addRow("Đề xuất, kiến nghị:", self.proposals)
        form.addRow("Lý do (nếu không thực hiện được):", self.reason)
        title = QLabel(f"<b>{task_title}</b>")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Lưu", self._accept)
        layout.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.measured.textChanged.connect(self._measured_changed)
        self.set_fields(view.fields)

    def set_fields(self, f: ProgressFields) -> None:
        self.status.setCurrentIndex(max(self.status.findData(f.status), 0))
        self.percent.setValue(f.percent or 0)
        self.result_text.setPlainText(f.result)
        self.measured.setText(f.measured_value)
        self.difficulties.setPlainText(f.difficulties)
        self.proposals.setPlainText(f.proposals)
        self.reason.setText(f.reason)
        self._status_changed()
        self._measured_changed()

    def _status_changed(self) -> None:
        status = self.status.currentData()
        if status in DONE_STATUSES:
            self.percent.setValue(100)
        self.reason.setEnabled(status == Status.CANNOT)

    def _measured_changed(self) -> None:
        met = meets_target(self._target, self.measured.text())
        self.measured_hint.setText(
            {True: "Đạt chỉ tiêu của nhiệm vụ.", False: "Chưa đạt chỉ tiêu của nhiệm vụ.", None: ""}[met]
        )

    def fields(self) -> ProgressFields:
        return ProgressFields(
            status=str(self.status.currentData()),
            percent=self.percent.value(),
            result=self.result_text.toPlainText(),
            measured_value=self.measured.text(),
            difficulties=self.difficulties.toPlainText(),
            proposals=self.proposals.toPlainText(),
            reason=self.reason.text() if self.status.currentData() == "cannot" else "",
        )

    def _accept(self) -> None:
        try:
            check_fields(self.fields())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
