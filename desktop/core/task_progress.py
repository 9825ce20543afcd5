"""Progress per task per period (kết quả thực hiện): status, percent, result, measured value, history."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity, Status
from db.models import EvidenceLink, ProgressEntry, ReportingPeriod, Task, local_now
from desktop.core.audit import actor, diff, record
from desktop.core.errors import UserError, not_found
from desktop.core.formatting import parse_number
from desktop.core.periods import get_period
from desktop.core.records import DONE_STATUSES, STATUS_LABELS
from desktop.core.recovery import record_deletion
from desktop.core.row_snapshot import capture
from desktop.core.tasks import current_me, load_task_rows
from desktop.core.text import nfc


@dataclass
class ProgressFields:
    status: str = Status.NOT_STARTED
    percent: int | None = None
    result: str = ""
    measured_value: str = ""
    difficulties: str = ""
    proposals: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ProgressView:
    """What the editor shows: the saved entry, or one started from the previous period's."""

    fields: ProgressFields
    saved: bool
    carried_from: str | None  # period code the values were carried from
    revision: int


def _fields_of(e: ProgressEntry) -> ProgressFields:
    return ProgressFields(e.status, e.percent, e.result, e.measured_value, e.difficulties, e.proposals, e.reason)


def _entry(session: Session, task_id: int, period_id: int) -> ProgressEntry | None:
    return session.scalars(
        select(ProgressEntry).where(ProgressEntry.task_id == task_id, ProgressEntry.period_id == period_id)
    ).first()


def previous_entry(session: Session, task_id: int, period: ReportingPeriod) -> tuple[ProgressEntry, str] | None:
    """The task's latest entry in a period due before this one."""
    row = session.execute(
        select(ProgressEntry, ReportingPeriod.code)
        .join(ReportingPeriod, ReportingPeriod.id == ProgressEntry.period_id)
        .where(ProgressEntry.task_id == task_id, ReportingPeriod.due_date < period.due_date)
        .order_by(ReportingPeriod.due_date.desc(), ReportingPeriod.id.desc())
    ).first()
    return (row[0], row[1]) if row else None


def progress_view(session: Session, task_id: int, period_code: str) -> ProgressView:
    period = get_period(session, period_code)
    entry = _entry(session, task_id, period.id)
    if entry is not None:
        return ProgressView(_fields_of(entry), True, None, entry.revision)
    prev = previous_entry(session, task_id, period)
    if prev is not None:
        return ProgressView(_fields_of(prev[0]), False, prev[1], 0)
    return ProgressView(ProgressFields(), False, None, 0)


def check_fields(f: ProgressFields) -> ProgressFields:
    if f.status not in STATUS_LABELS:
        choices = ", ".join(STATUS_LABELS)
        raise UserError(f"Trạng thái «{f.status}» không hợp lệ; chọn một trong: {choices}.")
    clean = ProgressFields(
        status=f.status,
        percent=f.percent,
        result=nfc(f.result),
        measured_value=nfc(f.measured_value),
        difficulties=nfc(f.difficulties),
        proposals=nfc(f.proposals),
        reason=nfc(f.reason),
    )
    if clean.percent is not None and not 0 <= clean.percent <= 100:
        raise UserError(f"Tỷ lệ hoàn thành phải từ 0 đến 100 (đã nhập {clean.percent}).")
    if clean.status in DONE_STATUSES:
        if clean.percent is None:
            clean.percent = 100
        elif clean.percent != 100:
            raise UserError("Nhiệm vụ đã hoàn thành thì tỷ lệ phải là 100%. Nếu chưa xong, chọn «Đang thực hiện».")
    if clean.status == Status.NOT_STARTED and clean.percent is None:
        clean.percent = 0
    if clean.status == Status.CANNOT and not clean.reason:
        raise UserError("Trạng thái «Không thực hiện được» cần ghi rõ lý do.")
    if len(clean.measured_value) > 100:
        raise UserError("Giá trị đạt được quá dài (tối đa 100 ký tự), ví dụ «98,6%».")
    return clean


def save_progress(session: Session, task_id: int, period_code: str, fields: ProgressFields) -> ProgressEntry:
    """Create or update the entry; the previous values go to the audit log. Unchanged values write nothing."""
    task = session.get(Task, task_id)
    if task is None:
        raise not_found("nhiệm vụ")
    refuse_removed(task)
    period = get_period(session, period_code)
    clean = check_fields(fields)
    new = asdict(clean)
    entry = _entry(session, task_id, period.id)
    who = actor(session)
    if entry is None:
        entry = ProgressEntry(task_id=task_id, period_id=period.id, updated_by=who, revision=1, **new)
        session.add(entry)
        session.flush()
        record(
            session,
            AuditEntity.PROGRESS,
            entry.id,
            AuditAction.CREATE,
            f"Cập nhật tiến độ kỳ {period.code}: {STATUS_LABELS[clean.status]}",
            diff({}, new),
            task_id,
        )
        return entry
    changes = diff(asdict(_fields_of(entry)), new)
    if not changes:
        return entry
    for key, value in new.items():
        setattr(entry, key, value)
    entry.revision += 1
    entry.updated_by = who
    entry.updated_at = local_now()
    session.flush()
    record(
        session,
        AuditEntity.PROGRESS,
        entry.id,
        AuditAction.UPDATE,
        f"Sửa tiến độ kỳ {period.code}: {STATUS_LABELS[clean.status]}",
        changes,
        task_id,
    )
    return entry


def delete_progress(session: Session, task_id: int, period_code: str) -> int:
    """The task's entry for the period goes (the period then shows what carries over from the one before);
    the returned audit entry keeps it and can undo the deletion."""
    task = session.get(Task, task_id)
    if task is None:
        raise not_found("nhiệm vụ")
    period = get_period(session, period_code)
    entry = _entry(session, task_id, period.id)
    if entry is None:
        raise UserError(f"Nhiệm vụ {task.code} chưa có tiến độ kỳ {period.code} để xoá.")
    rows = {"progress_entry": capture(session, ProgressEntry, ProgressEntry.id == entry.id)}
    entry_id = record_deletion(
        session,
        AuditEntity.PROGRESS,
        entry.id,
        f"Xoá tiến độ kỳ {period.code}: {STATUS_LABELS[entry.status]}, {entry.percent or 0}%",
        rows,
        diff(asdict(_fields_of(entry)), {}),
        task_id,
    )
    session.delete(entry)
    session.flush()
    return entry_id


def progress_by_task(session: Session, period_id: int) -> dict[int, tuple[str, int | None]]:
    rows = session.execute(
        select(ProgressEntry.task_id, ProgressEntry.status, ProgressEntry.percent).where(
            ProgressEntry.period_id == period_id
        )
    )
    return {tid: (status, percent) for tid, status, percent in rows}


_THRESHOLD = re.compile(
    r"(?:^|từ|≥|>=|tối thiểu|ít nhất|trên|đạt|tỷ lệ|tiến độ)\s*(?:mức\s*)?(\d{1,3}(?:[.,]\d+)?)\s*%", re.IGNORECASE
)
_MEASURED = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%?")


def target_threshold(text: str) -> float | None:
    """The percentage a task's text asks for ("đạt từ 98% trở lên" → 98), if it names one."""
    m = _THRESHOLD.search(text)
    return parse_number(m.group(1)) if m else None


def meets_target(target_text: str, measured: str) -> bool | None:
    """Whether a measured value ("98,6%") reaches the task's threshold; None when either is not a number."""
    threshold = target_threshold(target_text)
    m = _MEASURED.search(measured)
    if threshold is None or m is None:
        return None
    try:
        return parse_number(m.group(1)) >= threshold
    except ValueError:
        return None


def refuse_removed(task: Task) -> None:
    """A task an amendment dropped is history: it keeps what it had, and takes nothing new."""
    if task.removed_in is not None:
        raise UserError(
            f"Nhiệm vụ {task.code or task.content[:40]} đã bị bỏ trong phiên bản {task.removed_in} của kế hoạch; "
            "tiến độ và tài liệu cũ vẫn được giữ để xem, nhưng không ghi thêm được."
        )


def resolve_task(session: Session, ref: str) -> Task:
    """A task by id or by a code unique among the agency's tasks (all tasks when no agency is set)."""
    ref = ref.strip()
    if ref.isdigit():
        task = session.get(Task, int(ref))
        if task is not None:
            return task
    me = current_me(session)
    rows = load_task_rows(session, mine=me is not None, include_removed=True)
    framework, _sep, code = ref.rpartition(":")
    code = code.strip().rstrip(".")
    hits = [
        r
        for r in rows
        if r.code.rstrip(".") == code and (not framework or r.framework.casefold() == framework.strip().casefold())
    ]
    # A code an amendment reused names the live task; a dropped one is found only to say it was dropped.
    hits = [r for r in hits if r.removed_in is None] or hits
    if not hits:
        raise UserError(
            f"Không tìm thấy nhiệm vụ «{ref}». Dùng mã nhiệm vụ, hoặc mã số ở cột «id» của «cchc tasks --json»."
        )
    if len(hits) > 1:
        where = "; ".join(f"mã số {r.id} ({r.plan_label})" for r in hits[:5])
        raise UserError(
            f"Mã «{ref}» trùng ở {len(hits)} nhiệm vụ: {where}. Hãy dùng mã số hoặc ghi kèm bộ chỉ số, "
            f"ví dụ «PAPI:{code}»."
        )
    found = session.get(Task, hits[0].id)
    assert found is not None
    return found


def task_state(session: Session, task_id: int, period_code: str) -> tuple[str | None, int | None, int]:
    """(status, percent, evidence count) of one task in a period, as the task table shows them."""
    period = get_period(session, period_code)
    entry = _entry(session, task_id, period.id)
    count = session.scalar(
        select(func.count(func.distinct(EvidenceLink.evidence_id))).where(EvidenceLink.task_id == task_id)
    )
    return (entry.status, entry.percent, int(count or 0)) if entry else (None, None, int(count or 0))


@dataclass(frozen=True)
class TaskBrief:
    """What a dialog shows of a task: its code, text and expected output."""

    code: str
    content: str
    expected_output: str

    @property
    def target(self) -> str:
        return f"{self.content}\n{self.expected_output}"


def task_brief(session: Session, task_id: int) -> TaskBrief | None:
    task = session.get(Task, task_id)
    return TaskBrief(task.code, task.content, task.expected_output) if task is not None else None
