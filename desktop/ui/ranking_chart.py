"""The ranking as horizontal bars (final totals against the index's maximum), coloured by classification;
drawn with QPainter, nothing online."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.formatting import fmt_number
from desktop.core.province_index.ranking import RankingRow

PALETTE = ("#2e7d32", "#1e88e5", "#f9a825", "#ef6c00", "#c62828", "#6d4c41")
BAR, GAP, LABEL = 18, 6, 150


class RankingChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RankingRow] = []
        self.maximum = 100.0
        self.colors: dict[str, QColor] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: list[RankingRow], maximum: float | None, classes: list[str]) -> None:
        self.rows = [r for r in rows if r.final_total is not None]
        self.maximum = maximum or max((r.final_total or 0.0 for r in self.rows), default=1.0) or 1.0
        self.colors = {name: QColor(PALETTE[i % len(PALETTE)]) for i, name in enumerate(classes)}
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, max(60, len(self.rows) * (BAR + GAP) + GAP))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(self.width() - LABEL - 50, 10)
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có đơn vị nào gửi tự đánh giá.")
            return
        for i, r in enumerate(self.rows):
            y = GAP + i * (BAR + GAP)
            label = QRectF(0, y, LABEL - 6, BAR)
            painter.setPen(QColor("#212121"))
            painter.drawText(label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), r.agency)
            length = width * min((r.final_total or 0.0) / self.maximum, 1.0)
            painter.fillRect(QRectF(LABEL, y, length, BAR), self.colors.get(r.classification, QColor("#9e9e9e")))
            painter.drawText(
                QRectF(LABEL + length + 4, y, 46, BAR),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                fmt_number(r.final_total),
            )
        painter.end()
