"""The focal point's picture of one period: who submitted, late or not, who is missing, and how far each is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Submission
from desktop.core.agency_names import LEVEL_LABELS, key_variants, match_key, reporting_key
from desktop.core.periods import get_period
from desktop.core.register import canonical_names, expected_agencies
from desktop.core.text import collation_key

STATE_LABELS = {"submitted": "Đã nộp", "late": "Nộp muộn", "missing": "Chưa nộp"}


@dataclass(frozen=True)
class SubmissionRow:
    agency: str
    state: str  # submitted | late | missing
    received_at: datetime | None = None
    bundle_uuid: str = ""
    tasks: int = 0
    done: int = 0
    with_evidence: int = 0
    level: str = ""  # an AgencyLevel when the agency is in the directory
    expected: bool = True  # in the register or named by a plan; False: it reported without being expected
    signature: dict[str, str] | None = None  # the report PDF's signature as checked on receipt

    @property
    def completion(self) -> float:
        return self.done / self.tasks if self.tasks else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "agency": self.agency,
            "state": self.state,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "bundle_uuid": self.bundle_uuid or None,
            "tasks": self.tasks,
            "done": self.done,
            "completion": round(self.completion, 4),
            "with_evidence": self.with_evidence,
            "group": LEVEL_LABELS.get(self.level, ""),
            "expected": self.expected,
            "signature": self.signature,
        }


def current_submissions(
    session: Session, agency_keys: Iterable[str], period_code: str, excluding: int | None = None
) -> list[Submission]:
    """One agency's current reports for the period, by any of its keys (but `excluding`). The status is checked
    here, not in the query: given a term on it, SQLite chose the index on period and status and read every
    current report of the period for each one received, which made a national receipt quadratic. Only the rows
    found are loaded whole (a report's task list is large)."""
    found = session.execute(
        select(Submission.id, Submission.status).where(
            Submission.agency_key.in_(set(agency_keys)), Submission.period_code == period_code
        )
    )
    ids = [sub_id for sub_id, status in found if status == "current" and sub_id != excluding]
    return [session.get_one(Submission, sub_id) for sub_id in ids]


def submissions(session: Session, period_code: str) -> list[SubmissionRow]:
    period = get_period(session, period_code)
    # The register (the province's communes and wards, agencies added by hand) and every agency a plan assigns
    # tasks to; not what a plan names but never reports (villages, enterprises, «các cơ sở …»).
    agencies = expected_agencies(session)
    expected = {reporting_key(a.name): a.name for a in agencies}
    levels = {reporting_key(a.name): a.level for a in agencies}
    merged = canonical_names(session)

    def canonical(name: str) -> str:
        return merged.get(match_key(name)) or merged.get(key_variants(name)[-1]) or name

    # Only the columns shown: the task lists (thousands of agencies × their tasks) are counted on receipt.
    columns = (
        Submission.id,
        Submission.agency_name,
        Submission.received_at,
        Submission.bundle_uuid,
        Submission.task_count,
        Submission.done_count,
        Submission.evidence_count,
        Submission.signature,
    )
    current = {
        reporting_key(canonical(s.agency_name)): s
        for s in session.execute(
            select(*columns).where(Submission.period_code == period.code, Submission.status == "current")
        )
    }
    names = {**{k: sub.agency_name for k, sub in current.items()}, **expected}
    rows = []
    for key in sorted(names, key=lambda k: collation_key(names[k])):
        sub = current.get(key)
        if sub is None:
            rows.append(SubmissionRow(names[key], "missing", level=levels.get(key, "")))
            continue
        late = sub.received_at.date() > period.due_date
        counts = (sub.task_count, sub.done_count, sub.evidence_count)
        rows.append(
            SubmissionRow(
                agency=names[key],
                state="late" if late else "submitted",
                received_at=sub.received_at,
                bundle_uuid=sub.bundle_uuid,
                tasks=counts[0] if counts[0] is not None else 0,
                done=counts[1] or 0,
                with_evidence=counts[2] or 0,
                level=levels.get(key, ""),
                expected=key in expected,
                signature=sub.signature,
            )
        )
    return rows


def missing_reports(session: Session, period_code: str) -> int | None:
    """At a focal point (a province declared, agencies registered or bundles received): how many of the agencies
    expected to report have not reported for the period. None elsewhere: a commune owes no one a count."""
    from db.models import Agency
    from desktop.core.register import province_of

    focal = (
        province_of(session) is not None
        or session.scalar(select(Agency.id).where(Agency.registered.is_(True)).limit(1)) is not None
        or session.scalar(select(Submission.id).limit(1)) is not None
    )
    if not focal:
        return None
    return sum(1 for row in submissions(session, period_code) if row.state == "missing")
