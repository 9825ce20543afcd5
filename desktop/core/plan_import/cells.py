"""Turning raw cell values into text the parser can reason about."""

from __future__ import annotations

from datetime import date, datetime

from desktop.core.plan_import.workbook import CellValue
from desktop.core.text import nfc


def cell_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return nfc(str(value))


def spread_merges(
    rows: list[list[CellValue]],
    merges: list[tuple[int, int, int, int]],
    header_rows: set[int],
) -> list[list[CellValue]]:
    """Copy merged values where a reader would see them.

    In header rows a value spreads across its columns (a title over "Chủ trì | Phối hợp | Thời gian").
    In body rows it spreads down its rows only (one agency cell covering two tasks), never sideways:
    a section title merged across the row must not become the task's lead or deadline.
    """
    width = max((len(r) for r in rows), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    for r0, c0, r1, c1 in merges:
        if r0 >= len(grid) or c0 >= width:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            if r in header_rows:
                for c in range(c0, min(c1, width - 1) + 1):
                    if grid[r][c] is None:
                        grid[r][c] = value
            elif r != r0 and grid[r][c0] is None:
                grid[r][c0] = value
    return grid
