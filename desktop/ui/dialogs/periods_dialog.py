"""«Kỳ báo cáo»: a province's own data windows and due dates, and ad hoc (đột xuất) periods."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.periods import ADHOC, PeriodRow
from desktop.ui.dialogs.buttons import error_label
from desktop.ui.ops import error_message

# (code, name, start, end, due, dialog): saves, then calls dialog.saved(periods) or dialog.refused(error)
SaveFn = Callable[[str, str, date, date, date, "PeriodsDialog"], None]
AddFn = Callable[[str, date, date, date, "PeriodsDialog"], None]
HEADERS = ("Mã kỳ", "Tên kỳ", "Số liệu từ", "đến", "Hạn báo cáo")


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PeriodsDialog(QDialog):
    def __init__(self, periods: list[PeriodRow], on_save: SaveFn, on_add: AddFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kỳ báo cáo")
        self.resize(720, 520)
        self._on_save = on_save
        self._on_add = on_add
        self._before: set[str] = set()
        self._saving: str | None = None
        self.changed = False
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.name = QLineEdit()
        self.start, self.end, self.due = _date_edit(), _date_edit(), _date_edit()
        self.save_button = QPushButton("Lưu")
        self.new_button = QPushButton("Kỳ đột xuất mới")
        self.new_button.setToolTip("Nhập tên và các ngày của kỳ báo cáo đột xuất rồi bấm Lưu")
        self._new = False
        self.error = error_label()
        self.box = box = QGroupBox("Kỳ đang chọn")
        form = QFormLayout(box)
        form.addRow("Tên kỳ:", self.name)
        form.addRow("Số liệu từ ngày:", self.start)
        form.addRow("Đến ngày:", self.end)
        form.addRow("Hạn gửi báo cáo:", self.due)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        form.addRow(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save_button.clicked.connect(self._save)
        self.new_button.clicked.connect(self.start_new)
        self._periods: list[PeriodRow] = []
        self.set_periods(periods)

    def set_periods(self, periods: list[PeriodRow], select: str | None = None) -> None:
        self._periods = periods
        self.table.setRowCount(len(periods))
        for r, p in enumerate(periods):
            cells = (p.code, p.name, f"{p.window_start:%d/%m/%Y}", f"{p.window_end:%d/%m/%Y}", f"{p.due_date:%d/%m/%Y}")
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        codes = [p.code for p in periods]
        if periods:
            self.table.selectRow(codes.index(select) if select in codes else 0)

    def selected(self) -> PeriodRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._periods[rows[0].row()] if rows else None

    def select_code(self, code: str) -> None:
        codes = [p.code for p in self._periods]
        self.table.selectRow(codes.index(code))

    def _selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        self._new = False
        self.box.setTitle(f"Kỳ {p.code}")
        self.name.setText(p.name)
        # Standard periods keep their legal name; only ad hoc ones are renamed here.
        self.name.setReadOnly(p.kind != ADHOC)
        self.start.setDate(_qdate(p.window_start))
        self.end.setDate(_qdate(p.window_end))
        self.due.setDate(_qdate(p.due_date))
        self._say("")

    def start_new(self) -> None:
        """An empty form for an ad hoc period: today's month as its window, due two weeks later."""
        self.table.clearSelection()
        self._new = True
        self.box.setTitle("Kỳ báo cáo đột xuất mới")
        self.name.setReadOnly(False)
        self.name.clear()
        self.name.setPlaceholderText("Ví dụ: Báo cáo chuyên đề một cửa")
        today = QDate.currentDate()
        self.start.setDate(QDate(today.year(), today.month(), 1))
        self.end.setDate(today)
        self.due.setDate(today.addDays(14))
        self.name.setFocus()
        self._say("")

    def _dates(self) -> tuple[date, date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date()), _pydate(self.due.date())

    def _save(self) -> None:
        """Saved off the UI thread; `saved` or `refused` comes back with the outcome."""
        self._before = {x.code for x in self._periods}
        p = self.selected()
        self._saving = p.code if p else None
        if self._new:
            self._on_add(self.name.text(), *self._dates(), self)
        elif p is not None:
            self._on_save(p.code, self.name.text(), *self._dates(), self)
        else:
            return
        self.save_button.setEnabled(False)

    def saved(self, periods: list[PeriodRow]) -> None:
        self.save_button.setEnabled(True)
        self.changed = True
        added = [x.code for x in periods if x.code not in self._before]
        self.set_periods(periods, added[0] if added else self._saving)
        self._say(f"Đã lưu kỳ {added[0]}." if added else "Đã lưu.")

    def refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._say(error_message(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.error.setStyleSheet(f"color: {'#b3261e' if error else '#1b5e20'}")
        self.error.setText(text)
