"""The task table's work that is too long for the UI thread at 50,000 rows: a column's Vietnamese sort keys
(asked for by the first sort by that column) and a load's search texts (made once the rows show, or at once
when a search needs them). Both are Qt-free, run in a worker and are dropped if the rows changed meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from desktop.core.progress import CancelToken, ProgressFn
from desktop.ui.task_model import TaskFilterProxy, TaskTableModel, ordered

# AppState.run: (title, work, then, changes, on_failure, show_dialog, queue) — only these are used here.
Run = Callable[..., bool]


class TableWork:
    def __init__(
        self, run: Run, model: TaskTableModel, proxy: TaskFilterProxy, show_busy: Callable[[str], None]
    ) -> None:
        self._run = run
        self._model = model
        self._proxy = proxy
        self._show_busy = show_busy  # the count label: what the table is busy with, or "" for the count
        self._search_asked = -1  # the load whose search texts a worker is making

    def sort_keys(self, column: int, order: Qt.SortOrder) -> None:
        """The first sort by a column: its keys and order made in a worker; then the table sorts with them
        (tens of milliseconds)."""
        model, proxy = self._model, self._proxy
        rows, generation = list(model.rows), model.generation
        self._show_busy("Đang sắp xếp…")

        def work(_progress: ProgressFn, _cancel: CancelToken) -> tuple[list[Any], list[int]]:
            keys = TaskTableModel.keys_of(rows, column)
            return keys, ordered(keys)

        def sorted_(made: tuple[list[Any], list[int]]) -> None:
            model.keep_sort_keys(column, *made, generation)
            self._show_busy("Đang tìm…" if proxy.searching else "")
            if proxy.sort_column() == column:  # still the user's choice: sort (again, if rows changed)
                proxy.sort(column, order)

        self._run("Đang sắp xếp", work, sorted_, show_dialog=False, queue=True)

    def search_texts(self) -> None:
        """The rows' search texts, once per load; a search typed meanwhile waits for them («Đang tìm…»)."""
        model, proxy = self._model, self._proxy
        loads = model.loads
        if model.haystacks is not None or self._search_asked == loads:
            return
        self._search_asked = loads
        rows = list(model.rows)

        def work(_progress: ProgressFn, _cancel: CancelToken) -> list[str]:
            return TaskTableModel.haystacks_of(rows)

        def made(hay: list[str]) -> None:
            if model.keep_haystacks(hay, loads) and proxy.searching:
                proxy.refilter()

        self._run("Đang chuẩn bị tìm kiếm", work, made, show_dialog=False, queue=True)
