"""Self-scoring (tự chấm điểm): a score per leaf criterion, totals per lĩnh vực against max and target.

The self-assessment rules require evidence for every scored criterion; a score without any is accepted
only with a written explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity, FrameworkCode
from db.models import Criterion, EvidenceLink, Framework, Score, Target, TaskCriterion, local_now
from desktop.core.appraised import appraised_scores
from desktop.core.audit import actor, diff, record
from desktop.core.bands import Band, band_for
from desktop.core.catalog import framework_for
from desktop.core.errors import UserError, not_found
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.recovery import record_deletion
from desktop.core.row_snapshot import capture
from desktop.core.text import nfc


@dataclass(frozen=True)
class ScoreRow:
    criterion_id: int
    code: str
    name: str
    depth: int
    is_leaf: bool
    max_score: float | None
    score: float | None  # leaves: as entered; parents: the sum of their scored leaves
    explanation: str
    evidence_count: int  # linked to the criterion, or to a task linked to it (or to a sub-criterion)
    previous_score: float | None = None
    previous_rank: str | None = None
    planned_increase: float | None = None
    target_score: float | None = None
    appraised_score: float | None = None  # from the focal point's appraisal (thẩm định), when one came
    appraisal_comment: str = ""
    # A province's own index: how it is scored, what proves it, whether the survey gives its points.
    rule: str = ""
    evidence_required: str = ""
    survey: bool = False
    bands: tuple[Band, ...] = ()
    measured: str = ""  # the value a band turned into the score

    @property
    def self_scored(self) -> bool:
        """A leaf the agency scores itself (survey criteria are scored by the Sở from its survey)."""
        return self.is_leaf and not self.survey

    @property
    def needs_explanation(self) -> bool:
        """Scored, no evidence and no explanation: the rules would not accept it."""
        return self.self_scored and self.score is not None and self.evidence_count == 0 and not self.explanation

    @property
    def unproven(self) -> bool:
        return self.score is not None and self.evidence_count == 0

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "max_score": self.max_score,
            "score": self.score,
            "explanation": self.explanation,
            "evidence_count": self.evidence_count,
            "target_score": self.target_score,
            "measured": self.measured or None,
            "survey": self.survey,
        }


def resolve_framework(session: Session, code: str = FrameworkCode.PAR_INDEX, year: int | None = None) -> Framework:
    fw = framework_for(session, code.upper(), year)
    if fw is None or (year is not None and fw.year != year):
        when = f" năm {year}" if year is not None else ""
        raise UserError(
            f"Chưa có bộ chỉ số {code}{when}; xem các bộ đã có bằng «cchc catalog» (chỉ số quốc gia) và "
            "«cchc index list» (bộ chỉ số của tỉnh)."
        )
    return fw


def _criteria(session: Session, fw: Framework) -> list[Criterion]:
    return list(session.scalars(select(Criterion).where(Criterion.framework_id == fw.id).order_by(Criterion.position)))


def evidence_by_criterion(session: Session, fw: Framework) -> dict[int, int]:
    """Distinct evidence items per criterion: direct links plus links to tasks linked to the criterion."""
    ids = select(Criterion.id).where(Criterion.framework_id == fw.id)
    direct = select(EvidenceLink.criterion_id.label("cid"), EvidenceLink.evidence_id.label("eid")).where(
        EvidenceLink.criterion_id.in_(ids)
    )
    via_task = (
        select(TaskCriterion.criterion_id.label("cid"), EvidenceLink.evidence_id.label("eid"))
        .join(EvidenceLink, EvidenceLink.task_id == TaskCriterion.task_id)
        .where(TaskCriterion.criterion_id.in_(ids))
    )
    both = direct.union(via_task).subquery()
    q = select(both.c.cid, func.count(func.distinct(both.c.eid))).group_by(both.c.cid)
    return {cid: n for cid, n in session.execute(q).tuples()}


def score_sheet(session: Session, fw: Framework) -> list[ScoreRow]:
    crits = _criteria(session, fw)
    children: dict[int | None, list[Criterion]] = {}
    for c in crits:
        children.setdefault(c.parent_id, []).append(c)
    scores = {
        s.criterion_id: s for s in session.scalars(select(Score).where(Score.criterion_id.in_([c.id for c in crits])))
    }
    targets = {
        t.criterion_id: t for t in session.scalars(select(Target).where(Target.criterion_id.in_([c.id for c in crits])))
    }
    direct_evidence = evidence_by_criterion(session, fw)
    appraised = appraised_scores(session, fw.code, fw.year)
    rows: list[ScoreRow] = []

    def walk(c: Criterion, depth: int) -> tuple[float | None, int]:
        kids = children.get(c.id, [])
        index = len(rows)
        rows.append(ScoreRow(c.id, c.code, c.name, depth, not kids, c.max_score, None, "", 0))  # its place
        evidence = direct_evidence.get(c.id, 0)
        measured = ""
        if kids:
            total: float | None = None
            for kid in kids:
                value, kid_evidence = walk(kid, depth + 1)
                evidence += kid_evidence
                if value is not None:
                    total = (total or 0.0) + value
            value_here, explanation = total, ""
        else:
            s = scores.get(c.id)
            value_here, explanation, measured = (s.value, s.explanation, s.measured) if s else (None, "", "")
        t = targets.get(c.id)
        appraised_score, appraisal_comment = appraised.get(c.code, (None, ""))
        rows[index] = ScoreRow(
            criterion_id=c.id,
            code=c.code,
            name=c.name,
            depth=depth,
            is_leaf=not kids,
            max_score=c.max_score,
            score=value_here,
            explanation=explanation,
            evidence_count=evidence,
            previous_score=t.previous_score if t else None,
            previous_rank=t.previous_rank if t else None,
            planned_increase=t.planned_increase if t else None,
            target_score=t.target_score if t else None,
            appraised_score=appraised_score,
            appraisal_comment=appraisal_comment,
            rule=c.rule or "",
            evidence_required=c.evidence_required or "",
            survey=bool(c.survey),
            bands=tuple(Band.from_json(b) for b in c.bands or []),
            measured=measured or "",
        )
        return value_here, evidence

    for root in children.get(None, []):
        walk(root, 0)
    return rows


def _ancestors(crit: Criterion) -> list[Criterion]:
    out = []
    node = crit.parent
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def set_score(
    session: Session, fw: Framework, code: str, value: str | float, explanation: str = "", measured: bool = False
) -> Score:
    """Score a leaf. With `measured` (or a «95%» typed on a criterion scored by bands) the value is what was
    measured and the criterion's bands give the points."""
    crit = session.scalars(
        select(Criterion).where(Criterion.framework_id == fw.id, Criterion.code == code.strip())
    ).first()
    if crit is None:
        raise UserError(f"Không có tiêu chí «{code}» trong {fw.name} năm {fw.year}.")
    has_children = session.scalar(select(func.count()).select_from(Criterion).where(Criterion.parent_id == crit.id))
    if has_children:
        raise UserError(
            f"Tiêu chí {crit.code} gồm các tiêu chí thành phần; hãy chấm từng tiêu chí thành phần, "
            "điểm của tiêu chí này được cộng tự động."
        )
    if crit.survey:
        raise UserError(
            f"Tiêu chí {crit.code} được chấm bằng điều tra xã hội học; điểm do Sở Nội vụ nhập, cơ quan không tự chấm."
        )
    measured_text = ""
    bands = [Band.from_json(b) for b in crit.bands or []]
    if isinstance(value, str) and bands and (measured or value.strip().endswith("%")):
        measured_text = nfc(value).strip()
        value = band_for(bands, measured_text).points
    elif measured:
        raise UserError(f"Cách chấm tiêu chí {crit.code} không phải bảng mức theo tỷ lệ; hãy nhập điểm trực tiếp.")
    if isinstance(value, str):
        try:
            number = parse_number(value)
        except ValueError:
            raise UserError(f"Điểm «{value}» không phải số; ví dụ «1,5» hoặc «1.5».") from None
    else:
        number = float(value)
    if number < 0:
        raise UserError(f"Điểm không được âm (đã nhập {fmt_number(number)}).")
    explanation = nfc(explanation)
    if crit.max_score is not None and number > crit.max_score + 1e-9:
        raise UserError(
            f"Điểm {fmt_number(number)} vượt điểm tối đa {fmt_number(crit.max_score)} của tiêu chí {crit.code}."
        )
    existing = session.scalars(select(Score).where(Score.criterion_id == crit.id)).first()
    # The sum of a lĩnh vực's sub-criteria may not pass the lĩnh vực's max.
    sheet = {r.criterion_id: r for r in score_sheet(session, fw)}
    old_value = existing.value if existing else 0.0
    for anc in _ancestors(crit):
        total = (sheet[anc.id].score or 0.0) - old_value + number
        if anc.max_score is not None and total > anc.max_score + 1e-9:
            raise UserError(
                f"Tổng điểm của {anc.code} «{anc.name}» sẽ là {fmt_number(total)}, vượt điểm tối đa "
                f"{fmt_number(anc.max_score)}."
            )
    if sheet[crit.id].evidence_count == 0 and not explanation:
        raise UserError(
            f"Tiêu chí {crit.code} chưa có tài liệu kiểm chứng; hãy gắn tài liệu hoặc ghi giải trình "
            "(--explain) cho điểm tự chấm."
        )
    new: dict[str, object] = {"value": number, "explanation": explanation}
    if measured_text or (existing is not None and existing.measured):
        new["measured"] = measured_text
    if existing is None:
        existing = Score(criterion_id=crit.id, updated_by=actor(session), **new)
        session.add(existing)
        session.flush()
        record(
            session,
            AuditEntity.SCORE,
            existing.id,
            AuditAction.CREATE,
            f"Tự chấm {crit.code}: {fmt_number(number)}",
            diff({}, new),
        )
        return existing
    changes = diff({k: getattr(existing, k) for k in new}, new)
    if changes:
        existing.value, existing.explanation, existing.measured = number, explanation, measured_text
        existing.updated_by, existing.updated_at = actor(session), local_now()
        record(
            session,
            AuditEntity.SCORE,
            existing.id,
            AuditAction.UPDATE,
            f"Sửa điểm tự chấm {crit.code}: {fmt_number(number)}",
            changes,
        )
        session.flush()
    return existing


def delete_score(session: Session, fw: Framework, code: str) -> int:
    """The self-score of a leaf criterion goes (its parents' sums follow); the returned audit entry keeps it
    and can undo the deletion."""
    crit = session.scalars(
        select(Criterion).where(Criterion.framework_id == fw.id, Criterion.code == code.strip())
    ).first()
    if crit is None:
        raise UserError(f"Không có tiêu chí «{code}» trong {fw.name} năm {fw.year}.")
    score = session.scalars(select(Score).where(Score.criterion_id == crit.id)).first()
    if score is None:
        raise UserError(f"Tiêu chí {crit.code} chưa được chấm điểm nên không có gì để xoá.")
    entry_id = record_deletion(
        session,
        AuditEntity.SCORE,
        score.id,
        f"Xoá điểm tự chấm {fw.code} {crit.code}: {fmt_number(score.value)}",
        {"score": capture(session, Score, Score.id == score.id)},
        diff({"value": score.value, "explanation": score.explanation}, {}),
    )
    session.delete(score)
    session.flush()
    return entry_id


def set_target(
    session: Session,
    criterion_id: int,
    previous_score: float | None,
    previous_rank: str | None,
    planned_increase: float | None,
    target_score: float | None,
) -> Target:
    crit = session.get(Criterion, criterion_id)
    if crit is None:
        raise not_found("tiêu chí")
    fw = session.get(Framework, crit.framework_id)
    assert fw is not None
    for bound in (previous_score, target_score):
        if bound is not None and (bound < 0 or (crit.max_score is not None and bound > crit.max_score + 1e-9)):
            raise UserError(
                f"Điểm {fmt_number(bound)} nằm ngoài khoảng 0 – {fmt_number(crit.max_score)} của {crit.code}."
            )
    target = session.scalars(select(Target).where(Target.criterion_id == crit.id, Target.year == fw.year)).first()
    new = {
        "previous_score": previous_score,
        "previous_rank": nfc(previous_rank) or None,
        "planned_increase": planned_increase,
        "target_score": target_score,
    }
    old = {k: getattr(target, k) for k in new} if target else {}
    if target is None:
        target = Target(criterion_id=crit.id, year=fw.year)
        session.add(target)
    for key, value in new.items():
        setattr(target, key, value)
    session.flush()
    changes = diff(old, new)
    if changes:
        record(
            session,
            AuditEntity.TARGET,
            target.id,
            AuditAction.UPDATE,
            f"Mục tiêu {fw.code} {crit.code} năm {fw.year}",
            changes,
        )
    return target


def resolve_criterion(session: Session, ref: str, year: int | None = None) -> Criterion:
    """ "1.3.1" (PAR INDEX) or "PAPI:1" / "SIPAS:B.II" — in the given year's framework, else the latest."""
    framework, _sep, code = ref.strip().rpartition(":")
    fw = resolve_framework(session, framework or FrameworkCode.PAR_INDEX, year)
    crit = session.scalars(
        select(Criterion).where(Criterion.framework_id == fw.id, Criterion.code == code.strip())
    ).first()
    if crit is None:
        raise UserError(f"Không có tiêu chí «{code}» trong {fw.name} năm {fw.year}.")
    return crit
