"""Nhiệm vụ: the task table with its filters and a detail pane."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.deadlines import KIND_LABELS
from desktop.core.formatting import fmt_date
from desktop.core.records import FRAMEWORK_LABELS, ROLE_LABELS, TaskRow
from desktop.ui.task_model import TaskFilter, TaskFilterProxy, TaskTableModel, is_overdue

ROLE_CHOICES = (
    ("mine", "Của cơ quan tôi (chủ trì, phối hợp)"),
    ("lead", "Tôi chủ trì"),
    ("partner", "Tôi phối hợp"),
    ("all", "Tất cả nhiệm vụ"),
)
WINDOW_CHOICES = (("all", "Mọi thời hạn"), ("overdue", "Quá hạn"), ("next30", "Đến hạn trong 30 ngày tới"))


class TasksPage(QWidget):
    edit_requested = Signal(int)  # task id
    add_requested = Signal()

    def __init__(self, fields_for: Callable[[str], list[tuple[str, str]]], today: date | None = None) -> None:
        super().__init__()
        self._fields_for = fields_for
        self.model = TaskTableModel(today=today)
        self.proxy = TaskFilterProxy()
        self.proxy.setSourceModel(self.model)

        self.role_combo = QComboBox()
        for key, label in ROLE_CHOICES:
            self.role_combo.addItem(label, key)
        self.framework_combo = QComboBox()
        self.framework_combo.addItem("Mọi bộ chỉ số", "")
        for code, label in FRAMEWORK_LABELS.items():
            self.framework_combo.addItem(label, code)
        self.field_combo = QComboBox()
        self.field_combo.addItem("Mọi lĩnh vực", "")
        self.field_combo.setEnabled(False)
        self.window_combo = QComboBox()
        for key, label in WINDOW_CHOICES:
            self.window_combo.addItem(label, key)
        self.plan_combo = QComboBox()
        self.plan_combo.addItem("Mọi kế hoạch", None)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm nhiệm vụ (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        for w in (self.role_combo, self.framework_combo, self.field_combo, self.window_combo, self.plan_combo):
            filters.addWidget(w)
        filters.addWidget(self.search, 1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        # No sort indicator at first: tasks show in the order of the plan's tables.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        # Fixed-height rows and no row-number header: with 50,000 rows, per-row header sizing costs a
        # noticeable part of every filter keystroke.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((70, 200, 380, 160, 200, 110, 90)):
            self.table.setColumnWidth(col, width)
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)

        self.add_button = QPushButton("Thêm nhiệm vụ…")
        self.edit_button = QPushButton("Sửa nhiệm vụ…")
        self.edit_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        for combo in (self.role_combo, self.window_combo, self.plan_combo, self.field_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.framework_combo.currentIndexChanged.connect(self._framework_changed)
        self.search.textChanged.connect(self._filters_changed)
        self.proxy.filterChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _i: self._edit_current())
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(self._edit_current)
        self.proxy.set_filter(self.current_filter())

    # -- data
    def set_rows(self, rows: list[TaskRow], has_profile: bool) -> None:
        if not has_profile and self.role_combo.currentData() != "all":
            self.role_combo.setCurrentIndex(self.role_combo.findData("all"))
        self.model.set_rows(rows)
        self._show_current()

    def set_plans(self, plans: list[tuple[int, str]]) -> None:
        current = self.plan_combo.currentData()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        self.plan_combo.addItem("Mọi kế hoạch", None)
        for plan_id, label in plans:
            self.plan_combo.addItem(label, plan_id)
        found = self.plan_combo.findData(current)
        self.plan_combo.setCurrentIndex(max(found, 0))
        self.plan_combo.blockSignals(False)

    def show_plan(self, plan_id: int) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData("all"))
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(plan_id), 0))

    # -- filters
    def _framework_changed(self) -> None:
        code = self.framework_combo.currentData()
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        self.field_combo.addItem("Mọi lĩnh vực", "")
        for field_code, name in self._fields_for(code) if code else []:
            self.field_combo.addItem(f"{field_code}. {name}", field_code)
        self.field_combo.setEnabled(bool(code))
        self.field_combo.blockSignals(False)
        self._filters_changed()

    def current_filter(self) -> TaskFilter:
        return TaskFilter(
            role=self.role_combo.currentData(),
            framework=self.framework_combo.currentData() or "",
            field_code=self.field_combo.currentData() or "",
            window=self.window_combo.currentData(),
            search=self.search.text(),
            plan_id=self.plan_combo.currentData(),
        )

    def _filters_changed(self) -> None:
        self.proxy.set_filter(self.current_filter())
        self._show_current()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.proxy.rowCount()} / {self.model.rowCount()} nhiệm vụ")

    # -- detail
    def current_task(self) -> TaskRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.row_at(index.row())

    def _edit_current(self) -> None:
        row = self.current_task()
        if row is not None:
            self.edit_requested.emit(row.id)

    def _show_current(self, *_args: object) -> None:
        row = self.current_task()
        self.edit_button.setEnabled(row is not None)
        self.detail.setHtml(task_detail_html(row, self.model.today) if row else "<p>Chọn một nhiệm vụ để xem.</p>")


def task_detail_html(r: TaskRow, today: date) -> str:
    def esc(text: str) -> str:
        return html.escape(text).replace("\n", "<br>")

    due = fmt_date(r.due_date) if r.due_date else "chưa xác định ngày"
    overdue = ' <b style="color:#b3261e">(quá hạn)</b>' if is_overdue(r, today) else ""
    items = [
        ("Kế hoạch", r.plan_label),
        ("Mã", r.code),
        ("Bộ chỉ số", FRAMEWORK_LABELS.get(r.framework, "—")),
        ("Tiêu chí", f"{r.criterion_code} {r.criterion_name}".strip() or r.criterion_text or "—"),
        ("Thuộc mục", r.section or "—"),
        ("Chủ trì", "; ".join(r.lead) or "—"),
        ("Phối hợp", "; ".join(r.partners) or "—"),
        ("Thời hạn (nguyên văn)", r.deadline_text or "—"),
        ("Hiểu là", f"{KIND_LABELS.get(r.deadline_kind, '')}; hạn: {due}" + ("; lặp lại" if r.recurring else "")),
        ("Sản phẩm", r.expected_output or "—"),
        ("Ghi chú", r.note or "—"),
        ("Vai trò của tôi", ROLE_LABELS[r.my_role] or "không được giao"),
    ]
    rows = "".join(f"<tr><td valign=top><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in items)
    return (
        f"<h3>{esc(r.code)}</h3><p>{esc(r.content)}</p>"
        f"<table cellspacing=4>{rows}</table><p>Hạn: {esc(due)}{overdue}</p>"
    )
