"""Reading tasks for display and export: one flat row per task with my role resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Agency, Assignment, Criterion, Framework, Plan, Task
from desktop.core.agencies import decode_groups, get_profile
from desktop.core.agency_names import GROUPS

ROLE_LEAD = "lead"
ROLE_PARTNER = "partner"
ROLE_LABELS = {ROLE_LEAD: "Chủ trì", ROLE_PARTNER: "Phối hợp", None: ""}


@dataclass(frozen=True)
class Me:
    agency_id: int
    level: str
    parent_id: int | None

    def matches(self, a: Assignment) -> bool:
        if a.agency_id is not None and a.agency_id == self.agency_id:
            return True
        return any(self.level in GROUPS[g][1] for g in decode_groups(a.group_code) if g in GROUPS)


@dataclass(frozen=True)
class TaskRow:
    id: int
    uuid: str
    plan_id: int
    plan_label: str
    code: str
    framework: str  # "PAR_INDEX" | "SIPAS" | "PAPI" | ""
    criterion_code: str
    criterion_name: str
    field_code: str  # top-level criterion (lĩnh vực) code
    section: str
    criterion_text: str
    content: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline_text: str
    deadline_kind: str
    due_date: date | None
    recurring: bool
    expected_output: str
    note: str
    my_role: str | None
    parent_task_id: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "code": self.code,
            "framework": self.framework or None,
            "criterion_code": self.criterion_code or None,
            "content": self.content,
            "lead": list(self.lead),
            "partners": list(self.partners),
            "deadline_text": self.deadline_text,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "recurring": self.recurring,
            "plan": self.plan_label,
            "my_role": self.my_role,
        }


def current_me(session: Session) -> Me | None:
    profile = get_profile(session)
    if profile is None:
        return None
    agency: Agency = profile.agency
    return Me(agency.id, agency.level, agency.parent_id)


def plan_label(plan: Plan) -> str:
    if plan.number:
        return f"KH {plan.number}"
    return plan.title[:60] or f"Kế hoạch #{plan.id}"


def my_role(task: Task, me: Me | None) -> str | None:
    if me is None:
        return None
    roles = {a.role for a in task.assignments if me.matches(a)}
    if ROLE_LEAD in roles:
        return ROLE_LEAD
    if ROLE_PARTNER in roles:
        return ROLE_PARTNER
    return None


def _top(crit: Criterion, by_id: dict[int, Criterion]) -> Criterion:
    while crit.parent_id is not None and crit.parent_id in by_id:
        crit = by_id[crit.parent_id]
    return crit


def load_task_rows(session: Session, mine: bool = False, plan_id: int | None = None) -> list[TaskRow]:
    me = current_me(session)
    fw_codes = {f.id: f.code for f in session.scalars(select(Framework))}
    crits = {c.id: c for c in session.scalars(select(Criterion))}
    plans = {p.id: plan_label(p) for p in session.scalars(select(Plan))}
    q = select(Task).options(selectinload(Task.assignments), selectinload(Task.criteria)).order_by(
        Task.plan_id, Task.position
    )
    if plan_id is not None:
        q = q.where(Task.plan_id == plan_id)
    rows: list[TaskRow] = []
    for t in session.scalars(q):
        role = my_role(t, me)
        if mine and role is None:
            continue
        crit = t.criteria[0] if t.criteria else None
        top = _top(crit, crits) if crit is not None else None
        rows.append(
            TaskRow(
                id=t.id, uuid=t.uuid, plan_id=t.plan_id, plan_label=plans.get(t.plan_id, ""), code=t.code,
                framework=fw_codes.get(t.framework_id or -1, ""),
                criterion_code=crit.code if crit else "", criterion_name=crit.name if crit else "",
                field_code=top.code if top else "", section=t.section, criterion_text=t.criterion_text,
                content=t.content,
                lead=tuple(a.name_as_written for a in t.assignments if a.role == ROLE_LEAD),
                partners=tuple(a.name_as_written for a in t.assignments if a.role == ROLE_PARTNER),
                deadline_text=t.deadline_text, deadline_kind=t.deadline_kind, due_date=t.due_date,
                recurring=t.recurring, expected_output=t.expected_output, note=t.note, my_role=role,
                parent_task_id=t.parent_task_id,
            )
        )
    return rows
