"""How tall a row of a printed sheet must be: the lines its wrapped text takes in its column, measured with the
metrics of the font the sheet prints in.

Neither openpyxl nor LibreOffice sizes a row to wrapped text it did not lay out itself, so a sheet written
without heights overprints one row's lines on the next. The widths are Liberation Serif's, which has Times New
Roman's metrics; words wrap greedily, a word wider than the column breaks between characters, as Excel and
LibreOffice both do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

FONT_SIZE = 12.0  # the sheets' text; the workbook's default font is the same, so a width unit is half an em
LINE_POINTS = 15.75  # Excel's height of one line of Times New Roman 12 (LibreOffice needs less)
PADDING_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # the tallest row Excel allows; a longer text is cut by the cell, not by the row
POINTS_PER_UNIT = FONT_SIZE / 2  # one column-width unit is the width of "0" in Times New Roman 12
CELL_MARGIN_POINTS = 5.0  # what the cell's inner margins and border take from the column
SAFETY = 1.06  # screen hinting in Excel sets text a little wider than the font's print metrics
# Column-width units a sheet may total: A4 landscape with 12.7 mm side margins holds about 128 at 100 %, so
# 140 prints its 12 pt text at ≥ 10.9 pt once fitted to the page width.
MAX_PRINT_WIDTH = 140


class _WordWidths(dict[str, float]):
    """Each word's width in points at FONT_SIZE, measured once: Vietnamese is written in a few thousand
    syllables, so a province's report measures few words more than once."""

    def __init__(self, bold: bool) -> None:
        super().__init__()
        self.chars = _char_widths(bold)

    def __missing__(self, word: str) -> float:
        if len(self) > _WORD_CACHE_LIMIT:
            self.clear()
        width = self[word] = sum(map(self.chars.__getitem__, word))
        return width


_WORD_CACHE_LIMIT = 200_000


@lru_cache(maxsize=2)
def _char_widths(bold: bool) -> defaultdict[str, float]:
    """Each character's width in points at FONT_SIZE, with an em for what the font lacks (CJK, emoji)."""
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.core.resources import resources_dir

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    face = TTFont(f"fit-{int(bold)}", str(resources_dir() / "fonts" / name)).face
    scale = FONT_SIZE / 1000 * SAFETY
    widths: defaultdict[str, float] = defaultdict(lambda: 1000 * scale)
    widths.update({chr(code): float(w) * scale for code, w in face.charWidths.items()})
    return widths


@lru_cache(maxsize=2)
def _word_widths(bold: bool) -> _WordWidths:
    return _WordWidths(bold)


def column_points(width_units: float) -> float:
    """The width a column of `width_units` leaves for text."""
    return max(POINTS_PER_UNIT * width_units - CELL_MARGIN_POINTS, POINTS_PER_UNIT)


# Texts up to this length have their line counts remembered: a consolidated report repeats every task's
# content once per agency (4,000 agencies × 112 tasks = 448,000 rows of a few hundred distinct texts).
REMEMBERED_TEXT = 2000


def line_count(text: str, width_units: float, bold: bool = False) -> int:
    """Lines `text` takes wrapped in a column `width_units` wide."""
    if len(text) <= REMEMBERED_TEXT:
        return _remembered_line_count(text, width_units, bold)
    return _line_count(text, width_units, bold)


@lru_cache(maxsize=16384)
def _remembered_line_count(text: str, width_units: float, bold: bool) -> int:
    return _line_count(text, width_units, bold)


def _line_count(text: str, width_units: float, bold: bool) -> int:
    room = column_points(width_units)
    if len(text) * FONT_SIZE * SAFETY <= room and "\n" not in text:
        return 1  # short enough to fit even in characters an em wide: no need to measure
    words = _word_widths(bold)
    return sum(_paragraph_lines(paragraph, room, words) for paragraph in text.split("\n"))


def _paragraph_lines(paragraph: str, room: float, words: _WordWidths) -> int:
    widths = list(map(words.__getitem__, paragraph.split(" ")))
    space = words.chars[" "]
    if sum(widths) + space * (len(widths) - 1) <= room:
        return 1
    lines, used = 1, -1.0  # -1: nothing on the line yet
    for width in widths:
        if used >= 0 and used + space + width <= room:
            used += space + width
            continue
        if used >= 0:
            lines += 1
        if width <= room:
            used = width
            continue
        # A word wider than the column fills whole lines; its tail starts the next one (close enough: it
        # breaks between characters, not at an exact width).
        full, used = divmod(width, room)
        lines += int(full)
    return lines


def row_points(cells: Iterable[tuple[str, float]], bold: bool = False) -> float:
    """The height a row needs for the (text, column width) of its cells."""
    return lines_points(max((line_count(text, width, bold) for text, width in cells if text), default=1))


def lines_points(lines: int) -> float:
    """The height of a row whose tallest cell has `lines` lines."""
    return min(lines * LINE_POINTS + PADDING_POINTS, MAX_ROW_POINTS)
