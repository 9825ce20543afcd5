"""Danh sách đơn vị báo cáo: the province whose communes and wards report here, agencies added by hand,
units retired. Every change is saved off the UI thread; `applied` or `refused` comes back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.register import REPORTING_LEVELS, Member
from desktop.ui.ops import error_message
from desktop.ui.register_model import RegisterTableModel

# (what, name, other, dialog): what is "province", "add" (other: the level), "retire", "rename" (other: the
# new name) or "merge" (other: the name kept)
ChangeFn = Callable[[str, str, str, "RegisterDialog"], None]


class RegisterDialog(QDialog):
    def __init__(
        self,
        rows: list[Member],
        provinces: list[str],
        province: str,
        change: ChangeFn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Danh sách cơ quan, đơn vị phải báo cáo")
        self.resize(900, 560)
        self._change = change
        self._pending = ""
        self.changed = False
        self.province = QComboBox()
        self.province.addItem("— chưa chọn —", "")
        for name in provinces:
            self.province.addItem(name, name)
        self.province.setCurrentIndex(max(self.province.findData(province), 0))
        self.province_button = QPushButton("Đưa các xã, phường của tỉnh vào danh sách")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm đơn vị (không dấu cũng được)…")
        self.model = RegisterTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Tên cơ quan, đơn vị cần thêm, ví dụ «Ban Quản lý Khu kinh tế»")
        self.level = QComboBox()
        self.level.addItem("Cấp: theo tên", "")
        for level in REPORTING_LEVELS:
            self.level.addItem(LEVEL_LABELS[level], level.value)
        self.add_button = QPushButton("Thêm")
        self.retire_button = QPushButton("Thôi theo dõi đơn vị đã chọn")
        self.rename_button = QPushButton("Đổi tên…")
        self.merge_button = QPushButton("Gộp vào đơn vị khác…")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.count = QLabel()

        top = QHBoxLayout()
        top.addWidget(QLabel("Tỉnh, thành phố:"))
        top.addWidget(self.province, 1)
        top.addWidget(self.province_button)
        adding = QHBoxLayout()
        adding.addWidget(self.name, 1)
        adding.addWidget(self.level)
        adding.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(adding)
        acting = QHBoxLayout()
        for b in (self.retire_button, self.rename_button, self.merge_button):
            acting.addWidget(b)
        layout.addLayout(acting)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.province_button.clicked.connect(self._set_province)
        self.add_button.clicked.connect(self._add)
        self.retire_button.clicked.connect(self._retire)
        self.rename_button.clicked.connect(self._rename)
        self.merge_button.clicked.connect(self._merge)
        self.search.textChanged.connect(self._filter)
        self.set_rows(rows)

    def set_rows(self, rows: list[Member]) -> None:
        self.model.set_rows(rows)
        self.count.setText(f"{sum(m.active for m in rows)} cơ quan, đơn vị phải báo cáo; {len(rows)} trong danh sách.")
        self._filter()

    def _filter(self) -> None:
        shown = set(self.model.rows_matching(self.search.text()))
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, row not in shown)

    def selected(self) -> Member | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _ask(self, what: str, argument: str, level: str, pending: str) -> None:
        self._pending = pending
        for b in self._buttons():
            b.setEnabled(False)
        self._change(what, argument, level, self)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.province_button, self.add_button, self.retire_button, self.rename_button, self.merge_button)

    def _rename(self) -> None:
        member = self.selected()
        if member is None:
            self.status.setText("Hãy chọn một đơn vị trong bảng.")
            return
        new, ok = QInputDialog.getText(self, "Đổi tên", f"Tên mới của «{member.name}»:", text=member.name)
        if ok and new.strip() and new.strip() != member.name:
            self._ask("rename", member.name, new.strip(), f"Đã đổi «{member.name}» thành «{new.strip()}».")

    def _merge(self) -> None:
        member = self.selected()
        if member is None:
            self.status.setText("Hãy chọn đơn vị cần gộp (cách viết khác, đơn vị cũ) trong bảng.")
            return
        others = [m.name for m in self.model.rows if m.active and m.name != member.name]
        keep, ok = QInputDialog.getItem(
            self, "Gộp đơn vị", f"Gộp «{member.name}» vào đơn vị (tên được giữ):", others, 0, False
        )
        if ok and keep:
            self._ask("merge", member.name, keep, f"Đã gộp «{member.name}» vào «{keep}».")

    def _set_province(self) -> None:
        name = str(self.province.currentData() or "")
        if not name:
            self.status.setText("Hãy chọn tỉnh, thành phố trước.")
            return
        self._ask("province", name, "", f"Đã đưa các xã, phường, đặc khu của {name} vào danh sách.")

    def _add(self) -> None:
        self._ask("add", self.name.text(), str(self.level.currentData()), f"Đã thêm «{self.name.text().strip()}».")

    def _retire(self) -> None:
        member = self.selected()
        if member is None:
            self.status.setText("Hãy chọn một đơn vị trong bảng.")
            return
        self._ask("retire", member.name, "", f"Đã thôi theo dõi «{member.name}»; lịch sử báo cáo được giữ.")

    def applied(self, rows: list[Member]) -> None:
        self.changed = True
        self.set_rows(rows)
        self.name.clear()
        self.status.setText(self._pending)
        self._enable()

    def refused(self, exc: BaseException) -> None:
        self.status.setText(error_message(exc))
        self._enable()

    def _enable(self) -> None:
        for b in self._buttons():
            b.setEnabled(True)
