"""Reading an Excel 97-2003 .xls (xlrd 2.x) into grids: values, merged ranges and each cell's font name."""

from __future__ import annotations

import io
import logging
from datetime import datetime
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
)
from desktop.core.progress import CancelToken, ProgressFn, no_progress

log = logging.getLogger(__name__)


def _value(book: Any, sheet: Any, r: int, c: int, xlrd: Any) -> CellValue:
    cell = sheet.cell(r, c)
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            value: datetime = xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return None
        return value
    if kind == xlrd.XL_CELL_NUMBER:
        number = float(cell.value)
        return int(number) if number.is_integer() else number
    return str(cell.value)


def read_xls(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> WorkbookGrid:
    progress(0, 0, "Đang mở tệp Excel 97-2003…")
    sha = file_sha256(path)
    import xlrd

    chatter = io.StringIO()  # xlrd writes its warnings to stdout unless given somewhere else
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=chatter)
    except Exception as exc:
        log.warning("xlrd failed on %s: %s %s", path, exc, chatter.getvalue())
        if "encrypted" in str(exc).lower():
            raise UserError(
                f"Tệp «{path.name}» được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu rồi lưu lại và nhập lại."
            ) from exc
        raise UserError(
            f"Không đọc được tệp Excel 97-2003 «{path.name}»: tệp hỏng hoặc chép chưa trọn vẹn. "
            "Hãy chép lại tệp, hoặc mở bằng Excel và lưu lại dưới dạng .xlsx rồi nhập lại."
        ) from exc
    fonts = [f.name for f in book.font_list]
    converter = Converter()
    sheets: list[SheetGrid] = []
    cells = 0
    try:
        names = book.sheet_names()
        for n, name in enumerate(names):
            if cancel is not None:
                cancel.check()
            progress(n, len(names), f"Đang đọc trang «{name}»…")
            try:
                sheet = book.sheet_by_index(n)
            except Exception as exc:
                log.exception("xlrd failed on sheet %s of %s", name, path)
                raise UserError(
                    f"Trang «{name}» của tệp «{path.name}» bị hỏng. Hãy mở bằng Excel, lưu lại dưới dạng .xlsx "
                    "rồi nhập lại."
                ) from exc
            if sheet.visibility != 0:
                continue
            cells += sheet.nrows * sheet.ncols
            if cells > MAX_CELLS:
                raise too_many_cells(path.name)
            rows: list[list[CellValue]] = []
            for r in range(sheet.nrows):
                values: list[CellValue] = []
                for c in range(sheet.ncols):
                    value = _value(book, sheet, r, c, xlrd)
                    if isinstance(value, str) and value:  # ASCII too: «a» in .VnTimeH is «A»
                        xf = book.xf_list[sheet.cell_xf_index(r, c)]
                        font = fonts[xf.font_index] if xf.font_index < len(fonts) else None
                        value = converter.cell(value, font, f"trang «{name}», dòng {r + 1}, cột {c + 1}")
                    values.append(value)
                rows.append(values)
            # xlrd: (first row, row after last, first col, col after last)
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            sheets.append(SheetGrid(name=name, rows=trim_blank_tail(rows), merges=merges))
            book.unload_sheet(n)
    finally:
        book.release_resources()
    return WorkbookGrid(
        path=path,
        sha256=sha,
        sheets=sheets,
        source_format=SourceFormat.XLS,
        converted=converter.counts(),
        garbled=converter.garbled,
    )
