"""Evidence items (tài liệu kiểm chứng): adding files with their metadata, linking, unlinking, deleting."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.enums import AuditAction, AuditEntity
from db.models import Criterion, Evidence, EvidenceLink, Task
from db.store import Store
from desktop.core.audit import diff, record
from desktop.core.errors import UserError, not_found
from desktop.core.evidence_files import blob_path
from desktop.core.recovery import record_deletion
from desktop.core.row_snapshot import capture
from desktop.core.task_progress import refuse_removed
from desktop.core.text import nfc

DOC_TYPES = {
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "QD": "Quyết định",
    "CV": "Công văn",
    "TB": "Thông báo",
    "ANH": "Ảnh",
    "KHAC": "Khác",
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
_NUMBER_TYPE = re.compile(r"/\s*(KH|BC|QĐ|QD|CV|TB)\b", re.IGNORECASE)


@dataclass
class EvidenceMeta:
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    summary: str = ""
    doc_type: str = ""  # empty: guessed from the number or the file type
    proves_date: date | None = None


@dataclass(frozen=True)
class AddResult:
    id: int
    uuid: str
    sha256: str
    size: int
    original_name: str
    deduplicated: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "sha256": self.sha256,
            "size": self.size,
            "original_name": self.original_name,
            "deduplicated": self.deduplicated,
        }


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    uuid: str
    sha256: str
    size: int
    original_name: str
    doc_type: str
    number: str
    issued_on: date | None
    issuer: str
    summary: str
    proves_date: date | None
    added_at: str
    links: tuple[str, ...] = field(default=())  # "task:12", "criterion:1.3"

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "sha256": self.sha256,
            "size": self.size,
            "original_name": self.original_name,
            "doc_type": self.doc_type,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "summary": self.summary,
            "proves_date": self.proves_date.isoformat() if self.proves_date else None,
            "added_at": self.added_at,
            "links": list(self.links),
        }


def guess_doc_type(number: str, file_name: str) -> str:
    m = _NUMBER_TYPE.search(number)
    if m:
        code = m.group(1).upper().replace("Đ", "D")
        return code
    return "ANH" if Path(file_name).suffix.lower() in IMAGE_SUFFIXES else "KHAC"


def check_meta(meta: EvidenceMeta) -> EvidenceMeta:
    clean = EvidenceMeta(
        number=nfc(meta.number),
        issued_on=meta.issued_on,
        issuer=nfc(meta.issuer),
        summary=nfc(meta.summary),
        doc_type=meta.doc_type.upper(),
        proves_date=meta.proves_date,
    )
    if clean.doc_type and clean.doc_type not in DOC_TYPES:
        raise UserError(f"Loại tài liệu «{meta.doc_type}» không hợp lệ; chọn một trong: {', '.join(DOC_TYPES)}.")
    if len(clean.number) > 100:
        raise UserError("Số ký hiệu quá dài (tối đa 100 ký tự), ví dụ «12/BC-UBND».")
    return clean


def criterion_of(session: Session, criterion_id: int) -> Criterion:
    crit = session.get(Criterion, criterion_id)
    if crit is None:
        raise not_found("tiêu chí")
    return crit


def link_evidence(
    session: Session, evidence_id: int, task_id: int | None = None, criterion_id: int | None = None, note: str = ""
) -> EvidenceLink:
    """Idempotent: linking twice keeps one link (the note is updated)."""
    if (task_id is None) == (criterion_id is None):
        raise ValueError("a link goes to exactly one task or one criterion")
    if task_id is not None:
        task = session.get(Task, task_id)
        if task is None:
            raise not_found("nhiệm vụ")
        refuse_removed(task)
        target = f"nhiệm vụ {task.code}"
    else:
        target = f"tiêu chí {criterion_of(session, criterion_id or 0).code}"
    existing = session.scalars(
        select(EvidenceLink).where(
            EvidenceLink.evidence_id == evidence_id,
            EvidenceLink.task_id.is_(None) if task_id is None else EvidenceLink.task_id == task_id,
            EvidenceLink.criterion_id.is_(None) if criterion_id is None else EvidenceLink.criterion_id == criterion_id,
        )
    ).first()
    note = nfc(note)
    if existing is not None:
        if note and note != existing.note:
            record(
                session,
                AuditEntity.LINK,
                existing.id,
                AuditAction.UPDATE,
                f"Sửa ghi chú liên kết với {target}",
                diff({"note": existing.note}, {"note": note}),
                task_id,
            )
            existing.note = note
        return existing
    link = EvidenceLink(evidence_id=evidence_id, task_id=task_id, criterion_id=criterion_id, note=note)
    session.add(link)
    session.flush()
    ev = session.get(Evidence, evidence_id)
    name = ev.original_name if ev else "(đã xoá)"
    record(
        session,
        AuditEntity.LINK,
        link.id,
        AuditAction.LINK,
        f"Gắn tài liệu «{name}» với {target}",
        {"note": ["", note]},
        task_id,
    )
    return link


def unlink_evidence(session: Session, link_id: int) -> int:
    """Removes the link only; the evidence item and its file stay. Returns the audit entry that can undo it."""
    link = session.get(EvidenceLink, link_id)
    if link is None:
        raise UserError("Liên kết này không còn tồn tại.")
    name = link.evidence.original_name
    rows = {"evidence_link": capture(session, EvidenceLink, EvidenceLink.id == link.id)}
    entry_id = record_deletion(
        session,
        AuditEntity.LINK,
        link.id,
        f"Bỏ gắn tài liệu «{name}»",
        rows,
        task_id=link.task_id,
        action=AuditAction.UNLINK,
    )
    session.delete(link)
    session.flush()
    return entry_id


def update_evidence(session: Session, evidence_id: int, meta: EvidenceMeta) -> None:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise not_found("tài liệu kiểm chứng")
    clean = check_meta(meta)
    new = {
        "number": clean.number,
        "issued_on": clean.issued_on,
        "issuer": clean.issuer,
        "summary": clean.summary,
        "doc_type": clean.doc_type or ev.doc_type,
        "proves_date": clean.proves_date,
    }
    old = {key: getattr(ev, key) for key in new}
    changes = diff(old, new)
    if changes:
        for key, value in new.items():
            setattr(ev, key, value)
        record(
            session,
            AuditEntity.EVIDENCE,
            ev.id,
            AuditAction.UPDATE,
            f"Sửa thông tin tài liệu «{ev.original_name}»",
            changes,
        )
        session.flush()


def delete_evidence(session: Session, evidence_id: int) -> int:
    """Deletes the item, refused while it is linked. The file stays until an explicit clean-up, and until then
    the returned audit entry can undo the deletion."""
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise not_found("tài liệu kiểm chứng")
    links = session.scalar(select(func.count()).select_from(EvidenceLink).where(EvidenceLink.evidence_id == ev.id))
    if links:
        raise UserError(
            f"Tài liệu «{ev.original_name}» còn gắn với {links} nhiệm vụ/tiêu chí. Hãy bỏ gắn trước khi xoá."
        )
    rows = {"evidence": capture(session, Evidence, Evidence.id == ev.id)}
    entry_id = record_deletion(
        session, AuditEntity.EVIDENCE, ev.id, f"Xoá tài liệu «{ev.original_name}»", rows, {"sha256": [ev.sha256, None]}
    )
    session.delete(ev)
    session.flush()
    return entry_id


def list_evidence(session: Session, task_id: int | None = None, criterion_id: int | None = None) -> list[EvidenceRow]:
    q = select(Evidence).options(selectinload(Evidence.links)).order_by(Evidence.id)  # not one query per file
    if task_id is not None:
        q = q.join(EvidenceLink).where(EvidenceLink.task_id == task_id)
    if criterion_id is not None:
        q = q.join(EvidenceLink).where(EvidenceLink.criterion_id == criterion_id)
    crit_codes = dict(session.execute(select(Criterion.id, Criterion.code)).tuples().all())
    rows = []
    for ev in session.scalars(q).unique():
        links = tuple(
            f"task:{lk.task_id}" if lk.task_id is not None else f"criterion:{crit_codes.get(lk.criterion_id or 0, '?')}"
            for lk in ev.links
        )
        rows.append(
            EvidenceRow(
                id=ev.id,
                uuid=ev.uuid,
                sha256=ev.sha256,
                size=ev.size,
                original_name=ev.original_name,
                doc_type=ev.doc_type,
                number=ev.number,
                issued_on=ev.issued_on,
                issuer=ev.issuer,
                summary=ev.summary,
                proves_date=ev.proves_date,
                added_at=ev.added_at.isoformat() if ev.added_at else "",
                links=links,
            )
        )
    return rows


@dataclass(frozen=True)
class LinkRow:
    link_id: int
    evidence_id: int
    original_name: str
    number: str
    doc_type: str
    note: str
    sha256: str


def links_of(session: Session, task_id: int | None = None, criterion_id: int | None = None) -> list[LinkRow]:
    q = select(EvidenceLink, Evidence).join(Evidence).order_by(EvidenceLink.id)
    if task_id is not None:
        q = q.where(EvidenceLink.task_id == task_id)
    if criterion_id is not None:
        q = q.where(EvidenceLink.criterion_id == criterion_id)
    return [
        LinkRow(lk.id, ev.id, ev.original_name, ev.number, ev.doc_type, lk.note, ev.sha256)
        for lk, ev in session.execute(q).tuples()
    ]


def evidence_path(store: Store, evidence_id: int) -> Path:
    """The stored file, for opening in the system viewer (read-only use)."""
    with store.session() as s:
        ev = s.get(Evidence, evidence_id)
        if ev is None:
            raise not_found("tài liệu kiểm chứng")
        path = blob_path(store.data_dir, ev.sha256)
        name = ev.original_name
    if not path.exists():
        raise UserError(f"Tệp của tài liệu «{name}» không còn trong kho; hãy chạy «Kiểm tra dữ liệu».")
    return path


def viewable_copy(store: Store, evidence_id: int, view_root: Path | None = None) -> Path:
    """A copy under the original name (the system viewer needs the extension); the store stays untouched."""
    src = evidence_path(store, evidence_id)
    with store.session() as s:
        ev = s.get(Evidence, evidence_id)
        assert ev is not None
        name = Path(ev.original_name).name or "tai-lieu"
        sha = ev.sha256
    folder = (view_root or Path(tempfile.gettempdir()) / "cchc-xem") / sha[:16]
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / name
    if not dest.exists() or dest.stat().st_size != src.stat().st_size:
        shutil.copyfile(src, dest)
    return dest
