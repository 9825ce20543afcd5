"""Reading a checked .xlsx into grids, converting cells typed in a legacy Vietnamese font on the way."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.legacy_text import Converter
from desktop.core.plan_import.workbook import (
    MAX_CELLS,
    CellValue,
    SheetGrid,
    SourceFormat,
    WorkbookGrid,
    file_sha256,
    too_many_cells,
    trim_blank_tail,
    uncached_formulas,
)
from desktop.core.progress import CancelToken, ProgressFn, no_progress

log = logging.getLogger(__name__)


def _font_names(wb: Any) -> list[str | None]:
    """The name of each font of the workbook, by font id: read once rather than through a style proxy per cell."""
    return [f.name for f in wb._fonts]


def read_xlsx(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> WorkbookGrid:
    progress(0, 0, "Đang mở tệp Excel…")
    sha = file_sha256(path)
    import openpyxl  # heavy; loaded only when a workbook is actually opened

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except UserError:
        raise
    except Exception as exc:
        log.exception("openpyxl failed on %s", path)
        raise UserError(
            f"Không đọc được tệp «{path.name}»: tệp hỏng hoặc không đúng định dạng Excel. "
            "Hãy mở bằng Excel, lưu lại dưới dạng .xlsx rồi nhập lại."
        ) from exc
    converter = Converter()
    sheets: list[SheetGrid] = []
    cells = 0
    try:
        fonts = _font_names(wb)
        worksheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        for n, ws in enumerate(worksheets):
            if cancel is not None:
                cancel.check()
            progress(n, len(worksheets), f"Đang đọc trang «{ws.title}»…")
            rows: list[list[CellValue]] = []
            for r, row in enumerate(ws.iter_rows()):
                values: list[CellValue] = []
                for c, cell in enumerate(row):
                    value = cell.value
                    if isinstance(value, str) and value:  # ASCII too: «a» in .VnTimeH is «A»
                        font_id = cell._style.fontId
                        font = fonts[font_id] if font_id < len(fonts) else None
                        value = converter.cell(value, font, f"trang «{ws.title}», dòng {r + 1}, cột {c + 1}")
                    values.append(value)
                rows.append(values)
                cells += len(values)
                if cells > MAX_CELLS:
                    raise too_many_cells(path.name)
            merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            sheets.append(SheetGrid(name=ws.title, rows=trim_blank_tail(rows), merges=merges))
    finally:
        wb.close()
    return WorkbookGrid(
        path=path,
        sha256=sha,
        sheets=sheets,
        uncached_formulas=uncached_formulas(path),
        source_format=SourceFormat.XLSX,
        converted=converter.counts(),
        garbled=converter.garbled,
    )
