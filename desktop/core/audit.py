"""The audit log: every change to tasks, progress, evidence links and scores, with who, when, old → new."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry
from desktop.core.agencies import get_profile

UNKNOWN_ACTOR = "(chưa khai báo người đầu mối)"

ENTITY_LABELS = {
    "task": "Nhiệm vụ",
    "progress": "Tiến độ",
    "evidence": "Tài liệu kiểm chứng",
    "link": "Liên kết tài liệu",
    "score": "Tự chấm điểm",
    "target": "Mục tiêu",
    "period": "Kỳ báo cáo",
}
ACTION_LABELS = {"create": "Tạo", "update": "Sửa", "delete": "Xoá", "link": "Gắn", "unlink": "Bỏ gắn"}


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
    entity: str,
    entity_id: int,
    action: str,
    summary: str,
    changes: dict[str, list[object]] | None = None,
    task_id: int | None = None,
    by: str | None = None,
) -> AuditEntry:
    """One audit entry; `by` saves looking the actor up again when a batch records many."""
    entry = AuditEntry(
        actor=by or actor(session),
        entity=entity,
        entity_id=entity_id,
        task_id=task_id,
        action=action,
        summary=summary,
        changes=changes or {},
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    entity: str
    action: str
    summary: str
    changes: dict[str, list[object]]

    @property
    def label(self) -> str:
        return f"{ACTION_LABELS.get(self.action, self.action)} {ENTITY_LABELS.get(self.entity, self.entity).lower()}"


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
    return [AuditRow(e.at, e.actor, e.entity, e.action, e.summary, dict(e.changes)) for e in session.scalars(q)]
