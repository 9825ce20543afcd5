"""The province's classification bands (xếp loại): configurable per index, highest first."""

from __future__ import annotations

import re

from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.text import nfc

# A common provincial scale, in points out of the index's total; each province sets its own.
DEFAULT_CLASSES: tuple[dict[str, object], ...] = (
    {"name": "Xuất sắc", "min": 90.0},
    {"name": "Tốt", "min": 80.0},
    {"name": "Khá", "min": 65.0},
    {"name": "Trung bình", "min": 50.0},
    {"name": "Yếu", "min": 0.0},
)


def _minimum(band: dict[str, object]) -> float:
    value = band.get("min")
    return float(value) if isinstance(value, int | float) else 0.0


def classify(total: float | None, classes: list[dict[str, object]] | None) -> str:
    if total is None:
        return ""
    for band in sorted(classes or DEFAULT_CLASSES, key=_minimum, reverse=True):
        if total >= _minimum(band) - 1e-9:
            return str(band["name"])
    return ""


def parse_classes(text: str) -> list[dict[str, object]]:
    """«Xuất sắc=90; Tốt=80; Khá=65; Trung bình=50; Yếu=0» → bands, highest first."""
    bands: list[dict[str, object]] = []
    for part in re.split(r"[;\n]+", nfc(text)):
        if not part.strip():
            continue
        name, sep, value = part.rpartition("=") if "=" in part else part.rpartition(":")
        try:
            minimum = parse_number(value.strip().removeprefix("từ").strip())
        except ValueError:
            minimum = None
        if not sep or not name.strip() or minimum is None:
            raise UserError(
                f"Không hiểu mức xếp loại «{part.strip()}»; viết dạng «Xuất sắc=90; Tốt=80; Khá=65; Trung bình=50; "
                "Yếu=0» (tên mức = điểm tối thiểu)."
            )
        bands.append({"name": " ".join(name.split()), "min": minimum})
    if not bands:
        raise UserError("Chưa có mức xếp loại nào; ví dụ «Xuất sắc=90; Tốt=80; Khá=65; Trung bình=50; Yếu=0».")
    if len({b["name"] for b in bands}) != len(bands):
        raise UserError("Hai mức xếp loại trùng tên; mỗi mức một tên.")
    return sorted(bands, key=_minimum, reverse=True)


def describe_classes(classes: list[dict[str, object]] | None) -> str:
    return "; ".join(f"{b['name']}={fmt_number(_minimum(b))}" for b in (classes or DEFAULT_CLASSES))
