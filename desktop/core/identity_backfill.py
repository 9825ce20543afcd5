"""Plans stored before plans had keys (schema 0003 and earlier) get them the first time this version opens the
data directory: computed by the same rules as a fresh import, so they meet the same plan arriving again.
Their UUIDs are kept: bundles already sent name them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Framework, Plan, Task
from desktop.core.plan_identity import appendix_of, fingerprint, identify_plan, task_keys
from desktop.core.plan_import.merge import add_keys


def backfill_identities(session: Session) -> int:
    """Keys for every plan and task that has none; returns how many plans were given keys."""
    pending = list(session.scalars(select(Plan).where(Plan.key.is_(None)).order_by(Plan.id)))
    loose = session.scalars(select(Task.plan_id).where(Task.fingerprint == "").limit(1)).first()
    if not pending and loose is None:
        return 0
    fw_codes = dict(session.execute(select(Framework.id, Framework.code)).tuples().all())
    plan_ids = {p.id for p in pending} | ({loose} if loose is not None else set())
    for plan_id in sorted(plan_ids):
        tasks = list(session.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position, Task.id)))
        appendices = [appendix_of(t.source_sheet, fw_codes.get(t.framework_id or -1)) for t in tasks]
        fps = [fingerprint(t.content) for t in tasks]
        keys = task_keys(zip(appendices, (t.code for t in tasks), fps, strict=True))
        for t, k, fp in zip(tasks, keys, fps, strict=True):
            if not t.fingerprint:
                t.key, t.fingerprint = k, fp
                t.past_fingerprints = [fp]
        plan = session.get(Plan, plan_id)
        if plan is not None and plan.key is None:
            identity = identify_plan(plan.number, plan.issuer, plan.title, plan.issued_on, plan.year, fps)
            plan.key = identity.key
            add_keys(session, plan, identity.keys)
    session.flush()
    return len(pending)
