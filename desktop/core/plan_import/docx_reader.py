"""Reading the appendix tables of a Word .docx into grids, like the sheets of a workbook.

Each table becomes a grid; the paragraphs above it become its title rows (number, date, issuer, year are read
from them as from a sheet's title rows). Merged cells are read once, with their span (gridSpan across,
vMerge down). A table with no header of its own that is as wide as the one before continues it: offices
often split one appendix into a table per page. Text is converted run by run with each run's font.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError
from desktop.core.legacy_text import Converter
from desktop.core.plan_import.cells import cell_text
from desktop.core.plan_import.header import find_header
from desktop.core.plan_import.workbook import (
    MAX_CELLS,
    CellValue,
    SheetGrid,
    SourceFormat,
    WorkbookGrid,
    file_sha256,
    too_many_cells,
)
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.text import fold

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE_PARAGRAPHS = 15  # paragraphs kept above a table: the appendix title, never the plan's whole body
MIN_TABLE_ROWS = 3  # a letterhead table has one or two rows; an appendix has a header and tasks


@dataclass
class _Fonts:
    """Font names as Word resolves them: the run's own, else its paragraph style's, else the document's."""

    default: str | None
    styles: dict[str, str | None] = field(default_factory=dict)

    def of_run(self, run: Any, style_id: str | None) -> str | None:
        fonts = run.find(f"{W}rPr/{W}rFonts")
        if fonts is not None:
            for attr in ("ascii", "hAnsi", "cs"):
                name = fonts.get(f"{W}{attr}")
                if name:
                    return str(name)
        if style_id and self.styles.get(style_id):
            return self.styles[style_id]
        return self.default


def _fonts_of(doc: Any) -> _Fonts:
    default = None
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    if defaults is not None:
        default = defaults.get(f"{W}ascii") or defaults.get(f"{W}hAnsi")
    styles: dict[str, str | None] = {}
    for style in doc.styles:
        name, base = None, style
        for _ in range(10):  # the based-on chain; a loop in a hostile file must not hang us
            font = getattr(base, "font", None)  # numbering and table styles have no font of their own
            name = font.name if font is not None else None
            parent = getattr(base, "base_style", None)
            if name or parent is None:
                break
            base = parent
        styles[style.style_id] = name
    return _Fonts(default, styles)


class _DocReader:
    def __init__(self, fonts: _Fonts, converter: Converter) -> None:
        self.fonts = fonts
        self.converter = converter

    def paragraph(self, p: Any, where: str) -> str:
        """Runs converted in groups of the same font (one legacy word may span several runs)."""
        ppr_style = p.find(f"{W}pPr/{W}pStyle")
        style_id = ppr_style.get(f"{W}val") if ppr_style is not None else None
        groups: list[tuple[str | None, list[str]]] = []
        for run in p.iter(f"{W}r"):
            parts: list[str] = []
            for node in run:
                if node.tag == f"{W}t" and node.text:
                    parts.append(node.text)
                elif node.tag == f"{W}tab":
                    parts.append("\t")
                elif node.tag in (f"{W}br", f"{W}cr"):
                    parts.append("\n")
            if not parts:
                continue
            font = self.fonts.of_run(run, style_id)
            if groups and groups[-1][0] == font:
                groups[-1][1].extend(parts)
            else:
                groups.append((font, parts))
        return "".join(self.converter.cell("".join(parts), font, where) for font, parts in groups)

    def cell(self, tc: Any, where: str) -> str:
        texts = [self.paragraph(p, where) for p in tc.findall(f"{W}p")]
        return "\n".join(t for t in texts if t.strip())

    def table(self, tbl: Any, number: int) -> tuple[list[list[CellValue]], list[tuple[int, int, int, int]]]:
        rows: list[list[CellValue]] = []
        starts: list[dict[int, int]] = []  # per row: column → span of each cell that holds text
        continued: list[set[int]] = []  # per row: columns whose cell continues the one above (vMerge)
        for r, tr in enumerate(tbl.findall(f"{W}tr")):
            row: list[CellValue] = []
            before = tr.find(f"{W}trPr/{W}gridBefore")
            if before is not None:
                row.extend([None] * _int(before.get(f"{W}val"), 0))
            here: dict[int, int] = {}
            down: set[int] = set()
            for tc in tr.findall(f"{W}tc"):
                col = len(row)
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = max(1, _int(span_el.get(f"{W}val"), 1)) if span_el is not None else 1
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue":
                    down.add(col)
                    row.extend([None] * span)  # the text lives in the cell above, read once
                    continue
                text = self.cell(tc, f"bảng {number}, dòng {r + 1}, cột {col + 1}")
                row.append(text or None)
                row.extend([None] * (span - 1))
                here[col] = span
            rows.append(row)
            starts.append(here)
            continued.append(down)
        merges: list[tuple[int, int, int, int]] = []
        for r, here in enumerate(starts):
            for col, span in here.items():
                last = r
                while last + 1 < len(rows) and col in continued[last + 1]:
                    last += 1
                if last > r or span > 1:
                    merges.append((r, col, last, col + span - 1))
        return rows, merges


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _has_header(rows: list[list[CellValue]]) -> bool:
    return find_header([[fold(cell_text(v)) for v in row] for row in rows]) is not None


def read_docx(path: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> WorkbookGrid:
    progress(0, 0, "Đang mở tệp Word…")
    sha = file_sha256(path)
    import docx

    try:
        document = docx.Document(str(path))
        fonts = _fonts_of(document)
    except Exception as exc:
        log.exception("python-docx failed on %s", path)
        raise UserError(
            f"Không đọc được tệp Word «{path.name}»: tệp hỏng hoặc chép chưa trọn vẹn. "
            "Hãy mở bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi nhập lại."
        ) from exc
    converter = Converter()
    reader = _DocReader(fonts, converter)
    sheets: list[SheetGrid] = []
    pending: list[str] = []  # paragraphs (and letterhead tables) since the last appendix table
    last_width = 0
    cells = 0
    body = list(document.element.body)
    tables = sum(1 for el in body if el.tag == f"{W}tbl")
    number = 0
    for el in body:
        if el.tag == f"{W}p":
            text = reader.paragraph(el, f"đoạn văn trước bảng {number + 1}")
            if text.strip():
                pending = [*pending, text.strip()][-TITLE_PARAGRAPHS:]
            continue
        if el.tag != f"{W}tbl":
            continue
        number += 1
        if cancel is not None:
            cancel.check()
        progress(number - 1, tables, f"Đang đọc bảng {number}…")
        rows, merges = reader.table(el, number)
        cells += sum(len(r) for r in rows)
        if cells > MAX_CELLS:
            raise too_many_cells(path.name)
        width = max((len(r) for r in rows), default=0)
        has_header = _has_header(rows)
        if not has_header and sheets and width == last_width and not pending:
            grid = sheets[-1]  # the same appendix, split into one table per page
            offset = len(grid.rows)
            grid.rows.extend(rows)
            grid.merges.extend((r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in merges)
        elif has_header or (len(rows) >= MIN_TABLE_ROWS and width >= 3):
            # An appendix; one whose header names no column we know is kept too, so its columns can be chosen
            # by hand. The paragraphs above it become its title rows.
            titles: list[list[CellValue]] = [[t] for t in pending]
            shifted = [(r0 + len(titles), c0, r1 + len(titles), c1) for r0, c0, r1, c1 in merges]
            sheets.append(SheetGrid(name=f"Bảng {number}", rows=titles + rows, merges=shifted))
            last_width = width
        else:  # a letterhead or a small layout table: its text may carry the issuer and the number
            lines = [cell_text(v) for row in rows for v in row if cell_text(v)]
            pending = [*pending, *lines][-TITLE_PARAGRAPHS:]
            continue
        pending = []
    if not sheets:
        raise UserError(
            f"Tệp Word «{path.name}» không có bảng phụ lục nhiệm vụ (bảng có cột STT, Nội dung/Nhiệm vụ, Chủ trì, "
            "Thời gian), chỉ có đoạn văn. Hãy chọn văn bản có phụ lục dạng bảng."
        )
    return WorkbookGrid(
        path=path,
        sha256=sha,
        sheets=sheets,
        source_format=SourceFormat.DOCX,
        converted=converter.counts(),
        garbled=converter.garbled,
    )
