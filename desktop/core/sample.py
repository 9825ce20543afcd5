"""The sample plan shipped in resources/samples (seed appendix tables), written out as a real workbook.

The same writer makes the test fixtures in several layouts, so both go through the real importer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.resources import resources_dir

SAMPLE_TABLES = ("tuyen_quang_2025_pl01.json", "tuyen_quang_2025_pl02.json", "tuyen_quang_2025_pl03.json")
SAMPLE_FILE_NAME = "Ke-hoach-mau-Tuyen-Quang-2025.xlsx"
# The seed's appendices carry no number yet ("Số:    /KH-UBND"); the sample says what it is instead.
SAMPLE_TITLE = (
    "Kế hoạch duy trì, cải thiện và nâng cao kết quả Chỉ số PAR INDEX, PAPI, SIPAS "
    "tỉnh Tuyên Quang 6 tháng cuối năm 2025 (kế hoạch mẫu)"
)
SAMPLE_ISSUER = "UBND tỉnh Tuyên Quang"


@dataclass(frozen=True)
class Layout:
    title_rows: bool = True
    one_row_header: bool = False  # flatten two-row headers into one
    repeat_header_every: int | None = None  # header repeated after page breaks
    column_order: tuple[str, ...] | None = None  # e.g. deadline before partners
    joiner: str | None = None  # re-join agency names with this separator instead of "; "
    first_col: int = 1  # tables pasted from column B, C…
    blank_rows_between: bool = False
    deadline_header: str | None = None  # "Thời gian" vs "Thời gian hoàn thành"


def load_table(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def sample_tables() -> list[dict[str, Any]]:
    return [load_table(resources_dir() / "samples" / name) for name in SAMPLE_TABLES]


def _header_levels(table: dict[str, Any], layout: Layout, columns: list[str]) -> list[list[str | None]]:
    base: list[list[str | None]] = table["header"]
    src_cols: list[str] = table["columns"]
    if layout.one_row_header or len(base) == 1:
        flat: list[str | None] = []
        for i in range(len(src_cols)):
            texts = [lvl[i] for lvl in base if lvl[i]]
            flat.append(texts[-1] if texts else None)
        levels = [flat]
    else:
        levels = [list(lvl) for lvl in base]
    if layout.deadline_header and "deadline" in src_cols:
        levels[-1][src_cols.index("deadline")] = layout.deadline_header
    return [[lvl[src_cols.index(c)] for c in columns] for lvl in levels]


def _write_header(ws: Any, at: int, c0: int, levels: list[list[str | None]]) -> int:
    from openpyxl.styles import Font

    width = len(levels[0])
    for i, level in enumerate(levels):
        for j, text in enumerate(level):
            if text is not None:
                ws.cell(at + i, c0 + j, text).font = Font(bold=True)
    if len(levels) == 2:
        top, bottom = levels
        j = 0
        while j < width:
            if top[j] is not None and bottom[j] is None:  # one cell spanning both header rows
                ws.merge_cells(start_row=at, start_column=c0 + j, end_row=at + 1, end_column=c0 + j)
                j += 1
            elif top[j] is not None:  # a title over several sub-columns
                k = j + 1
                while k < width and top[k] is None and bottom[k] is not None:
                    k += 1
                if k - 1 > j:
                    ws.merge_cells(start_row=at, start_column=c0 + j, end_row=at, end_column=c0 + k - 1)
                j = k
            else:
                j += 1
    return at + len(levels)


def write_tables(tables: list[dict[str, Any]], path: Path, layout: Layout | None = None) -> Path:
    """One sheet per table, laid out the way officials paste appendix tables into Excel."""
    layout = layout or Layout()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    for default in list(wb.worksheets):
        wb.remove(default)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        ws = wb.create_sheet(str(table["sheet"])[:31])
        src_cols: list[str] = table["columns"]
        columns = list(layout.column_order) if layout.column_order else list(src_cols)
        columns = [c for c in columns if c in src_cols] + [c for c in src_cols if c not in columns]
        c0 = layout.first_col
        width = len(columns)
        r = 1
        if layout.title_rows:
            for text in table["title_rows"]:
                ws.cell(r, c0, text).font = Font(bold=True)
                ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + width - 1)
                r += 1
            r += 1
        levels = _header_levels(table, layout, columns)

        r = _write_header(ws, r, c0, levels)
        row_at: list[int] = []
        for n, row in enumerate(table["rows"]):
            if layout.repeat_header_every and n and n % layout.repeat_header_every == 0:
                r = _write_header(ws, r, c0, levels)
            values = dict(zip(src_cols, row, strict=False))
            for j, col in enumerate(columns):
                text = values.get(col) or None
                if text and layout.joiner and col in ("lead", "partners"):
                    text = layout.joiner.join(p.strip() for p in str(text).replace("\n", ";").split(";") if p.strip())
                if text is not None:
                    ws.cell(r, c0 + j, text).alignment = wrap
            row_at.append(r)
            r += 1
            if layout.blank_rows_between:
                r += 1
        for m in table.get("merges", []):  # a cell covering several task rows, e.g. the same agencies
            first, last = row_at[m["row"]], row_at[m["row"] + m["height"] - 1]
            for col in m["columns"]:
                j = columns.index(col)
                ws.merge_cells(start_row=first, start_column=c0 + j, end_row=last, end_column=c0 + j)
        for j in range(width):
            ws.column_dimensions[get_column_letter(c0 + j)].width = 40 if columns[j] == "content" else 18
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_sample_workbook(path: Path) -> Path:
    return write_tables(sample_tables(), path)
