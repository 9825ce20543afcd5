"""How dates and numbers are shown to Vietnamese users: dd/mm/yyyy and a decimal comma."""

from __future__ import annotations

import functools
from datetime import date, datetime


@functools.lru_cache(maxsize=4096)  # a consolidated report prints the same few deadlines 400,000 times
def fmt_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def fmt_stamp(stamp: str) -> str:
    """A manifest's ISO timestamp («2025-10-01T09:30:00+07:00») as a user reads it: «09:30 ngày 01/10/2025»."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{when:%H:%M} ngày {when:%d/%m/%Y}"


def fmt_number(x: float | None) -> str:
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def parse_number(text: str) -> float:
    """A number as a Vietnamese user types it: decimal comma or dot ("9,5", "9.5"); ValueError otherwise.

    Thousands separators are not accepted: in a score "1.250" would be ambiguous.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") + cleaned.count(".") > 1:
        raise ValueError(text)
    value = float(cleaned.replace(",", "."))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def parse_iso_date(text: str) -> date:
    """YYYY-MM-DD (CLI) or dd/mm/yyyy (what users type); ValueError otherwise."""
    text = text.strip()
    if "/" in text:
        day, month, year = (int(p) for p in text.split("/"))
        return date(year, month, day)
    return date.fromisoformat(text)


# Characters of one text shown in a report's table cell; longer texts are printed whole at the end of the
# report and kept whole in the data (the import warns about them).
CELL_LIMIT = 1200
