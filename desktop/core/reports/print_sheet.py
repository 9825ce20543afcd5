"""Print-ready Excel sheets that stay fast at province scale.

openpyxl builds the workbook (styles, widths, frozen header, page setup, margins), but the rows are written
by us as sheet XML into a side file and spliced into openpyxl's sheet file before it goes into the zip.
openpyxl's per-cell objects cost three quarters of the time of a 50,000-row report; one formatted string per
row does not. Every piece of user text is an inline string, never a formula: a result
that begins with "=" stays text.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import IO, Any

from desktop.core.atomic import replacing
from desktop.core.reports.text_fit import (
    FONT_SIZE,
    LINE_POINTS,
    MAX_PRINT_WIDTH,
    PADDING_POINTS,
    REMEMBERED_TEXT,
    line_count,
    lines_points,
    row_points,
)
from desktop.core.text import nfc

FONT = "Times New Roman"  # Liberation Serif has its metrics: the same layout on a machine without Times
_FLUSH_EVERY = 500
_PAGE_OF = "Trang &P/&N"
_MARGIN_TEXT_LIMIT = 100
# Characters XML 1.0 cannot carry; Excel and LibreOffice refuse a file that has them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


EXCEL_CELL_LIMIT = 32_767  # Excel refuses a file with a longer cell; LibreOffice cuts it
_CUT_NOTE = " … (đã cắt bớt: một ô Excel chứa tối đa 32.767 ký tự; toàn văn ở báo cáo PDF)"


def clean_text(value: str) -> str:
    """NFC, with the characters XML cannot carry dropped, cut to what a cell can hold (said in the cell)."""
    text = _ILLEGAL.sub("", nfc(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(_CUT_NOTE)] + _CUT_NOTE
    return text


def xml_text(value: str) -> str:
    return clean_text(value).translate(_ESCAPES)


def _text_cell(style: int, text: str) -> str:
    return f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'


@functools.lru_cache(maxsize=16384)
def _remembered_text_cell(style: int, text: str, width: float, bold: bool) -> tuple[str, int]:
    """A text's cell XML and the lines it wraps to in its column (no column: it does not set the height)."""
    return _text_cell(style, text), line_count(text, width, bold) if width else 1


def _value_cell(style: int, value: object) -> str:
    if value is None or value == "":
        return f'<c s="{style}"/>'  # blank, but keeps its border
    if isinstance(value, bool):
        return f'<c s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c s="{style}" t="n"><v>{value!r}</v></c>'
    return _text_cell(style, str(value))


class _Kind(Enum):
    HEADING = "heading"
    HEADER = "header"
    BODY = "body"
    BOLD = "bold"


class PrintSheet:
    """One sheet with the shared styles: bold heading, bold centred column headers repeated on every page, thin
    borders, fixed widths, every row as tall as its wrapped text, A4 landscape fitted to the width (the widths
    are bounded so that this prints at ≥ 10 pt), the book's header and «Trang x/y» in the margins."""

    def __init__(self, book: PrintBook, title: str, headers: Sequence[tuple[str, float]], heading: str) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter

        total = sum(width for _name, width in headers)
        if total > MAX_PRINT_WIDTH:
            raise ValueError(f"sheet {title!r} is {total} units wide; {MAX_PRINT_WIDTH} print at 10 pt on A4")
        self.ws = book.wb.create_sheet(title)
        self._widths = [width for _name, width in headers]
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font, bold = Font(name=FONT, size=FONT_SIZE), Font(name=FONT, size=FONT_SIZE, bold=True)

        def style(font: Any, align: Any = None, bordered: bool = False) -> int:
            """Registers the style with the workbook, so its styles part lists it."""
            c = WriteOnlyCell(self.ws, value=None)
            c.font = font
            if align is not None:
                c.alignment = align
            if bordered:
                c.border = border
            return int(c.style_id)

        wrap = Alignment(wrap_text=True, vertical="top")
        self._styles = {
            _Kind.HEADING: style(bold),
            _Kind.HEADER: style(bold, Alignment(wrap_text=True, vertical="center", horizontal="center"), True),
            _Kind.BODY: style(font, wrap, True),
            _Kind.BOLD: style(bold, wrap, True),
        }
        for i, width in enumerate(self._widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A3"
        self.ws.print_title_rows = "2:2"
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", "9", 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_margins.left = self.ws.page_margins.right = 0.5
        _margins(self.ws, book.header_left, book.header_right)
        self._next_row = 1
        self._pending: list[str] = []
        # Lives as long as the sheet; close() empties it into the sheet file and closes it.
        self._rows: IO[bytes] = tempfile.TemporaryFile(prefix="cchc-rows-")  # noqa: SIM115
        self._write([heading], _Kind.HEADING, LINE_POINTS + PADDING_POINTS)
        names = [name for name, _w in headers]
        self._write(names, _Kind.HEADER, row_points(zip(names, self._widths, strict=True), bold=True))

    def row(self, values: Sequence[object], bold: bool = False) -> None:
        """A body row as tall as its tallest wrapped text: each text's cell XML and line count are made in one
        pass (and remembered: a consolidated report repeats the same texts row after row)."""
        s = self._styles[_Kind.BOLD if bold else _Kind.BODY]
        widths, lines, cells = self._widths, 1, []
        for i, v in enumerate(values):
            if isinstance(v, str) and v:
                width = widths[i] if i < len(widths) else 0.0
                if len(v) <= REMEMBERED_TEXT:
                    xml, n = _remembered_text_cell(s, v, width, bold)
                else:
                    xml, n = _text_cell(s, v), line_count(v, width, bold) if width else 1
                cells.append(xml)
                lines = n if width and n > lines else lines
            else:
                cells.append(_value_cell(s, v))
        self._add(f'<row r="{self._next_row}" ht="{lines_points(lines):.2f}" customHeight="1">{"".join(cells)}</row>')

    def _write(self, values: Sequence[object], kind: _Kind, height: float) -> None:
        # Cells carry no reference: without one a cell is the next of its row (SpreadsheetML), which Excel,
        # LibreOffice and openpyxl all read; on 400,000-row sheets the references were a fifth of the time.
        s = self._styles[kind]
        cells = "".join(_text_cell(s, v) if isinstance(v, str) and v else _value_cell(s, v) for v in values)
        self._add(f'<row r="{self._next_row}" ht="{height:.2f}" customHeight="1">{cells}</row>')

    def _add(self, row_xml: str) -> None:
        self._pending.append(row_xml)
        self._next_row += 1
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        self._rows.write("".join(self._pending).encode("utf-8", "replace"))
        self._pending.clear()

    def close(self) -> None:
        """Let openpyxl finish the sheet file, then put the rows in before `</sheetData>`."""
        self._flush()
        self.ws.close()
        out = Path(self.ws._writer.out)
        head, sep, tail = out.read_bytes().rpartition(b"</sheetData>")
        if not sep:
            raise RuntimeError(f"openpyxl wrote sheet {self.ws.title!r} without sheetData")
        spliced = out.with_name(out.name + ".rows")
        with self._rows, spliced.open("wb") as f:
            f.write(head)
            self._rows.seek(0)
            shutil.copyfileobj(self._rows, f, 1 << 20)
            f.write(sep + tail)
        os.replace(spliced, out)


def _margins(ws: Any, left: str, right: str) -> None:
    """Who and which period in the page header, «Trang x/y» in the footer, on every printed page."""

    def literal(text: str) -> str:
        # "&" starts a code in a page header; a literal one is doubled. Excel allows 255 characters in all.
        return clean_text(text).replace("\n", " ").replace("&", "&&")[:_MARGIN_TEXT_LIMIT]

    parts = ((ws.oddHeader.left, literal(left)), (ws.oddHeader.right, literal(right)), (ws.oddFooter.center, _PAGE_OF))
    for part, text in parts:
        if text:
            part.text, part.font, part.size = text, f"{FONT},Regular", int(FONT_SIZE)


class PrintBook:
    """A write-only workbook of print-ready sheets, saved under a temporary name and renamed at the end.
    `header_left`/`header_right` print at the top of every page (the agency, the period)."""

    def __init__(self, header_left: str = "", header_right: str = "") -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils.indexed_list import IndexedList

        self.wb = Workbook(write_only=True)
        # The default font sets the column-width unit (the width of its "0"): the sheets' own font, so widths
        # mean the same in Excel and LibreOffice and on a machine without Calibri.
        default = Font(name=FONT, size=FONT_SIZE)
        self.wb._fonts = IndexedList([default])
        normal = self.wb._named_styles["Normal"]
        normal.font = default
        normal.bind(self.wb)
        self.header_left, self.header_right = header_left, header_right
        self._sheets: list[PrintSheet] = []

    def sheet(self, title: str, headers: Sequence[tuple[str, float]], heading: str) -> PrintSheet:
        sheet = PrintSheet(self, title, headers, heading)
        self._sheets.append(sheet)
        return sheet

    def save(self, path: Path) -> Path:
        for sheet in self._sheets:
            sheet.close()
        with replacing(path) as tmp:
            _save_fast(self.wb, tmp)
        return path


def _save_fast(wb: Any, path: Path) -> None:
    """openpyxl's save with the fastest deflate: a 400,000-row sheet spent more time compressing than being
    written (the file grows by about a tenth)."""
    import datetime
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()
