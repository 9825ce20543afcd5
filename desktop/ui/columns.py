"""Which columns a table shows: the essential ones always, the others as the user chose (right-click the header,
or the «Cột…» button), remembered in the preferences of the data directory. The defaults leave out what a
1366-pixel laptop has no room for."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QToolButton


class ColumnChooser(QObject):
    def __init__(
        self,
        table: QTableView,
        titles: Sequence[str],
        essential: Sequence[int],
        hidden_by_default: Sequence[int],
        on_change: Callable[[list[str]], None] = lambda _hidden: None,
    ) -> None:
        super().__init__(table)
        self._table = table
        self._titles = list(titles)
        self._essential = set(essential)
        self._on_change = on_change
        self.menu = QMenu(table)
        self._actions: list[QAction] = []
        for column, title in enumerate(self._titles):
            action = QAction(title, self.menu)
            action.setCheckable(True)
            action.setEnabled(column not in self._essential)  # always shown: the table means nothing without it
            action.toggled.connect(lambda shown, c=column: self._toggled(c, shown))
            self.menu.addAction(action)
            self._actions.append(action)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        header.setToolTip("Bấm chuột phải vào tiêu đề cột để chọn cột hiển thị")
        self.show_hidden([self._titles[c] for c in hidden_by_default])

    def button(self) -> QToolButton:
        """A «Cột…» button opening the same menu."""
        button = QToolButton()
        button.setText("Cột…")
        button.setToolTip("Chọn các cột hiển thị trong bảng")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(self.menu)
        return button

    def show_hidden(self, hidden_titles: Sequence[str]) -> None:
        """Hide exactly these columns (by title: the column order may change between versions)."""
        hidden = set(hidden_titles)
        for column, action in enumerate(self._actions):
            shown = column in self._essential or self._titles[column] not in hidden
            action.blockSignals(True)
            action.setChecked(shown)
            action.blockSignals(False)
            self._table.setColumnHidden(column, not shown)

    def hidden(self) -> list[str]:
        return [t for c, t in enumerate(self._titles) if self._table.isColumnHidden(c)]

    def _toggled(self, column: int, shown: bool) -> None:
        self._table.setColumnHidden(column, not shown)
        self._on_change(self.hidden())

    def _show_menu(self, pos: QPoint) -> None:
        self.menu.popup(self._table.horizontalHeader().mapToGlobal(pos))
