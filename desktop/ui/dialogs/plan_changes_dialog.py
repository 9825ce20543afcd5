"""Before a plan already here takes a new version (or another appendix): what it adds, drops and changes.

Nothing is written until the user confirms; tasks dropped stay, read-only, with their progress and evidence.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.core.plan_import.diff import PlanDiff, diff_lines
from desktop.ui.dialogs.buttons import ok_cancel


class PlanChangesDialog(QDialog):
    def __init__(self, message: str, diff: PlanDiff, new_version: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kế hoạch đã có — xem thay đổi trước khi nhập")
        self.summary = QLabel(message)
        self.summary.setWordWrap(True)
        note = QLabel(
            "Tiến độ, tài liệu kiểm chứng và điểm tự chấm đi theo các nhiệm vụ còn lại. Nhiệm vụ bị bỏ không bị "
            "xoá: được giữ lại để xem lịch sử, không ghi thêm được."
            if new_version
            else "Các nhiệm vụ đã có không thay đổi."
        )
        note.setWordWrap(True)
        self.changes = QListWidget()
        self.changes.addItems(diff_lines(diff))
        self.buttons = ok_cancel(self, "Nhập phiên bản mới" if new_version else "Bổ sung vào kế hoạch", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
