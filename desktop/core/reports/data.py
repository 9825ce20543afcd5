"""Everything one agency's report for one period says, gathered once for the Excel, the PDF and the bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import FrameworkCode
from db.models import ProgressEntry
from desktop.core.agencies import Signer, get_profile, signer_of
from desktop.core.catalog import field_names, framework_for
from desktop.core.dashboard import Dashboard, summarize
from desktop.core.evidence import EvidenceRow, list_evidence
from desktop.core.index_assessment import IndexAssessment, assessments_for_year
from desktop.core.periods import PeriodRow, period_row
from desktop.core.records import TaskRow
from desktop.core.scoring import ScoreRow, score_sheet
from desktop.core.tasks import load_task_rows

YEARLY = "Y"
FRAMEWORK_NAMES: dict[str, str] = {
    FrameworkCode.PAR_INDEX: "Chỉ số PAR INDEX",
    FrameworkCode.SIPAS: "Chỉ số SIPAS",
    FrameworkCode.PAPI: "Chỉ số PAPI",
    "": "Khác",
}


def framework_title(score_framework: str) -> str:
    """«PAR_INDEX 2025» as a reader says it: «Chỉ số PAR INDEX 2025»."""
    code, _, year = score_framework.partition(" ")
    return " ".join(x for x in (FRAMEWORK_NAMES.get(code, code), year) if x) if code else ""


@dataclass(frozen=True)
class Progress:
    status: str
    percent: int | None
    result: str
    measured_value: str
    difficulties: str
    proposals: str
    reason: str
    uuid: str
    revision: int


@dataclass(frozen=True)
class TaskLine:
    task: TaskRow
    progress: Progress | None  # None: nothing recorded for this period
    evidence_refs: tuple[str, ...]  # "TL001" … as in the evidence sheet


@dataclass(frozen=True)
class EvidenceLine:
    ref: str
    item: EvidenceRow
    targets: tuple[str, ...]  # task codes ("1.3.1") and criteria ("TC 1.3")


@dataclass
class ReportData:
    agency: str
    focal_person: str
    period: PeriodRow
    made_on: date
    tasks: list[TaskLine] = field(default_factory=list)
    evidence: list[EvidenceLine] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    score_framework: str = ""
    summary: Dashboard = field(default_factory=Dashboard)
    agency_level: str = ""
    parent_agency: str = ""
    signer: Signer = field(default_factory=Signer)
    field_names: dict[tuple[str, str], str] = field(default_factory=dict)  # lĩnh vực by (index, code)
    # The yearly report's self-assessments against the province's own index (its own files in the bundle).
    assessments: list[IndexAssessment] = field(default_factory=list)


def collect(session: Session, period_code: str, today: date) -> ReportData:
    period = period_row(session, period_code)
    profile = get_profile(session)
    rows = load_task_rows(session, mine=profile is not None, period_id=period.id)
    entries = {e.task_id: e for e in session.scalars(select(ProgressEntry).where(ProgressEntry.period_id == period.id))}
    task_ids = {r.id for r in rows}
    task_codes = {r.id: r.code for r in rows}
    fw = framework_for(session, FrameworkCode.PAR_INDEX, period.year)
    scores = score_sheet(session, fw) if fw is not None else []
    crit_codes = {s.code for s in scores}
    evidence: list[EvidenceLine] = []
    refs_by_task: dict[int, list[str]] = {}
    for item in list_evidence(session):
        targets: list[str] = []
        linked_tasks: list[int] = []
        for link in item.links:
            kind, _, key = link.partition(":")
            if kind == "task" and int(key) in task_ids:
                targets.append(task_codes[int(key)])
                linked_tasks.append(int(key))
            elif kind == "criterion" and key in crit_codes:
                targets.append(f"TC {key}")
        if not targets:
            continue  # another agency's or another year's: not part of this report
        ref = f"TL{len(evidence) + 1:03d}"
        evidence.append(EvidenceLine(ref, item, tuple(targets)))
        for task_id in linked_tasks:
            refs_by_task.setdefault(task_id, []).append(ref)
    lines = [TaskLine(r, _progress(entries.get(r.id)), tuple(refs_by_task.get(r.id, ()))) for r in rows]
    return ReportData(
        agency=profile.agency.name if profile else "",
        focal_person=profile.focal_person if profile else "",
        period=period,
        made_on=today,
        tasks=lines,
        evidence=evidence,
        scores=scores,
        score_framework=f"{fw.code} {fw.year}" if fw is not None else "",
        summary=summarize(rows, today),
        agency_level=profile.agency.level if profile else "",
        parent_agency=profile.agency.parent.name if profile and profile.agency.parent else "",
        field_names=field_names(session),
        signer=signer_of(session),
        assessments=assessments_for_year(session, period.year) if period.kind == YEARLY else [],
    )


def _progress(e: ProgressEntry | None) -> Progress | None:
    if e is None:
        return None
    return Progress(
        e.status, e.percent, e.result, e.measured_value, e.difficulties, e.proposals, e.reason, e.uuid, e.revision
    )
