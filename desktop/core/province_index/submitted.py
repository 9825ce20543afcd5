"""At the Sở: the self-assessments on a province index that agencies' yearly bundles brought in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Framework, Submission

CURRENT = "current"


@dataclass(frozen=True)
class SubmittedAssessment:
    agency: str
    agency_key: str
    period_code: str
    bundle_uuid: str
    scores: dict[str, float | None]  # leaf code → self score (the agency's own leaves, not the survey's)
    same_set: bool  # scored on the very criteria set the Sở holds (same fingerprint)

    @property
    def self_total(self) -> float:
        return round(sum(v or 0.0 for v in self.scores.values()), 4)


def _entry(assessments: list[dict[str, Any]] | None, fw: Framework) -> dict[str, Any] | None:
    for a in assessments or []:
        if isinstance(a, dict) and a.get("framework") == fw.code and a.get("year") == fw.year:
            return a
    return None


def assessed_agencies(session: Session, fw: Framework) -> dict[str, SubmittedAssessment]:
    """Agency key → its self-assessment, from its current bundles of the year: the yearly one, else the latest."""
    subs = session.scalars(
        select(Submission)
        .where(Submission.status == CURRENT, Submission.period_code.like(f"{fw.year}-%"))
        .order_by(Submission.received_at)
    )
    found: dict[str, tuple[bool, SubmittedAssessment]] = {}
    for sub in subs:
        entry = _entry(sub.assessments, fw)  # kept on receipt: no manifest is read again
        if entry is None:
            continue
        scores: dict[str, float | None] = {}
        for sc in entry.get("scores") or []:
            if isinstance(sc, dict) and sc.get("leaf") and not sc.get("survey"):
                value = sc.get("score")
                scores[str(sc.get("code"))] = float(value) if isinstance(value, int | float) else None
        yearly = sub.period_code.endswith("-Y")
        got = SubmittedAssessment(
            sub.agency_name,
            sub.agency_key,
            sub.period_code,
            sub.bundle_uuid,
            scores,
            entry.get("fingerprint") == fw.fingerprint,
        )
        held = found.get(sub.agency_key)
        if held is None or yearly or not held[0]:  # the yearly bundle wins; otherwise the latest received
            found[sub.agency_key] = (yearly, got)
    return {key: got for key, (_yearly, got) in found.items()}
