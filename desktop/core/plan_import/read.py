"""One entry for every accepted plan file: the format is told by content, then its reader makes the grids."""

from __future__ import annotations

from pathlib import Path

from desktop.core.plan_import.docx_reader import read_docx
from desktop.core.plan_import.workbook import SourceFormat, WorkbookGrid, check_plan_file
from desktop.core.plan_import.xls_reader import read_xls
from desktop.core.plan_import.xlsx_reader import read_xlsx
from desktop.core.progress import CancelToken, ProgressFn, no_progress


def read_workbook(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> WorkbookGrid:
    """Any accepted plan file as grids; the name says workbook because most plans arrive as one."""
    path = Path(path)
    source = check_plan_file(path)
    if source is SourceFormat.XLS:
        return read_xls(path, progress, cancel)
    if source is SourceFormat.DOCX:
        return read_docx(path, progress, cancel)
    return read_xlsx(path, progress, cancel)
