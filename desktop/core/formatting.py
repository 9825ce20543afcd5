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


def parse_number(text: str) -> float | None:
    """Accepts "9,5" and "9.5"; empty gives None; anything else raises ValueError."""
    t = text.strip().replace(" ", "")
    if not t:
        return None
    return float(t.replace(",", "."))
