"""The deletions that can still be undone, as a table: when, who, what kind, what."""

from __future__ import annotations

from desktop.core.recovery import DeletedRow
from desktop.ui.record_model import RecordTableModel

COLUMNS = ("Lúc xoá", "Người xoá", "Loại", "Nội dung")


class DeletedTableModel(RecordTableModel[DeletedRow]):
    columns = COLUMNS

    @staticmethod
    def display(row: DeletedRow, col: int) -> str:
        return (row.at.strftime("%H:%M %d/%m/%Y"), row.actor, row.kind, row.summary)[col]
