"""The dashboard's figures for one period: tasks by status per index and lĩnh vực, deadlines, evidence coverage.

Computed from the same task rows the task table shows, so a click on a bar lands on exactly those tasks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from db.enums import Status
from desktop.core.records import DONE_STATUSES, TaskRow

NO_FRAMEWORK = ""


def status_of(row: TaskRow) -> str:
    return row.status or Status.NOT_STARTED


SETTLED = DONE_STATUSES | {Status.CANNOT}  # a task in these is never overdue


def overdue_on(due_date: date | None, status: str | None, today: date) -> bool:
    """Past its due date and neither done nor declared impossible."""
    return due_date is not None and due_date < today and (status or Status.NOT_STARTED) not in SETTLED


def is_overdue(row: TaskRow, today: date) -> bool:
    return overdue_on(row.due_date, row.status, today)


def is_due_soon(row: TaskRow, today: date, days: int = 30) -> bool:
    return (
        row.due_date is not None
        and today <= row.due_date <= today + timedelta(days=days)
        and status_of(row) not in DONE_STATUSES
    )


def due_counts(rows: list[TaskRow], today: date, days: int) -> tuple[int, int]:
    """(overdue, due within `days`) in one pass: the strip above the task table counts 50,000 rows with it on
    the UI thread, so the tests of `is_overdue` and `is_due_soon` are written out here."""
    last = today + timedelta(days=days)
    overdue = soon = 0
    for r in rows:
        due = r.due_date
        if due is None:
            continue
        status = r.status or Status.NOT_STARTED
        if due < today:
            overdue += status not in SETTLED
        elif due <= last:
            soon += status not in DONE_STATUSES
    return overdue, soon


@dataclass
class Dashboard:
    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_framework: dict[str, Counter[str]] = field(default_factory=dict)
    by_field: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0
    with_evidence: int = 0
    done_without_evidence: int = 0
    criteria_total: int = 0
    criteria_with_evidence: int = 0

    @property
    def task_coverage(self) -> float:
        return self.with_evidence / self.total if self.total else 0.0

    @property
    def criteria_coverage(self) -> float:
        return self.criteria_with_evidence / self.criteria_total if self.criteria_total else 0.0


def summarize(rows: list[TaskRow], today: date) -> Dashboard:
    d = Dashboard(total=len(rows))
    for r in rows:
        status = status_of(r)
        d.by_status[status] += 1
        d.by_framework.setdefault(r.framework, Counter())[status] += 1
        if r.framework:
            d.by_field.setdefault((r.framework, r.field_code), Counter())[status] += 1
        if is_overdue(r, today):
            d.overdue += 1
        elif is_due_soon(r, today):
            d.due_soon += 1
        if r.evidence_count:
            d.with_evidence += 1
        elif status in DONE_STATUSES:
            d.done_without_evidence += 1
    return d
