"""Reading tasks for display and export: one flat row per task with my role resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    Assignment,
    Criterion,
    EvidenceLink,
    Framework,
    Plan,
    ProgressEntry,
    Task,
    TaskCriterion,
)
from desktop.core.agencies import decode_groups, get_profile
from desktop.core.agency_names import GROUPS
from desktop.core.progress import YIELD_EVERY, let_others_run
from desktop.core.records import ROLE_LEAD, TaskRow, format_plan_label, search_text_of


@dataclass(frozen=True)
class Me:
    agency_id: int
    level: str
    parent_id: int | None

    def matches_raw(self, agency_id: int | None, group_code: str | None) -> bool:
        if agency_id is not None and agency_id == self.agency_id:
            return True
        return any(self.level in GROUPS[g][1] for g in decode_groups(group_code) if g in GROUPS)


def current_me(session: Session) -> Me | None:
    profile = get_profile(session)
    if profile is None:
        return None
    agency: Agency = profile.agency
    return Me(agency.id, agency.level, agency.parent_id)


def plan_label(plan: Plan) -> str:
    return format_plan_label(plan.number, plan.title, plan.id)


def raw_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """The statement's rows as sqlite3 returns them, fetched in one C call inside the session's transaction.
    SQLAlchemy's result rows cost ~2 µs each: 0.4 s of the 1.1 s that reading 50,000 tasks took. Values come
    as stored (dates as ISO text, booleans as 0/1)."""
    compiled = stmt.compile(dialect=conn.dialect)
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cursor.execute(str(compiled), params).fetchall())
    finally:
        cursor.close()


def load_task_rows(
    session: Session,
    mine: bool = False,
    plan_id: int | None = None,
    period_id: int | None = None,
    include_removed: bool = False,
    search: bool = True,
) -> list[TaskRow]:
    """Flat rows for every task (or one plan's), read with plain column queries: 50,000 tasks in ~1 s.

    With a period, each row also carries that period's status and percent. Tasks an amendment dropped are
    left out unless asked for (they are history, not work). Without `search` the rows come without their
    search texts (the window makes those in a second worker, so the table shows a third sooner).
    """
    me = current_me(session)
    fw_codes = {f.id: f.code for f in session.scalars(select(Framework))}
    crits = {c.id: (c.code, c.name, c.parent_id) for c in session.scalars(select(Criterion))}
    plans = {p.id: plan_label(p) for p in session.scalars(select(Plan))}

    def top_code(crit_id: int) -> str:
        code, _name, parent = crits[crit_id]
        while parent is not None and parent in crits:
            code, _name, parent = crits[parent]
        return code

    first_criterion: dict[int, int] = {}
    link_q = select(TaskCriterion.task_id, TaskCriterion.criterion_id)
    assign_q = select(
        Assignment.task_id, Assignment.role, Assignment.name_as_written, Assignment.agency_id, Assignment.group_code
    ).order_by(Assignment.task_id, Assignment.position)
    task_q = select(
        Task.id,
        Task.uuid,
        Task.plan_id,
        Task.code,
        Task.framework_id,
        Task.section,
        Task.criterion_text,
        Task.content,
        Task.deadline_text,
        Task.deadline_kind,
        Task.due_date,
        Task.recurring,
        Task.expected_output,
        Task.note,
        Task.parent_task_id,
        Task.removed_in,
    ).order_by(Task.plan_id, Task.position)
    if not include_removed:
        task_q = task_q.where(Task.removed_in.is_(None))
    if plan_id is not None:
        link_q = link_q.join(Task, Task.id == TaskCriterion.task_id).where(Task.plan_id == plan_id)
        assign_q = assign_q.join(Task, Task.id == Assignment.task_id).where(Task.plan_id == plan_id)
        task_q = task_q.where(Task.plan_id == plan_id)
    # Core execution: the ORM result machinery would add a second per 50,000 rows for plain columns.
    conn = session.connection()
    for task_id, crit_id in raw_rows(conn, link_q):
        first_criterion.setdefault(task_id, crit_id)
    leads: dict[int, list[str]] = {}
    partners: dict[int, list[str]] = {}
    roles: dict[int, str] = {}
    is_me: dict[tuple[int | None, str | None], bool] = {}  # few distinct (agency, groups) pairs
    for task_id, role, name, agency_id, groups in raw_rows(conn, assign_q):
        (leads if role == ROLE_LEAD else partners).setdefault(task_id, []).append(name)
        if me is None:
            continue
        pair = (agency_id, groups)
        mine_here = is_me.get(pair)
        if mine_here is None:
            mine_here = is_me[pair] = me.matches_raw(agency_id, groups)
        if mine_here and roles.get(task_id) != ROLE_LEAD:
            roles[task_id] = role
    progress: dict[int, tuple[str, int | None]] = {}
    if period_id is not None:
        progress_q = select(ProgressEntry.task_id, ProgressEntry.status, ProgressEntry.percent).where(
            ProgressEntry.period_id == period_id
        )
        progress = {tid: (status, pct) for tid, status, pct in conn.execute(progress_q)}
    evidence_q = (
        select(EvidenceLink.task_id, func.count(func.distinct(EvidenceLink.evidence_id)))
        .where(EvidenceLink.task_id.is_not(None))
        .group_by(EvidenceLink.task_id)
    )
    evidence_counts: dict[int, int] = {tid: n for tid, n in conn.execute(evidence_q)}
    rows: list[TaskRow] = []
    days: dict[str, date] = {}  # a province's tasks share a few hundred deadlines
    for (
        tid,
        uuid,
        pid,
        code,
        fw_id,
        section,
        crit_text,
        content,
        deadline_text,
        deadline_kind,
        due,
        recurring,
        output,
        note,
        parent_task_id,
        removed_in,
    ) in raw_rows(conn, task_q):
        role = roles.get(tid)
        if mine and role is None:
            continue
        crit_id = first_criterion.get(tid)
        crit = crits.get(crit_id) if crit_id is not None else None
        lead = tuple(leads.get(tid, ()))
        partner = tuple(partners.get(tid, ()))
        crit_code, crit_name = (crit[0], crit[1]) if crit else ("", "")
        row = TaskRow(
            id=tid,
            uuid=uuid,
            plan_id=pid,
            plan_label=plans.get(pid, ""),
            code=code,
            framework=fw_codes.get(fw_id or -1, ""),
            criterion_code=crit_code,
            criterion_name=crit_name,
            field_code=top_code(crit_id) if crit_id is not None and crit else "",
            section=section,
            criterion_text=crit_text,
            content=content,
            lead=lead,
            partners=partner,
            deadline_text=deadline_text,
            deadline_kind=deadline_kind,
            due_date=None if due is None else days.get(due) or days.setdefault(due, date.fromisoformat(due)),
            recurring=bool(recurring),
            expected_output=output,
            note=note,
            my_role=role,
            parent_task_id=parent_task_id,
            removed_in=removed_in,
        )
        if search:
            row.search_text = search_text_of(row)
        state = progress.get(tid)
        if state is not None:
            row.status, row.percent = state
        row.evidence_count = evidence_counts.get(tid, 0)
        rows.append(row)
        if len(rows) % YIELD_EVERY == 0:
            let_others_run()  # in the window this runs in a worker: the UI thread gets its turn
    return rows
