"""The focal point's period at a glance: who has reported, by agency group, and completion by index."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.bundle.overview import KIND_INDEX, Overview
from desktop.core.bundle.submissions import STATE_LABELS
from desktop.ui.status_chart import Bar, StatusChart

STATE_CATEGORIES = {
    "submitted": (STATE_LABELS["submitted"], QColor("#2e7d32")),
    "late": (STATE_LABELS["late"], QColor("#f9a825")),
    "missing": (STATE_LABELS["missing"], QColor("#9e9e9e")),
}
DONE_CATEGORIES = {"done": ("Đã hoàn thành", QColor("#2e7d32")), "open": ("Chưa hoàn thành", QColor("#9e9e9e"))}
OTHER_GROUP = "Khác"


class PeriodCharts(QWidget):
    """A click on a group's segment asks for those agencies (group level, state)."""

    agencies_requested = Signal(str, str)  # level ("" = not in the directory), state

    def __init__(self) -> None:
        super().__init__()
        self.by_group = StatusChart(STATE_CATEGORIES, counted="cơ quan")
        self.by_index = StatusChart(DONE_CATEGORIES, counted="nhiệm vụ")
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(QLabel("<b>Tình hình nộp theo cấp cơ quan</b> — bấm vào một đoạn để xem các cơ quan đó"))
        box.addWidget(self.by_group)
        box.addWidget(QLabel("<b>Kết quả thực hiện theo chỉ số</b> (các báo cáo đã nhận)"))
        box.addWidget(self.by_index)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.by_group.segment_clicked.connect(lambda level, _f, state: self.agencies_requested.emit(level, state))

    def set_overview(self, view: Overview) -> None:
        groups: dict[str, Counter[str]] = {}
        for row in view.agencies:
            groups.setdefault(row.level, Counter())[row.state] += 1
        order = list(LEVEL_LABELS)
        self.by_group.set_bars(
            [
                Bar(LEVEL_LABELS.get(level, OTHER_GROUP), (level, ""), counts)
                for level, counts in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
            ]
        )
        self.by_index.set_bars(
            [
                Bar(g.label, (g.label, ""), Counter({"done": g.done, "open": g.tasks - g.done}), bold=True)
                for g in view.groups
                if g.kind == KIND_INDEX
            ]
        )
