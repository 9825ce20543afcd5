"""The appraisal sheet as a table: each self-scored criterion and each reported task, with the appraisal."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from desktop.core.appraisal.focal import AppraisalRow
from desktop.core.formatting import fmt_number
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Loại",
    "Mã",
    "Nội dung",
    "Tự chấm",
    "Tối đa",
    "Điểm thẩm định",
    "Tài liệu kiểm chứng",
    "Nhận xét",
    "Đơn vị trả lời",
)
KIND_LABELS = {"criterion": "Tiêu chí", "index": "Tiêu chí (bộ của tỉnh)", "task": "Nhiệm vụ"}
EVIDENCE_LABELS = {"accepted": "Chấp nhận", "rejected": "Không chấp nhận", None: ""}


class AppraisalTableModel(RecordTableModel[AppraisalRow]):
    columns = COLUMNS

    @staticmethod
    def display(r: AppraisalRow, col: int) -> str:
        values = (
            KIND_LABELS.get(r.kind, ""),
            r.code,
            r.name,
            fmt_number(r.self_score),
            fmt_number(r.max_score),
            fmt_number(r.score),
            EVIDENCE_LABELS.get(r.evidence, ""),
            r.comment,
            r.answer,
        )
        return values[col]

    def replace_row(self, row: AppraisalRow) -> int:
        """A row saved: shown at once, in its place. Returns its index (-1 when not in the sheet)."""
        for i, r in enumerate(self._rows):
            if r.key == row.key:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return i
        return -1

    def appraised(self) -> int:
        return sum(1 for r in self._rows if r.score is not None or r.comment or r.evidence)
