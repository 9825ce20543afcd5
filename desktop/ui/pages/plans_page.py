"""Kế hoạch: the plan list and the actions on plans; also accepts plan files (.xlsx, .xls, .docx) dropped on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.ui.pages.observer import ObserverPage
from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QTableView

    from desktop.core.records import PlanRow
    from desktop.ui.plan_model import PlanSortProxy, PlanTableModel


class PlansPage(ObserverPage):
    watches = Change.STORE | Change.PLANS | Change.TASKS | Change.AGENCY
    eager = True

    import_requested = Signal()
    sample_requested = Signal()
    new_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    cascade_requested = Signal(int)
    open_tasks_requested = Signal(int)
    files_dropped = Signal(list)

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.setAcceptDrops(True)
        # The plan table is built when there are plans to show: before the first window it would cost a fifth of
        # the start-up beyond a bare window (Qt's first table view, and its model creating the Qt namespace).
        self._table: tuple[QTableView, PlanTableModel, PlanSortProxy] | None = None

        self.import_button = QPushButton("Nhập kế hoạch…")
        self.import_button.setToolTip("Nhập phụ lục phân công nhiệm vụ từ tệp Excel (.xlsx, .xls) hoặc Word (.docx)")
        self.sample_button = QPushButton("Mở kế hoạch mẫu")
        self.sample_button.setToolTip("Nạp phụ lục của một kế hoạch thật năm 2025 để dùng thử")
        self.new_button = QPushButton("Tạo kế hoạch…")
        self.new_button.setToolTip("Tạo kế hoạch mới rồi thêm nhiệm vụ bằng tay")
        self.edit_button = QPushButton("Sửa…")
        self.edit_button.setToolTip("Sửa số, ngày, tên của kế hoạch đã chọn")
        self.delete_button = QPushButton("Xoá…")
        self.delete_button.setToolTip("Xoá kế hoạch đã chọn (hỏi trước; bản sao lưu giữ tiến độ và tài liệu đã ghi)")
        self.cascade_button = QPushButton("Lập kế hoạch triển khai…")
        self.cascade_button.setToolTip("Chọn nhiệm vụ của kế hoạch cấp trên để giao cho các phòng, đơn vị của cơ quan")
        self.tasks_button = QPushButton("Xem nhiệm vụ")
        self.tasks_button.setToolTip("Xem các nhiệm vụ của kế hoạch đã chọn")
        for b in (self.edit_button, self.delete_button, self.cascade_button, self.tasks_button):
            b.setEnabled(False)
        buttons = QHBoxLayout()
        for b in (self.import_button, self.sample_button, self.new_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.tasks_button, self.cascade_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)

        # Until the data directory has loaded the page shows neither the table nor the welcome: either could be
        # wrong, and each costs the first window some milliseconds (a table view, a rich-text label).
        self._empty: QWidget | None = None
        self.stack = QStackedWidget()

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

        self.import_button.clicked.connect(self.import_requested.emit)
        self.sample_button.clicked.connect(self.sample_requested.emit)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.edit_button.clicked.connect(lambda: self._emit_current(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit_current(self.delete_requested))
        self.cascade_button.clicked.connect(lambda: self._emit_current(self.cascade_requested))
        self.tasks_button.clicked.connect(lambda: self._emit_current(self.open_tasks_requested))

    def _built(self) -> tuple[QTableView, PlanTableModel, PlanSortProxy]:
        if self._table is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

            from desktop.ui.plan_model import PlanSortProxy, PlanTableModel

            model, proxy, table = PlanTableModel(), PlanSortProxy(), QTableView()
            proxy.setSourceModel(model)
            table.setModel(proxy)
            # No sort indicator at first (the header's default would sort Z to A): the order the data comes in.
            table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            table.setSortingEnabled(True)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            table.doubleClicked.connect(lambda _i: self._emit_current(self.open_tasks_requested))
            table.selectionModel().selectionChanged.connect(self._selection_changed)
            self.stack.addWidget(table)
            self._table = (table, model, proxy)
        return self._table

    @property
    def empty(self) -> QWidget:
        """Shown instead of the empty table on a fresh data directory."""
        if self._empty is None:
            self._empty = QWidget()
            empty_layout = QVBoxLayout(self._empty)
            welcome = QLabel(  # centred by the text itself: no Qt enum is made for it
                "<h2 align='center'>Chưa có kế hoạch nào</h2>"
                "<p align='center'>Nhập phụ lục phân công nhiệm vụ của kế hoạch (tệp Excel .xlsx, .xls hoặc Word "
                ".docx) — bấm «Nhập kế hoạch…» hoặc kéo thả tệp vào đây.</p>"
                "<p align='center'>Muốn xem thử? Bấm «Mở kế hoạch mẫu» để nạp phụ lục mẫu (PAR INDEX, PAPI, SIPAS "
                "năm 2025).</p>"
            )
            welcome.setWordWrap(True)
            empty_layout.addStretch(1)
            empty_layout.addWidget(welcome)
            empty_layout.addStretch(2)
            self.stack.addWidget(self._empty)
        return self._empty

    @property
    def table(self) -> QTableView:
        return self._built()[0]

    @property
    def model(self) -> PlanTableModel:
        return self._built()[1]

    @property
    def proxy(self) -> PlanSortProxy:
        return self._built()[2]

    def refresh(self, changes: Changes) -> None:
        self.set_rows(self.state.plans)
        if self.state.selected_plan_id is not None:
            self.select_plan(self.state.selected_plan_id)

    def set_rows(self, rows: list[PlanRow]) -> None:
        if rows or self._table is not None:
            self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self._selection_changed()

    def current_plan(self) -> PlanRow | None:
        if self._table is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_plan(self, plan_id: int) -> None:
        for r in range(self.model.rowCount()):
            if self.model.row_at(r).id == plan_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(r, 0)).row())
                return

    def _emit_current(self, signal: SignalInstance) -> None:
        plan = self.current_plan()
        if plan is not None:
            signal.emit(plan.id)

    def _selection_changed(self, *_args: object) -> None:
        plan = self.current_plan()
        has = plan is not None
        if plan is not None:
            self.state.selected_plan_id = plan.id
        for b in (self.edit_button, self.delete_button, self.cascade_button, self.tasks_button):
            b.setEnabled(has)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        # Here, not at import: the module makes its two drop widget classes, 2 ms before the first window.
        from desktop.ui.file_drop import dropped_files

        if any(p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".docx") for p in dropped_files(event)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        from desktop.ui.file_drop import dropped_files

        paths = dropped_files(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
