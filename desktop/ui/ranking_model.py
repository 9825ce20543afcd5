"""The ranking of agencies on a province index: one row per agency, named columns."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.core.formatting import fmt_number
from desktop.core.province_index.ranking import RankingRow
from desktop.ui.record_model import ModelIndex, RecordTableModel


class Col(IntEnum):
    RANK = 0
    AGENCY = 1
    SELF = 2
    APPRAISED = 3
    SURVEY = 4
    FINAL = 5
    CLASS = 6
    CHANGE = 7


COLUMNS = (
    "Hạng",
    "Cơ quan, đơn vị",
    "Tự chấm",
    "Thẩm định",
    "Điều tra",
    "Tổng điểm",
    "Xếp loại",
    "± năm trước",
)
# What the short headers stand for, in their tooltips.
HEADER_TIPS = (
    "Xếp hạng theo tổng điểm",
    "",
    "Điểm tự đánh giá của đơn vị (các tiêu chí đơn vị tự chấm)",
    "Điểm các tiêu chí tự chấm sau thẩm định (điểm tự chấm ở tiêu chí chưa thẩm định)",
    "Điểm điều tra xã hội học",
    "Điểm sau thẩm định cộng điểm điều tra",
    "Xếp loại theo các mức của tỉnh",
    "Tăng, giảm so với tổng điểm năm trước",
)
NUMERIC = {Col.RANK, Col.SELF, Col.APPRAISED, Col.SURVEY, Col.FINAL, Col.CHANGE}


class RankingTableModel(RecordTableModel[RankingRow]):
    columns = COLUMNS

    @staticmethod
    def display(r: RankingRow, col: int) -> str:
        change = r.change
        values = {
            Col.RANK: str(r.rank) if r.rank is not None else "",
            Col.AGENCY: r.agency,
            Col.SELF: fmt_number(r.self_total),
            Col.APPRAISED: fmt_number(r.appraised_total),
            Col.SURVEY: fmt_number(r.survey_total),
            Col.FINAL: fmt_number(r.final_total),
            Col.CLASS: r.classification,
            Col.CHANGE: ("+" if change and change > 0 else "") + fmt_number(change) if change is not None else "",
        }
        return values[Col(col)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and r.rank is None:
            return QColor("#757575")  # not sent yet
        if role == Qt.ItemDataRole.ToolTipRole and not r.same_set:
            return "Đơn vị chấm theo một bản bộ chỉ số khác bản của Sở; hãy gửi lại gói bộ chỉ số cho đơn vị."
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return HEADER_TIPS[section] or None
        return super().headerData(section, orientation, role)

    def ranked(self) -> list[RankingRow]:
        return [r for r in self._rows if r.rank is not None]
