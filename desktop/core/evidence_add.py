"""Adding evidence files: copied into the store in batches, each batch flushed, renamed, then committed.

Every source is checked before anything is copied. Files are copied and hashed in one pass, a few at a time on
helper threads (reading, hashing and writing all release the interpreter lock, so one file's hashing overlaps
another's disk wait); they join their batch in the order given. Within a batch the files are flushed on helper
threads while the next ones copy; the batch's rows are committed only after its files are durable in their
place. Cancel (or a USB stick pulled out) keeps the whole files already copied and never a part of one.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity
from db.models import AuditEntry, Evidence, EvidenceLink, Task, local_now, new_uuid
from db.store import Store
from desktop.core.audit import actor
from desktop.core.errors import Cancelled, UserError, not_found
from desktop.core.evidence import AddResult, EvidenceMeta, check_meta, criterion_of, guess_doc_type, link_evidence
from desktop.core.evidence_files import (
    Flusher,
    StagedFile,
    StoredFile,
    check_source,
    discard,
    settle,
    stage_file,
    staging_dir,
    wait_flushed,
)
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.text import nfc

# A batch is committed in one transaction; small enough that Cancel loses little, large enough to amortise.
BATCH_BYTES = 128 * 1024 * 1024
BATCH_FILES = 256
# Files copied at once: more threads than cores only add contention; two keep one hashing while one waits.
COPY_THREADS = max(2, min(4, os.cpu_count() or 2))


class _ByteCount:
    """Progress over all files while several copy at once: each file's progress adds to one total."""

    def __init__(self, progress: ProgressFn, total: int) -> None:
        self._progress, self._total = progress, total
        self._done = 0
        self._lock = threading.Lock()

    def for_file(self) -> ProgressFn:
        last = 0

        def report(done: int, _total: int, label: str) -> None:
            nonlocal last
            with self._lock:
                self._done += done - last
                now = self._done
            last = done
            self._progress(now, self._total, label)

        return report


class _Stop:
    """The user's Cancel, or a failure of another file copying alongside: either stops a copy between chunks."""

    def __init__(self, cancel: CancelToken) -> None:
        self._cancel = cancel
        self._failed = threading.Event()

    def fail(self) -> None:
        self._failed.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.cancelled or self._failed.is_set()


@dataclass
class _Targets:
    task_ids: Sequence[int]
    criteria: list[tuple[int, str]]  # (id, code)


@dataclass
class _Batch:
    items: list[tuple[str, StagedFile]] = field(default_factory=list)
    flushes: list[Future[None]] = field(default_factory=list)
    size: int = 0

    def full(self) -> bool:
        return self.size >= BATCH_BYTES or len(self.items) >= BATCH_FILES

    def discard(self) -> None:
        """After a failure: let the flushes end, then remove the batch's temp files."""
        wait_flushed(self.flushes, quietly=True)
        discard([st for _name, st in self.items])
        self.items = []


def add_evidence_file(
    store: Store,
    path: Path,
    meta: EvidenceMeta,
    task_ids: Sequence[int] = (),
    criterion_ids: Sequence[int] = (),
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> AddResult:
    """Store one file and commit its row and links. Same content again: one item, the new links added."""
    progress, cancel = progress or no_progress, cancel or CancelToken()
    return add_evidence_files(store, [path], meta, task_ids, criterion_ids, progress, cancel)[0]


def add_evidence_files(
    store: Store,
    paths: Sequence[Path],
    meta: EvidenceMeta,
    task_ids: Sequence[int],
    criterion_ids: Sequence[int],
    progress: ProgressFn,
    cancel: CancelToken,
) -> list[AddResult]:
    clean = check_meta(meta)
    sizes = [check_source(p) for p in paths]  # a missing or empty file is refused before anything is copied
    targets = _check_targets(store, task_ids, criterion_ids)
    staging_dir(store.data_dir)
    total = sum(sizes) or 1
    results: list[AddResult] = []
    batch = _Batch()
    # A batch is renamed into place on the settler thread (mostly waiting on the disk) while the next one
    # copies; its rows are then written here, so the copy never contends with database work for the GIL.
    behind: _Settling | None = None
    settler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settle")
    copier = ThreadPoolExecutor(max_workers=COPY_THREADS, thread_name_prefix="copy")
    stop = _Stop(cancel)
    count = _ByteCount(progress, total)
    copying: deque[tuple[Path, int, Future[StagedFile]]] = deque()
    with Flusher(store.data_dir) as flusher, settler, copier:
        try:
            for path, size, staged in _copied(store, paths, sizes, copier, copying, stop, count):
                batch.flushes.append(flusher.submit(staged))
                batch.items.append((nfc(path.name), staged))
                batch.size += size
                if batch.full():
                    waiting, behind = behind, None
                    results += _record(store, waiting, clean, targets)
                    behind = _Settling(batch, settler.submit(_settle, store, flusher, batch))
                    batch = _Batch()
            waiting, behind = behind, None
            results += _record(store, waiting, clean, targets)
            results += _record(store, _Settling(batch, _settled(_settle(store, flusher, batch))), clean, targets)
        except (Cancelled, UserError) as exc:
            _abandon(copying, stop)
            results += _keep_whole_files(store, flusher, behind, batch, clean, targets)
            raise _partial(exc, len(results)) from None
        except BaseException:
            _abandon(copying, stop)
            if behind is not None:
                behind.stored.exception()
            batch.discard()
            raise
    return results


def _copied(
    store: Store,
    paths: Sequence[Path],
    sizes: Sequence[int],
    copier: ThreadPoolExecutor,
    copying: deque[tuple[Path, int, Future[StagedFile]]],
    stop: _Stop,
    count: _ByteCount,
) -> Iterator[tuple[Path, int, StagedFile]]:
    """Each file staged (copied and hashed), in the order given, with a few copying ahead on `copier`."""
    ahead = iter(zip(paths, sizes, strict=True))

    def start_more() -> None:
        while len(copying) < 2 * COPY_THREADS and (nxt := next(ahead, None)) is not None:
            path, size = nxt
            job = copier.submit(stage_file, store.data_dir, path, count.for_file(), stop)
            copying.append((path, size, job))

    start_more()
    while copying:
        path, size, job = copying[0]
        staged = job.result()  # the first failure, in order, stops the add
        copying.popleft()
        start_more()
        yield path, size, staged


def _abandon(copying: deque[tuple[Path, int, Future[StagedFile]]], stop: _Stop) -> None:
    """Stop the copies still running and remove what they staged: those files were never part of a batch."""
    stop.fail()
    while copying:
        _path, _size, job = copying.popleft()
        job.cancel()
        if not job.cancelled() and job.exception() is None:
            discard([job.result()])


def _check_targets(store: Store, task_ids: Sequence[int], criterion_ids: Sequence[int]) -> _Targets:
    with store.session() as s:
        for tid in task_ids:
            if s.get(Task, tid) is None:
                raise not_found("nhiệm vụ")
        return _Targets(list(task_ids), [(cid, criterion_of(s, cid).code) for cid in criterion_ids])


def _keep_whole_files(
    store: Store,
    flusher: Flusher,
    behind: _Settling | None,
    batch: _Batch,
    meta: EvidenceMeta,
    targets: _Targets,
) -> list[AddResult]:
    """After Cancel or a failed copy: the whole files already copied are committed; a failure here loses none."""
    kept: list[AddResult] = []
    try:
        kept += _record(store, behind, meta, targets)
        kept += _record(store, _Settling(batch, _settled(_settle(store, flusher, batch))), meta, targets)
    except BaseException:
        batch.discard()
    return kept


def _partial(exc: Cancelled | UserError, kept: int) -> Cancelled | UserError:
    if isinstance(exc, Cancelled):
        if not kept:
            return exc
        return Cancelled(f"Đã huỷ. {kept} tệp đã thêm xong được giữ lại; tệp đang sao chép dở không được ghi.")
    note = f" {kept} tệp đã thêm xong trước đó được giữ lại." if kept else ""
    return UserError(f"{exc}{note}")


@dataclass
class _Settling:
    batch: _Batch
    stored: Future[list[StoredFile]]


def _settled(stored: list[StoredFile]) -> Future[list[StoredFile]]:
    done: Future[list[StoredFile]] = Future()
    done.set_result(stored)
    return done


def _settle(store: Store, flusher: Flusher, batch: _Batch) -> list[StoredFile]:
    if not batch.items:
        return []
    try:
        return settle(store.data_dir, [st for _name, st in batch.items], batch.flushes, flusher)
    except BaseException:
        batch.discard()
        raise


def _record(store: Store, settling: _Settling | None, meta: EvidenceMeta, targets: _Targets) -> list[AddResult]:
    if settling is None:
        return []
    stored = settling.stored.result()
    if not stored:
        return []
    names = [name for name, _st in settling.batch.items]
    settling.batch.items = []  # in place now: a file without its row is reported at start-up and reused
    with store.session() as s:
        return _record_rows(s, list(zip(names, stored, strict=True)), meta, targets)


def _record_rows(
    session: Session, files: list[tuple[str, StoredFile]], meta: EvidenceMeta, targets: _Targets
) -> list[AddResult]:
    """The batch's rows in a few multi-row inserts: new items, their links, and the audit entries of both."""
    by, now = actor(session), local_now()
    known: dict[str, AddResult] = {
        r.sha256: AddResult(r.id, r.uuid, r.sha256, r.size, r.original_name, True)
        for r in session.execute(
            select(Evidence.id, Evidence.uuid, Evidence.sha256, Evidence.size, Evidence.original_name).where(
                Evidence.sha256.in_({f.sha256 for _n, f in files})
            )
        )
    }
    again = set(known)
    fresh: dict[str, dict[str, object]] = {}
    for name, f in files:
        if f.sha256 not in known and f.sha256 not in fresh:
            fresh[f.sha256] = {
                "uuid": new_uuid(),
                "sha256": f.sha256,
                "size": f.size,
                "original_name": name,
                "doc_type": meta.doc_type or guess_doc_type(meta.number, name),
                "number": meta.number,
                "issued_on": meta.issued_on,
                "issuer": meta.issuer,
                "summary": meta.summary,
                "proves_date": meta.proves_date,
                "added_by": by,
                "added_at": now,
            }
    audit: list[dict[str, object]] = []
    if fresh:
        rows = list(fresh.values())
        ids = session.scalars(insert(Evidence).returning(Evidence.id, sort_by_parameter_order=True), rows).all()
        link_rows: list[dict[str, object]] = []
        link_text: list[str] = []
        for ev_id, row in zip(ids, rows, strict=True):
            sha, name, size = str(row["sha256"]), str(row["original_name"]), int(str(row["size"]))
            known[sha] = AddResult(ev_id, str(row["uuid"]), sha, size, name, False)
            audit.append(
                _audit(
                    now,
                    by,
                    AuditEntity.EVIDENCE,
                    ev_id,
                    None,
                    AuditAction.CREATE,
                    f"Thêm tài liệu «{name}» ({size} byte)",
                    {"sha256": [None, sha]},
                )
            )
            for tid in targets.task_ids:
                link_rows.append({"evidence_id": ev_id, "task_id": tid, "note": "", "created_at": now})
                link_text.append(f"Gắn tài liệu «{name}» với nhiệm vụ này")
            for cid, code in targets.criteria:
                link_rows.append({"evidence_id": ev_id, "criterion_id": cid, "note": "", "created_at": now})
                link_text.append(f"Gắn tài liệu «{name}» với tiêu chí {code}")
        if link_rows:
            link_ids = session.scalars(
                insert(EvidenceLink).returning(EvidenceLink.id, sort_by_parameter_order=True), link_rows
            ).all()
            for link_id, row, text in zip(link_ids, link_rows, link_text, strict=True):
                audit.append(
                    _audit(
                        now,
                        by,
                        AuditEntity.LINK,
                        link_id,
                        row.get("task_id"),
                        AuditAction.LINK,
                        text,
                        {"note": ["", ""]},
                    )
                )
    if audit:
        session.execute(insert(AuditEntry), audit)
    for sha in again:  # the same content added before: new links, blank metadata filled, never overwritten
        ev = session.get(Evidence, known[sha].id)
        if ev is not None:
            _fill_blanks(ev, meta)
        for tid in targets.task_ids:
            link_evidence(session, known[sha].id, task_id=tid)
        for cid, _code in targets.criteria:
            link_evidence(session, known[sha].id, criterion_id=cid)
    results: list[AddResult] = []
    first: set[str] = set()
    for _name, f in files:
        r = known[f.sha256]
        results.append(r if f.sha256 not in first else replace(r, deduplicated=True))
        first.add(f.sha256)
    return results


def _audit(
    at: datetime,
    by: str,
    entity: str,
    entity_id: int,
    task_id: object,
    action: str,
    summary: str,
    changes: dict[str, list[object]],
) -> dict[str, object]:
    return {
        "at": at,
        "actor": by,
        "entity": entity,
        "entity_id": entity_id,
        "task_id": task_id,
        "action": action,
        "summary": summary,
        "changes": changes,
    }


def _fill_blanks(ev: Evidence, meta: EvidenceMeta) -> None:
    """A second copy of the same document may bring metadata the first lacked; it never overwrites."""
    for key in ("number", "issuer", "summary"):
        if not getattr(ev, key) and getattr(meta, key):
            setattr(ev, key, getattr(meta, key))
    for key in ("issued_on", "proves_date"):
        if getattr(ev, key) is None and getattr(meta, key) is not None:
            setattr(ev, key, getattr(meta, key))
