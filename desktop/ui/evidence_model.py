"""The evidence list: a table model over EvidenceRow and a proxy with accent-insensitive search."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.core.evidence import DOC_TYPES, EvidenceRow
from desktop.core.formatting import fmt_date
from desktop.core.records import search_text
from desktop.core.text import collation_key, fold
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Tên tệp", "Loại", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu", "Dung lượng", "Gắn với")
SortKeyRole = Qt.ItemDataRole.UserRole + 2


def fmt_size(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


class EvidenceTableModel(RecordTableModel[EvidenceRow]):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._search: list[str] = []

    def set_rows(self, rows: list[EvidenceRow]) -> None:
        self._search = [
            search_text(r.original_name, r.number, r.issuer, r.summary, DOC_TYPES.get(r.doc_type, "")) for r in rows
        ]
        super().set_rows(rows)

    def haystack(self, row: int) -> str:
        return self._search[row]

    @staticmethod
    def display(r: EvidenceRow, col: int) -> str:
        links = len(r.links)
        values = (
            r.original_name,
            DOC_TYPES.get(r.doc_type, r.doc_type),
            r.number,
            fmt_date(r.issued_on),
            r.issuer,
            r.summary,
            fmt_size(r.size),
            f"{links} nhiệm vụ/tiêu chí" if links else "chưa gắn",
        )
        return values[col]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(r, col)
        if role == SortKeyRole:
            if col == 3:
                return r.issued_on.toordinal() if r.issued_on else 0
            if col == 6:
                return r.size
            if col == 7:
                return len(r.links)
            return collation_key(self.display(r, col))
        return None


class EvidenceFilterProxy(QSortFilterProxyModel):
    """Search ignores accents and case ("quyet dinh" finds "Quyết định"); sorting is Vietnamese."""

    def __init__(self) -> None:
        super().__init__()
        self._phrase = ""
        self._unlinked_only = False

    def set_search(self, text: str, unlinked_only: bool = False) -> None:
        self.beginFilterChange()
        self._phrase = " ".join(fold(text).split())
        self._unlinked_only = unlinked_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: ModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, EvidenceTableModel)
        if self._unlinked_only and model.row_at(source_row).links:
            return False
        return not self._phrase or self._phrase in model.haystack(source_row)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        return bool(left.data(SortKeyRole) < right.data(SortKeyRole))

    def row_at(self, proxy_row: int) -> EvidenceRow:
        model = self.sourceModel()
        assert isinstance(model, EvidenceTableModel)
        return model.row_at(self.mapToSource(self.index(proxy_row, 0)).row())
