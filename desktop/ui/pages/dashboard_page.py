"""Tổng quan: for the chosen period, tasks by status per index and lĩnh vực, deadlines and evidence coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.enums import FrameworkCode
from desktop.core.dashboard import Dashboard, summarize
from desktop.core.records import FRAMEWORK_LABELS
from desktop.core.text import natural_code_key
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.state import AppState, Change, Changes, TaskView
from desktop.ui.status_chart import Bar, StatusChart

if TYPE_CHECKING:
    from db.store import DbSession

FRAMEWORK_ORDER = (FrameworkCode.PAR_INDEX, FrameworkCode.SIPAS, FrameworkCode.PAPI, "")


@dataclass(frozen=True)
class _Coverage:
    field_names: dict[tuple[str, str], str]
    criteria_total: int
    criteria_with_evidence: int


class DashboardPage(ObserverPage):
    """Clicking a figure or a bar sends the user to exactly those tasks (through the state)."""

    watches = (
        Change.STORE | Change.ROWS | Change.PROGRESS | Change.EVIDENCE | Change.SCORES | Change.PERIODS | Change.PERIOD
    )

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.period = QComboBox()
        self.scope = QLabel()
        self.chart = StatusChart()
        self.figures: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (key, label) in enumerate(
            (
                ("total", "Nhiệm vụ"),
                ("overdue", "Quá hạn"),
                ("next30", "Đến hạn trong 30 ngày"),
                ("done", "Đã hoàn thành"),
                ("task_coverage", "Nhiệm vụ có TLKC"),
                ("unproven", "Hoàn thành chưa có TLKC"),
                ("criteria_coverage", "Tiêu chí có TLKC"),
            )
        ):
            button = QPushButton()
            button.setFlat(True)
            button.setStyleSheet("text-align: left; font-size: 15px; padding: 6px")
            button.setProperty("caption", label)
            button.setToolTip(f"{label}: bấm để xem các nhiệm vụ này")
            self.figures[key] = button
            grid.addWidget(button, i // 4, i % 4)
        self.figures["overdue"].clicked.connect(lambda: self.drill("", "", "", "overdue"))
        self.figures["next30"].clicked.connect(lambda: self.drill("", "", "", "next30"))
        self.figures["unproven"].clicked.connect(lambda: self.drill("", "", "unproven"))
        self.figures["done"].clicked.connect(lambda: self.drill("", "", "done"))
        top = QHBoxLayout()
        top.addWidget(QLabel("Kỳ báo cáo:"))
        top.addWidget(self.period)
        top.addWidget(self.scope, 1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(QLabel("<b>Nhiệm vụ theo trạng thái</b> — bấm vào một đoạn để xem các nhiệm vụ đó"))
        inner_layout.addWidget(self.chart)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.empty = QLabel(
            "Chưa có nhiệm vụ nào để tổng hợp. Hãy vào trang <b>Kế hoạch</b> để nhập phụ lục phân công nhiệm vụ "
            "hoặc bấm <b>Mở kế hoạch mẫu</b>; các con số và biểu đồ hiện ở đây khi đã có nhiệm vụ."
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 14px; padding: 12px;")
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addLayout(grid)
        layout.addWidget(scroll, 1)
        self.chart.segment_clicked.connect(self.drill)
        self.period.activated.connect(lambda _i: state.choose_period(str(self.period.currentData() or "")))

    def drill(self, framework: str, field_code: str, status: str, window: str = "all") -> None:
        """Show exactly the tasks behind one figure or one bar."""
        role = "mine" if self.state.has_mine() else "all"
        self.state.request_tasks(
            TaskView(reset=True, role=role, framework=framework, field_code=field_code, status=status, window=window)
        )

    def set_periods(self, periods: list[tuple[str, str]], current: str) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        for code, label in periods:
            self.period.addItem(label, code)
        self.period.setCurrentIndex(max(self.period.findData(current), 0))
        self.period.blockSignals(False)

    def refresh(self, changes: Changes) -> None:
        """Figures from the loaded rows; evidence coverage of the indices' criteria read in a worker."""
        state = self.state
        self.set_periods(state.periods, state.period_code)
        rows = state.rows
        mine = [r for r in rows if r.my_role is not None]
        scoped, scope = (mine, "Nhiệm vụ cơ quan tôi chủ trì hoặc phối hợp") if mine else (rows, "Mọi nhiệm vụ")
        d = summarize(scoped, state.today)
        codes = {r.framework for r in scoped if r.framework}

        def read(s: DbSession) -> _Coverage:
            from desktop.core.catalog import field_names, frameworks
            from desktop.core.scoring import resolve_framework, score_sheet

            latest: dict[str, int] = {}
            for fw in frameworks(s):
                latest.setdefault(fw.code, fw.year)
            total = with_evidence = 0
            for code in codes:
                leaves = [r for r in score_sheet(s, resolve_framework(s, code, latest.get(code))) if r.is_leaf]
                total += len(leaves)
                with_evidence += sum(1 for r in leaves if r.evidence_count)
            return _Coverage(field_names(s), total, with_evidence)

        def show(coverage: _Coverage) -> None:
            d.criteria_total, d.criteria_with_evidence = coverage.criteria_total, coverage.criteria_with_evidence
            self.set_dashboard(d, coverage.field_names, scope)

        state.query(read, show)

    def figure(self, key: str) -> str:
        return self.figures[key].text()

    def set_dashboard(self, d: Dashboard, field_names: dict[tuple[str, str], str], scope: str) -> None:
        self.scope.setText(scope)
        self.empty.setVisible(d.total == 0)
        done = d.by_status.get("done", 0) + d.by_status.get("done_late", 0)

        def pct(x: float) -> str:
            return f"{x * 100:.0f}%"

        values = {
            "total": str(d.total),
            "overdue": str(d.overdue),
            "next30": str(d.due_soon),
            "done": f"{done} ({pct(done / d.total if d.total else 0)})",
            "task_coverage": f"{d.with_evidence}/{d.total} ({pct(d.task_coverage)})",
            "unproven": str(d.done_without_evidence),
            "criteria_coverage": f"{d.criteria_with_evidence}/{d.criteria_total} ({pct(d.criteria_coverage)})",
        }
        for key, button in self.figures.items():
            button.setText(f"{button.property('caption')}: {values[key]}")
        bars: list[Bar] = []
        for fw in FRAMEWORK_ORDER:
            counts = d.by_framework.get(fw)
            if not counts:
                continue
            bars.append(Bar(FRAMEWORK_LABELS.get(fw, "Không thuộc bộ chỉ số"), (fw, ""), counts, bold=True))
            fields = sorted((k for k in d.by_field if k[0] == fw), key=lambda k: natural_code_key(k[1]))
            for field_key in fields:
                name = field_names.get(field_key, "")
                bars.append(Bar(f"    {field_key[1]}. {name}", field_key, d.by_field[field_key]))
        self.chart.set_bars(bars)
