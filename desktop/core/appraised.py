"""Appraised scores received at an agency, by criterion, for its scoring page (no import of the scoring code)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ReceivedAppraisal

CURRENT, SUPERSEDED = "current", "superseded"


def appraised_scores(session: Session, framework: str, year: int) -> dict[str, tuple[float | None, str]]:
    """Criterion code → (appraised score, comment) from the latest current appraisal of that framework's year:
    the national index the report scored (items of kind criterion), or a province index (kind index)."""
    received = session.scalars(
        select(ReceivedAppraisal)
        .where(ReceivedAppraisal.status == CURRENT, ReceivedAppraisal.period_code.like(f"{year}-%"))
        .order_by(ReceivedAppraisal.created_at.desc())
    )
    for appraisal in received:
        found: dict[str, tuple[float | None, str]] = {}
        for raw in appraisal.items:
            kind = raw.get("kind")
            ours = (kind == "criterion" and appraisal.framework == framework) or (
                kind == "index" and raw.get("framework") == framework
            )
            if ours:
                score = raw.get("score")
                value = float(score) if isinstance(score, int | float) else None
                found[str(raw.get("code"))] = (value, str(raw.get("comment") or ""))
        if found:
            return found
    return {}


def current_appraisal(session: Session, period_code: str) -> ReceivedAppraisal | None:
    """The appraisal of the period in force at this agency (older ones are kept, superseded)."""
    return session.scalars(
        select(ReceivedAppraisal).where(
            ReceivedAppraisal.period_code == period_code, ReceivedAppraisal.status == CURRENT
        )
    ).first()


def answers_for_bundle(session: Session, period_code: str) -> list[dict[str, object]]:
    """What the agency answered to the current appraisal of the period: carried by its next bundle."""
    current = current_appraisal(session, period_code)
    if current is None:
        return []
    return [
        {"kind": i.get("kind"), "code": i.get("code"), "uuid": i.get("uuid") or "", "answer": i.get("answer")}
        for i in current.items
        if i.get("answer")
    ]
