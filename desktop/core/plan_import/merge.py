"""Which stored plan an incoming plan is, and how a plan takes a new version of itself.

An incoming plan (an appendix file, a plan package, a plan learned from a bundle) is the same plan as a stored
one when it shares a key (its number, or its content), has the same number from a compatible issuer, amends
that number, or fills in a plan only learned from bundles. Plans this agency made itself are never targets.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity, PlanOrigin
from db.models import Framework, Plan, PlanKey, Task
from desktop.core.audit import actor, record
from desktop.core.plan_identity import PlanIdentity, appendix_of, issuer_compatible, normal_number, plan_year
from desktop.core.plan_import.diff import FIELD_LABELS, Change, PlanDiff, Stored, TaskField
from desktop.core.records import PlanFields


def find_target(
    session: Session, identity: PlanIdentity, meta: PlanFields, fingerprints: set[str], plan_uuid: str | None = None
) -> Plan | None:
    received = Plan.owner_agency_id.is_(None)
    if plan_uuid:
        same = session.scalars(select(Plan).where(Plan.uuid == plan_uuid, received)).first()
        if same is not None:
            return same
    by_key = session.scalars(
        select(Plan).join(PlanKey, PlanKey.plan_id == Plan.id).where(PlanKey.key.in_(identity.keys), received)
    ).first()
    if by_key is not None:
        return by_key
    plans = list(session.scalars(select(Plan).where(received).order_by(Plan.id)))
    year = plan_year(meta.issued_on, meta.year)
    for number, check_year in ((identity.number, True), (identity.amends, False)):
        if not number:
            continue
        for p in plans:
            if normal_number(p.number) != number or not issuer_compatible(p.issuer, meta.issuer):
                continue
            theirs = plan_year(p.issued_on, p.year)
            if not check_year or year is None or theirs is None or theirs == year:
                return p
    return _same_tasks(session, plans, fingerprints, identity, meta)


def _same_tasks(
    session: Session, plans: Iterable[Plan], fingerprints: set[str], identity: PlanIdentity, meta: PlanFields
) -> Plan | None:
    """Without a number on both sides, the tasks say which plan it is: a plan learned from bundles when most of
    what it knows is among the incoming tasks; another copy of the plan (the sample, a file titled otherwise,
    the draft before it got its number) when nearly all its tasks are, in the same year."""
    candidates = [
        p
        for p in plans
        if p.origin == PlanOrigin.LEARNED
        or (
            not (normal_number(p.number) and identity.number)  # two numbers: they decided above
            and (meta.year is None or p.year is None or p.year == meta.year)
        )
    ]
    if not candidates:
        return None
    by_plan: dict[int, set[str]] = {p.id: set() for p in candidates}
    rows = select(Task.plan_id, Task.fingerprint).where(Task.plan_id.in_(by_plan), Task.removed_in.is_(None))
    for plan_id, fp in session.execute(rows).tuples():  # one query for every candidate plan
        by_plan[plan_id].add(fp)
    for p in candidates:
        learned = p.origin == PlanOrigin.LEARNED
        fps = by_plan[p.id]
        hits = len(fps & fingerprints)
        if not hits:
            continue
        if learned and hits * 2 >= len(fps):
            return p
        if not learned and hits * 10 >= 9 * min(len(fps), len(fingerprints)):
            return p
    return None


def add_keys(session: Session, plan: Plan, keys: Iterable[str]) -> None:
    """Remember more keys for a plan; a key another plan already answers to stays with that plan."""
    wanted = [k for k in dict.fromkeys(keys) if k]
    taken = set(session.scalars(select(PlanKey.key).where(PlanKey.key.in_(wanted))))
    for k in wanted:
        if k not in taken:
            session.add(PlanKey(key=k, plan_id=plan.id))
    if plan.key is None and wanted:
        plan.key = wanted[0]
    session.flush()


def stored_tasks(session: Session, plan_id: int) -> list[Stored]:
    fw_codes = dict(session.execute(select(Framework.id, Framework.code)).tuples().all())
    # Plain columns: loading 5,000 ORM objects only to read them costs seconds.
    q = (
        select(
            Task.id,
            Task.source_sheet,
            Task.framework_id,
            Task.key,
            Task.fingerprint,
            Task.past_fingerprints,
            Task.removed_in,
            Task.code,
            Task.content,
            Task.lead_text,
            Task.partners_text,
            Task.deadline_text,
            Task.expected_output,
            Task.criterion_text,
        )
        .where(Task.plan_id == plan_id)
        .order_by(Task.position, Task.id)
    )
    out = []
    for tid, sheet, fw_id, key, fp, past, removed, *values in session.execute(q).tuples():
        out.append(
            Stored(
                id=tid,
                appendix=appendix_of(sheet, fw_codes.get(fw_id) if fw_id else None),
                key=key,
                fingerprint=fp,
                past_fingerprints=tuple(past or ()),
                removed=removed is not None,
                values=dict(zip(_FIELD_ORDER, values, strict=True)),
            )
        )
    return out


_FIELD_ORDER = (
    TaskField.CODE,
    TaskField.CONTENT,
    TaskField.LEAD,
    TaskField.PARTNERS,
    TaskField.DEADLINE,
    TaskField.OUTPUT,
    TaskField.CRITERION,
)


def record_change(session: Session, task: Task, change: Change, version: int, by: str) -> None:
    fields = ", ".join(FIELD_LABELS[f] for f in change.fields) or "mã định danh"
    what = "khôi phục" if change.restored else f"sửa {fields}"
    record(
        session,
        AuditEntity.TASK,
        task.id,
        AuditAction.UPDATE,
        f"Kế hoạch phiên bản {version}: {what}",
        {str(f): [old, new] for f, (old, new) in change.fields.items()},
        task_id=task.id,
        by=by,
    )


def retire(session: Session, tasks: list[Task], version: int) -> None:
    """Tasks a new version drops stay, read-only, with their progress and evidence: never deleted."""
    by = actor(session)
    for task in tasks:
        task.removed_in = version
        record(
            session,
            AuditEntity.TASK,
            task.id,
            AuditAction.UPDATE,
            f"Kế hoạch phiên bản {version} bỏ nhiệm vụ này; giữ lại để xem lịch sử",
            {"removed_in": [None, version]},
            task_id=task.id,
            by=by,
        )


def describe(diff: PlanDiff, plan: Plan, new_version: bool) -> str:
    """One sentence for the user about what importing did to an existing plan."""
    label = plan.number or plan.title[:80]
    if diff.empty:
        return f"Kế hoạch «{label}» đã có, nội dung không đổi."
    if not new_version:
        return f"Bổ sung vào kế hoạch «{label}» đã có: {diff.summary()}."
    return f"Phiên bản {plan.version} của kế hoạch «{label}»: {diff.summary()}; tiến độ và tài liệu được giữ."
