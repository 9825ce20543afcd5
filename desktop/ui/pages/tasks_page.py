"""Nhiệm vụ: the task table with its filters and a detail pane."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.enums import Role
from desktop.core.dashboard import is_overdue
from desktop.core.deadlines import KIND_LABELS
from desktop.core.formatting import fmt_date
from desktop.core.records import FRAMEWORK_LABELS, ROLE_LABELS, STATUS_LABELS, TaskRow
from desktop.ui.file_drop import FileDropTable
from desktop.ui.pages.task_panel import TaskPanel, esc
from desktop.ui.task_model import TaskFilter, TaskFilterProxy, TaskTableModel

ROLE_CHOICES = (
    ("mine", "Của cơ quan tôi (chủ trì, phối hợp)"),
    (Role.LEAD, "Tôi chủ trì"),
    (Role.PARTNER, "Tôi phối hợp"),
    ("all", "Tất cả nhiệm vụ"),
)
WINDOW_CHOICES = (("all", "Mọi thời hạn"), ("overdue", "Quá hạn"), ("next30", "Đến hạn trong 30 ngày tới"))


STATUS_CHOICES = (
    ("", "Mọi trạng thái"),
    *STATUS_LABELS.items(),
    ("unproven", "Hoàn thành nhưng chưa có TLKC"),
    ("no_evidence", "Chưa có tài liệu kiểm chứng"),
)


class TasksPage(QWidget):
    edit_requested = Signal(int)  # task id
    add_requested = Signal()
    period_changed = Signal(str)  # period code
    current_changed = Signal(int)  # task id, -1 for none
    progress_requested = Signal(int)  # task id
    evidence_requested = Signal(int, list)  # task id, paths (empty: choose in a dialog)

    def __init__(self, fields_for: Callable[[str], list[tuple[str, str]]], today: date | None = None) -> None:
        super().__init__()
        self._fields_for = fields_for
        self.model = TaskTableModel(today=today)
        self.proxy = TaskFilterProxy()
        self.proxy.setSourceModel(self.model)
        self._shown_task = -1
        self._refresh_extra = False

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
        self.period_combo = QComboBox()
        self.period_combo.setToolTip("Kỳ báo cáo: trạng thái và tỷ lệ hoàn thành theo kỳ này")
        self.status_combo = QComboBox()
        for key, label in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm nhiệm vụ (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Kỳ báo cáo:"))
        filters.addWidget(self.period_combo)
        for w in (self.role_combo, self.framework_combo, self.field_combo, self.window_combo, self.status_combo):
            filters.addWidget(w)
        filters.addWidget(self.plan_combo)
        filters.addWidget(self.search, 1)

        self.table = FileDropTable()
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
        for col, width in enumerate((70, 200, 380, 160, 200, 110, 90, 150, 50)):
            self.table.setColumnWidth(col, width)
        self.panel = TaskPanel()
        self.detail = self.panel.detail

        self.add_button = QPushButton("Thêm nhiệm vụ…")
        self.edit_button = QPushButton("Sửa nhiệm vụ…")
        self.edit_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        for combo in (self.role_combo, self.window_combo, self.plan_combo, self.field_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.table.files_dropped.connect(self._files_dropped_on_row)
        self.panel.progress_requested.connect(lambda: self._emit_for_current(self.progress_requested))
        self.panel.add_files_requested.connect(self._add_files)
        self.framework_combo.currentIndexChanged.connect(self._framework_changed)
        self.search.textChanged.connect(self._filters_changed)
        self.proxy.filterChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _i: self._edit_current())
        self.add_button.clicked.connect(self.add_requested.emit)
        self.edit_button.clicked.connect(self._edit_current)
        self.proxy.set_filter(self.current_filter())

    # -- data
    def set_rows(self, rows: list[TaskRow], has_profile: bool, keep_task: int | None = None) -> None:
        if not has_profile and self.role_combo.currentData() != "all":
            self.role_combo.setCurrentIndex(self.role_combo.findData("all"))
        current = self.current_task()
        self.model.set_rows(rows)
        keep = keep_task if keep_task is not None else current.id if current is not None else None
        if keep is not None:
            self.select_task(keep)
        self._refresh_extra = True
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
            status=self.status_combo.currentData() or "",
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
        self.panel.set_enabled(row is not None)
        if row is None:
            self._shown_task = -1
            self.current_changed.emit(-1)
        elif row.id != getattr(self, "_shown_task", None) or self._refresh_extra:
            self._shown_task = row.id
            self.current_changed.emit(row.id)
        self._refresh_extra = False

    # -- periods and progress
    def set_periods(self, periods: list[tuple[str, str]], current: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for code, label in periods:
            self.period_combo.addItem(label, code)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(current), 0))
        self.period_combo.blockSignals(False)

    def period_code(self) -> str:
        return str(self.period_combo.currentData() or "")

    def _period_changed(self) -> None:
        self.period_changed.emit(self.period_code())

    def select_task(self, task_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == task_id:
                self.table.selectRow(r)
                return

    def apply_drill(self, framework: str, field_code: str, status: str) -> None:
        """Show exactly the tasks behind one bar of the dashboard."""
        self.search.clear()
        self.plan_combo.setCurrentIndex(0)
        self.window_combo.setCurrentIndex(0)
        self.framework_combo.setCurrentIndex(max(self.framework_combo.findData(framework), 0))
        self.field_combo.setCurrentIndex(max(self.field_combo.findData(field_code), 0))
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def _emit_for_current(self, signal: SignalInstance) -> None:
        row = self.current_task()
        if row is not None:
            signal.emit(row.id)

    def _add_files(self, paths: list[Path]) -> None:
        row = self.current_task()
        if row is not None:
            self.evidence_requested.emit(row.id, paths)

    def _files_dropped_on_row(self, proxy_row: int, paths: list[Path]) -> None:
        row = self.proxy.row_at(proxy_row)
        self.evidence_requested.emit(row.id, paths)


def task_detail_html(r: TaskRow, today: date) -> str:
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
