"""The audit log of one task (or of anything else): who changed what, when, old → new."""

from __future__ import annotations

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
}


def describe_changes(changes: dict[str, list[object]]) -> str:
    parts = []
    for key, (old, new) in changes.items():
        old_text = "—" if old in (None, "") else str(old)
        new_text = "—" if new in (None, "") else str(new)
        parts.append(f"{FIELD_LABELS.get(key, key)}: {old_text} → {new_text}")
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
