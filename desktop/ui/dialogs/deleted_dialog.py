"""«Mục đã xoá»: every deletion the audit log kept, newest first, each restorable as it was."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.recovery import DeletedRow
from desktop.ui.deleted_model import DeletedTableModel
from desktop.ui.dialogs.buttons import error_label
from desktop.ui.empty_state import EmptyState


class DeletedDialog(QDialog):
    """`restore(audit_id)` is the caller's: it restores off the UI thread and answers with `restored` or
    `refused`, after which the caller hands the list again to `set_rows`."""

    def __init__(self, rows: list[DeletedRow], restore: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mục đã xoá")
        self.resize(860, 440)
        self._restore = restore
        self.model = DeletedTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 130), (1, 160), (2, 130)):
            self.table.setColumnWidth(col, width)
        self.empty = EmptyState(
            self.table,
            "<b>Không có mục nào đã xoá.</b><br>Tiến độ, điểm tự chấm, tài liệu kiểm chứng hay kế hoạch bị xoá "
            "sẽ hiện ở đây để khôi phục.",
        )
        intro = QLabel(
            "Những gì đã xoá được giữ trong nhật ký thay đổi. Chọn một mục rồi bấm «Khôi phục» để lấy lại "
            "đúng như trước khi xoá."
        )
        intro.setWordWrap(True)
        self.error = error_label()
        self.restore_button = QPushButton("Khôi phục")
        self.restore_button.setToolTip("Lấy lại mục đã chọn đúng như trước khi xoá")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.restore_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.restore_button.clicked.connect(self._restore_current)
        self.table.doubleClicked.connect(lambda _i: self._restore_current())
        self.set_rows(rows)

    def set_rows(self, rows: list[DeletedRow]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(rows))

    def current(self) -> DeletedRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _restore_current(self) -> None:
        row = self.current()
        if row is not None:
            self.error.clear()
            self.restore_button.setEnabled(False)
            self._restore(row.audit_id)

    def refused(self, message: str) -> None:
        self.error.setText(message)
        self.restore_button.setEnabled(True)
