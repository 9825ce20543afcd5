"""A province's criteria set stored as a framework beside the national ones, versioned by year.

Identity: (level → code, year) names the set; its fingerprint says what it holds, the same from the xlsx, a
Word copy or the Sở's package. Importing the same set again changes nothing; a corrected set of the same year
replaces the criteria in place (scores stay with their codes) unless a criterion that already has a score or
evidence would disappear, which is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import FrameworkOrigin, IndexLevel
from db.models import Criterion, EvidenceLink, Framework, Score, TaskCriterion
from desktop.core.bands import Band
from desktop.core.errors import UserError
from desktop.core.province_index.classes import DEFAULT_CLASSES
from desktop.core.province_index.model import ParsedCriterion, ParsedIndex

LEVEL_NAMES = {IndexLevel.DEPARTMENT: "cấp sở", IndexLevel.COMMUNE: "cấp xã"}


class IndexOutcome(StrEnum):
    NEW = "new"
    SAME = "same"  # already here, nothing changed
    UPDATED = "updated"  # a corrected set of the same year


@dataclass(frozen=True)
class IndexImport:
    framework: str
    year: int
    name: str
    criteria: int
    max_total: float
    outcome: IndexOutcome

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "year": self.year,
            "name": self.name,
            "criteria": self.criteria,
            "max_total": self.max_total,
            "outcome": self.outcome.value,
        }

    def describe(self) -> str:
        what = f"{self.name} ({self.framework} năm {self.year}): {self.criteria} tiêu chí, tổng điểm tối đa "
        total = f"{self.max_total:g}".replace(".", ",")
        if self.outcome is IndexOutcome.SAME:
            return f"Bộ chỉ số này đã có, không thay đổi gì: {what}{total}."
        verb = "Đã cập nhật" if self.outcome is IndexOutcome.UPDATED else "Đã nhập"
        return f"{verb} {what}{total}."


def existing(session: Session, parsed: ParsedIndex) -> Framework | None:
    return session.scalars(
        select(Framework).where(Framework.code == parsed.code, Framework.year == parsed.year)
    ).first()


def _in_use(session: Session, criterion_ids: list[int]) -> set[int]:
    if not criterion_ids:
        return set()
    used: set[int] = set(session.scalars(select(Score.criterion_id).where(Score.criterion_id.in_(criterion_ids))))
    linked = select(EvidenceLink.criterion_id).where(EvidenceLink.criterion_id.in_(criterion_ids))
    used |= {cid for cid in session.scalars(linked) if cid is not None}
    used |= set(
        session.scalars(select(TaskCriterion.criterion_id).where(TaskCriterion.criterion_id.in_(criterion_ids)))
    )
    return used


def plan_outcome(session: Session, parsed: ParsedIndex) -> IndexOutcome:
    """What importing would do, without writing (the preview and `--dry-run`); refusals raise as the import would."""
    fw = existing(session, parsed)
    if fw is None:
        return IndexOutcome.NEW
    if fw.level is None:
        raise UserError(f"Mã {fw.code} năm {fw.year} là một bộ chỉ số quốc gia; không thể thay bằng tệp của tỉnh.")
    if fw.fingerprint == parsed.fingerprint():
        return IndexOutcome.SAME
    incoming = {c.code for c in parsed.criteria}
    gone = [c for c in fw.criteria if c.code not in incoming]
    used = _in_use(session, [c.id for c in gone])
    if used:
        codes = ", ".join(sorted(c.code for c in gone if c.id in used))
        raise UserError(
            f"Bộ chỉ số {fw.code} năm {fw.year} đã có điểm hoặc tài liệu kiểm chứng ở tiêu chí {codes}, nhưng tệp "
            "mới không còn các tiêu chí này. Hãy kiểm tra lại tệp (đúng năm, đúng cấp) trước khi nhập."
        )
    return IndexOutcome.UPDATED


def commit_index(
    session: Session, parsed: ParsedIndex, origin: FrameworkOrigin = FrameworkOrigin.IMPORTED
) -> IndexImport:
    if not parsed.criteria:
        raise UserError(f"«{parsed.file_name}» không có tiêu chí nào đọc được; không có gì để nhập.")
    outcome = plan_outcome(session, parsed)
    fw = existing(session, parsed)
    if outcome is not IndexOutcome.SAME:
        if fw is None:
            fw = Framework(code=parsed.code, year=parsed.year, name=parsed.name, level=parsed.level.value)
            fw.classes = parsed.classes or [dict(c) for c in DEFAULT_CLASSES]
            session.add(fw)
        elif parsed.classes:
            fw.classes = parsed.classes
        fw.name, fw.source, fw.origin = parsed.name, parsed.source, origin
        fw.max_score = parsed.max_total
        fw.fingerprint = parsed.fingerprint()
        session.flush()
        _replace_criteria(session, fw, parsed.criteria)
    assert fw is not None
    return IndexImport(fw.code, fw.year, fw.name, len(parsed.criteria), parsed.max_total, outcome)


def _parts(item: ParsedCriterion, incoming: list[ParsedCriterion]) -> tuple[float | None, float | None]:
    """(self-assessed, survey) parts of a criterion's maximum, from its leaves (as the national catalog splits
    a lĩnh vực «6 thực hiện + 4 điều tra XHH»); None where a part is empty."""
    below = [c for c in incoming if c.code.startswith(item.code + ".")]
    leaves = [c for c in below if not any(o.code.startswith(c.code + ".") for o in below)] or [item]
    own = round(sum(c.max_score or 0.0 for c in leaves if not c.survey), 4)
    survey = round(sum(c.max_score or 0.0 for c in leaves if c.survey), 4)
    return (own or None), (survey or None)


def _replace_criteria(session: Session, fw: Framework, incoming: list[ParsedCriterion]) -> None:
    stored = {c.code: c for c in session.scalars(select(Criterion).where(Criterion.framework_id == fw.id))}
    keep = {c.code for c in incoming}
    for code, gone in sorted(stored.items(), key=lambda kv: -kv[0].count(".")):  # children first
        if code not in keep:
            session.delete(gone)
    session.flush()
    by_code: dict[str, Criterion] = {}
    for position, item in enumerate(incoming, start=1):
        crit = stored.get(item.code)
        if crit is None:
            crit = Criterion(framework_id=fw.id, code=item.code, name=item.name)
            session.add(crit)
        crit.name = item.name
        crit.parent = by_code.get(item.parent_code or "")
        crit.max_score = item.max_score
        crit.self_assessed_max, crit.survey_max = _parts(item, incoming)
        crit.rule, crit.evidence_required, crit.survey = item.rule, item.evidence_required, item.survey
        crit.bands = [b.as_json() for b in item.bands] or None
        crit.position = position
        by_code[item.code] = crit
    session.flush()


def province_frameworks(session: Session, level: IndexLevel | None = None) -> list[Framework]:
    q = select(Framework).where(Framework.level.is_not(None)).order_by(Framework.year.desc(), Framework.code)
    if level is not None:
        q = q.where(Framework.level == level.value)
    return list(session.scalars(q))


def resolve_index(session: Session, code: str, year: int | None = None) -> Framework:
    """A province index by its code (CCHC_XA, CCHC_SO) and year, else its latest year."""
    q = select(Framework).where(func.upper(Framework.code) == code.strip().upper(), Framework.level.is_not(None))
    if year is not None:
        q = q.where(Framework.year == year)
    fw = session.scalars(q.order_by(Framework.year.desc())).first()
    if fw is None:
        when = f" năm {year}" if year is not None else ""
        raise UserError(
            f"Chưa có bộ chỉ số «{code}»{when} của tỉnh; nhập bằng «cchc index import» hoặc nhận gói từ Sở Nội vụ "
            "(«cchc index import-package»). Xem các bộ đã có: «cchc index list»."
        )
    return fw


def parsed_from_framework(fw: Framework) -> ParsedIndex:
    """A stored set as the records a package carries."""
    assert fw.level is not None
    parsed = ParsedIndex("", IndexLevel(fw.level), fw.year, fw.name, fw.source or "")
    parsed.classes = list(fw.classes or DEFAULT_CLASSES)
    for c in fw.criteria:
        bands = tuple(Band.from_json(b) for b in (c.bands or []))
        parsed.criteria.append(
            ParsedCriterion(c.code, c.name, c.max_score, c.rule, c.evidence_required, c.survey, bands)
        )
    return parsed


def index_listing(session: Session) -> list[dict[str, object]]:
    """Every province index as plain values (`cchc index list --json`)."""
    rows = []
    for fw in province_frameworks(session):
        leaves = [c for c in fw.criteria if not any(k.parent_id == c.id for k in fw.criteria)]
        rows.append(
            {
                "framework": fw.code,
                "year": fw.year,
                "level": fw.level,
                "name": fw.name,
                "source": fw.source,
                "origin": fw.origin,
                "criteria": len(fw.criteria),
                "leaves": len(leaves),
                "survey_criteria": sum(1 for c in leaves if c.survey),
                "max_total": fw.max_score,
                "fingerprint": fw.fingerprint,
            }
        )
    return rows
