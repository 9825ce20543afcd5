"""At the Sở: every agency's totals on a province index for a year — self-assessed, appraised, survey — ranked
and classified by the province's bands, with the change from last year."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import AgencyLevel, IndexLevel
from db.models import Appraisal, Framework
from desktop.core.agency_names import reporting_key
from desktop.core.province_index.classes import classify
from desktop.core.province_index.store import resolve_index
from desktop.core.province_index.submitted import SubmittedAssessment, assessed_agencies
from desktop.core.province_index.survey import survey_points
from desktop.core.register import expected_agencies
from desktop.core.text import collation_key

NOT_SENT = "Chưa gửi báo cáo"
AGENCY_LEVEL = {IndexLevel.DEPARTMENT: AgencyLevel.DEPARTMENT, IndexLevel.COMMUNE: AgencyLevel.COMMUNE}


@dataclass(frozen=True)
class RankingRow:
    agency: str
    agency_key: str
    self_total: float | None  # None: no self-assessment received
    appraised_total: float | None  # the agency's own criteria after appraisal (self score where not appraised)
    survey_total: float | None
    final_total: float | None
    rank: int | None
    classification: str
    previous_total: float | None = None
    appraised_items: int = 0
    same_set: bool = True

    @property
    def change(self) -> float | None:
        if self.final_total is None or self.previous_total is None:
            return None
        return round(self.final_total - self.previous_total, 4)

    def as_json(self) -> dict[str, object]:
        return {
            "agency": self.agency,
            "self_total": self.self_total,
            "appraised_total": self.appraised_total,
            "survey_total": self.survey_total,
            "final_total": self.final_total,
            "rank": self.rank,
            "classification": self.classification,
            "previous_total": self.previous_total,
            "change": self.change,
            "appraised_items": self.appraised_items,
            "same_set": self.same_set,
        }


@dataclass(frozen=True)
class Ranking:
    framework: str
    year: int
    level: str
    name: str
    max_total: float | None
    classes: list[dict[str, object]]
    rows: list[RankingRow]

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "year": self.year,
            "level": self.level,
            "name": self.name,
            "max_total": self.max_total,
            "classes": self.classes,
            "agencies": [r.as_json() for r in self.rows],
        }


def _appraised(session: Session, fw: Framework, got: SubmittedAssessment) -> dict[str, float]:
    stored = session.scalars(
        select(Appraisal).where(Appraisal.agency_key == got.agency_key, Appraisal.period_code == got.period_code)
    ).first()
    prefix = f"index:{fw.code}:"
    found: dict[str, float] = {}
    for key, item in (stored.items if stored else {}).items():
        score = item.get("score")
        if key.startswith(prefix) and isinstance(score, int | float):
            found[key.removeprefix(prefix)] = float(score)
    return found


def _totals(session: Session, fw: Framework) -> dict[str, RankingRow]:
    survey = survey_points(session, fw)
    survey_codes = {c.code for c in fw.criteria if c.survey}
    rows: dict[str, RankingRow] = {}
    for key, got in assessed_agencies(session, fw).items():
        appraised = _appraised(session, fw, got)
        own = {code: appraised.get(code, value) for code, value in got.scores.items()}
        own.update({code: value for code, value in appraised.items() if code not in own})
        appraised_total = round(sum(v or 0.0 for v in own.values()), 4)
        surveyed = {c: p for c, p in survey.get(key, {}).items() if c in survey_codes}
        survey_total = round(sum(surveyed.values()), 4) if surveyed else None
        rows[key] = RankingRow(
            agency=got.agency,
            agency_key=key,
            self_total=got.self_total,
            appraised_total=appraised_total,
            survey_total=survey_total,
            final_total=round(appraised_total + (survey_total or 0.0), 4),
            rank=None,
            classification="",
            appraised_items=len(appraised),
            same_set=got.same_set,
        )
    return rows


def ranking(session: Session, framework: str, year: int | None = None) -> Ranking:
    fw = resolve_index(session, framework, year)
    totals = _totals(session, fw)
    previous_fw = session.scalars(
        select(Framework).where(Framework.code == fw.code, Framework.year == fw.year - 1)
    ).first()
    previous = _totals(session, previous_fw) if previous_fw is not None else {}
    level = AGENCY_LEVEL.get(IndexLevel(fw.level)) if fw.level else None
    for agency in expected_agencies(session):  # those expected to report who have not
        key = reporting_key(agency.name)
        if agency.level == level and key not in totals:
            totals[key] = RankingRow(agency.name, key, None, None, None, None, None, NOT_SENT)
    ordered = sorted(
        totals.values(),
        key=lambda r: (r.final_total is None, -(r.final_total or 0.0), collation_key(r.agency)),
    )
    rows: list[RankingRow] = []
    for i, r in enumerate(ordered):
        if r.final_total is None:
            rank = None
        elif rows and rows[-1].final_total is not None and abs(rows[-1].final_total - r.final_total) < 1e-9:
            rank = rows[-1].rank  # equal totals share a rank (1, 2, 2, 4)
        else:
            rank = i + 1
        before = previous.get(r.agency_key)
        classification = classify(r.final_total, fw.classes) if r.final_total is not None else NOT_SENT
        rows.append(
            replace(r, rank=rank, classification=classification, previous_total=before.final_total if before else None)
        )
    return Ranking(fw.code, fw.year, fw.level or "", fw.name, fw.max_score, list(fw.classes or []), rows)
