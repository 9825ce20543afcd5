"""The application state: what it loads, what a change says, and the rows it updates in place."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from db.store import DbSession, Store
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.ui.ops import OpRunner
from desktop.ui.state import AppState, Change, Changes

TODAY = date(2025, 10, 1)


def test_changes_merge_some_rows_and_all_rows() -> None:
    some = Changes(Change.PROGRESS | Change.ROWS, frozenset({1}))
    other = Changes(Change.EVIDENCE | Change.ROWS, frozenset({2}))
    assert some.merged(other) == Changes(Change.PROGRESS | Change.EVIDENCE | Change.ROWS, frozenset({1, 2}))
    everything = some.merged(Changes(Change.PERIOD | Change.ROWS))
    assert everything.all_rows and everything.touches(Change.PERIOD | Change.PROGRESS)
    assert not Changes(Change.SCORES).touches(Change.ROWS)


def test_the_state_loads_then_updates_one_row_after_a_write(sample_store: Store, qtbot: Any) -> None:
    parent = QWidget()
    state = AppState(OpRunner(parent), TODAY)
    seen: list[Changes] = []
    state.changed.connect(seen.append)

    state.attach(sample_store)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen[-1].touches(Change.STORE) and seen[-1].all_rows
    assert len(state.rows) == 124 and state.period_code == "2025-Y" and state.has_profile
    assert state.agency_text.startswith("Cơ quan: UBND xã Hòa An")
    assert "PAR_INDEX" in state.fields and state.catalog

    state.choose_period("2025-Q3")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=20000)
    assert seen[-1].touches(Change.PERIOD) and state.period_label == "Quý III năm 2025"

    task = next(r for r in state.rows if r.code == "1.3.1")
    before = list(state.rows)

    def change(s: DbSession) -> None:
        save_progress(s, task.id, "2025-Q3", ProgressFields("in_progress", 40, "Đang làm"))

    state.write(change, Changes(Change.PROGRESS, frozenset({task.id})))
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=20000)
    assert seen[-1] == Changes(Change.PROGRESS | Change.ROWS, frozenset({task.id}))
    assert state.rows == before and (task.status, task.percent) == ("in_progress", 40)  # in place, not reloaded
