"""Xếp hạng: at the Sở, every agency's totals on a province index — self-assessed, after appraisal, survey —
ranked and classified, with the change from last year and a chart; the survey import, the classification bands
and the ranking's documents are actions."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from desktop.ui.combo import refill
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.ranking_chart import RankingChart
from desktop.ui.ranking_model import Col, RankingTableModel
from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from db.store import DbSession
    from desktop.core.province_index.ranking import Ranking

EMPTY = "Chưa có Bộ Chỉ số CCHC của tỉnh; nhập ở «Tệp › Nhập Bộ Chỉ số CCHC của tỉnh…»."


class RankingPage(ObserverPage):
    watches = Change.STORE | Change.SCORES | Change.BUNDLES | Change.INDICES
    survey_requested = Signal(str, int)  # framework, year
    classes_requested = Signal(str, int)
    export_requested = Signal(str, int)

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.framework = QComboBox()
        self.summary = QLabel(EMPTY)
        self.summary.setWordWrap(True)
        self.model = RankingTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(False)  # the order is the ranking
        self.table.horizontalHeader().setSectionResizeMode(Col.AGENCY, QHeaderView.ResizeMode.Stretch)
        for col in (Col.RANK, Col.SELF, Col.APPRAISED, Col.SURVEY, Col.FINAL, Col.CHANGE):
            self.table.setColumnWidth(col, 76)
        self.table.setColumnWidth(Col.RANK, 50)
        self.table.setColumnWidth(Col.CLASS, 110)
        self.table.setWordWrap(False)
        self.chart = RankingChart()
        chart_area = QScrollArea()
        chart_area.setWidget(self.chart)
        chart_area.setWidgetResizable(True)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(chart_area)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        self.survey_button = QPushButton("Nhập điểm điều tra…")
        self.survey_button.setToolTip("Nhập điểm điều tra xã hội học của các đơn vị từ tệp Excel")
        self.classes_button = QPushButton("Mức xếp loại…")
        self.classes_button.setToolTip("Các mức xếp loại của tỉnh (tên mức và điểm tối thiểu)")
        self.export_button = QPushButton("Xuất bảng xếp hạng…")
        self.export_button.setToolTip("Bảng xếp hạng (Excel) hoặc dự thảo Quyết định công bố (PDF, Word)")

        top = QHBoxLayout()
        top.addWidget(QLabel("Bộ chỉ số:"))
        top.addWidget(self.framework, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.survey_button, self.classes_button, self.export_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.framework.currentIndexChanged.connect(lambda _i: self.load())
        self.survey_button.clicked.connect(lambda: self._emit(self.survey_requested))
        self.classes_button.clicked.connect(lambda: self._emit(self.classes_requested))
        self.export_button.clicked.connect(lambda: self._emit(self.export_requested))
        self._enable(False)

    def chosen(self) -> tuple[str, int] | None:
        data = self.framework.currentData()
        return (str(data[0]), int(data[1])) if data else None

    def _emit(self, signal: SignalInstance) -> None:
        chosen = self.chosen()
        if chosen is not None:
            signal.emit(*chosen)

    def _enable(self, on: bool) -> None:
        for b in (self.survey_button, self.classes_button, self.export_button):
            b.setEnabled(on)

    def refresh(self, changes: Changes) -> None:
        def read(s: DbSession) -> list[tuple[str, int, str]]:
            from desktop.core.province_index.store import province_frameworks

            return [(fw.code, fw.year, f"{fw.name} — năm {fw.year}") for fw in province_frameworks(s)]

        self.state.query(read, self.set_frameworks)

    def set_frameworks(self, items: list[tuple[str, int, str]]) -> None:
        refill(self.framework, [(label, (code, year)) for code, year, label in items])
        self.load()

    def load(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.state.store is None:
            self.model.set_rows([])
            self.chart.set_rows([], None, [])
            self.summary.setText(EMPTY)
            self._enable(False)
            return

        def read(s: DbSession) -> Ranking:
            from desktop.core.province_index.ranking import ranking

            return ranking(s, *chosen)

        self.state.query(read, self.show_ranking, title="Đang xếp hạng")

    def show_ranking(self, result: Ranking) -> None:
        self._enable(True)
        self.model.set_rows(result.rows)
        names = [str(c["name"]) for c in result.classes]
        self.chart.set_rows(self.model.ranked(), result.max_total, names)
        ranked = self.model.ranked()
        counts = Counter(r.classification for r in ranked)
        waiting = len(result.rows) - len(ranked)
        by_class = ", ".join(f"{name} {counts.get(name, 0)}" for name in names)
        self.summary.setText(
            f"{len(ranked)} đơn vị đã gửi tự đánh giá ({by_class})"
            + (f"; {waiting} đơn vị chưa gửi" if waiting else "")
            + ". Thẩm định từng tiêu chí ở trang «Tiếp nhận báo cáo»."
        )
