"""The task table: a model over TaskRow and a sort/filter proxy that stays fast at 50,000 rows.

Filtering and sorting run as plain Python list operations over keys computed once per load; the proxy
then maps rows through an index list, so Qt only calls back into Python for the rows on screen.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from db.enums import FrameworkCode, Role
from desktop.core.dashboard import is_due_soon, is_overdue, status_of
from desktop.core.formatting import fmt_date
from desktop.core.progress import YIELD_EVERY, let_others_run
from desktop.core.records import DONE_STATUSES, ROLE_LABELS, STATUS_LABELS, TaskRow, search_text_of
from desktop.core.text import collation_key, fold, natural_code_key
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex

COLUMNS = (
    "Mã",
    "Tiêu chí",
    "Nội dung nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Thời hạn",
    "Vai trò của tôi",
    "Tiến độ",
    "TLKC",
)
(COL_CODE, COL_CRITERION, COL_CONTENT, COL_LEAD, COL_PARTNERS, COL_DEADLINE, COL_ROLE, COL_STATUS, COL_EVIDENCE) = (
    range(9)
)
STATUS_ORDER = {code: i for i, code in enumerate(STATUS_LABELS)}
TaskRowRole = Qt.ItemDataRole.UserRole + 1
OVERDUE_BRUSH = QBrush(QColor("#b3261e"))
FRAMEWORK_ORDER: dict[str, int] = {FrameworkCode.PAR_INDEX: 0, FrameworkCode.PAPI: 1, FrameworkCode.SIPAS: 2}
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TASK_ROW = TaskRowRole


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


SMALL_TABLE = 5000  # rows whose search texts are made on the UI thread in ~30 ms


class TaskTableModel(RecordTableModel[TaskRow]):
    columns = COLUMNS

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._haystacks: list[str] | None = []  # None: not made yet (the window makes them in a worker)
        self._texts: list[tuple[str, ...] | None] = []
        self._sort_keys: dict[int, list[Any]] = {}
        self._orders: dict[int, list[int]] = {}
        self.generation = 0  # bumped whenever rows change: sort keys made from older rows are dropped
        self.loads = 0  # bumped when a new set of rows comes: search texts made from older rows are dropped
        self.today = today or date.today()

    # -- loading
    def set_rows(self, rows: list[TaskRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        # Rows read for the window come without their search texts (a third of the load's time). A small table
        # makes them here at once; a big one in a worker once the rows show (see `TaskFilterProxy.searching`).
        if not rows or rows[0].search_text:
            self._haystacks = [r.search_text for r in rows]
        else:
            self._haystacks = self.haystacks_of(rows) if len(rows) <= SMALL_TABLE else None
        self._texts = [None] * len(rows)
        self._sort_keys, self._orders = {}, {}
        self.generation += 1
        self.loads += 1
        self.endResetModel()

    def update_progress(self, task_id: int, status: str | None, percent: int | None, evidence_count: int) -> None:
        """One task's progress changed: update its row in place instead of reloading 50,000."""
        for i, r in enumerate(self._rows):
            if r.id == task_id:
                r.status, r.percent, r.evidence_count = status, percent, evidence_count
                self._texts[i] = None
                for column in (COL_STATUS, COL_EVIDENCE):
                    self._sort_keys.pop(column, None)
                    self._orders.pop(column, None)
                self.generation += 1
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return

    @property
    def haystacks(self) -> list[str] | None:
        return self._haystacks

    @staticmethod
    def haystacks_of(rows: list[TaskRow]) -> list[str]:
        """What accent-insensitive search looks in, per row: Qt-free work, for a worker (~0.3 s at 50,000)."""
        hay: list[str] = []
        for start in range(0, len(rows), YIELD_EVERY):
            hay += [r.search_text or search_text_of(r) for r in rows[start : start + YIELD_EVERY]]
            let_others_run()
        return hay

    def keep_haystacks(self, hay: list[str], loads: int) -> bool:
        """Search texts made in a worker from the rows of load `loads`; refused if other rows came meanwhile."""
        if loads != self.loads or len(hay) != len(self._rows):
            return False
        self._haystacks = hay
        return True

    def make_haystacks(self) -> list[str]:
        """Made here, on the calling thread (a model without a window to make them in a worker)."""
        self._haystacks = self.haystacks_of(self._rows)
        return self._haystacks

    def sort_keys(self, column: int) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = self.keys_of(self._rows, column)
        return keys

    def has_sort_keys(self, column: int) -> bool:
        return column in self._sort_keys

    def keep_sort_keys(self, column: int, keys: list[Any], order: list[int], generation: int) -> bool:
        """Keys and ascending order made in a worker from the rows of `generation`; refused if the rows changed
        meanwhile."""
        if generation != self.generation or len(keys) != len(self._rows):
            return False
        self._sort_keys[column], self._orders[column] = keys, order
        return True

    @property
    def rows(self) -> list[TaskRow]:
        return self._rows

    @classmethod
    def keys_of(cls, rows: list[TaskRow], column: int) -> list[Any]:
        """A column's sort keys: Qt-free work, safe in a worker (Vietnamese collation costs ~0.5 s at 50,000)."""
        keys: list[Any] = []
        key = cls._sort_key
        for start in range(0, len(rows), YIELD_EVERY):
            keys += [key(r, column) for r in rows[start : start + YIELD_EVERY]]
            let_others_run()
        return keys

    def sorted_order(self, column: int) -> list[int]:
        """Source rows in ascending order of the column, kept with its keys (made in a worker, or here)."""
        order = self._orders.get(column)
        if order is None:
            order = self._orders[column] = ordered(self.sort_keys(column))
        return order

    @staticmethod
    def _sort_key(r: TaskRow, column: int) -> Any:
        if column == COL_CODE:
            return (r.plan_id, FRAMEWORK_ORDER.get(r.framework, 9), natural_code_key(r.code))
        if column == COL_DEADLINE:
            return (r.due_date is None, r.due_date or date.max, collation_key(r.deadline_text))
        if column == COL_STATUS:
            return (STATUS_ORDER[status_of(r)], r.percent or 0)
        if column == COL_EVIDENCE:
            return r.evidence_count
        # The first 60 characters decide any real ordering and halve the cost at 50,000 rows.
        return collation_key(TaskTableModel._display(r, column)[:60])

    # -- Qt model API
    @staticmethod
    def _display(r: TaskRow, column: int) -> str:
        if column == COL_CODE:
            return r.code
        if column == COL_CRITERION:
            return " ".join(x for x in (r.criterion_code, r.criterion_name or r.criterion_text) if x)
        if column == COL_CONTENT:
            return r.content
        if column == COL_LEAD:
            return "; ".join(r.lead)
        if column == COL_PARTNERS:
            return "; ".join(r.partners)
        if column == COL_DEADLINE:
            return fmt_date(r.due_date) if r.due_date else r.deadline_text.replace("\n", " ")
        if column == COL_ROLE:
            return ROLE_LABELS[r.my_role]
        if column == COL_STATUS:
            status = status_of(r)
            label = STATUS_LABELS[status]
            return f"{label} ({r.percent}%)" if status == "in_progress" and r.percent is not None else label
        if column == COL_EVIDENCE:
            return str(r.evidence_count) if r.evidence_count else ""
        return ""

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), int(role))

    def cell(self, row: int, col: int, role: int) -> Any:
        # Painting asks ~10 roles per visible cell; plain int compares and cached texts keep each call cheap.
        if role == _DISPLAY:
            texts = self._texts[row]
            if texts is None:
                texts = self._texts[row] = self._row_texts(self._rows[row])
            return texts[col]
        if role == _FOREGROUND:
            return OVERDUE_BRUSH if is_overdue(self._rows[row], self.today) else None
        if role == _TOOLTIP:
            r = self._rows[row]
            return r.deadline_text if col == COL_DEADLINE else self._display(r, col)
        if role == _TASK_ROW:
            return self._rows[row]
        return None

    def _row_texts(self, r: TaskRow) -> tuple[str, ...]:
        texts = (self._display(r, c) for c in range(len(COLUMNS)))
        return tuple(t if len(t) <= 160 else t[:157] + "…" for t in texts)


_SORT_CHUNK = 1024


def ordered(keys: list[Any]) -> list[int]:
    """Indexes of `keys` in ascending order. One `sorted()` of 50,000 Vietnamese keys holds the GIL for a quarter
    of a second, freezing the window even from a worker; sorted in chunks and merged by `heapq.merge` (Python
    code, which yields the GIL every few milliseconds) it never holds it for long."""
    get = keys.__getitem__
    chunks = []
    for i in range(0, len(keys), _SORT_CHUNK):
        chunks.append(sorted(range(i, min(i + _SORT_CHUNK, len(keys))), key=get))
        let_others_run()
    if len(chunks) == 1:
        return chunks[0]
    merged = heapq.merge(*chunks, key=get)
    out: list[int] = []
    while batch := list(itertools.islice(merged, _SORT_CHUNK)):
        out += batch
        let_others_run()
    return out


@dataclass
class TaskFilter:
    role: str = "all"  # "all" | "mine" | "lead" | "partner"
    framework: str = ""  # "" = every index
    field_code: str = ""  # top-level criterion (lĩnh vực) within the framework
    window: str = "all"  # "all" | "overdue" | "next7" | "next30"
    status: str = ""  # "" | a status code | "unproven" (done, no evidence) | "no_evidence"
    search: str = ""
    plan_id: int | None = None
    words: list[str] = field(default_factory=list)


def _only_phrase_grew(old: TaskFilter, new: TaskFilter) -> bool:
    same = (old.role, old.framework, old.field_code, old.window, old.status, old.plan_id) == (
        new.role,
        new.framework,
        new.field_code,
        new.window,
        new.status,
        new.plan_id,
    )
    old_phrase = old.words[0] if old.words else ""
    new_phrase = new.words[0] if new.words else ""
    return same and bool(old_phrase) and new_phrase.startswith(old_phrase)


class TaskFilterProxy(QAbstractProxyModel):
    """Filters and sorts TaskTableModel rows through an index list (see module doc for why)."""

    filterChanged = Signal()  # noqa: N815 (Qt naming)

    def __init__(self) -> None:
        super().__init__()
        self._filter = TaskFilter()
        self._order: list[int] = []  # every source row, in the current sort order
        self._rows: list[int] = []  # the visible ones
        self._reverse_map: dict[int, int] | None = None  # source row -> proxy row, built when first asked
        self._narrowable: TaskFilter | None = None  # the filter self._rows was made with
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # Set by a page: makes a column's sort keys off the UI thread, then sorts again. Unset (a model test),
        # the keys are made here.
        self.keys_in_background: Callable[[int, Qt.SortOrder], None] | None = None
        # Likewise the search texts: asked for when a search needs them; `refilter` once they are in.
        self.search_in_background: Callable[[], None] | None = None
        self.searching = False  # a search waits for the search texts; no row is shown meanwhile

    def setSourceModel(self, model: TaskTableModel) -> None:  # type: ignore[override]  # noqa: N802
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_data_changed)
        self._source_reset()

    def source(self) -> TaskTableModel:
        model = self.sourceModel()
        assert isinstance(model, TaskTableModel)
        return model

    # -- filtering and sorting
    @property
    def task_filter(self) -> TaskFilter:
        return self._filter

    def set_filter(self, flt: TaskFilter) -> None:
        # The query is one phrase, accents and case ignored: "cai cach the che" finds "CẢI CÁCH THỂ CHẾ".
        phrase = _squash(flt.search)
        flt.words = [phrase] if phrase else []
        previous = self._narrowable
        self._filter = flt
        if previous is not None and not self.searching and _only_phrase_grew(previous, flt):
            # Typing one more letter can only narrow the result: search the rows on screen, not all rows.
            hay = self._haystacks()
            self._set_rows([i for i in self._rows if phrase in hay[i]] if hay is not None else [])
        else:
            self._apply()
        self._narrowable = flt

    def refilter(self) -> None:
        """The search texts came: the filter as it stands, applied to every row."""
        self._narrowable = None
        self._apply()

    def _haystacks(self) -> list[str] | None:
        model = self.source()
        hay = model.haystacks
        if hay is None and self.search_in_background is None:
            hay = model.make_haystacks()
        elif hay is None and self.search_in_background is not None:
            self.search_in_background()
        self.searching = hay is None
        return hay

    def _source_reset(self) -> None:
        self._narrowable = None
        self._order = list(range(self.source().rowCount()))
        if self._sort_column >= 0:
            if self._keys_later(self._sort_column, self._sort_order):
                self._apply()  # in the plan's order until the keys come back
                return
            self._sort_order_list()
        self._apply()

    def sort_column(self) -> int:
        return self._sort_column

    def _keys_later(self, column: int, order: Qt.SortOrder) -> bool:
        if column < 0 or self.keys_in_background is None or self.source().has_sort_keys(column):
            return False
        self.keys_in_background(column, order)
        return True

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        for src in range(top.row(), bottom.row() + 1):
            row = self._reverse.get(src)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _visible(self) -> list[int]:
        """Source rows passing the filter, in sort order. Each test runs over what the previous ones kept."""
        f = self._filter
        model = self.source()
        rows = model.rows
        today = model.today
        keep = self._order
        if f.plan_id is not None:
            keep = [i for i in keep if rows[i].plan_id == f.plan_id]
        if f.role == "mine":
            keep = [i for i in keep if rows[i].my_role is not None]
        elif f.role in set(Role):
            keep = [i for i in keep if rows[i].my_role == f.role]
        if f.framework:
            keep = [i for i in keep if rows[i].framework == f.framework]
            if f.field_code:
                keep = [i for i in keep if rows[i].field_code == f.field_code]
        if f.window == "overdue":
            keep = [i for i in keep if is_overdue(rows[i], today)]
        elif f.window == "next7":
            keep = [i for i in keep if is_due_soon(rows[i], today, days=7)]
        elif f.window == "next30":
            keep = [i for i in keep if is_due_soon(rows[i], today)]
        if f.status == "unproven":
            keep = [i for i in keep if rows[i].status in DONE_STATUSES and not rows[i].evidence_count]
        elif f.status == "no_evidence":
            keep = [i for i in keep if not rows[i].evidence_count]
        elif f.status:
            keep = [i for i in keep if status_of(rows[i]) == f.status]
        self.searching = False
        if f.words:
            hay = self._haystacks()
            if hay is None:
                return []  # shown once the search texts are made
            for word in f.words:
                keep = [i for i in keep if word in hay[i]]
        return keep if keep is not self._order else list(keep)

    def _apply(self) -> None:
        self._set_rows(self._visible())

    def _set_rows(self, rows: list[int]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._reverse_map = None
        self.endResetModel()
        self.filterChanged.emit()

    @property
    def _reverse(self) -> dict[int, int]:
        if self._reverse_map is None:
            self._reverse_map = {src: i for i, src in enumerate(self._rows)}
        return self._reverse_map

    def _sort_order_list(self) -> None:
        order = self.source().sorted_order(self._sort_column)
        self._order = order[::-1] if self._sort_order == Qt.SortOrder.DescendingOrder else list(order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        if self._keys_later(column, order):
            return  # sorted when the keys come back from the worker
        if column < 0:
            self._order = list(range(self.source().rowCount()))
        else:
            self._sort_order_list()
        self.layoutAboutToBeChanged.emit()
        if len(self._rows) == len(self._order):
            self._rows = list(self._order)  # nothing filtered out: the new order as it is
        else:
            mask = set(self._rows)
            self._rows = [i for i in self._order if i in mask]
        self._reverse_map = None
        self.layoutChanged.emit()

    # -- proxy plumbing
    def mapToSource(self, proxy_index: ModelIndex) -> QModelIndex:  # noqa: N802
        if not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return self.source().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: ModelIndex) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        row = self._reverse.get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def row_at(self, proxy_row: int) -> TaskRow:
        return self.source().row_at(self._rows[proxy_row])

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Straight to the source row: painting asks for many roles per cell, so skip building source indexes.
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self.source().cell(self._rows[index.row()], index.column(), int(role))
