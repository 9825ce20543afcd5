"""The audit log: every change to tasks, progress, evidence links and scores, with who, when, old → new."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity
from db.models import AuditEntry
from desktop.core.agencies import get_profile

UNKNOWN_ACTOR = "(chưa khai báo người đầu mối)"

ENTITY_LABELS = {
    AuditEntity.TASK: "Nhiệm vụ",
    AuditEntity.PROGRESS: "Tiến độ",
    AuditEntity.EVIDENCE: "Tài liệu kiểm chứng",
    AuditEntity.LINK: "Liên kết tài liệu",
    AuditEntity.SCORE: "Tự chấm điểm",
    AuditEntity.TARGET: "Mục tiêu",
    AuditEntity.PERIOD: "Kỳ báo cáo",
    AuditEntity.PLAN: "Kế hoạch",
}
ACTION_LABELS = {
    AuditAction.CREATE: "Tạo",
    AuditAction.UPDATE: "Sửa",
    AuditAction.DELETE: "Xoá",
    AuditAction.LINK: "Gắn",
    AuditAction.UNLINK: "Bỏ gắn",
    AuditAction.RESTORE: "Khôi phục",
}


def actor(session: Session) -> str:
    profile = get_profile(session)
    if profile is None:
        return UNKNOWN_ACTOR
    return profile.focal_person or profile.agency.name


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, list[object]]:
    """Fields whose value changed, as {field: [old, new]} in JSON-friendly values."""
    return {
        key: [_plain(old.get(key)), _plain(value)]
        for key, value in new.items()
        if _plain(old.get(key)) != _plain(value)
    }


def record(
    session: Session,
    entity: AuditEntity,
    entity_id: int,
    action: AuditAction,
    summary: str,
    changes: dict[str, list[object]] | None = None,
    task_id: int | None = None,
    by: str | None = None,
    snapshot: dict[str, object] | None = None,
) -> AuditEntry:
    """One audit entry; `by` saves looking the actor up again when a batch records many. A deletion passes the
    rows it removes as `snapshot` (see `row_snapshot`), so it can be undone."""
    entry = AuditEntry(
        actor=by or actor(session),
        entity=entity,
        entity_id=entity_id,
        task_id=task_id,
        action=action,
        summary=summary,
        changes=changes or {},
        snapshot=snapshot,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    entity: str
    action: str
    summary: str
    changes: dict[str, list[object]]
    restorable: bool = False  # a deletion with its rows kept, not restored yet

    @property
    def label(self) -> str:
        action = ACTION_LABELS.get(AuditAction(self.action), self.action)
        return f"{action} {ENTITY_LABELS.get(AuditEntity(self.entity), self.entity).lower()}"


def history(
    session: Session, task_id: int | None = None, entity: str | None = None, entity_id: int | None = None
) -> list[AuditRow]:
    """Newest first."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc())
    if task_id is not None:
        q = q.where(AuditEntry.task_id == task_id)
    if entity is not None:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == entity_id)
    entries = list(session.scalars(q))
    restored = restored_ids(session) if any(e.snapshot for e in entries) else set()
    return [
        AuditRow(
            id=e.id,
            at=e.at,
            actor=e.actor,
            entity=e.entity,
            action=e.action,
            summary=e.summary,
            changes=dict(e.changes),
            restorable=bool(e.snapshot) and e.action != AuditAction.RESTORE and e.id not in restored,
        )
        for e in entries
    ]


def restored_ids(session: Session) -> set[int]:
    """The deletions that have been undone: each restore names its deletion in its snapshot."""
    snapshots = session.scalars(select(AuditEntry.snapshot).where(AuditEntry.action == AuditAction.RESTORE))
    return {int(str(snap["restores"])) for snap in snapshots if snap and "restores" in snap}
