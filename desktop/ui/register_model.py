"""The register of reporting agencies as a table: name, level, unit code, why it is expected, active or not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.register import Member
from desktop.core.text import fold
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Cơ quan, đơn vị", "Cấp", "Mã đơn vị", "Vì sao phải báo cáo", "Trạng thái", "Cần xem lại")
RETIRED_BRUSH = QBrush(QColor("#7a7a7a"))
FLAG_BRUSH = QBrush(QColor("#8a5300"))


class RegisterTableModel(RecordTableModel[Member]):
    columns = COLUMNS

    @staticmethod
    def display(m: Member, col: int) -> str:
        values = (
            m.name,
            LEVEL_LABELS.get(m.level, m.level),
            m.unit_code or "",
            "Trong danh sách đơn vị" if m.registered else "Được giao nhiệm vụ trong kế hoạch",
            "Đang theo dõi" if m.active else "Đã thôi",
            m.flag,
        )
        return values[col]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(m, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not m.active:
            return RETIRED_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and m.flag:
            return FLAG_BRUSH
        return None

    def rows_matching(self, text: str) -> list[int]:
        """Rows whose name contains the folded text (accents ignored)."""
        wanted = fold(text)
        return [i for i, m in enumerate(self._rows) if wanted in fold(m.name)]
