"""Scoring rules written as a table of bands («100%: 2,5; 80% đến dưới 100%: 1,25; dưới 80%: 0»): the user
enters what was measured and the band gives the points."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.text import fold, nfc

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"\s*%?"
# Conditions as folded text (no diacritics): «từ 80% đến dưới 100%», «dưới 80%», «từ 90% trở lên», «100%».
_BETWEEN_OPEN = re.compile(rf"(?:tu\s*)?{_NUMBER}{_UNIT}\s*(?:den|-|–|toi)\s*(?:duoi|nho hon|<)\s*{_NUMBER}{_UNIT}")
_BETWEEN = re.compile(rf"(?:tu\s*)?{_NUMBER}{_UNIT}\s*(?:den|-|–|toi)\s*{_NUMBER}{_UNIT}")
_OVER_OR_EQUAL = re.compile(rf"(?:tu\s*)?{_NUMBER}{_UNIT}\s*tro\s*len|>=\s*{_NUMBER}|≥\s*{_NUMBER}")
_OVER = re.compile(rf"(?:tren|lon hon|>)\s*{_NUMBER}{_UNIT}")
_UNDER = re.compile(rf"(?:duoi|nho hon|<)\s*{_NUMBER}{_UNIT}")
_EXACT = re.compile(rf"^(?:[^\d]*?)(?:dat|bang|=)?\s*{_NUMBER}{_UNIT}\s*$")
_POINTS = re.compile(rf"^\s*{_NUMBER}\s*(?:diem|d)?\s*\.?\s*$")
_SEPARATORS = re.compile(r"[;\n]+")


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    low_open: bool  # «trên 80%»: 80 itself is not in the band
    high_open: bool  # «dưới 100%»
    points: float
    text: str  # the band as written

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low - 1e-9
        below = value < self.high if self.high_open else value <= self.high + 1e-9
        return above and below

    def as_json(self) -> dict[str, object]:
        return {
            "low": self.low if math.isfinite(self.low) else None,
            "high": self.high if math.isfinite(self.high) else None,
            "low_open": self.low_open,
            "high_open": self.high_open,
            "points": self.points,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Band:
        low, high = data.get("low"), data.get("high")
        return cls(
            float(low) if isinstance(low, int | float) else -math.inf,
            float(high) if isinstance(high, int | float) else math.inf,
            bool(data.get("low_open")),
            bool(data.get("high_open")),
            float(data["points"]),  # type: ignore[arg-type]
            nfc(str(data.get("text") or "")),
        )


def _num(text: str) -> float:
    return parse_number(text)


def _condition(folded: str) -> tuple[float, float, bool, bool] | None:
    if m := _BETWEEN_OPEN.search(folded):
        return _num(m.group(1)), _num(m.group(2)), False, True
    if m := _BETWEEN.search(folded):
        return _num(m.group(1)), _num(m.group(2)), False, False
    if m := _OVER_OR_EQUAL.search(folded):
        return _num(next(g for g in m.groups() if g)), math.inf, False, True
    if m := _OVER.search(folded):
        return _num(m.group(1)), math.inf, True, True
    if m := _UNDER.search(folded):
        return -math.inf, _num(m.group(1)), True, True
    if m := _EXACT.search(folded):
        value = _num(m.group(1))
        return value, value, False, False
    return None


def parse_bands(rule: str) -> list[Band] | None:
    """The bands of a rule, or None when the rule is not (wholly) a table of bands."""
    bands: list[Band] = []
    for raw in _SEPARATORS.split(nfc(rule)):
        segment = raw.strip().lstrip("-+•*–").strip()
        if not segment:
            continue
        condition, sep, points = segment.rpartition(":")
        if not sep:
            return None
        folded_points = fold(points).strip()
        m = _POINTS.match(folded_points)
        found = _condition(fold(condition).strip())
        if m is None or found is None:
            return None
        low, high, low_open, high_open = found
        bands.append(Band(low, high, low_open, high_open, _num(m.group(1)), segment))
    return bands if len(bands) >= 2 else None


def parse_measured(text: str) -> float:
    """What the user measured: «95%», «95,5», «3»."""
    cleaned = nfc(text).strip().rstrip("%").strip()
    try:
        value = parse_number(cleaned)
    except ValueError:
        raise UserError(f"Giá trị đo được «{text}» không phải số; ví dụ «95%» hoặc «95,5».") from None
    if value < 0:
        raise UserError(f"Giá trị đo được không được âm (đã nhập «{text}»).")
    return value


def band_for(bands: list[Band], measured: str) -> Band:
    value = parse_measured(measured)
    for band in bands:
        if band.holds(value):
            return band
    raise UserError(
        f"Giá trị {fmt_number(value)} không thuộc mức nào của cách chấm ({'; '.join(b.text for b in bands)}); "
        "hãy kiểm tra lại số liệu."
    )
