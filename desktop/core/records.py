"""Plain records passed between the core and its callers (CLI, GUI).

No database imports here: the GUI shows its window before SQLAlchemy is even loaded, and these are all it
needs to lay out its pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.enums import FrameworkCode, IndexLevel, Role, Status
from desktop.core.text import fold

FRAMEWORK_LABELS: dict[str, str] = {
    FrameworkCode.PAR_INDEX: "PAR INDEX",
    FrameworkCode.SIPAS: "SIPAS",
    FrameworkCode.PAPI: "PAPI",
    IndexLevel.DEPARTMENT.framework_code: "Bộ chỉ số của tỉnh (cấp sở)",
    IndexLevel.COMMUNE.framework_code: "Bộ chỉ số của tỉnh (cấp xã)",
}

ROLE_LEAD = Role.LEAD
ROLE_PARTNER = Role.PARTNER
ROLE_LABELS: dict[str | None, str] = {ROLE_LEAD: "Chủ trì", ROLE_PARTNER: "Phối hợp", None: ""}


@dataclass(slots=True)  # not frozen: frozen dataclasses build ~3x slower, and 50,000 are built per load
class TaskRow:
    id: int
    uuid: str
    plan_id: int
    plan_label: str
    code: str
    framework: str  # "PAR_INDEX" | "SIPAS" | "PAPI" | ""
    criterion_code: str
    criterion_name: str
    field_code: str  # top-level criterion (lĩnh vực) code
    section: str
    criterion_text: str
    content: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline_text: str
    deadline_kind: str
    due_date: date | None
    recurring: bool
    expected_output: str
    note: str
    my_role: str | None
    parent_task_id: int | None
    search_text: str = ""  # folded, whitespace-squashed; computed off the UI thread by load_task_rows
    status: str | None = None  # progress in the period the rows were loaded for; None = no entry yet
    percent: int | None = None
    evidence_count: int = 0
    removed_in: int | None = None  # the plan version that dropped this task: kept read-only as history

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "code": self.code,
            "framework": self.framework or None,
            "criterion_code": self.criterion_code or None,
            "content": self.content,
            "lead": list(self.lead),
            "partners": list(self.partners),
            "deadline_text": self.deadline_text,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "recurring": self.recurring,
            "plan": self.plan_label,
            "my_role": self.my_role,
            "status": self.status or "not_started",
            "percent": self.percent if self.percent is not None else 0,
            "evidence_count": self.evidence_count,
            "removed_in": self.removed_in,
        }


def search_text_of(r: TaskRow) -> str:
    """What accent-insensitive search looks in: codes, criterion, content, agencies, deadline, section."""
    return search_text(
        r.code,
        r.criterion_code,
        r.criterion_name,
        r.criterion_text,
        r.content,
        " ".join(r.lead),
        " ".join(r.partners),
        r.deadline_text,
        r.section,
    )


def search_text(*parts: str) -> str:
    return " ".join(fold(" ".join(parts)).split())


def format_plan_label(number: str, title: str, plan_id: int) -> str:
    if number:
        return f"KH {number}"
    return title[:60] or "Kế hoạch chưa có số, tên"


@dataclass
class PlanFields:
    number: str = ""
    title: str = ""
    issuer: str = ""
    issued_on: date | None = None
    year: int | None = None
    period_text: str = ""
    amends: str = ""  # the number of the plan this one amends («sửa đổi, bổ sung Kế hoạch số …»)


@dataclass
class TaskFields:
    code: str = ""
    content: str = ""
    lead: str = ""
    partners: str = ""
    deadline_text: str = ""
    expected_output: str = ""
    note: str = ""
    criterion_text: str = ""
    criterion_id: int | None = None


@dataclass
class CascadeItem:
    """One province task taken into the department's plan, with the unit(s) that will do it."""

    parent_task_id: int
    lead: str
    partners: str = ""
    deadline_text: str | None = None  # None keeps the province deadline


@dataclass(frozen=True)
class PlanRow:
    id: int
    number: str
    title: str
    issuer: str
    issued_on: date | None
    year: int | None
    period_text: str
    task_count: int  # tasks of the plan as it stands (not those an amendment dropped)
    parent_label: str
    uuid: str = ""
    key: str = ""
    version: int = 1
    origin: str = ""
    learned: bool = False  # known only from received bundles; importing the plan's file fills it in
    parent_plan_id: int | None = None

    @property
    def label(self) -> str:
        return format_plan_label(self.number, self.title, self.id)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "key": self.key,
            "version": self.version,
            "origin": self.origin,
            "learned": self.learned,
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "year": self.year,
            "tasks": self.task_count,
            "parent_plan_id": self.parent_plan_id,
        }


@dataclass(frozen=True)
class NameMatchRow:
    """One distinct name found in plans and what it is matched to, for the matching dialog."""

    key: str
    example: str
    uses: int
    agency_id: int | None
    groups: frozenset[str]
    target_label: str
    confirmed: bool


STATUS_LABELS: dict[str, str] = {
    Status.NOT_STARTED: "Chưa triển khai",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DONE: "Hoàn thành",
    Status.DONE_LATE: "Hoàn thành quá hạn",
    Status.CANNOT: "Không thực hiện được",
}
DONE_STATUSES: frozenset[str] = frozenset({Status.DONE, Status.DONE_LATE})
