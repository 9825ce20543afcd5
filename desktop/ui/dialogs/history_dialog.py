"""The audit log of one task (or of anything else): who changed what, when, old → new."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.audit import AuditRow

FIELD_LABELS = {
    "status": "trạng thái",
    "percent": "tỷ lệ",
    "result": "kết quả",
    "measured_value": "giá trị đạt được",
    "difficulties": "khó khăn",
    "proposals": "đề xuất",
    "reason": "lý do",
    "note": "ghi chú",
    "value": "điểm",
    "explanation": "giải trình",
    "number": "số, ký hiệu",
    "issued_on": "ngày ban hành",
    "issuer": "cơ quan ban hành",
    "summary": "trích yếu",
    "doc_type": "loại văn bản",
    "proves_date": "ngày chứng minh",
    "sha256": "mã kiểm tra tệp",
    "window_start": "số liệu từ ngày",
    "window_end": "số liệu đến ngày",
    "due_date": "hạn",
    "name": "tên",
    "code": "mã",
    "content": "nội dung",
    "deadline_text": "thời hạn",
    "lead": "chủ trì",
    "partners": "phối hợp",
    "target": "mục tiêu",
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}).*)?$")


def shown_value(value: object) -> str:
    """A value as a user reads it: dates dd/mm/yyyy, yes/no in Vietnamese, lists one after another."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return "; ".join(shown_value(v) for v in value) or "—"
    text = str(value)
    m = _ISO_DAY.match(text)
    if m:
        day = f"{m[3]}/{m[2]}/{m[1]}"
        return f"{day} {m[4]}:{m[5]}" if m[4] else day
    return text


def describe_changes(changes: dict[str, list[object]]) -> str:
    parts = []
    for key, (old, new) in changes.items():
        parts.append(f"{FIELD_LABELS.get(key, 'thông tin khác')}: {shown_value(old)} → {shown_value(new)}")
    return "\n".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, title: str, rows: list[AuditRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 480)
        self.table = QTableWidget(len(rows), 5)
        self.table.setHorizontalHeaderLabels(["Thời gian", "Người thực hiện", "Việc", "Nội dung", "Thay đổi"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for i, r in enumerate(rows):
            values = (r.at.strftime("%d/%m/%Y %H:%M"), r.actor, r.label, r.summary, describe_changes(r.changes))
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
