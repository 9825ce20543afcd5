"""The target table (bảng mục tiêu): last year's score and rank, planned increase, this year's target."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Criterion, Framework, Target
from desktop.core.resources import resources_dir
from desktop.core.scoring import set_target


def sample_targets_file(year: int = 2025) -> Path:
    return resources_dir() / "targets" / f"{year}_sample.json"


def load_sample_targets(session: Session, year: int = 2025) -> int:
    """Fill the sample province's targets where none are set yet; never overwrites the user's figures."""
    path = sample_targets_file(year)
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for code, rows in data["frameworks"].items():
        fw = session.scalars(select(Framework).where(Framework.code == code, Framework.year == year)).first()
        if fw is None:
            continue
        crits = {c.code: c for c in session.scalars(select(Criterion).where(Criterion.framework_id == fw.id))}
        for crit_code, rank, previous, increase, target in rows:
            crit = crits.get(crit_code)
            if crit is None:
                continue
            exists = session.scalars(select(Target).where(Target.criterion_id == crit.id, Target.year == year)).first()
            if exists is None:
                set_target(session, crit.id, previous, rank, increase, target)
                added += 1
    return added
