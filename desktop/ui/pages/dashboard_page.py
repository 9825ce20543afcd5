"""Tổng quan: for the chosen period, tasks by status per index and lĩnh vực, deadlines and evidence coverage."""

from __future__ import annotations

from PySide6.QtCore import Signal
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

from desktop.core.dashboard import Dashboard
from desktop.core.records import FRAMEWORK_LABELS
from desktop.core.text import natural_code_key
from desktop.ui.status_chart import Bar, StatusChart

FRAMEWORK_ORDER = ("PAR_INDEX", "SIPAS", "PAPI", "")


class DashboardPage(QWidget):
    drill = Signal(str, str, str)  # framework, lĩnh vực, status ("" = any)
    window_drill = Signal(str)  # "overdue" | "next30"
    period_chosen = Signal(int)  # index in the period list

    def __init__(self) -> None:
        super().__init__()
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
            self.figures[key] = button
            grid.addWidget(button, i // 4, i % 4)
        self.figures["overdue"].clicked.connect(lambda: self.window_drill.emit("overdue"))
        self.figures["next30"].clicked.connect(lambda: self.window_drill.emit("next30"))
        self.figures["unproven"].clicked.connect(lambda: self.drill.emit("", "", "unproven"))
        self.figures["done"].clicked.connect(lambda: self.drill.emit("", "", "done"))
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(scroll, 1)
        self.chart.segment_clicked.connect(self.drill.emit)
        self.period.activated.connect(self.period_chosen.emit)

    def set_periods(self, labels: list[str], current: int) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems(labels)
        self.period.setCurrentIndex(current)
        self.period.blockSignals(False)

    def figure(self, key: str) -> str:
        return self.figures[key].text()

    def set_dashboard(self, d: Dashboard, field_names: dict[tuple[str, str], str], scope: str) -> None:
        self.scope.setText(scope)
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
