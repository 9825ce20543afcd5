"""An agency's self-assessment against its province's index for a year: the score sheet, what it explains, its
difficulties and proposals; what the yearly bundle carries to the Sở."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import AgencyLevel, IndexLevel
from db.models import Framework, ReportText
from desktop.core.agencies import get_profile
from desktop.core.scoring import ScoreRow, score_sheet
from desktop.core.text import nfc

NOTES_KIND = "index"
MAX_NOTE = 20000
LEVEL_OF_AGENCY = {AgencyLevel.DEPARTMENT: IndexLevel.DEPARTMENT, AgencyLevel.COMMUNE: IndexLevel.COMMUNE}


@dataclass(frozen=True)
class IndexAssessment:
    framework: str
    year: int
    level: str
    name: str
    source: str
    fingerprint: str
    max_total: float | None
    rows: tuple[ScoreRow, ...]
    difficulties: str
    proposals: str

    @property
    def self_total(self) -> float:
        return round(sum(r.score or 0.0 for r in self.rows if r.self_scored), 4)

    @property
    def self_max(self) -> float:
        """What the agency can score itself: the total less the survey's part."""
        return round(sum(r.max_score or 0.0 for r in self.rows if r.self_scored), 4)

    @property
    def scored(self) -> int:
        return sum(1 for r in self.rows if r.self_scored and r.score is not None)

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "year": self.year,
            "level": self.level,
            "name": self.name,
            "fingerprint": self.fingerprint,
            "max_total": self.max_total,
            "self_total": self.self_total,
            "difficulties": self.difficulties,
            "proposals": self.proposals,
            "scores": [
                {
                    "code": r.code,
                    "name": r.name,
                    "max": r.max_score,
                    "score": r.score,
                    "measured": r.measured or None,
                    "explanation": r.explanation,
                    "evidence_count": r.evidence_count,
                    "leaf": r.is_leaf,
                    "survey": r.survey,
                }
                for r in self.rows
            ],
        }


def notes_key(fw: Framework) -> str:
    return f"{fw.year}:{fw.code}"


def index_notes(session: Session, fw: Framework) -> tuple[str, str]:
    row = session.scalars(
        select(ReportText).where(ReportText.period_code == notes_key(fw), ReportText.kind == NOTES_KIND)
    ).first()
    texts = row.texts if row else {}
    return str(texts.get("difficulties") or ""), str(texts.get("proposals") or "")


def set_index_notes(session: Session, fw: Framework, difficulties: str | None, proposals: str | None) -> None:
    """Khó khăn, vướng mắc and kiến nghị, đề xuất of the self-assessment report; None keeps what was there."""
    row = session.scalars(
        select(ReportText).where(ReportText.period_code == notes_key(fw), ReportText.kind == NOTES_KIND)
    ).first()
    if row is None:
        row = ReportText(period_code=notes_key(fw), kind=NOTES_KIND, texts={})
        session.add(row)
    texts = dict(row.texts or {})
    for key, value in (("difficulties", difficulties), ("proposals", proposals)):
        if value is not None:
            texts[key] = nfc(value).strip()[:MAX_NOTE]
    row.texts = texts
    session.flush()


def assessment_of(session: Session, fw: Framework) -> IndexAssessment:
    difficulties, proposals = index_notes(session, fw)
    return IndexAssessment(
        framework=fw.code,
        year=fw.year,
        level=fw.level or "",
        name=fw.name,
        source=fw.source or "",
        fingerprint=fw.fingerprint,
        max_total=fw.max_score,
        rows=tuple(score_sheet(session, fw)),
        difficulties=difficulties,
        proposals=proposals,
    )


def assessments_for_year(session: Session, year: int) -> list[IndexAssessment]:
    """The province indices this agency is scored by in that year (its level's; every level when it has none)
    that it has begun to score: what its yearly bundle carries."""
    profile = get_profile(session)
    level = LEVEL_OF_AGENCY.get(AgencyLevel(profile.agency.level)) if profile else None
    q = select(Framework).where(Framework.level.is_not(None), Framework.year == year).order_by(Framework.code)
    if level is not None:
        q = q.where(Framework.level == level.value)
    found = [assessment_of(session, fw) for fw in session.scalars(q)]
    return [a for a in found if a.scored]
