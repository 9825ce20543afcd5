"""Lập kế hoạch triển khai: a department's own plan from tasks of a province plan (seed 001)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.records import CascadeItem, PlanFields, TaskRow
from desktop.ui.dialogs.buttons import error_label, ok_cancel
from desktop.ui.dialogs.plan_dialog import PlanMetaForm

COL_PICK, COL_CODE, COL_CONTENT, COL_LEAD, COL_PARTNERS, COL_DEADLINE = range(6)


class CascadeDialog(QDialog):
    def __init__(
        self, parent_label: str, tasks: list[TaskRow], default_fields: PlanFields, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lập kế hoạch triển khai")
        self._tasks = tasks
        intro = QLabel(
            f"Chọn các nhiệm vụ của «{parent_label}» mà cơ quan bạn thực hiện và giao cho phòng, đơn vị "
            "chủ trì. Mỗi nhiệm vụ mới giữ liên kết với nhiệm vụ cấp trên."
        )
        intro.setWordWrap(True)
        self.form = PlanMetaForm()
        self.form.set_fields(default_fields)
        self.only_mine = QCheckBox("Chỉ chọn sẵn nhiệm vụ của cơ quan tôi")
        self.only_mine.setChecked(True)
        self.table = QTableWidget(len(tasks), 6)
        self.table.setHorizontalHeaderLabels(["Chọn", "Mã", "Nội dung", "Đơn vị chủ trì", "Phối hợp", "Thời gian"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        for row, t in enumerate(tasks):
            pick = QTableWidgetItem()
            pick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            pick.setCheckState(Qt.CheckState.Checked if t.my_role else Qt.CheckState.Unchecked)
            self.table.setItem(row, COL_PICK, pick)
            for col, text in ((COL_CODE, t.code), (COL_CONTENT, t.content), (COL_DEADLINE, t.deadline_text)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, item)
            self.table.setItem(row, COL_LEAD, QTableWidgetItem(""))
            self.table.setItem(row, COL_PARTNERS, QTableWidgetItem(""))
        self.only_mine.toggled.connect(self._preselect)
        self.error = error_label()
        buttons = ok_cancel(self, "Lập kế hoạch", self._accept)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.only_mine)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(980, 640)

    def _item(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        assert item is not None
        return item

    def _preselect(self, only_mine: bool) -> None:
        for row, t in enumerate(self._tasks):
            picked = bool(t.my_role) if only_mine else True
            self._item(row, COL_PICK).setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)

    def set_unit(self, row: int, lead: str, partners: str = "") -> None:
        self._item(row, COL_LEAD).setText(lead)
        self._item(row, COL_PARTNERS).setText(partners)

    def items(self) -> list[CascadeItem]:
        out = []
        for row, t in enumerate(self._tasks):
            if self._item(row, COL_PICK).checkState() == Qt.CheckState.Checked:
                out.append(
                    CascadeItem(
                        t.id, self._item(row, COL_LEAD).text().strip(), self._item(row, COL_PARTNERS).text().strip()
                    )
                )
        return out

    def fields(self) -> PlanFields:
        return self.form.fields()

    def _accept(self) -> None:
        items = self.items()
        if not items:
            self.error.setText("Hãy chọn ít nhất một nhiệm vụ.")
            return
        missing = [
            self._tasks[i].code
            for i, t in enumerate(self._tasks)
            if self._item(i, COL_PICK).checkState() == Qt.CheckState.Checked
            and not self._item(i, COL_LEAD).text().strip()
        ]
        if missing:
            self.error.setText("Chưa có đơn vị chủ trì cho nhiệm vụ: " + ", ".join(missing[:10]))
            return
        f = self.fields()
        if not f.number and not f.title:
            self.error.setText("Hãy nhập số ký hiệu hoặc trích yếu của kế hoạch triển khai.")
            return
        self.accept()
