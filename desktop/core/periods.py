"""Reporting periods (kỳ báo cáo): codes like 2025-Q1, their data windows and due dates.

Defaults follow DESIGN.md: the ministry's data windows (Công văn 581/BNV-CCHC) and a province due date on the
15th of the period's last month (seed 002). Every date is editable per province; ad hoc periods get a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import AuditAction, AuditEntity
from db.models import Plan, ReportingPeriod
from db.store import mark_housekeeping
from desktop.core.audit import diff, record
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_date

# kind -> (name, window start (month, day, previous year?), window end (month, day), due (month, day))
STANDARD_KINDS: dict[str, tuple[str, tuple[int, int, bool], tuple[int, int], tuple[int, int]]] = {
    "Q1": ("Quý I", (12, 15, True), (3, 14), (3, 15)),
    "H1": ("6 tháng", (12, 15, True), (6, 14), (6, 15)),
    "Q3": ("Quý III", (6, 15, False), (9, 14), (9, 15)),
    "Y": ("Năm", (12, 15, True), (12, 14), (12, 15)),
    "Q2": ("Quý II", (3, 15, False), (6, 14), (6, 15)),
    "Q4": ("Quý IV", (9, 15, False), (12, 14), (12, 15)),
}
DEFAULT_KINDS = ("Q1", "H1", "Q3", "Y")  # Quý II and Quý IV only where a province asks for them
ADHOC = "ADHOC"
_CODE = re.compile(r"^(\d{4})-(Q1|H1|Q3|Y|Q2|Q4|DX\d{1,3})$")


@dataclass(frozen=True)
class PeriodRow:
    id: int
    code: str
    year: int
    kind: str
    name: str
    window_start: date
    window_end: date
    due_date: date

    @property
    def label(self) -> str:
        if self.kind == "Y":
            return f"Năm {self.year}"
        return f"{self.name} năm {self.year}" if self.kind != ADHOC else f"{self.name} ({self.year})"

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "year": self.year,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "due_date": self.due_date.isoformat(),
        }


def _row(p: ReportingPeriod) -> PeriodRow:
    return PeriodRow(p.id, p.code, p.year, p.kind, p.name, p.window_start, p.window_end, p.due_date)


def standard_dates(year: int, kind: str) -> tuple[date, date, date]:
    _name, (sm, sd, prev), (em, ed), (dm, dd) = STANDARD_KINDS[kind]
    return date(year - 1 if prev else year, sm, sd), date(year, em, ed), date(year, dm, dd)


def _create_standard(session: Session, year: int, kind: str) -> ReportingPeriod:
    start, end, due = standard_dates(year, kind)
    period = ReportingPeriod(
        code=f"{year}-{kind}",
        year=year,
        kind=kind,
        name=STANDARD_KINDS[kind][0],
        window_start=start,
        window_end=end,
        due_date=due,
    )
    session.add(period)
    session.flush()
    mark_housekeeping(session)
    return period


def ensure_year(session: Session, year: int) -> None:
    """Make the default periods of a year exist (Quý I, 6 tháng, Quý III, Năm)."""
    have = set(session.scalars(select(ReportingPeriod.kind).where(ReportingPeriod.year == year)))
    for kind in DEFAULT_KINDS:
        if kind not in have:
            _create_standard(session, year, kind)


def get_period(session: Session, code: str, create: bool = True) -> ReportingPeriod:
    """The period with this code. Standard codes (2025-Q2 …) are created on first use; ad hoc ones are not."""
    code = code.strip().upper()
    m = _CODE.match(code)
    if not m:
        raise UserError(
            f"Mã kỳ báo cáo «{code}» không hợp lệ. Dùng dạng 2025-Q1, 2025-H1, 2025-Q3, 2025-Y, 2025-Q2, 2025-Q4 "
            "hoặc mã kỳ đột xuất như 2025-DX1."
        )
    period = session.scalars(select(ReportingPeriod).where(ReportingPeriod.code == code)).first()
    if period is not None:
        return period
    year, kind = int(m.group(1)), m.group(2)
    if not create or kind.startswith("DX") or not 2000 <= year <= 2100:
        raise UserError(f"Chưa có kỳ báo cáo «{code}». Hãy tạo kỳ đột xuất trước (menu Kỳ báo cáo).")
    return _create_standard(session, year, kind)


def list_periods(session: Session, year: int | None = None) -> list[PeriodRow]:
    q = select(ReportingPeriod).order_by(ReportingPeriod.due_date, ReportingPeriod.id)
    if year is not None:
        q = q.where(ReportingPeriod.year == year)
    return [_row(p) for p in session.scalars(q)]


def period_row(session: Session, code: str) -> PeriodRow:
    return _row(get_period(session, code))


def current_period(session: Session, today: date) -> PeriodRow:
    """The period whose report is due next (or the year's last one), making the year's periods if needed."""
    ensure_year(session, today.year)
    periods = list_periods(session, today.year)
    upcoming = [p for p in periods if p.due_date >= today]
    return upcoming[0] if upcoming else periods[-1]


def _check_dates(start: date, end: date, due: date) -> None:
    if end < start:
        raise UserError(f"Ngày kết thúc số liệu ({fmt_date(end)}) phải sau ngày bắt đầu ({fmt_date(start)}).")
    if due < start:
        raise UserError(f"Hạn báo cáo ({fmt_date(due)}) phải sau ngày bắt đầu kỳ ({fmt_date(start)}).")


def add_adhoc(session: Session, year: int, name: str, start: date, end: date, due: date) -> PeriodRow:
    name = " ".join(name.split())
    if not name:
        raise UserError("Hãy đặt tên cho kỳ báo cáo đột xuất, ví dụ «Báo cáo chuyên đề một cửa».")
    _check_dates(start, end, due)
    count = (
        session.scalar(
            select(func.count())
            .select_from(ReportingPeriod)
            .where(ReportingPeriod.year == year, ReportingPeriod.kind == ADHOC)
        )
        or 0
    )
    period = ReportingPeriod(
        code=f"{year}-DX{count + 1}",
        year=year,
        kind=ADHOC,
        name=name,
        window_start=start,
        window_end=end,
        due_date=due,
    )
    session.add(period)
    session.flush()
    record(session, AuditEntity.PERIOD, period.id, AuditAction.CREATE, f"Tạo kỳ {period.code} «{name}»")
    return _row(period)


def update_dates(session: Session, code: str, start: date, end: date, due: date, name: str | None = None) -> PeriodRow:
    """A province's own window and due date for a period."""
    period = get_period(session, code)
    _check_dates(start, end, due)
    old = {"window_start": period.window_start, "window_end": period.window_end, "due_date": period.due_date}
    period.window_start, period.window_end, period.due_date = start, end, due
    if name is not None and name.strip():
        period.name = " ".join(name.split())
    new = {"window_start": start, "window_end": end, "due_date": due}
    changes = diff(old, new)
    if changes:
        record(session, AuditEntity.PERIOD, period.id, AuditAction.UPDATE, f"Sửa ngày của kỳ {period.code}", changes)
    session.flush()
    return _row(period)


def plan_years(session: Session) -> set[int]:
    return {y for y in session.scalars(select(Plan.year).distinct()) if y is not None}
