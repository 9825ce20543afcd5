"""Writing a parsed plan in one transaction: plan, tasks, addressees, criterion links, import record."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.orm import Session

from db.models import Assignment, Criterion, Framework, ImportRecord, Plan, Task, TaskCriterion, new_uuid
from desktop.core.agencies import AgencyDirectory, get_profile, resolve_addressees
from desktop.core.catalog import CriterionIndex, framework_for
from desktop.core.deadlines import parse_deadline
from desktop.core.errors import UserError
from desktop.core.plan_import.model import ParsedPlan, ParsedTask, Skip
from desktop.core.plans import create_plan
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.text import nfc


@dataclass
class ImportResult:
    plan_id: int
    tasks: int
    criteria_linked: int
    skipped: list[Skip] = field(default_factory=list)
    duplicate: bool = False
    undated: int = 0  # quarter/year deadlines left without a date because the year is unknown
    year: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "plan_id": self.plan_id,
            "tasks": self.tasks,
            "criteria_linked": self.criteria_linked,
            "skipped": [s.as_dict() for s in self.skipped],
            "duplicate": self.duplicate,
            "undated": self.undated,
            "year": self.year,
        }


def content_sha256(parsed: ParsedPlan) -> str:
    rows = [
        [s.name, s.framework or "", t.code, t.content, t.lead, t.partners, t.deadline_text]
        for s in parsed.sheets
        if s.include
        for t in s.tasks
    ]
    blob = json.dumps([parsed.meta.number, rows], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def find_duplicate(session: Session, parsed: ParsedPlan) -> ImportRecord | None:
    csha = content_sha256(parsed)
    return session.scalars(
        select(ImportRecord)
        .where(or_(ImportRecord.file_sha256 == parsed.file_sha256, ImportRecord.content_sha256 == csha))
        .where(ImportRecord.plan_id.is_not(None))
        .limit(1)
    ).first()


@dataclass(frozen=True)
class GivenUuids:
    """A plan package's identities, kept so the agency's bundles map back to the focal point's tasks."""

    plan: str
    tasks: list[str]  # one per task of the parsed plan, in order


def commit_plan(
    session: Session,
    parsed: ParsedPlan,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    uuids: GivenUuids | None = None,
) -> ImportResult:
    if get_profile(session) is None:
        raise UserError("Chưa khai báo cơ quan của bạn. Hãy chạy «cchc init» hoặc mở ứng dụng để khai báo.")
    if uuids is not None:
        same = session.scalars(select(Plan).where(Plan.uuid == uuids.plan)).first()
        if same is not None:
            return ImportResult(same.id, len(same.tasks), 0, [], True, 0, same.year)
        taken = session.scalars(select(Task.uuid).where(Task.uuid.in_(uuids.tasks)).limit(1)).first()
        if taken is not None:
            raise UserError("Gói kế hoạch có mã nhiệm vụ trùng với một kế hoạch khác đã có; gói có thể đã bị sửa.")
    dup = find_duplicate(session, parsed)
    if dup is not None and dup.plan_id is not None and uuids is not None:
        raise UserError(
            "Kế hoạch này đã được nhập từ tệp Excel, với mã định danh khác. Để báo cáo khớp với nơi giao kế hoạch, "
            "hãy xoá kế hoạch đã nhập (trang Kế hoạch) rồi nhập lại gói kế hoạch."
        )
    if dup is not None and dup.plan_id is not None:
        plan = session.get(Plan, dup.plan_id)
        return ImportResult(
            plan_id=dup.plan_id,
            tasks=len(plan.tasks) if plan else dup.task_count,
            criteria_linked=0,
            skipped=[Skip(str(s["sheet"]), int(str(s["row"])), str(s["reason"])) for s in dup.skipped],
            duplicate=True,
            year=plan.year if plan else None,
        )
    tasks = parsed.tasks
    if not tasks:
        reasons = [s.error for s in parsed.sheets if s.error]
        raise UserError(
            "Không tìm thấy nhiệm vụ nào để nhập. "
            + (reasons[0] if reasons else "Hãy kiểm tra bảng có cột Nội dung/Nhiệm vụ và Chủ trì.")
        )
    meta = parsed.meta
    number = nfc(meta.number)
    if number:
        clash = session.scalars(
            select(Plan).where(Plan.number == number, Plan.issuer == nfc(meta.issuer)).limit(1)
        ).first()
        if clash is not None:
            raise UserError(
                f"Đã có kế hoạch số {number} của {clash.issuer or 'cùng cơ quan'} với nội dung khác. "
                "Hãy xoá kế hoạch cũ hoặc sửa số ký hiệu trong màn hình xem trước rồi nhập lại."
            )
    plan = create_plan(session, meta, owned=False)
    if uuids is not None:
        plan.uuid = uuids.plan

    # Rows are built as plain column values and inserted in bulk: the ORM unit of work costs ~1 ms a task.
    directory = AgencyDirectory(session)
    frameworks: dict[str, Framework | None] = {}
    indexes: dict[int, CriterionIndex] = {}
    sheet_framework = {s.name: s.framework for s in parsed.sheets}
    task_rows: list[dict[str, Any]] = []
    assignment_rows: list[list[dict[str, Any]]] = []
    criterion_ids: list[int | None] = []
    undated = 0
    total = len(tasks)
    for n, pt in enumerate(tasks):
        if n % 200 == 0:
            if cancel is not None:
                cancel.check()
            progress(n, total, "Đang đọc nhiệm vụ…")
        fw_code = sheet_framework.get(pt.sheet)
        if fw_code and fw_code not in frameworks:
            frameworks[fw_code] = framework_for(session, fw_code, meta.year)
        fw = frameworks.get(fw_code) if fw_code else None
        row = _task_row(pt, plan.id, n, fw, meta.year)
        if uuids is not None:
            row["uuid"] = uuids.tasks[n]
        if row["deadline_kind"] in ("quarter", "year") and row["due_date"] is None:
            undated += 1
        task_rows.append(row)
        assignment_rows.append(resolve_addressees(pt.lead, pt.partners, directory))
        crit: Criterion | None = None
        if fw is not None:
            index = indexes.get(fw.id)
            if index is None:
                index = indexes[fw.id] = CriterionIndex(session, fw)
            crit = _link_criterion(pt, index)
        criterion_ids.append(crit.id if crit is not None else None)
    if cancel is not None:
        cancel.check()
    progress(total // 2, total, "Đang ghi nhiệm vụ…")
    session.flush()  # agencies created while resolving names
    conn = session.connection()  # Core inserts: the ORM bulk path runs one statement per few rows here
    task_table = cast(Table, Task.__table__)
    ids = list(
        conn.execute(insert(task_table).returning(task_table.c.id, sort_by_parameter_order=True), task_rows).scalars()
    )
    assignments = [dict(a, task_id=tid) for tid, rows in zip(ids, assignment_rows, strict=True) for a in rows]
    if assignments:
        conn.execute(insert(cast(Table, Assignment.__table__)), assignments)
    links = [{"task_id": tid, "criterion_id": cid} for tid, cid in zip(ids, criterion_ids, strict=True) if cid]
    if links:
        conn.execute(insert(cast(Table, TaskCriterion.__table__)), links)
    linked = len(links)
    progress(total, total, "Đang lưu…")
    session.add(
        ImportRecord(
            file_sha256=parsed.file_sha256,
            content_sha256=content_sha256(parsed),
            file_name=parsed.file_name,
            plan_id=plan.id,
            task_count=total,
            skipped=[s.as_dict() for s in parsed.skipped],
        )
    )
    session.flush()
    return ImportResult(plan.id, total, linked, parsed.skipped, False, undated, meta.year)


def _task_row(pt: ParsedTask, plan_id: int, position: int, fw: Framework | None, year: int | None) -> dict[str, Any]:
    deadline = parse_deadline(pt.deadline_text, year)
    return {
        "uuid": new_uuid(),
        "plan_id": plan_id,
        "position": position,
        "code": pt.code,
        "section": pt.section,
        "criterion_text": pt.criterion_text,
        "content": pt.content,
        "lead_text": pt.lead,
        "partners_text": pt.partners,
        "deadline_text": deadline.text,
        "deadline_kind": deadline.kind,
        "due_date": deadline.due_date,
        "milestones": [d.isoformat() for d in deadline.milestones],
        "recurring": deadline.recurring,
        "expected_output": pt.output,
        "note": pt.note,
        "framework_id": fw.id if fw else None,
        "source_sheet": pt.sheet,
        "source_row": pt.row,
        "parent_task_id": None,
    }


def _link_criterion(pt: ParsedTask, index: CriterionIndex) -> Criterion | None:
    by_name = index.by_text(pt.criterion_text)
    if by_name is not None:
        return by_name
    code = pt.code
    if code and ("." in code or not code[0].isdigit()):
        return index.by_code_or_parent(code)
    return None
