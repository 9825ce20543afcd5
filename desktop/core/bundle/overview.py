"""The focal point's aggregated view of one period across every agency's current bundle.

Built from the receipts (and, for bundles received before they held the report, the manifests kept in the
inbox; the receiver never parses the xlsx) joined, by task UUID, to the plan this focal point sent down: lĩnh
vực and due dates come from its own copy of the plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Criterion, Framework, Submission
from desktop.core.bundle.kept import ZIP_SUFFIX
from desktop.core.bundle.layout import MANIFEST, PDF, XLSX
from desktop.core.bundle.matching import MATCH_LABELS, Match
from desktop.core.bundle.report_data import receipt_entry, unproven_scores
from desktop.core.bundle.submissions import SubmissionRow, submissions
from desktop.core.bundle.verify import ARCHIVE_ERRORS, BundleSource
from desktop.core.catalog import field_names
from desktop.core.dashboard import overdue_on
from desktop.core.errors import UserError
from desktop.core.periods import PeriodRow, period_row
from desktop.core.progress import collection_paused
from desktop.core.records import DONE_STATUSES, TaskRow
from desktop.core.reports.data import FRAMEWORK_NAMES
from desktop.core.tasks import load_task_rows
from desktop.core.text import collation_key, natural_code_key, nfc

KIND_INDEX, KIND_FIELD = "index", "field"


@dataclass(slots=True)  # not frozen: a frozen class's __init__ costs 3× as much, felt over 448,000 rows
class AgencyTask:
    """One task as one agency reported it."""

    agency: str
    bundle_uuid: str
    code: str
    content: str
    framework: str
    field: str  # lĩnh vực, as "code. name"; "" when the task is not in this focal point's plan
    status: str  # "" = the agency reported nothing for it
    percent: int | None
    due_date: date | None
    evidence: int
    result: str = ""
    overdue: bool = False
    difficulties: str = ""
    proposals: str = ""
    match: str = ""  # "" when it is a task of our plan; else why not («Nhiệm vụ chưa có trong kế hoạch»…)

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


@dataclass(frozen=True)
class GroupRow:
    """Completion of one index or one lĩnh vực across every agency that reported on it."""

    kind: str  # index | field
    label: str
    agencies: int
    tasks: int
    done: int
    with_evidence: int

    @property
    def completion(self) -> float:
        return self.done / self.tasks if self.tasks else 0.0


@dataclass(frozen=True)
class CriterionGap:
    """A criterion an agency scored itself on without any evidence linked to it."""

    agency: str
    bundle_uuid: str
    framework: str
    code: str
    name: str
    score: float | None


@dataclass(frozen=True)
class ReceivedEvidence:
    ref: str
    original_name: str
    doc_type: str
    number: str
    issued_on: str
    issuer: str
    summary: str
    linked_to: str  # task and criterion codes
    size: int
    path: str  # inside the bundle; "" if the manifest names no file


@dataclass
class AgencyDetail:
    agency: str
    bundle_uuid: str
    received: SubmissionRow | None
    bundle: Path  # as kept in the inbox: the zip, or a folder
    tasks: list[AgencyTask] = field(default_factory=list)
    evidence: list[ReceivedEvidence] = field(default_factory=list)
    # The agency's other bundles for the period, newest first: (received at, bundle UUID, current?)
    others: list[tuple[datetime, str, bool]] = field(default_factory=list)
    report_files: list[str] = field(default_factory=list)  # the report PDF and Excel the bundle holds

    @property
    def whole_zip(self) -> bool:
        """Kept as the zip it came as (told by its name: the UI thread looks at no disk for it)."""
        return self.bundle.suffix == ZIP_SUFFIX


@dataclass
class Overview:
    period: PeriodRow
    agencies: list[SubmissionRow]
    tasks: list[AgencyTask] = field(default_factory=list)  # every agency's, agency by agency
    groups: list[GroupRow] = field(default_factory=list)
    overdue: list[AgencyTask] = field(default_factory=list)
    without_evidence: list[AgencyTask] = field(default_factory=list)
    criteria_without_evidence: list[CriterionGap] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # agencies whose kept manifest could not be read

    def count(self, state: str) -> int:
        return sum(1 for r in self.agencies if r.state == state)

    def groups_of(self, kind: str) -> list[GroupRow]:
        return [g for g in self.groups if g.kind == kind]

    def agencies_in(self, state: str) -> list[str]:
        return [r.agency for r in self.agencies if r.state == state]

    @property
    def raised(self) -> list[AgencyTask]:
        """Tasks on which an agency wrote difficulties or proposals, for the consolidated report."""
        return [t for t in self.tasks if t.difficulties or t.proposals]


class _Plan:
    """This focal point's own copy of the plan: task rows by UUID, lĩnh vực and criterion names."""

    def __init__(self, session: Session) -> None:
        self.tasks: dict[str, TaskRow] = {r.uuid: r for r in load_task_rows(session, include_removed=True)}
        fws = {f.id: (f.code, f.year) for f in session.scalars(select(Framework).order_by(Framework.year))}
        self.criteria: dict[tuple[str, str], str] = {}  # by ("PAR_INDEX 2025", code), the bundle's own naming
        self.fields = {key: f"{key[1]}. {name}" for key, name in field_names(session).items()}
        for fw_id, code, name in session.execute(
            select(Criterion.framework_id, Criterion.code, Criterion.name)
        ).tuples():
            fw, year = fws.get(fw_id, ("", 0))
            self.criteria[(f"{fw} {year}", code)] = name

    def field_of(self, row: TaskRow | None) -> str:
        if row is None or not row.field_code:
            return ""
        return self.fields.get((row.framework, row.field_code), row.field_code)


def read_manifest(data_dir: Path, sub: Submission) -> dict[str, Any] | None:
    """The manifest kept in the inbox; verified when received, read defensively all the same."""
    with _kept(data_dir / sub.folder) as source:
        return _manifest_of(source)


@contextmanager
def _kept(bundle: Path) -> Iterator[BundleSource | None]:
    """The kept bundle (its zip or its folder) opened once for what is read of it; None when it is gone."""
    try:
        source = BundleSource(bundle)
    except UserError:
        yield None
        return
    try:
        yield source
    finally:
        source.close()


def _manifest_of(source: BundleSource | None) -> dict[str, Any] | None:
    if source is None:
        return None
    try:
        with source.open(MANIFEST) as f:
            data = json.loads(f.read().decode("utf-8"))
    except (*ARCHIVE_ERRORS, KeyError, UserError):
        return None
    return data if isinstance(data, dict) else None


def _report_files(source: BundleSource | None) -> list[str]:
    if source is None:
        return []
    try:
        present = source.names()
    except OSError:
        return []
    return [name for name in (PDF, XLSX) if name in present]


_MATCH_TEXTS = {str(m): MATCH_LABELS.get(m, "") for m in Match}


def _tasks_of(sub: Submission, manifest: dict[str, Any] | None, plan: _Plan, today: date) -> list[AgencyTask]:
    """A bundle received before the receipt held its report (schema 0009): from its kept manifest, else from
    what the receipt recorded (status, percent and evidence count)."""
    if manifest is None:
        return _receipt_tasks(sub, sub.tasks or [], plan, today)
    # Receipt recorded which of our tasks each one reports on (bundles received by the first release did not:
    # their UUIDs are ours).
    mapped = {str(x.get("uuid")): x for x in sub.tasks or [] if isinstance(x, dict) and "match" in x}
    entries = []
    for t in manifest.get("data", {}).get("tasks", []):
        if not isinstance(t, dict):
            continue
        sender = str(t.get("uuid") or "")
        seen = mapped.get(sender)
        local_uuid = str(seen.get("local_uuid") or "") if seen is not None else sender
        entry = receipt_entry(t, local_uuid or None, str(seen.get("match") or "") if seen is not None else "")
        entry["content"] = str(t.get("content") or "")  # shown where this focal point's plan has no such task
        entries.append(entry)
    return _receipt_tasks(sub, entries, plan, today)


def _criterion_gaps(sub: Submission, gaps: list[dict[str, Any]], plan: _Plan) -> list[CriterionGap]:
    out = []
    for g in gaps:
        if not isinstance(g, dict):
            continue
        scored, code, score = str(g.get("framework") or ""), str(g.get("code") or ""), g.get("score")
        name = plan.criteria.get((scored, code), "")
        value = float(score) if isinstance(score, int | float) else None
        out.append(CriterionGap(sub.agency_name, sub.bundle_uuid, scored.split(" ")[0], code, name, value))
    return out


def _receipt_tasks(sub: Submission, entries: list[Any], plan: _Plan, today: date) -> list[AgencyTask]:
    """The agency's tasks from receipt entries (`report_data.receipt_entry`): as kept since schema 0009, or
    made from a kept manifest."""
    out = []
    agency, bundle_uuid, plan_tasks, field_of = sub.agency_name, sub.bundle_uuid, plan.tasks, plan.field_of
    for x in entries:
        if not isinstance(x, dict):
            continue
        ours = x.get("local_uuid") if "match" in x else x.get("uuid")  # the first release kept no match
        local = plan_tasks.get(str(ours or ""))
        status, percent = str(x.get("status") or ""), x.get("percent")
        due = local.due_date if local is not None else None
        difficulties, proposals = x.get("difficulties"), x.get("proposals")
        out.append(
            AgencyTask(
                agency=agency,
                bundle_uuid=bundle_uuid,
                code=str(x.get("code") or ""),
                content=local.content if local is not None else str(x.get("content") or ""),
                framework=str(x.get("framework") or ""),
                field=field_of(local),
                status=status,
                percent=percent if isinstance(percent, int) else None,
                due_date=due,
                evidence=evidence if isinstance(evidence := x.get("evidence"), int) else 0,
                result=str(x.get("result") or ""),
                overdue=overdue_on(due, status, today),
                difficulties=nfc(str(difficulties)) if difficulties else "",
                proposals=nfc(str(proposals)) if proposals else "",
                match=_MATCH_TEXTS.get(str(x.get("match") or ""), ""),
            )
        )
    return out


def _groups(tasks: list[AgencyTask]) -> list[GroupRow]:
    """Each index, followed by its lĩnh vực in catalog order."""
    buckets: dict[tuple[str, str], list[AgencyTask]] = {}
    for t in tasks:
        buckets.setdefault((t.framework, ""), []).append(t)
        if t.field:
            buckets.setdefault((t.framework, t.field), []).append(t)
    order = list(FRAMEWORK_NAMES)

    def key(item: tuple[tuple[str, str], list[AgencyTask]]) -> tuple[int, str, bool, tuple[tuple[int, int | str], ...]]:
        (fw, fld), _ = item
        number = fld.split(".", 1)[0]
        return (order.index(fw) if fw in order else len(order), fw, bool(fld), natural_code_key(number))

    rows = []
    for (fw, fld), group in sorted(buckets.items(), key=key):
        name = FRAMEWORK_NAMES.get(fw, fw)
        rows.append(
            GroupRow(
                KIND_FIELD if fld else KIND_INDEX,
                f"{name} — {fld}" if fld else name,
                len({t.agency for t in group}),
                len(group),
                sum(1 for t in group if t.done),
                sum(1 for t in group if t.evidence),
            )
        )
    return rows


def _current(session: Session, period_code: str) -> list[Submission]:
    return list(
        session.scalars(select(Submission).where(Submission.period_code == period_code, Submission.status == "current"))
    )


def overview(session: Session, data_dir: Path, period_code: str, today: date) -> Overview:
    with collection_paused():
        return _overview(session, data_dir, period_code, today)


def _overview(session: Session, data_dir: Path, period_code: str, today: date) -> Overview:
    period = period_row(session, period_code)
    result = Overview(period, submissions(session, period.code))
    plan = _Plan(session)
    every: list[AgencyTask] = []
    for sub in sorted(_current(session, period.code), key=lambda s: collation_key(s.agency_name)):
        if sub.criterion_gaps is not None:  # the receipt holds the report: no manifest to read
            every += _receipt_tasks(sub, sub.tasks or [], plan, today)
            result.criteria_without_evidence += _criterion_gaps(sub, sub.criterion_gaps, plan)
            continue
        manifest = read_manifest(data_dir, sub)
        if manifest is None:
            result.unreadable.append(sub.agency_name)
        every += _tasks_of(sub, manifest, plan, today)
        if manifest is not None:
            gaps = unproven_scores(manifest.get("data", {}))
            result.criteria_without_evidence += _criterion_gaps(sub, gaps, plan)
    result.tasks = every
    result.groups = _groups(every)
    result.overdue = [t for t in every if t.overdue]
    result.without_evidence = [t for t in every if not t.evidence]
    return result


def agency_detail(session: Session, data_dir: Path, bundle_uuid: str, today: date) -> AgencyDetail:
    """One agency's bundle as received: its tasks with their progress, and its evidence files in the inbox."""
    sub = session.scalars(select(Submission).where(Submission.bundle_uuid == bundle_uuid)).one()
    bundle = data_dir / sub.folder
    rows = {r.bundle_uuid: r for r in submissions(session, sub.period_code)}
    detail = AgencyDetail(sub.agency_name, sub.bundle_uuid, rows.get(bundle_uuid), bundle)
    with _kept(bundle) as source:  # the zip's directory read once for both
        detail.report_files = _report_files(source)
        manifest = _manifest_of(source)
    detail.tasks = _tasks_of(sub, manifest, _Plan(session), today)
    detail.others = [
        (o.received_at, o.bundle_uuid, o.status == "current")
        for o in session.scalars(
            select(Submission)
            .where(
                Submission.agency_key == sub.agency_key,
                Submission.period_code == sub.period_code,
                Submission.id != sub.id,
            )
            .order_by(Submission.received_at.desc(), Submission.id.desc())
        )
    ]
    if manifest is None:
        return detail
    data = manifest.get("data", {})
    codes = {str(t.get("uuid")): str(t.get("code") or "") for t in data.get("tasks", []) if isinstance(t, dict)}
    for e in data.get("evidence", []):
        if not isinstance(e, dict):
            continue
        links = [
            codes.get(str(link.get("task_uuid")), "")
            if link.get("task_uuid")
            else f"tiêu chí {link.get('criterion_code')}"
            for link in e.get("links", [])
            if isinstance(link, dict)
        ]
        rel = str(e.get("path") or "")
        detail.evidence.append(
            ReceivedEvidence(
                ref=str(e.get("ref") or ""),
                original_name=str(e.get("original_name") or ""),
                doc_type=str(e.get("doc_type") or ""),
                number=str(e.get("number") or ""),
                issued_on=str(e.get("issued_on") or ""),
                issuer=str(e.get("issuer") or ""),
                summary=str(e.get("summary") or ""),
                linked_to=", ".join(x for x in links if x),
                size=int(e.get("size") or 0),
                path=rel,
            )
        )
    return detail
