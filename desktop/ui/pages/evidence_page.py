"""Tài liệu kiểm chứng: every stored evidence item, its details, and the explicit clean-up of unused files."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.ui.columns import ColumnChooser
from desktop.ui.empty_state import EmptyState
from desktop.ui.evidence_model import COLUMNS, EvidenceFilterProxy, EvidenceTableModel
from desktop.ui.file_drop import FileDropTable
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from desktop.core.evidence import EvidenceRow


TABLE_NAME = "evidence"  # its columns, in the preferences


class EvidencePage(ObserverPage):
    watches = Change.STORE | Change.EVIDENCE
    add_requested = Signal(list)  # paths; empty = choose
    edit_requested = Signal(object)  # EvidenceRow
    open_requested = Signal(int)  # evidence id
    delete_requested = Signal(object)  # EvidenceRow
    cleanup_requested = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.model = EvidenceTableModel()
        self.proxy = EvidenceFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên tệp, số ký hiệu, cơ quan, trích yếu (không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.unlinked = QCheckBox("Chỉ tài liệu chưa gắn")
        self.unlinked.setToolTip("Chỉ hiện tài liệu chưa gắn với nhiệm vụ hay tiêu chí nào")
        self.table = FileDropTable()
        self.table.setModel(self.proxy)
        # No sort indicator at first (the header's default would sort Z to A): the order the data comes in.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, width in enumerate((260, 80, 120, 100, 180, 280, 80, 140)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the trích yếu
        # The file, its number and summary and what it proves always; the type and size when asked for.
        self.columns = ColumnChooser(self.table, COLUMNS, (0, 2, 5, 7), (1, 6), self._columns_changed)
        self.empty = EmptyState(
            self.table,
            "Chưa có tài liệu kiểm chứng nào. Hãy kéo thả tệp (văn bản, ảnh, biên bản) vào đây hoặc bấm "
            "<b>Thêm tài liệu…</b>; gắn tài liệu với nhiệm vụ ở trang «Việc của tôi».",
        )
        self.count_label = QLabel()
        self.add_button = QPushButton("Thêm tài liệu…")
        self.add_button.setToolTip("Chọn tệp làm tài liệu kiểm chứng (hoặc kéo thả tệp vào bảng)")
        self.edit_button = QPushButton("Sửa thông tin…")
        self.edit_button.setToolTip("Sửa số, ký hiệu, ngày ban hành, cơ quan ban hành, trích yếu của tài liệu đã chọn")
        self.open_button = QPushButton("Mở")
        self.open_button.setToolTip("Mở tài liệu đã chọn bằng chương trình của máy")
        self.delete_button = QPushButton("Xoá tài liệu")
        self.delete_button.setToolTip("Xoá tài liệu đã chọn khỏi kho (khi không còn gắn với nhiệm vụ, tiêu chí nào)")
        self.cleanup_button = QPushButton("Dọn tệp không dùng…")
        self.cleanup_button.setToolTip("Xoá khỏi kho các tệp không thuộc tài liệu nào (hỏi trước khi xoá)")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.unlinked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.columns.button())
        for b in (self.add_button, self.edit_button, self.open_button, self.delete_button, self.cleanup_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Kho tài liệu kiểm chứng</b> — kéo thả tệp vào bảng để thêm."))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)

        self.search.textChanged.connect(self._filter)
        self.unlinked.toggled.connect(self._filter)
        self.table.files_dropped.connect(lambda _row, paths: self.add_requested.emit(paths))
        self.add_button.clicked.connect(lambda: self.add_requested.emit([]))
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested.emit))
        self.open_button.clicked.connect(lambda: self._emit(lambda row: self.open_requested.emit(row.id)))
        self.table.doubleClicked.connect(lambda _i: self._emit(lambda row: self.open_requested.emit(row.id)))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested.emit))
        self.cleanup_button.clicked.connect(self.cleanup_requested.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def refresh(self, changes: Changes) -> None:
        from desktop.core.evidence import list_evidence

        if changes.touches(Change.STORE) and TABLE_NAME in self.state.prefs.hidden_columns:
            self.columns.show_hidden(self.state.prefs.hidden_columns[TABLE_NAME])
        self.state.query(list_evidence, self.set_rows)

    def _columns_changed(self, hidden: list[str]) -> None:
        self.state.prefs.hidden_columns[TABLE_NAME] = hidden

    def set_rows(self, rows: list[EvidenceRow]) -> None:
        self.model.set_rows(rows)
        self._filter()

    def _filter(self) -> None:
        self.proxy.set_search(self.search.text(), self.unlinked.isChecked())
        total = sum(r.size for r in self.model.rows)
        self.count_label.setText(
            f"{self.proxy.rowCount()} / {self.model.rowCount()} tài liệu, tổng {total / (1 << 20):.1f} MB".replace(
                ".", ","
            )
        )
        self._update_buttons()

    def current(self) -> EvidenceRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def _emit(self, send: Callable[[EvidenceRow], None]) -> None:
        row = self.current()
        if row is not None:
            send(row)

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        for b in (self.edit_button, self.open_button, self.delete_button):
            b.setEnabled(chosen)
