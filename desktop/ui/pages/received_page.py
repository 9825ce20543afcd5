"""Tiếp nhận báo cáo: a focal point's picture of one period across the bundles its agencies sent.

Bundles dropped anywhere on the page are received; a double-click on an agency (or on one of its tasks)
opens what that agency sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.bundle.overview import KIND_INDEX, Overview
from desktop.core.bundle.submissions import STATE_LABELS, SubmissionRow
from desktop.core.register import REPORTING_LEVELS
from desktop.ui.empty_state import EmptyState
from desktop.ui.file_drop import dropped_files
from desktop.ui.overview_models import (
    AgencyTaskTableModel,
    CriterionGapTableModel,
    GroupTableModel,
    OverviewProxy,
    SubmissionTableModel,
    read_only_table,
)
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.pages.period_charts import PeriodCharts
from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from db.store import DbSession

HINT = (
    "Kéo thả vào đây các gói báo cáo của đơn vị (tệp .zip, các phần .zip.001…, hoặc thư mục gói) để tiếp nhận. "
    "Nhấp đúp một cơ quan để xem nhiệm vụ và tài liệu kiểm chứng đã gửi."
)


class ReceivedPage(ObserverPage):
    """The period shown here is the page's own choice (it starts at the state's period)."""

    watches = Change.STORE | Change.BUNDLES | Change.PERIODS
    receive_requested = Signal(list)  # paths; empty = choose
    report_requested = Signal(str)  # period code
    remind_requested = Signal(str)  # period code
    appraise_requested = Signal(str, str)  # agency, period code
    export_plan_requested = Signal()
    agency_requested = Signal(str)  # bundle UUID

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.setAcceptDrops(True)
        self.view: Overview | None = None
        self.period_combo = QComboBox()
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.receive_button = QPushButton("Tiếp nhận gói báo cáo…")
        self.receive_button.setToolTip("Chọn các gói báo cáo (.zip, thư mục gói) của đơn vị để kiểm tra và tiếp nhận")
        self.report_button = QPushButton("Lập báo cáo tổng hợp…")
        self.report_button.setToolTip("Lập báo cáo tổng hợp của kỳ (Excel, PDF hoặc Word)")
        self.export_plan_button = QPushButton("Xuất gói kế hoạch cho đơn vị…")
        self.export_plan_button.setToolTip("Xuất gói kế hoạch (.cchcplan) để các đơn vị nhập đúng kế hoạch này")
        self.receive_button.clicked.connect(lambda: self.receive_requested.emit([]))
        self.report_button.clicked.connect(lambda: self.report_requested.emit(self.period_code()))
        self.remind_button = QPushButton("Công văn đôn đốc…")
        self.remind_button.setToolTip("Lập công văn đôn đốc các cơ quan, đơn vị chưa nộp báo cáo kỳ này")
        self.remind_button.setToolTip("Lập công văn đôn đốc các cơ quan, đơn vị chưa nộp báo cáo kỳ đang xem")
        self.remind_button.clicked.connect(lambda: self.remind_requested.emit(self.period_code()))
        self.export_plan_button.clicked.connect(self.export_plan_requested.emit)

        self.agencies = SubmissionTableModel()
        self.agency_proxy = OverviewProxy(self.agencies)
        self.agency_table = read_only_table(self.agency_proxy, (320, 110, 130, 90, 90, 70, 100), 0)
        self.state_combo = QComboBox()
        self.state_combo.addItem("Mọi cơ quan", "")
        for submission_state, label in STATE_LABELS.items():
            self.state_combo.addItem(label, submission_state)
        self.state_combo.currentIndexChanged.connect(
            lambda _i: self.agency_proxy.set_state(self.state_combo.currentData())
        )
        self.group_combo = QComboBox()
        self.group_combo.addItem("Mọi cấp", "")
        for level in REPORTING_LEVELS:
            self.group_combo.addItem(LEVEL_LABELS[level], level.value)
        self.group_combo.currentIndexChanged.connect(
            lambda _i: self.agency_proxy.set_group(str(self.group_combo.currentData() or ""))
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm cơ quan (không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.agency_proxy.set_search)
        self.agency_table.doubleClicked.connect(lambda idx: self._open_agency(self.agency_proxy, idx.row()))
        self.appraise_button = QPushButton("Thẩm định báo cáo của cơ quan đã chọn…")
        self.appraise_button.setToolTip("Chấm điểm thẩm định, nhận xét báo cáo của cơ quan đang chọn trong bảng")
        self.appraise_button.setEnabled(False)
        self.appraise_button.clicked.connect(self._appraise)
        self.agency_table.selectionModel().currentRowChanged.connect(lambda *_a: self._agency_chosen())
        self.empty = EmptyState(
            self.agency_table,
            "Chưa có cơ quan, đơn vị nào phải báo cáo. Hãy khai báo tỉnh, thành phố (menu <b>Cơ quan › Cơ quan của "
            "tôi…</b>), nhập kế hoạch giao nhiệm vụ, hoặc kéo thả gói báo cáo của đơn vị vào đây.",
        )

        self.groups = GroupTableModel()
        self.group_table = read_only_table(OverviewProxy(self.groups), (480, 90, 100, 100, 70, 110), 0, sortable=False)

        self.overdue = AgencyTaskTableModel()
        self.overdue_proxy = OverviewProxy(self.overdue)
        self.overdue_table = read_only_table(self.overdue_proxy, (220, 60, 360, 120, 220, 150, 60, 90, 70), 2)
        self.overdue_table.doubleClicked.connect(lambda idx: self._open_agency(self.overdue_proxy, idx.row()))
        self.unproven = AgencyTaskTableModel()
        self.unproven_proxy = OverviewProxy(self.unproven)
        self.unproven_table = read_only_table(self.unproven_proxy, (220, 60, 360, 120, 220, 150, 60, 90, 70), 2)
        self.unproven_table.doubleClicked.connect(lambda idx: self._open_agency(self.unproven_proxy, idx.row()))
        self.gaps = CriterionGapTableModel()
        self.gap_proxy = OverviewProxy(self.gaps)
        self.gap_table = read_only_table(self.gap_proxy, (260, 130, 80, 420, 100), 3)
        self.gap_table.doubleClicked.connect(lambda idx: self._open_agency(self.gap_proxy, idx.row()))

        self.tabs = QTabWidget()
        agencies_tab = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.state_combo)
        filters.addWidget(self.group_combo)
        filters.addWidget(self.search, 1)
        box = QVBoxLayout(agencies_tab)
        box.addLayout(filters)
        box.addWidget(self.agency_table)
        box.addWidget(self.appraise_button)
        self.tabs.addTab(agencies_tab, "Cơ quan")
        self.tabs.addTab(self.group_table, "Theo chỉ số, lĩnh vực")
        self.tabs.addTab(self.overdue_table, "Nhiệm vụ quá hạn")
        gaps_tab = QSplitter(Qt.Orientation.Vertical)
        for title, table in (
            ("Nhiệm vụ chưa có tài liệu kiểm chứng", self.unproven_table),
            ("Tiêu chí đã tự chấm điểm nhưng chưa có tài liệu kiểm chứng", self.gap_table),
        ):
            part = QWidget()
            inner = QVBoxLayout(part)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(QLabel(f"<b>{title}</b>"))
            inner.addWidget(table)
            gaps_tab.addWidget(part)
        gaps_tab.setStretchFactor(0, 3)  # tasks outnumber criteria many times over
        self.tabs.addTab(gaps_tab, "Chưa có kiểm chứng")
        self.charts = PeriodCharts()
        self.charts.agencies_requested.connect(self._show_agencies)
        self.tabs.addTab(self.charts, "Biểu đồ")

        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ báo cáo:"))
        top.addWidget(self.period_combo)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.remind_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_plan_button)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Tiếp nhận báo cáo của các cơ quan, đơn vị</b>"))
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)

    # -- filling
    def refresh(self, changes: Changes) -> None:
        self.set_periods(self.state.periods, self.period_code() or self.state.period_code)
        self.load_overview()

    def load_overview(self) -> None:
        code, state = self.period_code(), self.state
        store = state.store
        if not code or store is None:
            return

        def read(s: DbSession) -> tuple[Overview, bool]:
            from desktop.core.bundle.overview import overview
            from desktop.core.signing.settings import load_settings

            return overview(s, store.data_dir, code, state.today), load_settings(store.data_dir).require_signed

        def show(result: tuple[Overview, bool]) -> None:
            self.agencies.require_signed = result[1]
            self.set_overview(result[0])

        state.query(read, show, title="Đang tổng hợp các gói đã nhận")

    def set_periods(self, periods: list[tuple[str, str]], current: str) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for code, label in periods:
            self.period_combo.addItem(f"{label} ({code})", code)
        index = self.period_combo.findData(current)
        self.period_combo.setCurrentIndex(max(index, 0))
        self.period_combo.blockSignals(False)

    def period_code(self) -> str:
        return str(self.period_combo.currentData() or "")

    def set_overview(self, view: Overview) -> None:
        self.view = view
        self.agencies.set_rows(view.agencies)
        self.groups.set_rows(view.groups)
        self.overdue.set_rows(view.overdue)
        self.unproven.set_rows(view.without_evidence)
        self.gaps.set_rows(view.criteria_without_evidence)
        self.charts.set_overview(view)
        index_rows = [g for g in view.groups if g.kind == KIND_INDEX]
        tasks = sum(g.tasks for g in index_rows)
        done = sum(g.done for g in index_rows)
        parts = [
            f"Đã nộp <b>{view.count('submitted')}</b>",
            f"nộp muộn <b>{view.count('late')}</b>",
            f"chưa nộp <b>{view.count('missing')}</b>",
            f"hoàn thành <b>{done}/{tasks}</b> nhiệm vụ" if tasks else "chưa có nhiệm vụ nào được báo cáo",
        ]
        if view.unreadable:
            parts.append(f"<span style='color:#b00020'>không đọc được manifest của {len(view.unreadable)} gói</span>")
        self.summary.setText(" · ".join(parts))
        self.tabs.setTabText(2, f"Nhiệm vụ quá hạn ({len(view.overdue)})")
        gaps = len(view.without_evidence) + len(view.criteria_without_evidence)
        self.tabs.setTabText(3, f"Chưa có kiểm chứng ({gaps})")

    # -- user actions
    def _period_changed(self, _index: int) -> None:
        self.load_overview()

    def _show_agencies(self, level: str, state: str) -> None:
        """From the chart: the agencies of one group in one state, on the Cơ quan tab."""
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(level), 0))
        self.state_combo.setCurrentIndex(max(self.state_combo.findData(state), 0))
        self.tabs.setCurrentIndex(0)

    def _chosen_submission(self) -> SubmissionRow | None:
        index = self.agency_table.currentIndex()
        return self.agency_proxy.row_at(index.row()) if index.isValid() else None

    def _agency_chosen(self) -> None:
        chosen = self._chosen_submission()
        self.appraise_button.setEnabled(chosen is not None and bool(chosen.bundle_uuid))

    def _appraise(self) -> None:
        chosen = self._chosen_submission()
        if chosen is not None and chosen.bundle_uuid:
            self.appraise_requested.emit(chosen.agency, self.period_code())

    def _open_agency(self, proxy: OverviewProxy, row: int) -> None:
        bundle_uuid = getattr(proxy.row_at(row), "bundle_uuid", "")
        if bundle_uuid:
            self.agency_requested.emit(bundle_uuid)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths: list[Path] = dropped_files(event)
        if paths:
            event.acceptProposedAction()
            self.receive_requested.emit(paths)
