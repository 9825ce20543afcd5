"""Plans and tasks entered by hand (plans that arrive on paper), and cascades: a department's own plan
made from tasks of a province plan, each new task keeping the link to the task it implements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import AuditEntity, PlanOrigin
from db.models import (
    Assignment,
    Criterion,
    EvidenceLink,
    ImportRecord,
    Plan,
    PlanKey,
    PlanVersion,
    ProgressEntry,
    Task,
    TaskCriterion,
)
from desktop.core.agencies import AgencyDirectory, assign_addressees, get_profile
from desktop.core.deadlines import parse_deadline
from desktop.core.errors import UserError, not_found
from desktop.core.plan_identity import fingerprint, normal_title
from desktop.core.records import CascadeItem, PlanFields, PlanRow, TaskFields, format_plan_label
from desktop.core.recovery import record_deletion
from desktop.core.row_snapshot import Rows, capture
from desktop.core.text import nfc


def _check_plan(fields: PlanFields) -> None:
    if not nfc(fields.title) and not nfc(fields.number):
        raise UserError("Hãy nhập số ký hiệu hoặc tên (trích yếu) của kế hoạch.")
    if fields.year is not None and not 2000 <= fields.year <= 2100:
        raise UserError(f"Năm {fields.year} không hợp lệ.")


def create_plan(session: Session, fields: PlanFields, parent_plan_id: int | None = None, owned: bool = True) -> Plan:
    """A new plan; `owned` marks it as my agency's own (typed in or cascaded), not one received."""
    _check_plan(fields)
    profile = get_profile(session) if owned else None
    plan = Plan(parent_plan_id=parent_plan_id, owner_agency_id=profile.agency_id if profile else None)
    _apply_plan(plan, fields)
    session.add(plan)
    session.flush()
    return plan


def update_plan(session: Session, plan_id: int, fields: PlanFields) -> Plan:
    _check_plan(fields)
    plan = _get_plan(session, plan_id)
    year_changed = plan.year != fields.year
    _apply_plan(plan, fields)
    if year_changed:  # quarter deadlines get their dates from the plan's year
        for task in plan.tasks:
            _apply_deadline(task, task.deadline_text, plan.year)
    session.flush()
    return plan


def delete_plan(session: Session, plan_id: int) -> int:
    """Explicit deletion of a whole plan (the UI asks first). Refused while other plans cascade from it. The plan,
    its tasks and their progress and evidence links are kept in the returned audit entry, which can undo it."""
    plan = _get_plan(session, plan_id)
    children = session.scalars(select(Plan).where(Plan.parent_plan_id == plan_id)).first()
    if children is not None:
        raise UserError(
            f"Không xoá được: kế hoạch «{children.number or children.title}» được lập từ kế hoạch này. "
            "Hãy xoá kế hoạch đó trước."
        )
    entry_id = record_deletion(
        session,
        AuditEntity.PLAN,
        plan.id,
        f"Xoá kế hoạch «{format_plan_label(plan.number, plan.title, plan.id)}» ({len(plan.tasks)} nhiệm vụ)",
        plan_rows(session, plan.id),
        extra={"imports": list(session.scalars(select(ImportRecord.id).where(ImportRecord.plan_id == plan.id)))},
    )
    session.delete(plan)
    session.flush()
    return entry_id


def plan_rows(session: Session, plan_id: int) -> Rows:
    """The plan and everything that goes with it when it is deleted."""
    tasks = select(Task.id).where(Task.plan_id == plan_id).scalar_subquery()
    return {
        "plan": capture(session, Plan, Plan.id == plan_id),
        "plan_key": capture(session, PlanKey, PlanKey.plan_id == plan_id),
        "plan_version": capture(session, PlanVersion, PlanVersion.plan_id == plan_id),
        "task": capture(session, Task, Task.plan_id == plan_id),
        "assignment": capture(session, Assignment, Assignment.task_id.in_(tasks)),
        "task_criterion": capture(session, TaskCriterion, TaskCriterion.task_id.in_(tasks)),
        "progress_entry": capture(session, ProgressEntry, ProgressEntry.task_id.in_(tasks)),
        "evidence_link": capture(session, EvidenceLink, EvidenceLink.task_id.in_(tasks)),
    }


def _apply_plan(plan: Plan, f: PlanFields) -> None:
    plan.number = nfc(f.number)
    plan.title = nfc(f.title)
    plan.issuer = nfc(f.issuer)
    plan.issued_on = f.issued_on
    plan.year = f.year
    plan.period_text = nfc(f.period_text)


def _get_plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise not_found("kế hoạch")
    return plan


def _apply_deadline(task: Task, text: str, year: int | None) -> None:
    d = parse_deadline(text, year)
    task.deadline_text = d.text
    task.deadline_kind = d.kind
    task.due_date = d.due_date
    task.milestones = [m.isoformat() for m in d.milestones]
    task.recurring = d.recurring


def _reassign(session: Session, task: Task) -> None:
    assign_addressees(task, AgencyDirectory(session))
    session.flush()


def add_task(session: Session, plan_id: int, fields: TaskFields, parent_task_id: int | None = None) -> Task:
    plan = _get_plan(session, plan_id)
    if not nfc(fields.content):
        raise UserError("Hãy nhập nội dung nhiệm vụ.")
    task = Task(plan=plan, position=len(plan.tasks), parent_task_id=parent_task_id)
    session.add(task)
    _apply_task(session, task, fields, plan)
    return task


def update_task(session: Session, task_id: int, fields: TaskFields) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise not_found("nhiệm vụ")
    if not nfc(fields.content):
        raise UserError("Nội dung nhiệm vụ không được để trống.")
    _apply_task(session, task, fields, task.plan)
    return task


def _apply_task(session: Session, task: Task, f: TaskFields, plan: Plan) -> None:
    if task.removed_in is not None:  # refused before anything of it changes
        raise UserError("Nhiệm vụ này đã bị bỏ trong phiên bản mới của kế hoạch; chỉ xem được, không sửa được.")
    task.code = nfc(f.code)
    task.content = nfc(f.content)
    task.lead_text = nfc(f.lead)
    task.partners_text = nfc(f.partners)
    task.expected_output = nfc(f.expected_output)
    task.note = nfc(f.note)
    task.criterion_text = nfc(f.criterion_text)
    _apply_deadline(task, f.deadline_text, plan.year)
    if f.criterion_id is not None:
        crit = session.get(Criterion, f.criterion_id)
        if crit is None:
            raise UserError("Không tìm thấy tiêu chí đã chọn.")
        task.criteria = [crit]
        task.framework_id = crit.framework_id
    # A task typed in is known by its code and text like an imported one (its key is kept once given).
    task.fingerprint = fingerprint(task.content)
    if task.fingerprint not in (task.past_fingerprints or []):
        task.past_fingerprints = [*(task.past_fingerprints or []), task.fingerprint]
    if not task.key:
        task.key = f"{task.source_sheet and normal_title(task.source_sheet)}|{task.code or '~' + task.fingerprint}"
    _reassign(session, task)
    session.flush()


def create_implementing_plan(
    session: Session, parent_plan_id: int, fields: PlanFields, items: list[CascadeItem]
) -> Plan:
    """Seed 001: a department turns the province plan into its own, assigning tasks to its units."""
    parent = _get_plan(session, parent_plan_id)
    if not items:
        raise UserError("Hãy chọn ít nhất một nhiệm vụ của kế hoạch cấp trên.")
    if fields.year is None:
        fields.year = parent.year
    plan = create_plan(session, fields, parent_plan_id=parent.id)
    for item in items:
        src = session.get(Task, item.parent_task_id)
        if src is None or src.plan_id != parent.id:
            raise UserError("Một nhiệm vụ đã chọn không thuộc kế hoạch cấp trên; hãy mở lại kế hoạch rồi chọn lại.")
        if not nfc(item.lead):
            raise UserError(f"Hãy chọn đơn vị chủ trì cho nhiệm vụ {src.code or src.id}.")
        task = Task(
            plan=plan,
            position=len(plan.tasks),
            parent_task_id=src.id,
            code=src.code,
            section=src.section,
            criterion_text=src.criterion_text,
            content=src.content,
            lead_text=nfc(item.lead),
            partners_text=nfc(item.partners),
            expected_output=src.expected_output,
            framework_id=src.framework_id,
            criteria=list(src.criteria),
        )
        session.add(task)
        _apply_deadline(task, src.deadline_text if item.deadline_text is None else item.deadline_text, plan.year)
        _reassign(session, task)
    session.flush()
    return plan


def list_plan_rows(session: Session) -> list[PlanRow]:
    from sqlalchemy import func

    live = select(Task.plan_id, func.count(Task.id)).where(Task.removed_in.is_(None)).group_by(Task.plan_id)
    counts = {pid: n for pid, n in session.execute(live)}
    plans = list(session.scalars(select(Plan).order_by(Plan.id)))
    by_id = {p.id: p for p in plans}
    rows = []
    for p in plans:
        parent = by_id.get(p.parent_plan_id) if p.parent_plan_id else None
        rows.append(
            PlanRow(
                id=p.id,
                number=p.number,
                title=p.title,
                issuer=p.issuer,
                issued_on=p.issued_on,
                year=p.year,
                period_text=p.period_text,
                task_count=counts.get(p.id, 0),
                parent_label=format_plan_label(parent.number, parent.title, parent.id) if parent else "",
                uuid=p.uuid,
                key=p.key or "",
                version=p.version,
                origin=p.origin,
                learned=p.origin == PlanOrigin.LEARNED,
                parent_plan_id=p.parent_plan_id,
            )
        )
    return rows


def plan_fields(session: Session, plan_id: int) -> PlanFields:
    p = _get_plan(session, plan_id)
    return PlanFields(p.number, p.title, p.issuer, p.issued_on, p.year, p.period_text)


def task_fields(session: Session, task_id: int) -> tuple[int, TaskFields]:
    t = session.get(Task, task_id)
    if t is None:
        raise not_found("nhiệm vụ")
    crit_id = t.criteria[0].id if t.criteria else None
    return t.plan_id, TaskFields(
        code=t.code,
        content=t.content,
        lead=t.lead_text,
        partners=t.partners_text,
        deadline_text=t.deadline_text,
        expected_output=t.expected_output,
        note=t.note,
        criterion_text=t.criterion_text,
        criterion_id=crit_id,
    )
