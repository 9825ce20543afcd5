"""Stacked horizontal bars drawn with QPainter (nothing online): tasks by status by default, or any categories
(agencies by submission state); a click names a segment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from db.enums import Status
from desktop.core.records import STATUS_LABELS

STATUS_COLORS: dict[str, QColor] = {
    Status.NOT_STARTED: QColor("#9e9e9e"),
    Status.IN_PROGRESS: QColor("#1e88e5"),
    Status.DONE: QColor("#2e7d32"),
    Status.DONE_LATE: QColor("#f9a825"),
    Status.CANNOT: QColor("#c62828"),
}
LABEL_WIDTH = 330
BAR_HEIGHT = 20
GAP = 8
LEGEND = 28


@dataclass(frozen=True)
class Bar:
    label: str
    key: tuple[str, str]  # (framework, lĩnh vực code or "")
    counts: Counter[str]
    bold: bool = False


@dataclass(frozen=True)
class Segment:
    rect: QRectF
    key: tuple[str, str]
    status: str
    count: int


TASK_CATEGORIES = {status: (label, STATUS_COLORS[status]) for status, label in STATUS_LABELS.items()}


class StatusChart(QWidget):
    segment_clicked = Signal(str, str, str)  # bar key (framework, lĩnh vực), category (a status)

    def __init__(self, categories: dict[str, tuple[str, QColor]] | None = None, counted: str = "nhiệm vụ") -> None:
        super().__init__()
        self._categories = categories or TASK_CATEGORIES
        self._counted = counted
        self._bars: list[Bar] = []
        self._segments: list[Segment] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = bars
        self.setFixedHeight(self.sizeHint().height())
        self._layout()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, LEGEND + len(self._bars) * (BAR_HEIGHT + GAP) + GAP)

    @property
    def segments(self) -> list[Segment]:
        return list(self._segments)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._layout()

    def _layout(self) -> None:
        self._segments = []
        longest = max((sum(b.counts.values()) for b in self._bars), default=0)
        width = max(self.width() - LABEL_WIDTH - 60, 50)
        y = LEGEND
        for bar in self._bars:
            x = float(LABEL_WIDTH)
            for status in self._categories:
                n = bar.counts.get(status, 0)
                if n and longest:
                    w = max(width * n / longest, 3.0)
                    self._segments.append(Segment(QRectF(x, y, w, BAR_HEIGHT), bar.key, status, n))
                    x += w
            y += BAR_HEIGHT + GAP

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = 0
        for label, color in self._categories.values():
            p.fillRect(QRectF(x, 6, 12, 12), color)
            p.setPen(self.palette().text().color())
            p.drawText(x + 16, 17, label)
            x += 24 + p.fontMetrics().horizontalAdvance(label)
        y = LEGEND
        for bar in self._bars:
            font = p.font()
            font.setBold(bar.bold)
            p.setFont(font)
            text = p.fontMetrics().elidedText(bar.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 10)
            p.drawText(QRectF(0, y, LABEL_WIDTH - 8, BAR_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text)
            y += BAR_HEIGHT + GAP
        for seg in self._segments:
            p.fillRect(seg.rect, self._categories[seg.status][1])
            if seg.rect.width() > 22:
                p.setPen(QColor("white"))
                p.drawText(seg.rect, Qt.AlignmentFlag.AlignCenter, str(seg.count))
        p.end()

    def segment_at(self, pos: QPoint) -> Segment | None:
        return next((s for s in self._segments if s.rect.contains(pos.toPointF())), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        seg = self.segment_at(event.position().toPoint())
        if seg is None:
            self.setToolTip("")
            self.unsetCursor()
        else:
            label = self._categories[seg.status][0].lower()
            self.setToolTip(f"{seg.count} {self._counted} {label} — bấm để xem")
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        seg = self.segment_at(event.position().toPoint())
        if seg is not None and event.button() == Qt.MouseButton.LeftButton:
            self.segment_clicked.emit(seg.key[0], seg.key[1], seg.status)
