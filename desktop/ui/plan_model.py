"""The plan list: one table model, sorted by a standard proxy (plans are few)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.core.formatting import fmt_date
from desktop.core.text import collation_key
from desktop.ui.record_model import RecordTableModel

if TYPE_CHECKING:
    from desktop.core.records import PlanRow

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Số ký hiệu", "Trích yếu", "Cơ quan ban hành", "Ngày ban hành", "Năm", "Số nhiệm vụ", "Lập từ")
SortKeyRole = Qt.ItemDataRole.UserRole + 2


class PlanTableModel(RecordTableModel["PlanRow"]):
    columns = COLUMNS

    @staticmethod
    def _display(r: PlanRow, col: int) -> str:
        number = r.number or "(chưa có số)"
        values = (
            f"{number} (phiên bản {r.version})" if r.version > 1 else number,
            f"{r.title} — chỉ biết qua gói báo cáo nhận được; hãy nhập tệp kế hoạch" if r.learned else r.title,
            r.issuer,
            fmt_date(r.issued_on),
            str(r.year or ""),
            str(r.task_count),
            r.parent_label,
        )
        return values[col]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(r, col)
        if role == SortKeyRole:
            if col == 3:
                return r.issued_on.toordinal() if r.issued_on else 0
            if col in (4, 5):
                return int(self._display(r, col) or 0)
            return collation_key(self._display(r, col))
        return None


class PlanSortProxy(QSortFilterProxyModel):
    """Sorts with Vietnamese collation keys (Python tuples; plans are few, so lessThan in Python is fine)."""

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        a = left.data(SortKeyRole)
        b = right.data(SortKeyRole)
        return bool(a < b)
