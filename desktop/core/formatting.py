"""How dates and numbers are shown to Vietnamese users: dd/mm/yyyy and a decimal comma."""

from __future__ import annotations

from datetime import date


def fmt_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def fmt_number(x: float | None) -> str:
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
