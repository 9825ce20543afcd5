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
_Q = r"(?:iv|iii|ii|i|[1-4])"
_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_DATE_WORDS_RE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# "Quý III, IV/2025", "Quý II-III/2025", "Quý I, II năm 2026", "Quý III và Quý IV": the year after the last one.
_QUARTERS_RE = re.compile(rf"\bquy\s+({_Q}(?:\s*(?:,|-|va|den|\s)\s*(?:quy\s+)?{_Q}\b)*)\b(?:\s*(?:/|nam)\s*(20\d\d))?")
_BAD_QUARTER_RE = re.compile(r"\bquy\s+(?:[ivxl]+|\d+)\b")
_MONTH_YEAR_RE = re.compile(r"(?:thang\s+)?(?<![\d/.])(\d{1,2})\s*(?:/|nam)\s*(20\d\d)(?![\d/])")
_MONTH_RE = re.compile(r"\bthang\s+(\d{1,2})\b(?!\s*[/\d])")
_YEAR_RE = re.compile(r"\b(?:nam|/)\s*(20\d\d)\b")
_BARE_YEAR_RE = re.compile(r"\b(20\d\d)\b")
# "và năm", "cả năm", "; năm" with no number after: the year-end report of the plan's year.
_YEAR_END_WORD_RE = re.compile(r"(?:\bva|\bca|[;,-])\s*nam\b(?!\s*\d)")
_HALF_RE = re.compile(r"\b6\s*thang(\s*cuoi\s*nam)?\b")
_QUARTER_LAST_MONTH_RE = re.compile(r"truoc\s+ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:moi\s+)?quy\b")
_RECURRING_WORDS = ("thuong xuyen", "hang nam", "hang quy", "hang thang", "hang tuan", "dinh ky", "nam tiep theo")


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


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarters(listed: str) -> list[int]:
    """ "iii, iv" → [3, 4]; a range "i - iii" or "i den iii" takes the quarters between."""
    numbers = [_ROMAN[n] for n in re.findall(_Q + r"\b", listed)]
    if len(numbers) == 2 and re.search(r"-|den", listed):
        return list(range(numbers[0], numbers[1] + 1))
    return numbers


class _Reading:
    """What one deadline text says, collected step by step over its folded form."""

    def __init__(self, folded: str, plan_year: int | None) -> None:
        self.f = folded
        self.plan_year = plan_year
        self.milestones: set[date] = set()
        self.kinds: list[str] = []
        self.recurring = False
        self.needs_year = False
        self.invalid = False

    def add(self, year: int | None, month: int | str, day: int | str | None = None) -> None:
        """A milestone on that day, or the month's last day; without a year it stays undated."""
        if year is None:
            self.needs_year = True
            return
        try:
            self.milestones.add(month_end(year, int(month)) if day is None else date(year, int(month), int(day)))
        except (ValueError, calendar.IllegalMonthError):
            self.invalid = True

    def take(self, rx: re.Pattern[str]) -> list[tuple[str, ...]]:
        found = [m.groups() for m in rx.finditer(self.f)]
        self.f = rx.sub(" ", self.f)
        return found


@functools.lru_cache(maxsize=4096)  # plans repeat the same few deadline texts thousands of times
def parse_deadline(text: str | None, plan_year: int | None = None) -> Deadline:
    raw = nfc(text)
    if not raw:
        return Deadline(text="", kind="none")
    r = _Reading(" ".join(fold(raw).split()), plan_year)
    whole = r.f

    for rx in (_DATE_RE, _DATE_WORDS_RE):
        for d, m, y in r.take(rx):
            r.kinds.append("date")
            r.add(int(y), m, d)
    for (day,) in r.take(_QUARTER_LAST_MONTH_RE):  # "trước ngày 15 của tháng cuối quý": every quarter
        r.recurring = True
        r.kinds.append("recurring")
        for q in (1, 2, 3, 4):
            r.add(plan_year, q * 3, day)
    quarters = r.take(_QUARTERS_RE)
    explicit_years = [int(y) for _, y in quarters if y]
    if _BAD_QUARTER_RE.search(r.f):
        r.invalid = True
    for m_, y in r.take(_MONTH_YEAR_RE):
        r.kinds.append("date")
        r.add(int(y), m_)
    # "trước ngày 30/12": a day of the plan's own year; without that year it stays undated.
    for d, m in r.take(_DAY_MONTH_RE):
        r.kinds.append("date")
        r.add(plan_year, m, d)
    for (m_,) in r.take(_MONTH_RE):  # "Tháng 6 và tháng 12"
        r.kinds.append("date")
        r.add(plan_year, m_)

    if "ky bao cao" in whole:
        r.kinds.append("period")
        r.recurring = True
    if "bau cu" in whole or re.search(r"truoc,?\s*trong\s*va\s*sau", whole):
        r.kinds.append("event")
    if any(w in whole for w in _RECURRING_WORDS):
        r.recurring = True
        r.kinds.append("recurring")

    years_in_text = [int(y) for y in _YEAR_RE.findall(r.f)]  # r.f no longer changes below
    explicit_years += years_in_text
    year: int | None = explicit_years[0] if explicit_years else plan_year
    if "hang thang" in whole:
        for month in range(1, 13):
            r.add(year, month)
    if "hang quy" in whole:
        for q in (1, 2, 3, 4):
            r.add(year, q * 3)

    for listed, qy in quarters:
        r.kinds.append("quarter")
        for q in _quarters(listed):
            r.add(int(qy) if qy else year, q * 3)

    halves = _HALF_RE.findall(r.f)
    for late in halves:
        r.kinds.append("quarter")
        r.add(year, 12 if late else 6)
        if not late and "dinh ky" in whole:  # "định kỳ 6 tháng": mid-year and year-end
            r.add(year, 12)

    if years_in_text and "period" not in r.kinds:
        r.kinds.append("year")
        for year_named in years_in_text:
            if not any(ms.year == year_named for ms in r.milestones):
                r.milestones.add(date(year_named, 12, 31))
    if (quarters or halves) and _YEAR_END_WORD_RE.search(r.f):
        r.add(year, 12)
    elif not r.kinds and re.fullmatch(r"(ca\s+)?nam", r.f.strip(" .;-")):
        r.kinds.append("year")
        r.add(year, 12)

    if not r.kinds or r.invalid:
        return Deadline(text=raw, kind="unknown")
    kind = next(k for k in KINDS if k in r.kinds)
    ordered = tuple(sorted(r.milestones))
    if kind in ("period", "event"):
        ordered = ()
    return Deadline(
        text=raw,
        kind=kind,
        due_date=ordered[-1] if ordered else None,
        milestones=ordered,
        recurring=r.recurring,
        needs_year=r.needs_year and not ordered,
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
