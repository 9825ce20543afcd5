"""Nhiệm vụ: the task table with its filters and a detail pane."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
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
)

from db.enums import Role
from desktop.core.dashboard import is_overdue
from desktop.core.deadlines import KIND_LABELS
from desktop.core.formatting import fmt_date
from desktop.core.records import FRAMEWORK_LABELS, ROLE_LABELS, STATUS_LABELS, TaskRow
from desktop.ui.columns import ColumnChooser
from desktop.ui.compact import compact_combo, fit_popup
from desktop.ui.empty_state import EmptyState
from desktop.ui.file_drop import FileDropTable
from desktop.ui.pages.due_strip import DueStrip
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.pages.task_panel import TaskPanel, esc, progress_html
from desktop.ui.pages.task_table_work import TableWork
from desktop.ui.state import AppState, Change, Changes, TaskView
from desktop.ui.task_model import (
    COL_CODE,
    COL_CONTENT,
    COL_CRITERION,
    COL_DEADLINE,
    COL_PARTNERS,
    COL_ROLE,
    COL_STATUS,
    COLUMNS,
    TaskFilter,
    TaskFilterProxy,
    TaskTableModel,
)

if TYPE_CHECKING:
    from db.store import DbSession
    from desktop.core.evidence import LinkRow
    from desktop.core.task_progress import ProgressView

ROLE_CHOICES = (
    ("mine", "Của cơ quan tôi (chủ trì, phối hợp)"),
    (Role.LEAD, "Tôi chủ trì"),
    (Role.PARTNER, "Tôi phối hợp"),
    ("all", "Tất cả nhiệm vụ"),
)
WINDOW_CHOICES = (
    ("all", "Mọi thời hạn"),
    ("overdue", "Quá hạn"),
    ("next7", "Đến hạn trong 7 ngày tới"),
    ("next30", "Đến hạn trong 30 ngày tới"),
)
TABLE_NAME = "tasks"  # its columns, in the preferences
NO_PLAN = (
    "Chưa có nhiệm vụ nào. Hãy vào trang <b>Kế hoạch</b> để nhập phụ lục phân công nhiệm vụ (tệp Excel, Word) "
    "hoặc bấm <b>Mở kế hoạch mẫu</b> để dùng thử."
)
NONE_MATCH = "Không có nhiệm vụ nào hợp với bộ lọc. Hãy chọn «Mọi thời hạn», «Mọi trạng thái» hoặc xoá ô tìm."
ESSENTIAL = (COL_CODE, COL_CONTENT, COL_DEADLINE, COL_STATUS)
HIDDEN_BY_DEFAULT = (COL_CRITERION, COL_PARTNERS, COL_ROLE)
FILTERS = ("role", "framework", "window", "status")  # remembered between sessions


STATUS_CHOICES = (
    ("", "Mọi trạng thái"),
    *STATUS_LABELS.items(),
    ("unproven", "Hoàn thành nhưng chưa có TLKC"),
    ("no_evidence", "Chưa có tài liệu kiểm chứng"),
)


@dataclass(frozen=True)
class _Extra:
    links: list[LinkRow]
    view: ProgressView | None
    target: str


HAYSTACKS_AFTER_MS = 300


class TasksPage(ObserverPage):
    """The rows are the state's; the filters, the selection and the detail pane are this page's own."""

    watches = Change.STORE | Change.ROWS | Change.PERIODS | Change.PERIOD | Change.PLANS | Change.BUNDLES
    eager = True  # other pages send the user here with a filter; the table must already hold the rows

    edit_requested = Signal(int)  # task id
    add_requested = Signal(object)  # plan id chosen in «Mọi kế hoạch», or None
    progress_requested = Signal(int)  # task id
    delete_progress_requested = Signal(int)  # task id
    evidence_requested = Signal(int, list)  # task id, paths (empty: choose in a dialog)
    open_evidence_requested = Signal(int)  # evidence id
    unlink_requested = Signal(int, int)  # task id, link id
    history_requested = Signal(int)  # task id

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.model = TaskTableModel(today=state.today)
        self.proxy = TaskFilterProxy()
        self.background = TableWork(state.run, self.model, self.proxy, self._show_count)
        self.proxy.keys_in_background = self.background.sort_keys
        self.proxy.search_in_background = self.background.search_texts
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
        for combo, chars in (
            (self.period_combo, 16),
            (self.role_combo, 18),
            (self.window_combo, 16),
            (self.status_combo, 16),
            (self.framework_combo, 14),
            (self.field_combo, 16),
            (self.plan_combo, 18),
        ):
            compact_combo(combo, chars)
        self.strip = DueStrip(state)

        # Two rows: what to look at (period, whose, when, how far), then where in the plans, and the search,
        # which takes the width left over.
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel("Kỳ báo cáo:"))
        for w in (self.period_combo, self.role_combo, self.window_combo, self.status_combo):
            first.addWidget(w)
        first.addStretch(1)
        for w in (self.framework_combo, self.field_combo, self.plan_combo):
            second.addWidget(w)
        second.addWidget(self.search, 1)

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
        for col, width in enumerate((60, 200, 380, 150, 200, 110, 90, 140, 45)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)  # the rest of the width
        self.columns = ColumnChooser(self.table, COLUMNS, ESSENTIAL, HIDDEN_BY_DEFAULT, self._columns_changed)
        self.empty = EmptyState(self.table, NO_PLAN)
        self.panel = TaskPanel()
        self.detail = self.panel.detail

        self.add_button = QPushButton("Thêm nhiệm vụ…")
        self.add_button.setToolTip("Thêm một nhiệm vụ vào kế hoạch")
        self.edit_button = QPushButton("Sửa nhiệm vụ…")
        self.edit_button.setToolTip("Sửa nội dung, cơ quan chủ trì, phối hợp, thời hạn của nhiệm vụ đã chọn")
        self.edit_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.columns.button())
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.strip)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        for combo in (self.role_combo, self.window_combo, self.plan_combo, self.field_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.table.files_dropped.connect(self._files_dropped_on_row)
        self.panel.progress_requested.connect(lambda: self._emit_for_current(self.progress_requested))
        self.panel.history_requested.connect(lambda: self._emit_for_current(self.history_requested))
        self.panel.delete_progress_requested.connect(lambda: self._emit_for_current(self.delete_progress_requested))
        self.panel.open_requested.connect(self.open_evidence_requested.emit)
        self.panel.unlink_requested.connect(self._unlink)
        self.panel.add_files_requested.connect(self._add_files)
        self.framework_combo.currentIndexChanged.connect(self._framework_changed)
        self.search.textChanged.connect(self._filters_changed)
        self.proxy.filterChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(lambda _i: self._edit_current())
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.plan_combo.currentData()))
        self.strip.view_requested.connect(self.show_view)
        self.edit_button.clicked.connect(self._edit_current)
        self.proxy.set_filter(self.current_filter())

    # -- data
    def refresh(self, changes: Changes) -> None:
        state = self.state
        if changes.touches(Change.STORE):
            self._restore_preferences()
        if changes.touches(Change.STORE | Change.PERIODS | Change.PERIOD):
            self.set_periods(state.periods, state.period_code)
        if changes.touches(Change.STORE | Change.PLANS):
            self.set_plans([(p.id, p.label) for p in state.plans])
        if changes.all_rows:
            self.set_rows(state.rows, state.has_profile)
        elif changes.task_ids:
            for row in state.rows:
                if row.id in changes.task_ids:
                    self.model.update_progress(row.id, row.status, row.percent, row.evidence_count)
            current = self.current_task()
            if current is not None and current.id in changes.task_ids:
                self._refresh_extra = True
                self._show_current()
        if changes.touches(Change.ROWS | Change.PERIOD | Change.BUNDLES):
            self.strip.refresh()

    def set_rows(self, rows: list[TaskRow], has_profile: bool, keep_task: int | None = None) -> None:
        if not has_profile and self.role_combo.currentData() != "all":
            self.role_combo.setCurrentIndex(self.role_combo.findData("all"))
        current = self.current_task()
        self.model.set_rows(rows)
        if self.model.haystacks is None:
            # Ready, usually, before the user types a search; started once the rows are painted, since every
            # call the painting makes into Python waits for a busy worker's turn with the interpreter.
            QTimer.singleShot(HAYSTACKS_AFTER_MS, self.background.search_texts)
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
        fit_popup(self.plan_combo)

    def show_plan(self, plan_id: int) -> None:
        self.show_view(TaskView(role="all", plan_id=plan_id))

    def show_view(self, view: TaskView) -> None:
        """Set the filters another page asked for (a plan's tasks, one bar of the dashboard)."""

        def choose(combo: QComboBox, value: object) -> None:
            combo.setCurrentIndex(max(combo.findData(value), 0))

        if view.reset:
            self.search.clear()
            self.plan_combo.setCurrentIndex(0)
            self.window_combo.setCurrentIndex(0)
        if view.role is not None:
            choose(self.role_combo, view.role)
        if view.plan_id is not None:
            choose(self.plan_combo, view.plan_id)
        if view.framework is not None:
            choose(self.framework_combo, view.framework)
        if view.field_code is not None:
            choose(self.field_combo, view.field_code)
        if view.status is not None:
            choose(self.status_combo, view.status)
        if view.window is not None:
            choose(self.window_combo, view.window)

    # -- filters
    def _framework_changed(self) -> None:
        code = self.framework_combo.currentData()
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        self.field_combo.addItem("Mọi lĩnh vực", "")
        for field_code, name in self.state.fields.get(code, []) if code else []:
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
        combos = {"role": self.role_combo, "framework": self.framework_combo}
        combos |= {"window": self.window_combo, "status": self.status_combo}
        self.state.prefs.task_filters = {name: str(combos[name].currentData() or "") for name in FILTERS}

    def _restore_preferences(self) -> None:
        """The columns and filters as the user left them in this data directory."""
        prefs = self.state.prefs
        if TABLE_NAME in prefs.hidden_columns:
            self.columns.show_hidden(prefs.hidden_columns[TABLE_NAME])
        chosen = prefs.task_filters
        combos = {"role": self.role_combo, "framework": self.framework_combo}
        combos |= {"window": self.window_combo, "status": self.status_combo}
        for name in FILTERS:
            combo = combos[name]
            found = [i for i in range(combo.count()) if str(combo.itemData(i) or "") == chosen.get(name)]
            if found:
                combo.setCurrentIndex(found[0])

    def _columns_changed(self, hidden: list[str]) -> None:
        self.state.prefs.hidden_columns[TABLE_NAME] = hidden

    def _update_count(self) -> None:
        self._show_count("Đang tìm…" if self.proxy.searching else "")

    def _show_count(self, busy: str) -> None:
        """«12 / 124 nhiệm vụ», or what the table is busy with («Đang sắp xếp…»)."""
        self.count_label.setText(busy or f"{self.proxy.rowCount()} / {self.model.rowCount()} nhiệm vụ")
        self.empty.setText(NO_PLAN if self.model.rowCount() == 0 else NONE_MATCH)

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
        elif row.id != self._shown_task or self._refresh_extra:
            self._shown_task = row.id
            self._load_extra(row.id)
        self._refresh_extra = False

    def _load_extra(self, task_id: int) -> None:
        """The task's evidence and its progress in the chosen period, read in a worker."""
        code, label = self.state.period_code, self.state.period_label

        def read(s: DbSession) -> _Extra:
            from desktop.core.evidence import links_of
            from desktop.core.task_progress import progress_view, task_brief

            task = task_brief(s, task_id)
            view = progress_view(s, task_id, code) if code and task is not None else None
            return _Extra(links_of(s, task_id=task_id), view, task.target if task else "")

        def show(extra: _Extra) -> None:
            if self._shown_task != task_id:  # the user moved on meanwhile
                return
            self.panel.set_links(extra.links)
            self.panel.progress.setHtml(progress_html(extra.view, label, extra.target) if extra.view else "")
            self.panel.set_progress_saved(extra.view is not None and extra.view.saved)

        self.state.query(read, show)

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
        self.state.choose_period(self.period_code())

    def select_task(self, task_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == task_id:
                self.table.selectRow(r)
                return

    def _emit_for_current(self, signal: SignalInstance) -> None:
        row = self.current_task()
        if row is not None:
            signal.emit(row.id)

    def _unlink(self, link_id: int) -> None:
        row = self.current_task()
        if row is not None:
            self.unlink_requested.emit(row.id, link_id)

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
