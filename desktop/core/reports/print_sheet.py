"""Print-ready Excel sheets that stay fast at province scale.

openpyxl builds the workbook (styles, widths, frozen header, page setup, the two header rows), but the body
rows are written by us as sheet XML into a side file and spliced into openpyxl's sheet file before it goes
into the zip. openpyxl's per-cell objects cost three quarters of the time of a 50,000-row report; one
formatted string per row does not. Every piece of user text is an inline string, never a formula: a result
that begins with "=" stays text.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from desktop.core.atomic import replacing
from desktop.core.text import nfc

FONT = "Times New Roman"  # Liberation Serif has its metrics: the same layout on a machine without Times
_FIRST_BODY_ROW = 3  # row 1 is the heading, row 2 the column headers
_FLUSH_EVERY = 500
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


class PrintSheet:
    """One sheet with the shared styles: bold wrapped heading and header, thin borders, fixed widths,
    header rows repeated on every page, A4 landscape fitted to the width."""

    def __init__(self, wb: Any, title: str, headers: Sequence[tuple[str, int]], heading: str) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        font, bold = Font(name=FONT, size=12), Font(name=FONT, size=12, bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        center = Alignment(wrap_text=True, vertical="center", horizontal="center")

        def cell(value: str, font: Any, align: Any = None, bordered: bool = False) -> Any:
            c = WriteOnlyCell(self.ws, value=None)
            c._value, c.data_type, c.font = clean_text(value), "s", font  # openpyxl escapes it
            if align is not None:
                c.alignment = align
            if bordered:
                c.border = border
            return c

        for i, (_name, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A3"
        self.ws.print_title_rows = "1:2"
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", "9", 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_margins.left = self.ws.page_margins.right = 0.5
        self.ws.append([cell(heading, bold)])
        self.ws.append([cell(name, bold, center, True) for name, _w in headers])
        # The body styles are registered with the workbook here, so its styles part lists them.
        self._style_ids = {
            False: cell("", font, wrap, True).style_id,
            True: cell("", bold, wrap, True).style_id,
        }
        self._letters: list[str] = []
        self._next_row = _FIRST_BODY_ROW
        self._pending: list[str] = []
        # Lives as long as the sheet; close() empties it into the sheet file and closes it.
        self._rows: IO[bytes] = tempfile.TemporaryFile(prefix="cchc-rows-")  # noqa: SIM115

    def row(self, values: Iterable[object], bold: bool = False) -> None:
        from openpyxl.utils import get_column_letter

        r, s = self._next_row, self._style_ids[bold]
        parts = [f'<row r="{r}">']
        for i, v in enumerate(values):
            if i == len(self._letters):
                self._letters.append(get_column_letter(i + 1))
            ref = f"{self._letters[i]}{r}"
            if v is None or v == "":
                parts.append(f'<c r="{ref}" s="{s}"/>')  # blank, but keeps its border
            elif isinstance(v, bool):
                parts.append(f'<c r="{ref}" s="{s}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, int) or (isinstance(v, float) and math.isfinite(v)):
                parts.append(f'<c r="{ref}" s="{s}" t="n"><v>{v!r}</v></c>')
            else:
                text = xml_text(str(v))
                parts.append(f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        parts.append("</row>")
        self._pending.append("".join(parts))
        self._next_row += 1
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        self._rows.write("".join(self._pending).encode("utf-8", "replace"))
        self._pending.clear()

    def close(self) -> None:
        """Let openpyxl finish the sheet file, then put the body rows in before `</sheetData>`."""
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


class PrintBook:
    """A write-only workbook of print-ready sheets, saved under a temporary name and renamed at the end."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self._sheets: list[PrintSheet] = []

    def sheet(self, title: str, headers: Sequence[tuple[str, int]], heading: str) -> PrintSheet:
        sheet = PrintSheet(self.wb, title, headers, heading)
        self._sheets.append(sheet)
        return sheet

    def save(self, path: Path) -> Path:
        for sheet in self._sheets:
            sheet.close()
        with replacing(path) as tmp:
            self.wb.save(tmp)
        return path
