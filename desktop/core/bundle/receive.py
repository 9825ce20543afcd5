"""Receiving report bundles at a focal point: copied into the inbox and verified there, then recorded (a zip is
kept whole as inbox/<bundle_uuid>.zip, a folder as inbox/<bundle_uuid>/; see `kept.py`).

Nothing is written for a bundle that fails verification. Its tasks are matched to this focal point's plans
(`matching.py`): a plan never imported here is learned from the bundle, tasks still unknown are kept and shown
as such, so a bundle is never refused because the two sides got their plan differently. The same bundle
again is reported «đã tiếp nhận» and changes nothing; a newer bundle from the same agency and period supersedes
the older, which stays as history.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from db.errors import StoreError
from db.models import Submission
from db.store import Store
from desktop.core.bundle.kept import copy_whole, remove_kept
from desktop.core.bundle.layout import MANIFEST, looks_like_bundle
from desktop.core.bundle.matching import TaskIndexes
from desktop.core.bundle.outcome import INBOX, Outcome, OutcomeStatus
from desktop.core.bundle.parts import is_part, joined, whole_name
from desktop.core.bundle.take_in import Known, Ready, checked, take_in
from desktop.core.bundle.verify import (
    ARCHIVE_ERRORS,
    MAX_MANIFEST,
    MAX_TOTAL,
    BundleSource,
    Verdict,
    verify_bundle,
)
from desktop.core.disk_sync import DurableFolder
from desktop.core.errors import Cancelled, UserError, disk_full, os_reason
from desktop.core.progress import CancelToken, ProgressFn, no_progress

log = logging.getLogger(__name__)

__all__ = ["Outcome", "OutcomeStatus", "bundle_paths", "import_bundle", "import_bundles"]


def bundle_paths(chosen: list[Path]) -> list[Path]:
    """What to receive from what the user chose: a folder that is not itself a bundle (the USB stick's folder)
    stands for the bundles in it, and the parts of one split bundle count once."""
    out: list[Path] = []
    wholes: set[Path] = set()
    for path in chosen:
        inner: list[Path] = []
        if path.is_dir() and not (path / MANIFEST).exists():
            with suppress(OSError):  # an unreadable folder is then refused as a bundle, with its reason
                inner = sorted(p for p in path.iterdir() if p.name != MANIFEST and looks_like_bundle(p, inside=False))
        for candidate in inner or [path]:
            whole = whole_name(candidate)
            if whole not in wholes:
                wholes.add(whole)
                out.append(candidate)
    return out


# The bundle UUID a manifest was received under, by the manifest's SHA-256; None when never received here.
ByManifest = Callable[[str], str | None]

# Bundles verified and copied ahead on helper threads while those before are recorded: the disk and the
# hashing of the next ones overlap the database work. The bundles read by then are taken in together (one
# flush of the disk and one commit for them all).
AHEAD = 8
READERS = 3  # copying, reading and hashing release the interpreter lock: while one waits on the disk, two hash
# How long a batch waits for the next bundle being read to join it: a few milliseconds against one flush of the
# disk and one commit fewer (on a slow disk, each flush of a batch of two cost more than the bundles' bytes).
BATCH_WAIT = 0.03


@dataclass
class _Prepared:
    """A bundle read ahead: verified and copied into `tmp`, or known to be in already, or (parts) left to the
    caller's thread."""

    path: Path
    verdict: Verdict | None = None
    tmp: Path | None = None
    seen_as: str = ""  # the bundle UUID it was received under, when its manifest is the one received
    later: bool = False


def import_bundles(
    store: Store, paths: list[Path], progress: ProgressFn = no_progress, cancel: CancelToken | None = None
) -> list[Outcome]:
    """Each bundle in turn (see `bundle_paths`); a refused one is an outcome, and the next goes on. The next
    bundles are read ahead on helper threads; they are recorded here, in order."""
    cancel = cancel or CancelToken()
    paths = bundle_paths(paths)
    outcomes: list[Outcome] = []
    (store.data_dir / INBOX).mkdir(parents=True, exist_ok=True)
    _sweep_copies_left(store.data_dir / INBOX)
    received = _received(store)  # read once here: the helper threads do no database work
    by_manifest = {sha: bundle_uuid for bundle_uuid, sha in received.items()}
    indexes = TaskIndexes()  # this focal point's tasks, read once for the whole receipt
    known = received.get
    upcoming = iter(paths)
    reading: deque[tuple[Path, Future[_Prepared]]] = deque()
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="tiep-nhan") as ahead:

        def read_more() -> None:
            while len(reading) < AHEAD and (nxt := next(upcoming, None)) is not None:
                reading.append((nxt, ahead.submit(_prepare, store, nxt, by_manifest.get, cancel)))

        def next_batch() -> list[Outcome | Ready]:
            """The first bundle waiting, and those after it already read: refused ones as their outcome."""
            batch: list[Outcome | Ready] = []
            while reading and len(batch) < AHEAD:
                path, job = reading[0]
                if batch:
                    progress(len(outcomes) + len(batch), len(paths), path.name)
                    if _cancelled(cancel) or not _done_within(job, BATCH_WAIT) or job.exception() is not None:
                        break  # cancelled, not read soon, or failing: the batch so far goes in first
                try:
                    prepared = job.result()
                except UserError as exc:
                    reading.popleft()
                    batch.append(Outcome(path, OutcomeStatus.REJECTED, str(exc)))
                    continue
                if batch and (prepared.later or prepared.seen_as):
                    break  # does its own database work: after the batch
                reading.popleft()  # from here on its copy is removed, whatever happens
                read_more()  # the readers go on while the batch waits for its next bundle
                if prepared.later or prepared.seen_as:
                    indexes.forget()  # taken in on its own: a plan it teaches is not in the receipt's index
                    return [_finish(store, prepared, known, cancel)]
                assert prepared.verdict is not None and prepared.tmp is not None
                try:
                    batch.append(checked(path, prepared.verdict, prepared.tmp, known))
                except BaseException:
                    remove_kept(prepared.tmp)
                    raise
                if isinstance(ready := batch[-1], Ready):  # the same bundle later in this batch is received before
                    received[ready.base.bundle_uuid] = ready.manifest_sha
                    by_manifest[ready.manifest_sha] = ready.base.bundle_uuid
                else:
                    remove_kept(prepared.tmp)
            return batch

        try:
            read_more()
            while reading:
                path = reading[0][0]
                progress(len(outcomes), len(paths), path.name)
                batch: list[Outcome | Ready] = []
                try:
                    cancel.check()
                    batch = next_batch()
                    read_more()
                    ready = [b for b in batch if isinstance(b, Ready)]
                    taken = iter(take_in(store, ready, indexes) if ready else [])
                    outcomes += [next(taken) if isinstance(b, Ready) else b for b in batch]
                    batch = []  # taken in: their copies have their names now
                except (Cancelled, OSError, OperationalError, StoreError) as exc:
                    first = next((b.base.path for b in batch if isinstance(b, Ready)), path)
                    raise _stopped(exc, outcomes, first) from exc
                finally:
                    for b in batch:
                        if isinstance(b, Ready):
                            remove_kept(b.tmp)  # not taken in: its copy goes
        finally:
            if reading:
                cancel.cancel()  # stopped early: the bundles read ahead stop, and what they copied goes
            for _path, job in reading:
                with suppress(BaseException):
                    tmp = job.result().tmp
                    if tmp is not None:
                        remove_kept(tmp)
    progress(len(paths), len(paths), "")
    return outcomes


# A copy older than this was left by a receipt that was killed (a power cut): never one still being taken in.
LEFT_AFTER_S = 3600
_COPY_PREFIX = ".nhan-"


def _sweep_copies_left(inbox: Path) -> None:
    """The half-made copies a killed receipt left in the inbox go; nothing refers to them (the bundle folders
    that rows refer to are never touched: a restored older database may need them back)."""
    with suppress(OSError):
        for p in inbox.glob(f"{_COPY_PREFIX}*.part"):
            with suppress(OSError):
                if time.time() - p.stat().st_mtime > LEFT_AFTER_S:
                    log.info("removing %s, left by a receipt that did not finish", p)
                    remove_kept(p)


def _done_within(job: Future[_Prepared], seconds: float) -> bool:
    done, _pending = wait([job], timeout=seconds)
    return bool(done)


def _cancelled(cancel: CancelToken) -> bool:
    """Cancel pressed: the bundles gathered so far still go in whole, then the batch stops."""
    try:
        cancel.check()
    except Cancelled:
        return True
    return False


def _stopped(exc: BaseException, outcomes: list[Outcome], path: Path) -> BaseException:
    """The batch stops here; what is in stays in, and the half-copied bundle has already been removed."""
    kept = sum(o.status in (OutcomeStatus.ACCEPTED, OutcomeStatus.SUPERSEDED) for o in outcomes)
    state = f"gói «{path.name}» đang nhập dở không được ghi gì"
    if isinstance(exc, Cancelled):
        return Cancelled(
            f"Đã huỷ. {kept} gói tiếp nhận trước khi huỷ vẫn được giữ; {state}. Tiếp nhận lại các gói còn lại khi cần."
        )
    if disk_full(exc):
        return UserError(
            f"Ổ đĩa chứa dữ liệu đã đầy. {kept} gói tiếp nhận trước đó vẫn được giữ; {state}. "
            "Hãy giải phóng dung lượng rồi tiếp nhận lại các gói còn lại."
        )
    if isinstance(exc, OperationalError | StoreError):
        return exc
    reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
    return UserError(
        f"Không đọc hoặc ghi được tệp ({reason}). {kept} gói tiếp nhận trước đó vẫn được giữ; {state}. "
        "Nếu gói ở trên USB, hãy kiểm tra USB còn cắm rồi tiếp nhận lại."
    )


def import_bundle(store: Store, path: Path, cancel: CancelToken | None = None) -> Outcome:
    cancel = cancel or CancelToken()
    if is_part(path):  # name.zip.001: the parts are joined first
        with joined(path, MAX_TOTAL) as whole:
            return replace(import_bundle(store, whole, cancel), path=path)

    def known(bundle_uuid: str) -> str | None:
        with store.session() as s:
            return s.scalar(select(Submission.manifest_sha256).where(Submission.bundle_uuid == bundle_uuid))

    def by_manifest(manifest_sha: str) -> str | None:
        with store.session() as s:
            return s.scalar(select(Submission.bundle_uuid).where(Submission.manifest_sha256 == manifest_sha).limit(1))

    (store.data_dir / INBOX).mkdir(parents=True, exist_ok=True)
    return _finish(store, _prepare(store, path, by_manifest, cancel), known, cancel)


def _received(store: Store) -> dict[str, str]:
    """Bundle UUID → manifest SHA-256 of every bundle received here."""
    with store.session() as s:
        return dict(s.execute(select(Submission.bundle_uuid, Submission.manifest_sha256)).tuples().all())


def _prepare(store: Store, path: Path, by_manifest: ByManifest, cancel: CancelToken) -> _Prepared:
    """No database work here (it runs on the helper thread): the manifest peeked at, then the bundle copied into
    the inbox under a name of its own and verified there (what is kept is what was verified); it takes the
    bundle's name only once it is recorded. A zip is copied whole by the system and read back from the page
    cache; a folder is verified and copied file by file in one pass."""
    if is_part(path):
        return _Prepared(path, later=True)
    seen = _seen(path, by_manifest)  # not a zip or a bundle folder: refused here with its own name, nothing copied
    if seen:
        return _Prepared(path, seen_as=seen)
    tmp = store.data_dir / INBOX / f"{_COPY_PREFIX}{uuid.uuid4()}.part"  # the caller made the inbox
    try:
        if path.is_file():
            copy_whole(path, tmp, cancel)
            verdict = verify_bundle(tmp, cancel=cancel, trust_dir=store.data_dir)
        else:
            copy_to = DurableFolder(tmp, batched=True)
            verdict = verify_bundle(path, cancel=cancel, trust_dir=store.data_dir, copy_to=copy_to)
    except BaseException:
        remove_kept(tmp)
        raise
    return _Prepared(path, verdict, tmp)


def _finish(store: Store, prepared: _Prepared, known: Known, cancel: CancelToken) -> Outcome:
    if prepared.later:
        return import_bundle(store, prepared.path, cancel)
    if prepared.seen_as:
        again = _received_before(store, prepared.path, prepared.seen_as)
        return again if again is not None else import_bundle(store, prepared.path, cancel)
    assert prepared.verdict is not None and prepared.tmp is not None
    try:
        ready = checked(prepared.path, prepared.verdict, prepared.tmp, known)
        return take_in(store, [ready])[0] if isinstance(ready, Ready) else ready
    finally:
        remove_kept(prepared.tmp)  # gone already when the bundle was taken in


def _seen(path: Path, by_manifest: ByManifest) -> str:
    """The bundle UUID when this very manifest was received before: its bytes hashed, not parsed (nothing else
    of the bundle is read)."""
    source = BundleSource(path)
    try:
        with source.open(MANIFEST) as f:
            raw = f.read(MAX_MANIFEST + 1)
    except ARCHIVE_ERRORS:
        return ""  # the full check says what is wrong with it
    finally:
        source.close()
    return by_manifest(hashlib.sha256(raw).hexdigest()) or ""


def _received_before(store: Store, path: Path, bundle_uuid: str) -> Outcome | None:
    with store.session() as s:
        same = s.scalars(select(Submission).where(Submission.bundle_uuid == bundle_uuid)).first()
    if same is None:
        return None
    return Outcome(
        path,
        OutcomeStatus.DUPLICATE,
        "đã tiếp nhận gói này trước đây; không thay đổi gì",
        bundle_uuid,
        same.agency_name,
        same.period_code,
        signature=same.signature,
    )
