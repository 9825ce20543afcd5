"""At the agency: appraisal packages received from the focal point, and what they say beside its own scores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ReceivedAppraisal, Task
from desktop.core.agencies import get_profile
from desktop.core.agency_names import key_variants
from desktop.core.appraisal.package import MAX_COMMENT, read_package
from desktop.core.appraised import CURRENT, SUPERSEDED, current_appraisal
from desktop.core.errors import UserError
from desktop.core.periods import period_row
from desktop.core.scoring import resolve_framework, score_sheet
from desktop.core.task_progress import task_state
from desktop.core.text import nfc


@dataclass(frozen=True)
class Received:
    outcome: str  # accepted | duplicate | superseded (an older appraisal, kept as history)
    period_code: str
    issuer: str
    items: int

    def describe(self) -> str:
        what = {
            "accepted": "Đã nhận kết quả thẩm định",
            "duplicate": "Kết quả thẩm định này đã nhận trước đây; không thay đổi gì",
            "superseded": "Đã nhận, lưu làm lịch sử (đã có kết quả thẩm định mới hơn)",
        }[self.outcome]
        return f"{what}: kỳ {self.period_code}, của {self.issuer}, {self.items} mục."


def import_appraisal(session: Session, path: Path) -> Received:
    """Verified first; for this agency only; the same package twice changes nothing; a newer one supersedes."""
    pkg = read_package(path)
    profile = get_profile(session)
    if profile is None:
        raise UserError("Hãy khai báo cơ quan của mình trước (cchc init) rồi nhận kết quả thẩm định.")
    mine = {key_variants(profile.agency.name)[-1], profile.agency.match_key}
    if key_variants(pkg.agency)[-1] not in mine:
        raise UserError(f"Gói thẩm định này dành cho «{pkg.agency}», không phải «{profile.agency.name}»; không nhận.")
    period = period_row(session, pkg.period_code)
    same = session.scalars(select(ReceivedAppraisal).where(ReceivedAppraisal.uuid == pkg.uuid)).first()
    if same is not None:
        if same.manifest_sha256 != pkg.manifest_sha256:
            raise UserError("Gói thẩm định trùng mã với gói đã nhận nhưng nội dung khác; đề nghị nơi gửi xuất lại.")
        return Received("duplicate", period.code, pkg.issuer, len(pkg.items))
    current = current_appraisal(session, period.code)
    newer = current is None or pkg.created_at >= current.created_at
    if current is not None and newer:
        current.status = SUPERSEDED
    session.add(
        ReceivedAppraisal(
            uuid=pkg.uuid,
            manifest_sha256=pkg.manifest_sha256,
            period_code=period.code,
            issuer=pkg.issuer,
            created_at=pkg.created_at,
            status=CURRENT if newer else SUPERSEDED,
            framework=pkg.framework,
            general_comment=pkg.general_comment,
            items=pkg.items,
        )
    )
    session.flush()
    return Received("accepted" if newer else "superseded", period.code, pkg.issuer, len(pkg.items))


@dataclass(frozen=True)
class AppraisedItem:
    kind: str
    code: str
    name: str
    self_score: float | None  # this agency's score now (criteria), or None
    status: str | None  # this agency's status of the task in the period (tasks)
    score: float | None
    evidence: str | None
    comment: str
    answer: str = ""  # this agency's answer to the comment, sent with its next bundle
    framework: str = ""  # a province index's criterion (kind index)

    def as_json(self) -> dict[str, object]:
        return {
            **({"framework": self.framework} if self.framework else {}),
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "self_score": self.self_score,
            "status": self.status,
            "score": self.score,
            "evidence": self.evidence,
            "comment": self.comment,
            "answer": self.answer or None,
        }


@dataclass(frozen=True)
class AppraisalView:
    period_code: str
    issuer: str
    created_at: str
    general_comment: str
    items: list[AppraisedItem]
    history: int  # older appraisals of the period, kept

    @property
    def self_total(self) -> float:
        return sum(i.self_score or 0.0 for i in self.items if i.kind == "criterion")

    @property
    def appraised_total(self) -> float:
        return sum(i.score or 0.0 for i in self.items if i.kind == "criterion")

    def as_json(self) -> dict[str, object]:
        return {
            "period": self.period_code,
            "issuer": self.issuer,
            "created_at": self.created_at,
            "general_comment": self.general_comment,
            "items": [i.as_json() for i in self.items],
            "total": {"self_score": round(self.self_total, 4), "score": round(self.appraised_total, 4)},
            "history": self.history,
        }


def _province_scores(
    session: Session, items: list[dict[str, object]], year: int
) -> dict[tuple[str, str], float | None]:
    """This agency's own scores on the province indices an appraisal names, by (index, criterion)."""
    found: dict[tuple[str, str], float | None] = {}
    for code in {str(i.get("framework")) for i in items if i.get("kind") == "index" and i.get("framework")}:
        try:
            rows = score_sheet(session, resolve_framework(session, code, year))
        except UserError:  # that set was never taken in here
            continue
        found.update({(code, r.code): r.score for r in rows})
    return found


def appraisal_view(session: Session, period_code: str) -> AppraisalView | None:
    """The current appraisal of the period beside this agency's own scores and statuses; None if none came."""
    period = period_row(session, period_code)
    rows = list(session.scalars(select(ReceivedAppraisal).where(ReceivedAppraisal.period_code == period.code)))
    current = next((r for r in rows if r.status == CURRENT), None)
    if current is None:
        return None
    own: dict[str, float | None] = {}
    if current.framework:
        try:
            own = {
                r.code: r.score
                for r in score_sheet(session, resolve_framework(session, current.framework, period.year))
            }
        except UserError:  # the framework of that year is not in our catalog
            own = {}
    own_index = _province_scores(session, current.items, period.year)
    # only the tasks the appraisal names, not every task row of every plan
    named = [str(i.get("uuid")) for i in current.items if i.get("kind") == "task" and i.get("uuid")]
    tasks = dict(session.execute(select(Task.uuid, Task.id).where(Task.uuid.in_(named))).tuples().all())
    items = []
    for raw in current.items:
        kind, code = str(raw.get("kind")), str(raw.get("code"))
        status = None
        if kind == "task" and str(raw.get("uuid") or "") in tasks:
            status = task_state(session, tasks[str(raw.get("uuid"))], period.code)[0]
        score = raw.get("score")
        items.append(
            AppraisedItem(
                kind=kind,
                code=code,
                name=str(raw.get("name") or ""),
                self_score=own.get(code)
                if kind == "criterion"
                else own_index.get((str(raw.get("framework") or ""), code)),
                status=status,
                score=float(score) if isinstance(score, int | float) else None,
                evidence=str(raw["evidence"]) if raw.get("evidence") else None,
                comment=str(raw.get("comment") or ""),
                answer=str(raw.get("answer") or ""),
                framework=str(raw.get("framework") or "") if kind == "index" else "",
            )
        )
    return AppraisalView(period.code, current.issuer, current.created_at, current.general_comment, items, len(rows) - 1)


def answer(session: Session, period_code: str, code: str, text: str, kind: str = "criterion") -> AppraisedItem:
    """The agency's answer to a comment of the current appraisal; its next bundle for the period carries it."""
    period = period_row(session, period_code)
    current = current_appraisal(session, period.code)
    if current is None:
        raise UserError(f"Chưa nhận kết quả thẩm định kỳ {period.code}; chưa có nhận xét nào để trả lời.")
    reply = nfc(text).strip()
    if not reply or len(reply) > MAX_COMMENT:
        raise UserError(f"Hãy nhập nội dung trả lời (tối đa {MAX_COMMENT} ký tự).")
    items = [dict(i) for i in current.items]
    found = next((i for i in items if i.get("kind") == kind and i.get("code") == code.strip()), None)
    if found is None:
        what = "tiêu chí" if kind == "criterion" else "nhiệm vụ"
        raise UserError(f"Kết quả thẩm định kỳ {period.code} không có nhận xét cho {what} «{code}».")
    found["answer"] = reply
    current.items = items  # a new list: the JSON column is saved
    session.flush()
    view = appraisal_view(session, period.code)
    assert view is not None
    return next(i for i in view.items if i.kind == kind and i.code == code.strip())
