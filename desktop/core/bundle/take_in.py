"""Taking verified bundles in: each copy takes its bundle's name in the inbox (inbox/<bundle_uuid>.zip, or
inbox/<bundle_uuid> for a folder) and its submission is recorded.

Bundles are taken in together, as many as were read ahead: one flush of the disk, one sync of the inbox and
one commit for them all, in that order, so a committed row always has its files after a power cut. A bundle
that fails verification or repeats one received before writes nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from db.models import Submission, local_now
from db.store import Store
from desktop.core.agency_names import match_key, reporting_key
from desktop.core.bundle.kept import kept_name, remove_kept
from desktop.core.bundle.matching import Match, TaskIndexes, TaskMatch, count, match_tasks
from desktop.core.bundle.outcome import INBOX, RESEND, Outcome, OutcomeStatus
from desktop.core.bundle.report_data import receipt_entry, unproven_scores
from desktop.core.bundle.submissions import current_submissions
from desktop.core.bundle.verify import Verdict
from desktop.core.disk_sync import fsync_dir, sync_filesystem, syncfs_wanted
from desktop.core.formatting import fmt_stamp
from desktop.core.records import DONE_STATUSES
from desktop.core.text import nfc


@dataclass(frozen=True)
class Ready:
    """A verified bundle copied into `tmp` (the zip itself, or a folder), with what its manifest says, ready to be
    taken in."""

    tmp: Path
    base: Outcome  # path, bundle UUID, agency, period and signature; status and reason to come
    manifest_sha: str
    created_at: str
    data: dict[str, Any]
    task_entries: list[dict[str, Any]]


# A received bundle's manifest SHA-256 by its bundle UUID, None when it was never received here.
Known = Callable[[str], str | None]


def checked(path: Path, verdict: Verdict, tmp: Path, known: Known) -> Ready | Outcome:
    """The bundle ready to be taken in, or why not (refused, or received before): nothing written either way."""
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
    manifest_sha = verdict.manifest_sha256
    base = Outcome(path, "", "", bundle_uuid, agency, period, signature=signature)
    same = known(bundle_uuid)
    if same is not None:
        return _again(base, same == manifest_sha)
    return Ready(tmp, base, manifest_sha, str(m.get("created_at", "")), data, task_entries)


def _again(base: Outcome, same_manifest: bool) -> Outcome:
    if same_manifest:
        return _with(base, OutcomeStatus.DUPLICATE, "đã tiếp nhận gói này trước đây; không thay đổi gì")
    return _with(
        base, OutcomeStatus.REJECTED, f"mã gói trùng với một gói đã nhận nhưng nội dung khác (xung đột mã). {RESEND}"
    )


def take_in(store: Store, bundles: list[Ready], indexes: TaskIndexes | None = None) -> list[Outcome]:
    """Each bundle's outcome, in order (each bundle once: `checked` tells one received before, in this batch
    too). The copies are made durable by one flush of the disk (each was synced
    on its own where the system cannot flush a disk at once), take their names, and are recorded in one
    transaction; if that fails, none of them is in and the error is raised. `indexes` carries the task index
    from one batch to the next of the same receipt (this focal point's plans do not change meanwhile)."""
    indexes = indexes or TaskIndexes()
    inbox = store.data_dir / INBOX
    outcomes: list[Outcome] = []
    if syncfs_wanted():
        sync_filesystem(inbox)
    placed: list[Path] = []
    try:
        for b in bundles:
            target = inbox / kept_name(b.base.bundle_uuid, b.tmp.is_file())
            try:
                os.replace(b.tmp, target)
            except OSError:  # a folder left by a crash between an earlier copy and its row is in the way
                remove_kept(target)
                os.replace(b.tmp, target)
            placed.append(target)
        fsync_dir(inbox)
        with store.session(write=True) as s:
            for b, target in zip(bundles, placed, strict=True):
                # Matching may learn a plan: it is written in the same transaction as the submission.
                matches = match_tasks(s, b.data, indexes=indexes)
                status, reason = _record(s, b, Path(INBOX) / target.name, matches)
                outcomes.append(
                    replace(
                        _with(b.base, status, reason),
                        unmatched_tasks=sum(1 for x in matches if not x.known),
                        conflicts=count(matches, Match.CONFLICT),
                        learned_plan=any(x.match == Match.LEARNED for x in matches)
                        and not any(x.known for x in matches),
                    )
                )
    except BaseException:
        indexes.forget()  # it may hold a plan learned in the transaction that did not commit
        for target in placed:
            remove_kept(target)
        raise
    return outcomes


def _with(base: Outcome, status: str, reason: str) -> Outcome:
    return replace(base, status=status, reason=reason)


def _record(s: Any, b: Ready, folder: Path, matches: list[TaskMatch]) -> tuple[str, str]:
    agency, period, created_at = b.base.agency, b.base.period, b.created_at
    key = reporting_key(agency)
    tasks = [receipt_entry(t, mt.local_uuid, str(mt.match)) for t, mt in zip(b.task_entries, matches, strict=True)]
    new = Submission(
        bundle_uuid=b.base.bundle_uuid,
        manifest_sha256=b.manifest_sha,
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
        signature=b.base.signature,
        assessments=b.data.get("index_assessments") or None,
        criterion_gaps=unproven_scores(b.data),
    )
    s.add(new)
    s.flush()
    # By both keys: reports were stored by match_key before spellings were unified.
    current = next(iter(current_submissions(s, (key, match_key(agency)), period, excluding=new.id)), None)
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
