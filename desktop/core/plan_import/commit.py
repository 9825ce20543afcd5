"""Writing a parsed plan in one transaction: a new plan with its tasks, or a merge into the plan it already is
(another appendix, an amended version, the real file of a plan learned from bundles), plus the import record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from db.enums import PlanOrigin
from db.models import ImportRecord, Plan, PlanVersion, Task
from db.store import Store
from desktop.core.agencies import get_profile
from desktop.core.audit import actor
from desktop.core.errors import UserError
from desktop.core.formatting import CELL_LIMIT
from desktop.core.plan_identity import PlanIdentity, identify_plan, task_uuid
from desktop.core.plan_import.diff import Incoming, PlanDiff, diff_plan, incoming_tasks
from desktop.core.plan_import.merge import add_keys, describe, find_target, record_change, retire, stored_tasks
from desktop.core.plan_import.model import ParsedPlan, Skip
from desktop.core.plan_import.task_rows import TaskWriter
from desktop.core.plans import create_plan
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.text import nfc


@dataclass
class ImportResult:
    plan_id: int
    tasks: int
    criteria_linked: int
    skipped: list[Skip] = field(default_factory=list)
    duplicate: bool = False
    undated: int = 0  # quarter/year deadlines left without a date because the year is unknown
    year: int | None = None
    plan_key: str = ""
    version: int = 1
    merged_into: str | None = None  # the key of the stored plan this one joined
    new_version: bool = False
    diff: PlanDiff | None = None
    message: str = ""
    long_texts: int = 0  # tasks with a text longer than a report cell shows (kept whole, printed at the end)
    warnings: list[str] = field(default_factory=list)
    source_format: str = "xlsx"
    converted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "plan_id": self.plan_id,
            "plan_key": self.plan_key,
            "version": self.version,
            "tasks": self.tasks,
            "criteria_linked": self.criteria_linked,
            "skipped": [s.as_dict() for s in self.skipped],
            "duplicate": self.duplicate,
            "merged_into": self.merged_into,
            "new_version": self.new_version,
            "diff": self.diff.as_json() if self.diff is not None else None,
            "undated": self.undated,
            "year": self.year,
            "message": self.message,
            "long_texts": self.long_texts,
            "warnings": self.warnings,
            "format": self.source_format,
            "converted": self.converted,
        }


def content_sha256(parsed: ParsedPlan) -> str:
    rows = [
        [s.name, s.framework or "", t.code, t.content, t.lead, t.partners, t.deadline_text]
        for s in parsed.sheets
        if s.include
        for t in s.tasks
    ]
    blob = json.dumps([parsed.meta.number, rows], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def find_duplicate(session: Session, parsed: ParsedPlan) -> ImportRecord | None:
    csha = content_sha256(parsed)
    return session.scalars(
        select(ImportRecord)
        .where(or_(ImportRecord.file_sha256 == parsed.file_sha256, ImportRecord.content_sha256 == csha))
        .where(ImportRecord.plan_id.is_not(None))
        .limit(1)
    ).first()


@dataclass(frozen=True)
class GivenUuids:
    """A plan package's identities: the focal point's UUIDs and keys, kept where they are free here."""

    plan: str
    tasks: list[str]  # one per task of the parsed plan, in order
    keys: tuple[str, ...] = ()


def identity_of(parsed: ParsedPlan, incoming: list[Incoming]) -> PlanIdentity:
    m = parsed.meta
    fps = [i.fingerprint for i in incoming]
    return identify_plan(m.number, m.issuer, m.title, m.issued_on, m.year, fps, m.amends)


def commit_plan(
    session: Session,
    parsed: ParsedPlan,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    uuids: GivenUuids | None = None,
    origin: PlanOrigin = PlanOrigin.IMPORTED,
) -> ImportResult:
    if get_profile(session) is None:
        raise UserError("Chưa khai báo cơ quan của bạn. Hãy chạy «cchc init» hoặc mở ứng dụng để khai báo.")
    incoming = incoming_tasks(parsed)
    if not incoming:
        reasons = [s.error for s in parsed.sheets if s.error]
        raise UserError(
            "Không tìm thấy nhiệm vụ nào để nhập. "
            + (reasons[0] if reasons else "Hãy kiểm tra bảng có cột Nội dung/Nhiệm vụ và Chủ trì.")
        )
    identity = identity_of(parsed, incoming)
    dup = find_duplicate(session, parsed)
    if dup is not None and dup.plan_id is not None and (plan := session.get(Plan, dup.plan_id)) is not None:
        # The very same file (or its content re-saved) again: never re-applied, even over a later version.
        add_keys(session, plan, [*identity.keys, *(uuids.keys if uuids else ())])
        return ImportResult(
            plan_id=plan.id,
            tasks=_live_tasks(session, plan.id),
            criteria_linked=0,
            skipped=[Skip(str(s["sheet"]), int(str(s["row"])), str(s["reason"])) for s in dup.skipped],
            duplicate=True,
            year=plan.year,
            plan_key=plan.key or "",
            version=plan.version,
            merged_into=plan.key,
            message=f"Tệp «{parsed.file_name}» đã được nhập trước đây; không nhập lại.",
        )
    fps = {i.fingerprint for i in incoming}
    target = find_target(session, identity, parsed.meta, fps, uuids.plan if uuids else None)
    arrival = _Arrival(parsed, incoming, identity, uuids, origin)
    if target is None:
        result = _new_plan(session, arrival, progress, cancel)
    else:
        result = _merge(session, target, arrival, progress, cancel)
    result.warnings = list(parsed.all_warnings)
    result.source_format, result.converted = parsed.source_format, dict(parsed.converted)
    result.long_texts = sum(
        1 for i in incoming if max(len(i.task.content), len(i.task.lead), len(i.task.partners)) > CELL_LIMIT
    )
    session.add(
        ImportRecord(
            file_sha256=parsed.file_sha256,
            content_sha256=content_sha256(parsed),
            file_name=parsed.file_name,
            plan_id=result.plan_id,
            task_count=len(incoming),
            skipped=[s.as_dict() for s in parsed.skipped],
        )
    )
    session.flush()
    return result


def _live_tasks(session: Session, plan_id: int) -> int:
    live = select(func.count(Task.id)).where(Task.plan_id == plan_id, Task.removed_in.is_(None))
    return int(session.scalar(live) or 0)


def _free_uuid(session: Session, wanted: str) -> str | None:
    return None if session.scalars(select(Plan.id).where(Plan.uuid == wanted)).first() else wanted


def _task_uuids(
    session: Session, plan_key: str, items: list[tuple[Incoming, int]], given: dict[int, str]
) -> list[tuple[Incoming, int, str]]:
    """A package's UUID where it is free here, else one made from the plan's key and the task's (so two data
    directories importing the same file agree); salted by position if an earlier version used it already."""
    wanted = [given.get(id(i)) or task_uuid(plan_key, i.key) for i, _pos in items]
    taken = set(session.scalars(select(Task.uuid).where(Task.uuid.in_(wanted))))
    out = []
    for (i, pos), u in zip(items, wanted, strict=True):
        if u in taken:
            u = task_uuid(plan_key, i.key, f"@{pos}:{i.fingerprint}")
        taken.add(u)
        out.append((i, pos, u))
    return out


def _given(incoming: list[Incoming], uuids: GivenUuids | None) -> dict[int, str]:
    if uuids is None:
        return {}
    return {id(i): u for i, u in zip(incoming, uuids.tasks, strict=True)}


@dataclass(frozen=True)
class _Arrival:
    """A plan as it arrives: what was parsed, its tasks with their keys, its identity, where it came from."""

    parsed: ParsedPlan
    incoming: list[Incoming]
    identity: PlanIdentity
    uuids: GivenUuids | None
    origin: PlanOrigin

    @property
    def keys(self) -> list[str]:
        return [*self.identity.keys, *(self.uuids.keys if self.uuids else ())]


def _new_plan(session: Session, a: _Arrival, progress: ProgressFn, cancel: CancelToken | None) -> ImportResult:
    parsed, incoming, identity, uuids = a.parsed, a.incoming, a.identity, a.uuids
    meta = parsed.meta
    plan = create_plan(session, meta, owned=False)
    plan.origin = a.origin
    plan.uuid = (uuids and _free_uuid(session, uuids.plan)) or _free_uuid(session, identity.uuid) or plan.uuid
    plan.key = identity.key
    add_keys(session, plan, a.keys)
    writer = TaskWriter(session, meta.year)
    items = _task_uuids(session, identity.key, [(i, n) for n, i in enumerate(incoming)], _given(incoming, uuids))
    linked = writer.insert(plan.id, items, progress, cancel)
    session.add(
        PlanVersion(
            plan_id=plan.id,
            version=1,
            number=plan.number,
            issued_on=plan.issued_on,
            file_name=parsed.file_name,
            added=len(incoming),
        )
    )
    progress(len(incoming), len(incoming), "Đang lưu…")
    return ImportResult(
        plan_id=plan.id,
        tasks=len(incoming),
        criteria_linked=linked,
        skipped=parsed.skipped,
        undated=writer.undated,
        year=meta.year,
        plan_key=identity.key,
    )


def _merge(session: Session, plan: Plan, a: _Arrival, progress: ProgressFn, cancel: CancelToken | None) -> ImportResult:
    parsed, incoming, identity, uuids = a.parsed, a.incoming, a.identity, a.uuids
    diff = diff_plan(stored_tasks(session, plan.id), incoming)
    learned = plan.origin == PlanOrigin.LEARNED
    new_version = diff.amends and not learned
    if cancel is not None:
        cancel.check()
    add_keys(session, plan, a.keys)
    if learned:  # the real plan replaces what bundles told about it
        for column in ("number", "title", "issuer", "issued_on", "year", "period_text"):
            value = getattr(parsed.meta, column)
            setattr(plan, column, nfc(value) if isinstance(value, str) else value)
        plan.origin = a.origin
    if new_version:
        plan.version += 1
    writer = TaskWriter(session, plan.year)
    position = {id(i): n for n, i in enumerate(incoming)}
    by = actor(session)
    for change in diff.changed:
        task = session.get(Task, change.stored.id)
        assert task is not None
        writer.update(task, change.incoming, position[id(change.incoming)])
        record_change(session, task, change, plan.version, by)
    if diff.same:  # the unchanged majority only take their new place: one bulk UPDATE by primary key
        session.execute(update(Task), [{"id": st.id, "position": position[id(i)]} for st, i in diff.same])
    retire(session, [t for s in diff.removed if (t := session.get(Task, s.id)) is not None], plan.version)
    items = _task_uuids(
        session, plan.key or identity.key, [(i, position[id(i)]) for i in diff.added], _given(incoming, uuids)
    )
    linked = writer.insert(plan.id, items, progress, cancel)
    if new_version:
        session.add(
            PlanVersion(
                plan_id=plan.id,
                version=plan.version,
                number=nfc(parsed.meta.number),
                issued_on=parsed.meta.issued_on,
                file_name=parsed.file_name,
                added=len(diff.added),
                removed=len(diff.removed),
                changed=len(diff.changed),
            )
        )
    session.flush()
    return ImportResult(
        plan_id=plan.id,
        tasks=_live_tasks(session, plan.id),
        criteria_linked=linked,
        skipped=parsed.skipped,
        duplicate=diff.empty and not learned,
        undated=writer.undated,
        year=plan.year,
        plan_key=plan.key or "",
        version=plan.version,
        merged_into=plan.key,
        new_version=new_version,
        diff=diff,
        message=describe(diff, plan, new_version),
    )


def preview_import(store: Store, parsed: ParsedPlan) -> ImportResult:
    """What importing would do (new plan, duplicate, the diff of a new version), with nothing written."""
    session = store.sessionmaker()
    try:
        return commit_plan(session, parsed)
    finally:
        session.rollback()
        session.close()
