"""The focal point's tables: agencies of a period, completion by index and lĩnh vực, agency tasks, unproven
criteria, an agency's received evidence. One model per table, one proxy for search, state filter and sorting."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.core.bundle.overview import AgencyTask, CriterionGap, GroupRow, ReceivedEvidence
from desktop.core.bundle.submissions import STATE_LABELS, SubmissionRow
from desktop.core.evidence import DOC_TYPES
from desktop.core.formatting import fmt_date, fmt_number, fmt_stamp
from desktop.core.records import STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES
from desktop.core.signing.verify import signature_cell
from desktop.core.text import collation_key, fold, natural_code_key
from desktop.ui.evidence_model import fmt_size
from desktop.ui.record_model import RecordTableModel

ModelIndex = QModelIndex | QPersistentModelIndex
SortKeyRole = Qt.ItemDataRole.UserRole + 2
R = TypeVar("R")
STATE_COLORS = {"late": QColor("#b35900"), "missing": QColor("#b00020")}
NOT_REPORTED = "Chưa cập nhật"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


class _Table(RecordTableModel[R]):
    """Text per cell from `cells`; `numbers` names the columns that sort and align as numbers."""

    numbers: frozenset[int] = frozenset()
    codes: frozenset[int] = frozenset()  # task and criterion codes: 1.2 before 1.10

    def cells(self, r: R) -> tuple[str, ...]:
        raise NotImplementedError

    def number(self, r: R, col: int) -> float:
        return 0.0

    def color(self, r: R) -> QColor | None:
        return None

    def tooltip(self, r: R, col: int) -> str:
        return self.cells(r)[col]

    def sort_key(self, r: R, col: int) -> Any:
        if col in self.numbers:
            return self.number(r, col)
        text = self.cells(r)[col]
        return natural_code_key(text) if col in self.codes else collation_key(text)

    def haystack(self, row: int) -> str:
        return fold(" ".join(self.cells(self._rows[row])))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(r)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(r, col)
        if role == SortKeyRole:
            return self.sort_key(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.numbers:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(r)
        return None


class SubmissionTableModel(_Table[SubmissionRow]):
    columns = (
        "Cơ quan, đơn vị",
        "Tình hình nộp",
        "Ngày nhận",
        "Số nhiệm vụ",
        "Hoàn thành",
        "Tỷ lệ",
        "Có kiểm chứng",
        "Chữ ký số",
    )
    numbers = frozenset({2, 3, 4, 5, 6})
    require_signed = False  # the focal point's setting: a report not validly signed is marked

    def cells(self, r: SubmissionRow) -> tuple[str, ...]:
        reported = bool(r.tasks)
        sign = signature_cell(r.signature, self.require_signed) if r.state != "missing" else ""
        return (
            r.agency,
            STATE_LABELS[r.state],
            f"{r.received_at:%d/%m/%Y %H:%M}" if r.received_at else "",
            str(r.tasks) if reported else "",
            str(r.done) if reported else "",
            _percent(r.done, r.tasks),
            str(r.with_evidence) if reported else "",
            sign,
        )

    def number(self, r: SubmissionRow, col: int) -> float:
        if col == 2:
            return r.received_at.timestamp() if r.received_at else 0.0
        return float((0, 0, 0, r.tasks, r.done, r.completion, r.with_evidence, 0)[col])

    def tooltip(self, r: SubmissionRow, col: int) -> str:
        """The signature's cell says why it is not valid, and when it was signed."""
        text = self.cells(r)[col]
        if col != 7 or not r.signature:
            return text
        reason, when = r.signature.get("reason", ""), r.signature.get("signed_at", "")
        extra = [f"lý do: {reason}"] if reason else []
        extra += [f"ký lúc {fmt_stamp(when)}"] if when else []
        return f"{text}; {'; '.join(extra)}" if extra else text

    def color(self, r: SubmissionRow) -> QColor | None:
        status = (r.signature or {}).get("status")
        if r.state != "missing" and (status == "invalid" or (self.require_signed and status != "valid")):
            return STATE_COLORS.get("late")  # marked: received, but its signature is not what it must be
        return STATE_COLORS.get(r.state)


class GroupTableModel(_Table[GroupRow]):
    columns = ("Chỉ số, lĩnh vực", "Số cơ quan", "Số nhiệm vụ", "Hoàn thành", "Tỷ lệ", "Có kiểm chứng")
    numbers = frozenset({1, 2, 3, 4, 5})

    def cells(self, r: GroupRow) -> tuple[str, ...]:
        return (
            r.label,
            str(r.agencies),
            str(r.tasks),
            str(r.done),
            _percent(r.done, r.tasks),
            str(r.with_evidence),
        )

    def number(self, r: GroupRow, col: int) -> float:
        return float((0, r.agencies, r.tasks, r.done, r.completion, r.with_evidence)[col])

    def __init__(self) -> None:
        super().__init__()
        self._bold = QFont()  # made once: data() runs for every cell on every repaint
        self._bold.setBold(True)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self._rows[index.row()].kind == "index":
            return self._bold
        return super().data(index, role)


class AgencyTaskTableModel(_Table[AgencyTask]):
    columns = ("Cơ quan, đơn vị", "Mã", "Nhiệm vụ", "Chỉ số", "Lĩnh vực", "Trạng thái", "Tỷ lệ", "Thời hạn", "Tài liệu")
    numbers = frozenset({6, 7, 8})
    codes = frozenset({1})

    def cells(self, r: AgencyTask) -> tuple[str, ...]:
        status = STATUS_LABELS.get(r.status, NOT_REPORTED)
        return (
            r.agency,
            r.code,
            r.content,
            FRAMEWORK_NAMES.get(r.framework, r.framework),
            r.match or r.field,  # a task not in our plan says so where its lĩnh vực would be
            f"{status} (quá hạn)" if r.overdue else status,
            f"{r.percent}%" if r.percent is not None else "",
            fmt_date(r.due_date),
            str(r.evidence) if r.evidence else "chưa có",
        )

    def number(self, r: AgencyTask, col: int) -> float:
        if col == 7:
            return float(r.due_date.toordinal()) if r.due_date else 0.0
        return float(r.percent or 0) if col == 6 else float(r.evidence)

    def color(self, r: AgencyTask) -> QColor | None:
        return STATE_COLORS["missing"] if r.overdue else None


class CriterionGapTableModel(_Table[CriterionGap]):
    columns = ("Cơ quan, đơn vị", "Chỉ số", "Tiêu chí", "Tên tiêu chí", "Điểm tự chấm")
    numbers = frozenset({4})
    codes = frozenset({2})

    def cells(self, r: CriterionGap) -> tuple[str, ...]:
        score = fmt_number(r.score) if r.score is not None else ""
        return (r.agency, FRAMEWORK_NAMES.get(r.framework, r.framework), r.code, r.name, score)

    def number(self, r: CriterionGap, col: int) -> float:
        return r.score or 0.0


class ReceivedEvidenceTableModel(_Table[ReceivedEvidence]):
    columns = (
        "Ký hiệu",
        "Tên tệp",
        "Loại",
        "Số ký hiệu",
        "Ngày ban hành",
        "Cơ quan ban hành",
        "Trích yếu",
        "Gắn với",
        "Dung lượng",
    )
    numbers = frozenset({8})

    def sort_key(self, r: ReceivedEvidence, col: int) -> Any:
        return r.issued_on if col == 4 else super().sort_key(r, col)  # ISO in the manifest: sorts as a date

    def cells(self, r: ReceivedEvidence) -> tuple[str, ...]:
        issued = r.issued_on
        if len(issued) == 10 and issued[4] == "-":  # ISO in the manifest, shown the Vietnamese way
            issued = f"{issued[8:10]}/{issued[5:7]}/{issued[0:4]}"
        return (
            r.ref,
            r.original_name,
            DOC_TYPES.get(r.doc_type, r.doc_type),
            r.number,
            issued,
            r.issuer,
            r.summary,
            r.linked_to,
            fmt_size(r.size),
        )

    def number(self, r: ReceivedEvidence, col: int) -> float:
        return float(r.size)


class OverviewProxy(QSortFilterProxyModel):
    """Accent-insensitive search, optional submission-state and agency-group filters, sorting on each model's
    sort keys."""

    def __init__(self, model: _Table[Any]) -> None:
        super().__init__()
        self.setSourceModel(model)
        self._table = model
        self._phrase = ""
        self._state = ""
        self._group = ""

    def set_group(self, level: str) -> None:
        self.beginFilterChange()
        self._group = level
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._phrase = " ".join(fold(text).split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: str) -> None:
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: ModelIndex) -> bool:  # noqa: N802
        row = self._table.row_at(source_row)
        if self._state and getattr(row, "state", self._state) != self._state:
            return False
        if self._group and getattr(row, "level", self._group) != self._group:
            return False
        return not self._phrase or self._phrase in self._table.haystack(source_row)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:  # noqa: N802
        return bool(left.data(SortKeyRole) < right.data(SortKeyRole))

    def row_at(self, proxy_row: int) -> Any:
        return self._table.row_at(self.mapToSource(self.index(proxy_row, 0)).row())


def read_only_table(
    proxy: OverviewProxy, widths: tuple[int, ...], stretch: int, sortable: bool = True, sort_column: int | None = 0
) -> QTableView:
    """A selectable, read-only view of a proxy with starting column widths; column `stretch` takes the room
    left. A sortable one starts sorted A to Z on `sort_column`, or in the model's own order when None."""
    view = QTableView()
    view.setModel(proxy)
    if sortable:
        view.setSortingEnabled(True)  # this sorts at once, by the header's default indicator: Z to A
        view.sortByColumn(-1 if sort_column is None else sort_column, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
