"""At the focal point: the appraisal of one agency's report for one period (appraised score, evidence accepted
or not, comment, per criterion and per task; a general comment), and the package sent back to the agency."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Appraisal, Submission
from desktop.core.agencies import get_profile
from desktop.core.agency_names import match_key, reporting_key
from desktop.core.appraisal.package import EVIDENCE, MAX_COMMENT, SUFFIX, write_package
from desktop.core.bundle.layout import slug
from desktop.core.bundle.overview import read_manifest
from desktop.core.bundle.submissions import current_submissions
from desktop.core.catalog import framework_for
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.periods import period_row
from desktop.core.text import natural_code_key, nfc


@dataclass(frozen=True)
class AppraisalRow:
    kind: str  # criterion (of the national index scored) | index (of the province's own) | task
    code: str
    name: str
    uuid: str  # a task's UUID in the agency's bundle
    self_score: float | None
    max_score: float | None
    score: float | None
    evidence: str | None  # accepted | rejected | None
    comment: str
    answer: str = ""  # what the agency answered, in its latest bundle
    framework: str = ""  # a province index's code (kind index)

    @property
    def key(self) -> str:
        return item_key(self.kind, self.code, self.uuid, self.framework)

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "uuid": self.uuid,
            "self_score": self.self_score,
            "max_score": self.max_score,
            "score": self.score,
            "evidence": self.evidence,
            "comment": self.comment,
            "answer": self.answer or None,
            **({"framework": self.framework} if self.framework else {}),
        }


@dataclass(frozen=True)
class AppraisalSheet:
    agency: str
    agency_key: str  # as the receipt recorded it
    period_code: str
    bundle_uuid: str
    framework: str
    general_comment: str
    rows: list[AppraisalRow]


INDEX = "index"


def item_key(kind: str, code: str, task_uuid: str = "", framework: str = "") -> str:
    if kind == "task":
        return f"task:{task_uuid or code}"
    if kind == INDEX:
        return f"index:{framework}:{code}"
    return f"criterion:{code}"


def current_submission(session: Session, agency: str, period_code: str) -> Submission:
    code = period_row(session, period_code).code
    keys = (match_key(nfc(agency)), reporting_key(nfc(agency)))
    sub = next(iter(current_submissions(session, keys, code)), None)
    if sub is None:
        raise UserError(
            f"Chưa nhận báo cáo kỳ {code} của «{agency}»; chỉ thẩm định được báo cáo đã tiếp nhận "
            "(xem «cchc submissions»)."
        )
    return sub


def sheet(session: Session, data_dir: Path, agency: str, period_code: str) -> AppraisalSheet:
    """The agency's self-scored criteria and reported tasks, with what the focal point has appraised so far."""
    sub = current_submission(session, agency, period_code)
    data: dict[str, Any] = (read_manifest(data_dir, sub) or {}).get("data", {})
    stored = _stored(session, sub)
    items = stored.items if stored else {}
    scored = str(data.get("score_framework") or "")  # «PAR_INDEX 2025»
    framework, _, year = scored.partition(" ")
    fw = framework_for(session, framework, int(year)) if framework and year.isdigit() else None
    names = {c.code: c.name for c in fw.criteria} if fw else {}
    answers = {
        (str(a.get("kind")), str(a.get("uuid") or a.get("code"))): str(a.get("answer") or "")
        for a in data.get("appraisal_answers") or []
        if isinstance(a, dict)
    }
    rows: list[AppraisalRow] = []
    for s in sorted(
        (s for s in data.get("scores", []) if isinstance(s, dict) and s.get("leaf")),
        key=lambda s: natural_code_key(str(s.get("code"))),
    ):
        code = str(s.get("code") or "")
        row = _row("criterion", code, names.get(code, ""), "", s.get("score"), s.get("max"), items)
        rows.append(replace(row, answer=answers.get(("criterion", code), "")))
    rows += _index_rows(data, items)
    for t in data.get("tasks", []):
        if isinstance(t, dict) and t.get("code"):
            task_uuid = str(t.get("uuid") or "")
            row = _row("task", str(t["code"]), str(t.get("content") or ""), task_uuid, None, None, items)
            rows.append(replace(row, answer=answers.get(("task", task_uuid or str(t["code"])), "")))
    return AppraisalSheet(
        sub.agency_name,
        sub.agency_key,
        sub.period_code,
        sub.bundle_uuid,
        framework,
        stored.general_comment if stored else "",
        rows,
    )


def _index_rows(data: dict[str, Any], items: dict[str, Any]) -> list[AppraisalRow]:
    """The leaves the agency scored itself on its province's index (survey criteria are the Sở's own)."""
    rows = []
    for a in data.get("index_assessments") or []:
        if not isinstance(a, dict):
            continue
        framework = str(a.get("framework") or "")
        for sc in a.get("scores") or []:
            if isinstance(sc, dict) and sc.get("leaf") and not sc.get("survey"):
                code = str(sc.get("code") or "")
                row = _row(INDEX, code, str(sc.get("name") or ""), "", sc.get("score"), sc.get("max"), items, framework)
                rows.append(row)
    return rows


def _row(
    kind: str,
    code: str,
    name: str,
    task_uuid: str,
    self_score: object,
    max_score: object,
    items: dict[str, Any],
    framework: str = "",
) -> AppraisalRow:
    item = items.get(item_key(kind, code, task_uuid, framework), {})
    return AppraisalRow(
        kind=kind,
        code=code,
        name=name[:500],
        uuid=task_uuid,
        self_score=float(self_score) if isinstance(self_score, int | float) else None,
        max_score=float(max_score) if isinstance(max_score, int | float) else None,
        score=item.get("score"),
        evidence=item.get("evidence"),
        comment=str(item.get("comment") or ""),
        framework=framework,
    )


def _stored(session: Session, sub: Submission) -> Appraisal | None:
    return session.scalars(
        select(Appraisal).where(Appraisal.agency_key == sub.agency_key, Appraisal.period_code == sub.period_code)
    ).first()


def set_item(
    session: Session,
    data_dir: Path,
    agency: str,
    period_code: str,
    code: str,
    kind: str = "criterion",
    score: str | float | None = None,
    comment: str | None = None,
    evidence: str | None = None,
    framework: str = "",
) -> AppraisalRow:
    """Record the appraisal of one criterion or task; what is not given stays as it was. With `framework` naming
    a province index (not the national one the report scored), the criterion is that index's."""
    current = sheet(session, data_dir, agency, period_code)
    framework = framework.strip().upper()
    if kind == "criterion" and framework and framework != current.framework:
        kind = INDEX
    row = next(
        (
            r
            for r in current.rows
            if r.kind == kind and r.code == code.strip() and (kind != INDEX or r.framework == framework)
        ),
        None,
    )
    if row is None:
        what = "nhiệm vụ" if kind == "task" else f"tiêu chí của {framework}" if kind == INDEX else "tiêu chí"
        raise UserError(
            f"Báo cáo của «{current.agency}» kỳ {current.period_code} không có {what} «{code}» được tự chấm."
        )
    value = row.score
    if score is not None:
        try:
            value = parse_number(score) if isinstance(score, str) else float(score)
        except ValueError:
            raise UserError(f"Điểm thẩm định phải là số, ví dụ «0,75» (đã nhập «{score}»).") from None
        if value < 0 or (row.max_score is not None and value > row.max_score):
            top = f" (tối đa {fmt_number(row.max_score)})" if row.max_score is not None else ""
            raise UserError(f"Điểm thẩm định {fmt_number(value)} không hợp lệ cho tiêu chí {row.code}{top}.")
    if evidence is not None and evidence not in EVIDENCE:
        raise UserError("Đánh giá tài liệu kiểm chứng là «accepted» (chấp nhận) hoặc «rejected» (không chấp nhận).")
    text = row.comment if comment is None else nfc(comment).strip()
    if len(text) > MAX_COMMENT:
        raise UserError(f"Nhận xét dài quá {MAX_COMMENT} ký tự; hãy rút gọn.")
    stored = _ensure(session, current)
    item: dict[str, object] = {"code": row.code, "score": value, "evidence": evidence or row.evidence, "comment": text}
    if row.framework:
        item["framework"] = row.framework
    stored.items = {**stored.items, row.key: item}
    session.flush()
    return replace(row, score=value, evidence=evidence or row.evidence, comment=text, answer="")


def set_general(session: Session, data_dir: Path, agency: str, period_code: str, text: str) -> None:
    current = sheet(session, data_dir, agency, period_code)
    _ensure(session, current).general_comment = nfc(text).strip()[:MAX_COMMENT]
    session.flush()


def _ensure(session: Session, current: AppraisalSheet) -> Appraisal:
    key = current.agency_key
    stored = session.scalars(
        select(Appraisal).where(Appraisal.agency_key == key, Appraisal.period_code == current.period_code)
    ).first()
    if stored is None:
        stored = Appraisal(agency_key=key, agency_name=current.agency, period_code=current.period_code, items={})
        session.add(stored)
    stored.bundle_uuid, stored.framework = current.bundle_uuid, current.framework
    return stored


def export_appraisal(session: Session, data_dir: Path, agency: str, period_code: str, out_dir: Path) -> Path:
    """The package for the agency, named after it and the period, in `out_dir`."""
    current = sheet(session, data_dir, agency, period_code)
    if not any(r.score is not None or r.comment or r.evidence for r in current.rows) and not current.general_comment:
        raise UserError(f"Chưa thẩm định mục nào của «{current.agency}» kỳ {current.period_code}; chưa có gì để gửi.")
    profile = get_profile(session)
    period = period_row(session, current.period_code)
    manifest = {
        "uuid": str(uuid.uuid4()),
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "issuer": {"name": profile.agency.name if profile else ""},
        "agency": {"name": current.agency},
        "period": {"code": period.code, "label": period.label},
        "bundle_uuid": current.bundle_uuid,
    }
    done = [r for r in current.rows if r.score is not None or r.comment or r.evidence]
    content = {
        "framework": current.framework,
        "general_comment": current.general_comment,
        "items": [r.as_json() for r in done if r.kind != INDEX],
        # Apart, so a unit on a version that predates the province's index still takes the rest in.
        "index_items": [r.as_json() for r in done if r.kind == INDEX],
    }
    if not out_dir.is_dir():
        raise UserError(f"Không có thư mục «{out_dir}» để lưu gói thẩm định.")
    path = out_dir / f"tham-dinh_{slug(current.agency, 50)}_{period.code}{SUFFIX}"
    return write_package(path, manifest, content)
