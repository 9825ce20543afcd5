"""Receiving report bundles at a focal point: verified first, copied into inbox/<bundle_uuid>/, recorded.

Nothing is written for a bundle that fails verification. Its tasks are matched to this focal point's plans
(`matching.py`): a plan never imported here is learned from the bundle, tasks still unknown are kept and shown
as such, so a bundle is never refused because the two sides got their plan differently. The same bundle
again is reported «đã tiếp nhận» and changes nothing; a newer bundle from the same agency and period supersedes
the older, which stays as history.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from db.errors import StoreError
from db.models import Submission, local_now
from db.store import Store
from desktop.core.agency_names import match_key, reporting_key
from desktop.core.bundle.layout import MANIFEST, looks_like_bundle
from desktop.core.bundle.matching import Match, TaskMatch, count, match_tasks
from desktop.core.bundle.parts import is_part, joined, whole_name
from desktop.core.bundle.verify import (
    ARCHIVE_ERRORS,
    MAX_MANIFEST,
    MAX_TOTAL,
    BundleSource,
    Verdict,
    verify_bundle,
)
from desktop.core.disk_sync import DurableFolder, fsync_dir
from desktop.core.errors import Cancelled, UserError, disk_full, os_reason
from desktop.core.formatting import fmt_stamp
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.records import DONE_STATUSES
from desktop.core.text import nfc

INBOX = "inbox"
RESEND = "Hãy đề nghị đơn vị xuất lại gói báo cáo bằng ứng dụng rồi gửi lại"


class OutcomeStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


OUTCOME_LABELS: dict[str, str] = {
    OutcomeStatus.ACCEPTED: "Đã tiếp nhận",
    OutcomeStatus.DUPLICATE: "Đã tiếp nhận trước đây",
    OutcomeStatus.SUPERSEDED: "Đã tiếp nhận, thay gói cũ",
    OutcomeStatus.REJECTED: "Từ chối",
}


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str  # an OutcomeStatus
    reason: str = ""
    bundle_uuid: str = ""
    agency: str = ""
    period: str = ""
    unmatched_tasks: int = 0  # tasks in no plan imported here (learned ones included)
    conflicts: int = 0  # known task UUIDs claimed for other text
    learned_plan: bool = False  # a plan never imported here was learned from this bundle
    signature: dict[str, str] | None = None  # the report PDF's (SignatureCheck.as_json), None without a PDF

    def describe(self) -> str:
        """One line for the user: verdict, file, who and which period, and why."""
        who = f" — {self.agency}, kỳ {self.period}" if self.agency else ""
        notes = [self.reason] if self.reason else []
        if self.learned_plan:
            notes.append(
                "kế hoạch của gói chưa được nhập ở đây nên được ghi nhận theo gói; nhập tệp kế hoạch để đối chiếu đủ"
            )
        elif self.unmatched_tasks:
            notes.append(f"{self.unmatched_tasks} nhiệm vụ chưa có trong kế hoạch của bạn (vẫn được giữ để xem)")
        if self.conflicts:
            notes.append(f"{self.conflicts} nhiệm vụ trùng mã định danh nhưng khác nội dung (không gộp)")
        note = f": {'; '.join(notes)}" if notes else ""
        return f"{OUTCOME_LABELS[self.status]}: {self.path.name}{who}{note}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "reason": self.reason,
            "bundle_uuid": self.bundle_uuid,
            "agency": self.agency,
            "period": self.period,
            "unmatched_tasks": self.unmatched_tasks,
            "conflicts": self.conflicts,
            "learned_plan": self.learned_plan,
            "signature": self.signature,
        }


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


# Bundles verified and copied ahead on helper threads while the one before is recorded: the disk and the
# hashing of the next ones overlap the database work of this one.
AHEAD = 3
READERS = 2  # reading, hashing and writing release the interpreter lock: two bundles at once use both cores


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
    bundles are read ahead on a helper thread; each is recorded here, in order."""
    cancel = cancel or CancelToken()
    paths = bundle_paths(paths)
    outcomes: list[Outcome] = []
    received = _received(store)  # read once here: the helper threads do no database work
    known = received.get
    upcoming = iter(paths)
    reading: deque[tuple[Path, Future[_Prepared]]] = deque()
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="tiep-nhan") as ahead:

        def read_more() -> None:
            while len(reading) < AHEAD and (nxt := next(upcoming, None)) is not None:
                reading.append((nxt, ahead.submit(_prepare, store, nxt, known, cancel)))

        try:
            read_more()
            for n in range(len(paths)):
                path, job = reading[0]
                progress(n, len(paths), path.name)
                try:
                    cancel.check()
                    prepared = job.result()
                    reading.popleft()  # from here on `_finish` removes its copy, whatever happens
                    read_more()
                    outcomes.append(_finish(store, prepared, cancel))
                except UserError as exc:
                    if reading and reading[0][1] is job:
                        reading.popleft()
                    outcomes.append(Outcome(path, OutcomeStatus.REJECTED, str(exc)))
                    read_more()
                except (Cancelled, OSError, OperationalError, StoreError) as exc:
                    raise _stopped(exc, outcomes, path) from exc
        finally:
            if reading:
                cancel.cancel()  # stopped early: the bundles read ahead stop, and what they copied goes
            for _path, job in reading:
                with suppress(BaseException):
                    tmp = job.result().tmp
                    if tmp is not None:
                        shutil.rmtree(tmp, ignore_errors=True)
    progress(len(paths), len(paths), "")
    return outcomes


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

    return _finish(store, _prepare(store, path, known, cancel), cancel)


# A received bundle's manifest SHA-256 by its bundle UUID, None when it was never received here.
Known = Callable[[str], str | None]


def _received(store: Store) -> dict[str, str]:
    """Bundle UUID → manifest SHA-256 of every bundle received here."""
    with store.session() as s:
        return dict(s.execute(select(Submission.bundle_uuid, Submission.manifest_sha256)).tuples().all())


def _prepare(store: Store, path: Path, known: Known, cancel: CancelToken) -> _Prepared:
    """No database work here (it runs on the helper thread): the manifest peeked at, then the bundle verified
    and copied in one pass into a folder of its own, which takes the bundle's name only once it is recorded."""
    if is_part(path):
        return _Prepared(path, later=True)
    seen = _seen(path, known)
    if seen:
        return _Prepared(path, seen_as=seen)
    inbox = store.data_dir / INBOX
    inbox.mkdir(parents=True, exist_ok=True)
    tmp = inbox / f".nhan-{uuid.uuid4()}.part"
    try:
        verdict = verify_bundle(path, cancel=cancel, trust_dir=store.data_dir, copy_to=DurableFolder(tmp))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return _Prepared(path, verdict, tmp)


def _finish(store: Store, prepared: _Prepared, cancel: CancelToken) -> Outcome:
    if prepared.later:
        return import_bundle(store, prepared.path, cancel)
    if prepared.seen_as:
        again = _received_before(store, prepared.path, prepared.seen_as)
        return again if again is not None else import_bundle(store, prepared.path, cancel)
    assert prepared.verdict is not None and prepared.tmp is not None
    try:
        return _take_in(store, prepared.path, prepared.verdict, prepared.tmp)
    finally:
        shutil.rmtree(prepared.tmp, ignore_errors=True)  # gone already when the bundle was taken in


def _seen(path: Path, known: Known) -> str:
    """The bundle UUID when this very manifest was received before (nothing else of the bundle is read)."""
    source = BundleSource(path)
    try:
        with source.open(MANIFEST) as f:
            raw = f.read(MAX_MANIFEST + 1)
        bundle_uuid = str(uuid.UUID(str(json.loads(raw.decode("utf-8"))["bundle_uuid"])))
    except (*ARCHIVE_ERRORS, KeyError, TypeError, RecursionError):
        return ""  # the full check says what is wrong with it
    finally:
        source.close()
    return bundle_uuid if known(bundle_uuid) == hashlib.sha256(raw).hexdigest() else ""


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


def _take_in(store: Store, path: Path, verdict: Verdict, tmp: Path) -> Outcome:
    """A verified bundle, copied into `tmp`, becomes inbox/<bundle_uuid> and its submission is recorded."""
    signature = verdict.signature.as_json() if verdict.signature is not None else None
    if not verdict.ok or verdict.manifest is None:
        reason = "; ".join(verdict.problems[:5]) + f". {RESEND}"
        return Outcome(path, OutcomeStatus.REJECTED, reason, signature=signature)
    m = verdict.manifest
    try:
        bundle_uuid = str(uuid.UUID(str(m["bundle_uuid"])))
        agency = nfc(str(m["agency"]["name"])).strip()
        period = str(m["period"]["code"])
        data = m["data"]
        task_entries: list[dict[str, Any]] = list(data["tasks"])
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in task_entries):
            raise TypeError("tasks")
    except (KeyError, TypeError, ValueError, AttributeError):
        return Outcome(
            path,
            OutcomeStatus.REJECTED,
            f"manifest.json thiếu thông tin cơ quan, kỳ báo cáo hoặc dữ liệu nhiệm vụ. {RESEND}",
        )
    if not agency:
        return Outcome(path, OutcomeStatus.REJECTED, f"gói không ghi tên cơ quan gửi. {RESEND}")
    manifest_sha = hashlib.sha256((tmp / MANIFEST).read_bytes()).hexdigest()
    base = Outcome(path, "", "", bundle_uuid, agency, period, signature=signature)
    with store.session() as s:
        same = s.scalars(select(Submission).where(Submission.bundle_uuid == bundle_uuid)).first()
        if same is not None:
            if same.manifest_sha256 == manifest_sha:
                return _with(base, OutcomeStatus.DUPLICATE, "đã tiếp nhận gói này trước đây; không thay đổi gì")
            return _with(
                base,
                OutcomeStatus.REJECTED,
                f"mã gói trùng với một gói đã nhận nhưng nội dung khác (xung đột mã). {RESEND}",
            )
    folder = Path(INBOX) / bundle_uuid
    target = store.data_dir / folder
    shutil.rmtree(target, ignore_errors=True)  # left by a crash between an earlier copy and its row
    os.replace(tmp, target)
    fsync_dir(target.parent)
    try:
        with store.session(write=True) as s:
            # Matching may learn a plan: it is written in the same transaction as the submission.
            matches = match_tasks(s, data)
            status = _record(
                s,
                bundle_uuid,
                manifest_sha,
                agency,
                period,
                str(m.get("created_at", "")),
                folder,
                task_entries,
                matches,
                signature,
                data.get("index_assessments") or None,
            )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return replace(
        _with(base, status[0], status[1]),
        unmatched_tasks=sum(1 for x in matches if not x.known),
        conflicts=count(matches, Match.CONFLICT),
        learned_plan=any(x.match == Match.LEARNED for x in matches) and not any(x.known for x in matches),
    )


def _with(base: Outcome, status: str, reason: str) -> Outcome:
    return replace(base, status=status, reason=reason)


def _record(
    s: Any,
    bundle_uuid: str,
    manifest_sha: str,
    agency: str,
    period: str,
    created_at: str,
    folder: Path,
    task_entries: list[dict[str, Any]],
    matches: list[TaskMatch],
    signature: dict[str, str] | None,
    assessments: list[dict[str, Any]] | None = None,
) -> tuple[str, str]:
    key = reporting_key(agency)
    tasks = [
        {
            "uuid": t.get("uuid"),
            "local_uuid": mt.local_uuid,  # the focal point's task it reports on, or None
            "match": str(mt.match),
            "code": t.get("code"),
            "framework": t.get("framework"),
            "status": (t.get("progress") or {}).get("status"),
            "percent": (t.get("progress") or {}).get("percent"),
            "evidence": len(t.get("evidence_refs") or []),
        }
        for t, mt in zip(task_entries, matches, strict=True)
    ]
    new = Submission(
        bundle_uuid=bundle_uuid,
        manifest_sha256=manifest_sha,
        agency_name=agency,
        agency_key=key,
        period_code=period,
        created_at=created_at,
        received_at=local_now(),
        status="current",
        folder=folder.as_posix(),
        tasks=tasks,
        task_count=len(tasks),
        done_count=sum(1 for t in tasks if t.get("status") in DONE_STATUSES),
        evidence_count=sum(1 for t in tasks if t.get("evidence")),
        signature=signature,
        assessments=assessments,
    )
    s.add(new)
    s.flush()
    current = s.scalars(
        select(Submission).where(
            Submission.agency_key.in_({key, match_key(agency)}),  # stored before spellings were unified
            Submission.period_code == period,
            Submission.status == "current",
            Submission.id != new.id,
        )
    ).first()
    if current is None:
        return OutcomeStatus.ACCEPTED, ""
    if _when(created_at) >= _when(current.created_at):
        current.status, current.superseded_by_id = "superseded", new.id
        made = fmt_stamp(current.created_at)
        return OutcomeStatus.SUPERSEDED, f"thay cho gói lập lúc {made}; gói cũ được giữ làm lịch sử"
    new.status, new.superseded_by_id = "superseded", current.id
    return OutcomeStatus.ACCEPTED, f"cũ hơn gói đã có (lập lúc {fmt_stamp(current.created_at)}); lưu làm lịch sử"


def _when(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min.replace(tzinfo=local_now().tzinfo)
