"""Deletions kept and undone. Every deletion (a progress entry, a score, an evidence link or item, a plan with
its tasks) writes the rows it removes into its audit entry; `restore_deleted` brings them back as they were,
whether from the window's Ctrl+Z during the session or from the list of deleted items later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity
from db.models import AuditEntry, EvidenceLink, ImportRecord, Plan
from desktop.core.audit import ENTITY_LABELS, record, restored_ids
from desktop.core.errors import UserError
from desktop.core.evidence_files import blob_path
from desktop.core.row_snapshot import Rows, restore, rows_of, snapshot

DELETIONS = (AuditAction.DELETE, AuditAction.UNLINK)
# The table holding the entity an audit entry names.
TABLE_OF = {
    AuditEntity.PROGRESS: "progress_entry",
    AuditEntity.SCORE: "score",
    AuditEntity.LINK: "evidence_link",
    AuditEntity.EVIDENCE: "evidence",
    AuditEntity.PLAN: "plan",
}
_TASK_GONE = "Nhiệm vụ của mục này không còn (kế hoạch chứa nó đã bị xoá); hãy khôi phục kế hoạch đó trước."
# Why a row cannot come back, by (table, column) that is taken or whose target is gone.
_REFUSALS = {
    ("progress_entry", "period_id"): "Nhiệm vụ này đã có tiến độ mới cho kỳ đó sau khi xoá; hãy sửa tiến độ đang có.",
    ("progress_entry", "task_id"): _TASK_GONE,
    ("evidence_link", "task_id"): _TASK_GONE,
    ("evidence_link", "evidence_id"): "Tài liệu của liên kết này đã bị xoá; hãy khôi phục tài liệu đó trước.",
    ("evidence_link", "criterion_id"): "Bộ chỉ số chứa tiêu chí của liên kết này không còn.",
    ("score", "criterion_id"): "Tiêu chí này đã được chấm lại sau khi xoá; hãy sửa điểm đang có.",
    ("evidence", "sha256"): "Tệp này đã được thêm lại vào kho sau khi xoá; tài liệu đang có trong danh sách.",
    ("plan", "uuid"): "Kế hoạch này đã được nhập lại sau khi xoá; hãy dùng bản đang có.",
    ("plan", "key"): "Kế hoạch này đã được nhập lại sau khi xoá; hãy dùng bản đang có.",
    ("plan_key", "key"): "Kế hoạch này đã được nhập lại sau khi xoá; hãy dùng bản đang có.",
    ("task", "uuid"): "Các nhiệm vụ của kế hoạch này đã được nhập lại sau khi xoá; hãy dùng bản đang có.",
    ("plan", "parent_plan_id"): "Kế hoạch cấp trên của kế hoạch này đã bị xoá; hãy khôi phục kế hoạch đó trước.",
}


@dataclass(frozen=True)
class DeletedRow:
    """A deletion that can still be undone."""

    audit_id: int
    at: datetime
    actor: str
    entity: AuditEntity
    summary: str

    @property
    def kind(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.audit_id,
            "at": self.at.isoformat(),
            "by": self.actor,
            "entity": self.entity.value,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Restored:
    entity: AuditEntity
    summary: str
    task_ids: frozenset[int]  # the tasks whose rows changed (all of a restored plan's)


def record_deletion(
    session: Session,
    entity: AuditEntity,
    entity_id: int,
    summary: str,
    rows: Rows,
    changes: dict[str, list[object]] | None = None,
    task_id: int | None = None,
    action: AuditAction = AuditAction.DELETE,
    extra: dict[str, object] | None = None,
) -> int:
    """The audit entry of a deletion with every row it removes (taken before they go); returns its id."""
    entry = record(session, entity, entity_id, action, summary, changes, task_id, snapshot=snapshot(rows, extra))
    session.flush()
    return entry.id


def deleted_items(session: Session, limit: int = 1000) -> list[DeletedRow]:
    """The deletions that can be undone, newest first."""
    done = restored_ids(session)
    q = (
        select(AuditEntry)
        .where(AuditEntry.action.in_(list(DELETIONS)), AuditEntry.snapshot.is_not(None))
        .order_by(AuditEntry.id.desc())
        .limit(limit + len(done))
    )
    rows = [
        DeletedRow(e.id, e.at, e.actor, AuditEntity(e.entity), e.summary)
        for e in session.scalars(q)
        if e.id not in done
    ]
    return rows[:limit]


def restore_deleted(session: Session, audit_id: int, data_dir: Path) -> Restored:
    """Everything the deletion removed comes back, or nothing (one Vietnamese sentence says why)."""
    entry = session.get(AuditEntry, audit_id)
    if entry is None:
        raise UserError(f"Không có mục đã xoá nào mang số {audit_id}; xem danh sách ở menu Dữ liệu › Mục đã xoá…")
    rows = rows_of(entry.snapshot)
    if entry.action not in DELETIONS or not rows:
        raise UserError(
            "Mục này không có bản lưu để khôi phục (chỉ những gì bị xoá từ phiên bản này trở đi mới khôi phục được)."
        )
    if audit_id in restored_ids(session):
        raise UserError(f"«{entry.summary}» đã được khôi phục rồi.")
    _check_files(rows, data_dir)
    _check_same_link(session, rows)
    new_ids = restore(session, rows, _refusal)
    entity = AuditEntity(entry.entity)
    table = TABLE_OF.get(entity, "")
    new_id = new_ids.get((table, entry.entity_id), entry.entity_id)
    if entity == AuditEntity.PLAN:
        _relink_imports(session, entry.snapshot or {}, new_id)
    task_ids = {new_ids[("task", int(str(t["id"])))] for t in rows.get("task", [])}
    task_ids |= {int(str(r["task_id"])) for name in ("progress_entry", "evidence_link") for r in rows.get(name, [])}
    task_ids = {new_ids.get(("task", t), t) for t in task_ids}
    task_id = entry.task_id if entry.task_id is None else new_ids.get(("task", entry.task_id), entry.task_id)
    record(
        session,
        entity,
        new_id,
        AuditAction.RESTORE,
        f"Khôi phục: {entry.summary}",
        task_id=task_id,
        snapshot={"restores": audit_id},
    )
    session.flush()
    return Restored(entity, entry.summary, frozenset(task_ids))


def _refusal(table: str, column: str) -> str:
    return _REFUSALS.get((table, column), "Không khôi phục được mục này: dữ liệu liên quan đã thay đổi sau khi xoá.")


def _check_files(rows: Rows, data_dir: Path) -> None:
    """A deleted evidence item keeps its file until «Dọn tệp không dùng»; after that it cannot come back."""
    for ev in rows.get("evidence", []):
        if not blob_path(data_dir, str(ev["sha256"])).exists():
            raise UserError(
                f"Không khôi phục được tài liệu «{ev['original_name']}»: tệp của nó đã bị dọn khỏi kho. "
                "Hãy thêm lại tệp gốc làm tài liệu kiểm chứng."
            )


def _check_same_link(session: Session, rows: Rows) -> None:
    for link in rows.get("evidence_link", []):
        same = select(EvidenceLink.id).where(
            EvidenceLink.evidence_id == link["evidence_id"],
            EvidenceLink.task_id.is_(None) if link["task_id"] is None else EvidenceLink.task_id == link["task_id"],
            EvidenceLink.criterion_id.is_(None)
            if link["criterion_id"] is None
            else EvidenceLink.criterion_id == link["criterion_id"],
        )
        if session.scalar(same) is not None:
            raise UserError("Tài liệu này đã được gắn lại sau khi bỏ gắn; không cần khôi phục.")


def _relink_imports(session: Session, snap: dict[str, object], plan_id: int) -> None:
    """The import records the deletion left without a plan point at it again."""
    ids = snap.get("imports")
    if isinstance(ids, list) and ids and session.get(Plan, plan_id) is not None:
        session.execute(
            update(ImportRecord)
            .where(ImportRecord.id.in_([int(i) for i in ids]), ImportRecord.plan_id.is_(None))
            .values(plan_id=plan_id)
        )
