"""Understanding deadline text as officials write it. The text is always kept; no date is ever guessed."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date

from desktop.core.text import fold, nfc

# Kinds, from most to least specific. "quarter" also covers "Quý III và năm" and half-years.
KINDS = ("date", "quarter", "year", "period", "recurring", "event", "unknown", "none")

KIND_LABELS = {
    "date": "Ngày cụ thể",
    "quarter": "Theo quý",
    "year": "Trong năm",
    "period": "Theo kỳ báo cáo",
    "recurring": "Thường xuyên",
    "event": "Theo sự kiện",
    "unknown": "Chưa hiểu được",
    "none": "Không ghi",
}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_DATE_WORDS_RE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_MONTH_RE = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})")
_QUARTER_RE = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(20\d\d))?")
_YEAR_RE = re.compile(r"\b(?:nam|/)\s*(20\d\d)\b")
_BARE_YEAR_RE = re.compile(r"\b(20\d\d)\b")
# "và năm", "cả năm", "; năm" with no number after: the year-end report of the plan's year.
_YEAR_END_WORD_RE = re.compile(r"(?:\bva|\bca|[;,-])\s*nam\b(?!\s*\d)")
_HALF_RE = re.compile(r"\b6\s*thang(\s*cuoi\s*nam)?\b")


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str
    due_date: date | None = None
    milestones: tuple[date, ...] = field(default_factory=tuple)
    recurring: bool = False
    needs_year: bool = False  # a quarter or year was named but no year is known: left undated

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=4096)  # plans repeat the same few deadline texts thousands of times
def parse_deadline(text: str | None, plan_year: int | None = None) -> Deadline:
    raw = nfc(text)
    if not raw:
        return Deadline(text="", kind="none")
    f = " ".join(fold(raw).split())

    milestones: set[date] = set()
    kinds: list[str] = []
    recurring = False
    needs_year = False

    for rx in (_DATE_RE, _DATE_WORDS_RE):
        for d, m, y in rx.findall(f):
            try:
                milestones.add(date(int(y), int(m), int(d)))
                kinds.append("date")
            except ValueError:
                continue  # 31/2/2025 is not a date; we do not guess one
    f_no_dates = _DATE_WORDS_RE.sub(" ", _DATE_RE.sub(" ", f))
    # "trước ngày 30/12": a day of the plan's own year; without that year it stays undated.
    for d, m in _DAY_MONTH_RE.findall(f_no_dates):
        if plan_year is None:
            needs_year = True
            kinds.append("date")
            continue
        try:
            milestones.add(date(plan_year, int(m), int(d)))
            kinds.append("date")
        except ValueError:
            continue
    f_no_dates = _DAY_MONTH_RE.sub(" ", f_no_dates)

    for m_, y in _MONTH_RE.findall(f_no_dates):
        month, month_year = int(m_), int(y)
        if 1 <= month <= 12:
            milestones.add(date(month_year, month, calendar.monthrange(month_year, month)[1]))
            kinds.append("date")

    if "ky bao cao" in f:
        kinds.append("period")
        recurring = True
    if "bau cu" in f or re.search(r"truoc,?\s*trong\s*va\s*sau", f):
        kinds.append("event")
    if "thuong xuyen" in f or "hang nam" in f or "hang quy" in f or "dinh ky" in f:
        recurring = True
        kinds.append("recurring")

    explicit_years = [int(y) for y in _YEAR_RE.findall(f_no_dates)]
    year: int | None = explicit_years[0] if explicit_years else plan_year

    quarters = _QUARTER_RE.findall(f_no_dates)
    for q, qy in quarters:
        qyear: int | None = int(qy) if qy else year
        kinds.append("quarter")
        if qyear is None:
            needs_year = True
        else:
            milestones.add(quarter_end(qyear, _ROMAN[q]))

    halves = _HALF_RE.findall(f_no_dates)
    for late in halves:
        kinds.append("quarter")
        if year is None:
            needs_year = True
        else:
            milestones.add(date(year, 12, 31) if late else date(year, 6, 30))

    if explicit_years and "period" not in kinds:
        kinds.append("year")
        for y in explicit_years:
            if not any(ms.year == y for ms in milestones):
                milestones.add(date(y, 12, 31))
    if (quarters or halves) and _YEAR_END_WORD_RE.search(f_no_dates):
        if year is None:
            needs_year = True
        else:
            milestones.add(date(year, 12, 31))
    elif not kinds and re.fullmatch(r"(ca\s+)?nam", f_no_dates.strip(" .;-")):
        kinds.append("year")
        if year is None:
            needs_year = True
        else:
            milestones.add(date(year, 12, 31))

    if not kinds:
        return Deadline(text=raw, kind="unknown")
    kind = next(k for k in KINDS if k in kinds)
    ordered = tuple(sorted(milestones))
    due = ordered[-1] if ordered and kind not in ("period", "event") else None
    if kind in ("period", "event"):
        ordered = ()
    return Deadline(
        text=raw,
        kind=kind,
        due_date=due,
        milestones=ordered,
        recurring=recurring,
        needs_year=needs_year and not ordered,
    )


def infer_year(texts: list[str]) -> int | None:
    """The year a plan is about, from its title rows and deadline cells; None if it cannot be told."""
    counts: dict[int, int] = {}
    for t in texts:
        f = fold(nfc(t))
        for y in _BARE_YEAR_RE.findall(f):
            counts[int(y)] = counts.get(int(y), 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    # Ties go to the later year: "năm 2024 và năm 2025" plans are about 2025.
    return max(y for y, c in counts.items() if c == best)
