"""The self-scoring table: one row per criterion, indented by depth, flagged when evidence is missing."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.formatting import fmt_number
from desktop.core.scoring import ScoreRow
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Mã",
    "Tiêu chí",
    "Tối đa",
    "Tự chấm",
    "TLKC",
    "Giải trình",
    "Năm trước",
    "Xếp hạng",
    "Mục tiêu",
    "Thẩm định",
    "Nhận xét thẩm định",
)
(
    COL_CODE,
    COL_NAME,
    COL_MAX,
    COL_SCORE,
    COL_EVIDENCE,
    COL_EXPLAIN,
    COL_PREV,
    COL_RANK,
    COL_TARGET,
    COL_APPRAISED,
    COL_APPRAISAL_COMMENT,
) = range(11)
APPRAISED_LOWER = QBrush(QColor("#fff4e5"))  # the focal point gave less than the agency claimed
FLAG_BRUSH = QBrush(QColor("#b3261e"))  # scored, no evidence, no explanation
WARN_BRUSH = QBrush(QColor("#8a5300"))  # scored without evidence, explained
BELOW_TARGET = QBrush(QColor("#fdecea"))


@functools.cache
def _bold() -> QFont:
    """Made on first use, on the UI thread: this module is imported in the worker that opens the data, and a
    QFont made there races the UI thread's font database (an intermittent crash at start-up)."""
    font = QFont()
    font.setBold(True)
    return font


def _score_text(r: ScoreRow) -> str:
    if r.survey:
        return "Điều tra XHH"
    score = fmt_number(r.score)
    return f"{score} ({r.measured})" if r.measured and score else score


class ScoreTableModel(RecordTableModel[ScoreRow]):
    columns = COLUMNS

    @staticmethod
    def display(r: ScoreRow, col: int) -> str:
        values = (
            r.code,
            "    " * r.depth + r.name,
            fmt_number(r.max_score),
            _score_text(r),
            str(r.evidence_count) if r.evidence_count else ("⚠ chưa có" if r.score is not None else ""),
            r.explanation,
            fmt_number(r.previous_score),
            r.previous_rank or "",
            f"≥ {fmt_number(r.target_score)}" if r.target_score is not None else "",
            fmt_number(r.appraised_score),
            r.appraisal_comment,
        )
        return values[col]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if r.needs_explanation:
                return "Đã chấm điểm nhưng chưa có tài liệu kiểm chứng và chưa có giải trình."
            return self.display(r, col) if col in (COL_NAME, COL_EXPLAIN, COL_APPRAISAL_COMMENT) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.needs_explanation:
                return FLAG_BRUSH
            if r.unproven and r.is_leaf:
                return WARN_BRUSH
        below = r.target_score is not None and r.score is not None and r.score < r.target_score
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SCORE and below:
            return BELOW_TARGET
        lower = r.appraised_score is not None and r.score is not None and r.appraised_score < r.score
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_APPRAISED and lower:
            return APPRAISED_LOWER
        if role == Qt.ItemDataRole.FontRole and r.depth == 0:
            return _bold()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            COL_MAX,
            COL_SCORE,
            COL_EVIDENCE,
            COL_PREV,
            COL_APPRAISED,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def appraised_total(self) -> float | None:
        """The appraised score over the lĩnh vực rows' leaves, when an appraisal came; else None."""
        leaves = [r.appraised_score for r in self._rows if r.is_leaf and r.appraised_score is not None]
        return sum(leaves) if leaves else None

    def total(self) -> tuple[float, float, float | None]:
        """(score, max, target) over the lĩnh vực rows."""
        tops = [r for r in self._rows if r.depth == 0]
        targets = [r.target_score for r in tops if r.target_score is not None]
        return (
            sum(r.score or 0.0 for r in tops),
            sum(r.max_score or 0.0 for r in tops),
            sum(targets) if targets else None,
        )
