"""Đối chiếu tên cơ quan: every name found in plans, what it is matched to, and the user's correction."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.agency_names import GROUPS
from desktop.core.records import NameMatchRow
from desktop.ui.ops import error_message

# A target is "agency:<id>" or "group:<code>" (strings travel through Qt item data unchanged).
Target = str


class MatchingDialog(QDialog):
    def __init__(
        self,
        rows: list[NameMatchRow],
        agencies: list[tuple[int, str]],
        apply: Callable[[str, Target, MatchingDialog], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Đối chiếu tên cơ quan trong kế hoạch")
        self._apply = apply
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Tên như trong kế hoạch", "Số lần", "Được hiểu là", "Trạng thái"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.target = QComboBox()
        for code, (label, _levels) in GROUPS.items():
            self.target.addItem(f"Nhóm: {label}", f"group:{code}")
        for agency_id, name in agencies:
            self.target.addItem(name, f"agency:{agency_id}")
        self._pending = ""
        self.apply_button = QPushButton("Áp dụng cho tên đã chọn")
        self.apply_button.setEnabled(False)
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("Đối chiếu với:"))
        row.addWidget(self.target, 1)
        row.addWidget(self.apply_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        note = QLabel("Sửa cách hiểu một tên: lần nhập kế hoạch sau ứng dụng sẽ nhớ và dùng lại.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(lambda: self.apply_button.setEnabled(self.current_key() is not None))
        self.apply_button.clicked.connect(self._apply_clicked)
        self._rows: list[NameMatchRow] = []
        self.set_rows(rows)
        self.resize(900, 560)

    def set_rows(self, rows: list[NameMatchRow]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            state = "đã xác nhận" if r.confirmed else ("tự động" if r.agency_id or r.groups else "chưa rõ")
            for col, text in enumerate((r.example, str(r.uses), r.target_label, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.key)
                self.table.setItem(i, col, item)

    def current_key(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_name(self, example: str) -> bool:
        for i, r in enumerate(self._rows):
            if r.example == example:
                self.table.selectRow(i)
                return True
        return False

    def _apply_clicked(self) -> None:
        """The correction is saved off the UI thread; `applied` or `refused` comes back with the outcome."""
        key = self.current_key()
        if key is None:
            return
        target = self.target.currentData()
        if not isinstance(target, str):
            return
        self._pending = f"Đã lưu: «{key}» → {self.target.currentText()}"
        self.apply_button.setEnabled(False)
        self._apply(key, target, self)

    def applied(self, rows: list[NameMatchRow]) -> None:
        self.set_rows(rows)
        self.status.setText(self._pending)

    def refused(self, exc: BaseException) -> None:
        self.status.setText(error_message(exc))
        self.apply_button.setEnabled(self.current_key() is not None)
