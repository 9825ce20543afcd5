"""The application's state in one place, and the one way the GUI reaches the database.

`AppState` holds the open data directory, today, the chosen period, the agency, the plans and the loaded task
rows. After every change it emits `changed` with a `Changes` saying what changed (Anki's `OpChanges` is the
model); pages observe it and refresh themselves, so no page reads another page's widgets.

`query`, `write` and `run` hand the work to the op runner: off the UI thread, one at a time, with one error
policy. A write that waits for another process's lock therefore waits in the worker, never in the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Flag, auto
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.core.preferences import Preferences, load_preferences, save_preferences
from desktop.core.progress import CancelToken, ProgressFn
from desktop.ui.ops import OpRunner

if TYPE_CHECKING:
    from datetime import date

    from db.store import DbSession, Store
    from desktop.core.catalog import CatalogFramework
    from desktop.core.records import PlanRow, TaskRow

T = TypeVar("T")


class Change(Flag):
    NONE = 0
    STORE = auto()  # a data directory was opened (or reopened after a restore)
    AGENCY = auto()
    PLANS = auto()
    TASKS = auto()  # tasks added, edited or removed
    PERIODS = auto()  # the list of periods or their dates
    PERIOD = auto()  # the chosen period
    ROWS = auto()  # the loaded task rows: all of them, or those in `Changes.task_ids`
    PROGRESS = auto()
    EVIDENCE = auto()
    SCORES = auto()
    BUNDLES = auto()  # bundles received
    INDICES = auto()  # a province's criteria set imported or updated (the catalog and the scoring page)


# Changes after which the plans, the periods and every task row are read again.
RELOAD = Change.STORE | Change.AGENCY | Change.PLANS | Change.TASKS | Change.PERIODS | Change.PERIOD | Change.INDICES


# The small records below are NamedTuples rather than dataclasses: they are made when the window is, and the
# dataclass machinery (importing it, then generating each class's methods) cost 6 ms of start-up.
class Changes(NamedTuple):
    what: Change
    task_ids: frozenset[int] = frozenset()

    def touches(self, flags: Change) -> bool:
        return bool(self.what & flags)

    @property
    def all_rows(self) -> bool:
        return self.touches(Change.ROWS) and not self.task_ids

    def merged(self, other: Changes) -> Changes:
        """Both changes at once; some rows and all rows make all rows."""
        ids = frozenset() if self.all_rows or other.all_rows else self.task_ids | other.task_ids
        return Changes(self.what | other.what, ids)


class TaskView(NamedTuple):
    """What the task page should show when another page sends the user there. `reset` clears the search,
    the plan and the deadline window first; None leaves a filter as it is."""

    reset: bool = False
    role: str | None = None
    plan_id: int | None = None
    framework: str | None = None
    field_code: str | None = None
    status: str | None = None
    window: str | None = None


class UndoStep(NamedTuple):
    """A deletion made in this session that Ctrl+Z undoes: its audit entry and what was done («xoá tiến độ
    nhiệm vụ 1.3.1 kỳ Quý III/2025»), for the menu's «Hoàn tác: …»."""

    audit_id: int
    what: str


class _Loaded(NamedTuple):
    periods: list[tuple[str, str]]
    period_code: str
    period_due: date | None
    missing_reports: int | None
    plans: list[PlanRow]
    rows: list[TaskRow]
    agency_text: str
    has_profile: bool
    catalog: list[CatalogFramework] | None
    fields: dict[str, list[tuple[str, str]]] | None


class AppState(QObject):
    changed = Signal(object)  # Changes
    message = Signal(str, int)  # a status-bar line and how long to show it (ms)
    tasks_requested = Signal(object)  # TaskView
    undo_changed = Signal()  # a deletion was made or undone: the «Hoàn tác» entry shows the newest

    def __init__(self, ops: OpRunner, today: date | None = None) -> None:
        super().__init__(ops)
        self.ops = ops
        self.store: Store | None = None
        self._today: date | None = today
        self.period_code = ""
        self.period_due: date | None = None
        self.missing_reports: int | None = None  # at a focal point: agencies that have not reported for the period
        self.prefs = Preferences()
        self.periods: list[tuple[str, str]] = []
        self.plans: list[PlanRow] = []
        self.rows: list[TaskRow] = []
        self.agency_text = "Đang mở dữ liệu…"
        self.has_profile = False
        self.catalog: list[CatalogFramework] = []
        self.fields: dict[str, list[tuple[str, str]]] = {}
        self.selected_plan_id: int | None = None  # the plan chosen on the Kế hoạch page
        self.loaded = False  # rows have been read at least once since the store was attached
        self.undo_steps: list[UndoStep] = []  # this session's deletions, newest last

    @property
    def today(self) -> date:
        """The day the app was started on (or the one a test gives): fixed for the session."""
        if self._today is None:
            from datetime import date  # here: `datetime` costs 1.3 ms, and nothing asks before the data loads

            self._today = date.today()
        return self._today

    # -- the data directory
    def attach(self, store: Store) -> None:
        self.store = store
        self.loaded = False
        self.undo_steps = []  # another data directory (or a restored backup): nothing of this session applies
        self.undo_changed.emit()
        self.prefs = load_preferences(store.data_dir)
        self.apply(Changes(Change.STORE))

    def save_preferences(self, page: str) -> None:
        """The page, the period and what the pages put in `prefs`, for the next start (not on a read-only stick)."""
        if self.store is not None:
            self.prefs.page, self.prefs.period_code = page, self.period_code
            save_preferences(self.store.data_dir, self.prefs)

    def detach(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = None

    @property
    def period_label(self) -> str:
        return next((label for code, label in self.periods if code == self.period_code), self.period_code)

    # -- database work, always through the op runner
    def query(
        self,
        read: Callable[[DbSession], T],
        then: Callable[[T], None],
        title: str = "",
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Read in a worker; `then` gets the result on the UI thread. Queued behind a running operation."""
        store = self.store
        if store is None:
            return

        def work(progress: ProgressFn, _cancel: CancelToken) -> T:
            if title:
                progress(0, 0, title + "…")
            with store.session() as s:
                return read(s)

        self.ops.run(
            title or "Đang đọc dữ liệu", work, then, on_failure=on_failure, show_dialog=bool(title), queue=True
        )

    def write(
        self,
        change: Callable[[DbSession], T],
        changes: Changes | Change,
        then: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        title: str = "",
    ) -> None:
        """One transaction in a worker (it waits there for another writer's lock); then `changes` are applied."""
        store = self.store
        if store is None:
            return

        def work(_progress: ProgressFn, _cancel: CancelToken) -> T:
            with store.session(write=True) as s:
                return change(s)

        self.run(title or "Đang lưu", work, then, changes, on_failure=on_failure, show_dialog=bool(title), queue=True)

    def run(
        self,
        title: str,
        work: Callable[[ProgressFn, CancelToken], T],
        then: Callable[[T], None] | None,
        changes: Changes | Change | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        show_dialog: bool = True,
        queue: bool = False,
        changes_on_failure: bool = False,
    ) -> bool:
        """A long core operation with progress and Cancel; `changes` are applied after it (also after a failure
        when `changes_on_failure`: a cancelled import keeps what it committed)."""

        def done(result: T) -> None:
            if then is not None:
                then(result)
            if changes is not None:
                self.apply(changes)

        def failed(exc: BaseException) -> None:
            if on_failure is not None:
                on_failure(exc)
            else:
                from desktop.ui.ops import show_error

                show_error(self.ops.parent_widget, exc)
            if changes is not None and changes_on_failure:
                self.apply(changes)

        return self.ops.run(title, work, done, on_failure=failed, show_dialog=show_dialog, queue=queue)

    # -- telling the pages
    def apply(self, changes: Changes | Change) -> None:
        """Bring the state up to date with `changes`, then tell the observers."""
        if isinstance(changes, Change):
            changes = Changes(changes)
        if changes.touches(RELOAD):
            self._reload(changes)
        elif changes.task_ids and changes.touches(Change.PROGRESS | Change.EVIDENCE):
            self._refresh_rows(changes)
        elif changes.touches(Change.BUNDLES):
            self._refresh_missing(changes)
        else:
            self.changed.emit(changes)

    def _refresh_missing(self, changes: Changes) -> None:
        """Bundles arrived: who has still not reported for the period, then the pages are told."""
        code = self.period_code

        def read(s: DbSession) -> int | None:
            from desktop.core.bundle.submissions import missing_reports

            return missing_reports(s, code) if code else None

        def refreshed(missing: int | None) -> None:
            self.missing_reports = missing
            self.changed.emit(changes)

        self.query(read, refreshed)

    def choose_period(self, code: str) -> None:
        if code and code != self.period_code:
            self.period_code = code
            self.apply(Change.PERIOD)

    def request_tasks(self, view: TaskView) -> None:
        self.tasks_requested.emit(view)

    def say(self, text: str, ms: int = 5000) -> None:
        self.message.emit(text, ms)

    def _reload(self, changes: Changes) -> None:
        chosen = self.period_code or self.prefs.period_code  # the period left open last time, at start
        today, with_catalog = self.today, changes.touches(Change.STORE | Change.INDICES)

        def read(s: DbSession) -> _Loaded:
            from desktop.core.agencies import get_profile
            from desktop.core.agency_names import LEVEL_LABELS
            from desktop.core.bundle.submissions import missing_reports
            from desktop.core.catalog import catalog_tree, top_fields
            from desktop.core.periods import current_period, ensure_year, list_periods, plan_years
            from desktop.core.plans import list_plan_rows
            from desktop.core.tasks import load_task_rows

            for year in {today.year, *plan_years(s)}:
                ensure_year(s, year)
            rows_of_periods = list_periods(s)
            periods = [(p.code, p.label) for p in rows_of_periods]
            codes = {c for c, _ in periods}
            code = chosen if chosen in codes else current_period(s, today).code
            period = next(p for p in rows_of_periods if p.code == code)
            profile = get_profile(s)
            text = (
                f"Cơ quan: {profile.agency.name} ({LEVEL_LABELS[profile.agency.level]})"
                if profile
                else "Chưa khai báo cơ quan — menu Cơ quan › Cơ quan của tôi…"
            )
            rows = load_task_rows(s, period_id=period.id, search=False)  # search texts: tasks_page
            return _Loaded(
                periods=periods,
                period_code=code,
                period_due=period.due_date,
                missing_reports=missing_reports(s, code),
                plans=list_plan_rows(s),
                rows=rows,
                agency_text=text,
                has_profile=profile is not None,
                catalog=catalog_tree(s) if with_catalog else None,
                fields=top_fields(s) if with_catalog else None,
            )

        def loaded(data: _Loaded) -> None:
            self.periods, self.period_code, self.plans, self.rows = (
                data.periods,
                data.period_code,
                data.plans,
                data.rows,
            )
            self.period_due, self.missing_reports = data.period_due, data.missing_reports
            self.agency_text, self.has_profile = data.agency_text, data.has_profile
            if data.catalog is not None:
                self.catalog = data.catalog
            if data.fields is not None:
                self.fields = data.fields
            self.loaded = True
            self.changed.emit(Changes(changes.what | Change.ROWS))

        self.query(read, loaded, title="Đang tải danh sách nhiệm vụ")

    def _refresh_rows(self, changes: Changes) -> None:
        """One task's progress or evidence changed: update its row in place instead of reading 50,000."""
        code, ids = self.period_code, changes.task_ids

        def read(s: DbSession) -> dict[int, tuple[str | None, int | None, int]]:
            from desktop.core.task_progress import task_state

            return {task_id: task_state(s, task_id, code) for task_id in ids}

        def refreshed(states: dict[int, tuple[str | None, int | None, int]]) -> None:
            for row in self.rows:
                if row.id in states:
                    row.status, row.percent, row.evidence_count = states[row.id]
            self.changed.emit(Changes(changes.what | Change.ROWS, ids))

        self.query(read, refreshed)

    # -- undo
    def deleted(self, audit_id: int, what: str) -> None:
        """A deletion went through: Ctrl+Z can undo it (and the list of deleted items can, later)."""
        self.undo_steps.append(UndoStep(audit_id, what))
        self.undo_changed.emit()
        self.say(f"Đã {what}. Nhấn Ctrl+Z để hoàn tác.", 10000)

    def take_undo(self) -> UndoStep | None:
        step = self.undo_steps.pop() if self.undo_steps else None
        self.undo_changed.emit()
        return step

    def forget_undo(self, audit_id: int) -> None:
        """Restored another way (the list of deleted items): Ctrl+Z no longer offers it."""
        self.undo_steps = [step for step in self.undo_steps if step.audit_id != audit_id]
        self.undo_changed.emit()

    def has_mine(self) -> bool:
        return any(r.my_role is not None for r in self.rows)
