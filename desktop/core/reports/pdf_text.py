"""Fonts, paragraph styles, paragraphs and table cells shared by the PDF documents (báo cáo, consolidated report,
công văn, ranking, self-assessment): Liberation Serif embedded, user text escaped and NFC."""

from __future__ import annotations

import functools
from typing import Any
from xml.sax.saxutils import escape

from desktop.core.reports.layout import BODY_FIRST_LINE_INDENT_MM, RULES, Part
from desktop.core.resources import resources_dir
from desktop.core.text import nfc

FAMILY = "LiberationSerif"
MM = 72 / 25.4
APPENDIX_WIDTH = (297 - 35) * MM  # A4 landscape less its margins
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), FAMILY)  # tables default to Helvetica, which is not embedded


def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FAMILY in pdfmetrics.getRegisteredFontNames():
        return
    fonts = resources_dir() / "fonts"
    for suffix, bold, italic in (("Regular", 0, 0), ("Bold", 1, 0), ("Italic", 0, 1), ("BoldItalic", 1, 1)):
        name = FAMILY if suffix == "Regular" else f"{FAMILY}-{suffix}"
        pdfmetrics.registerFont(TTFont(name, str(fonts / f"LiberationSerif-{suffix}.ttf")))
        addMapping(FAMILY, bold, italic, name)


def styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = RULES[Part.BODY]
    base = ParagraphStyle(
        "body",
        bulletFontName=FAMILY,
        fontName=FAMILY,
        fontSize=body.size,
        leading=body.size * 1.3,
        alignment=TA_JUSTIFY,
        firstLineIndent=BODY_FIRST_LINE_INDENT_MM * MM,
        spaceAfter=6,  # the decree: at least 6 pt between paragraphs
    )
    return {
        "body": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontSize=12.5, leading=15, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0
        ),
        "section": ParagraphStyle("section", parent=base, spaceBefore=6),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=11, leading=13, alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0
        ),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=10, leading=12, alignment=TA_LEFT, firstLineIndent=0, spaceAfter=0
        ),
    }


def para(text: str, style: Any, *tags: str) -> Any:
    """A paragraph of user text (escaped, NFC, line breaks kept) inside the given tags, e.g. "b", "i"."""
    from reportlab.platypus import Paragraph

    return Paragraph(_markup(text, *tags), style)


def _markup(text: str, *tags: str) -> str:
    body = escape(nfc(text)).replace("\n", "<br/>")
    opening = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags))
    return f"{opening}{body}{closing}"


_CELL_PADDING = 12  # a table cell's left and right padding (reportlab's 6 pt each)


def cell_value(text: str, width: float, style: Any, made: dict[str, Any]) -> Any:
    """A table cell: plain text where it fits on one line of the column (drawn on the same baseline as a
    paragraph, at a fraction of the cost of laying one out), else a paragraph that wraps, laid out once. `made`
    holds one column's cells by text: a national table repeats the same dates, states and tasks row after row,
    and one paragraph may stand in many cells (a table lays out each cell just before drawing it)."""
    cell = made.get(text)
    if cell is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        plain = nfc(text)
        fits = "\n" not in plain and stringWidth(plain, FAMILY, style.fontSize) + _CELL_PADDING <= width
        cell = made[text] = plain if fits else _cell_paragraph_class()(_markup(text), style)
    return cell


@functools.cache
def _cell_paragraph_class() -> type:
    from reportlab.platypus import Paragraph

    class CellParagraph(Paragraph):  # type: ignore[misc]
        """Laid out once per width: a long table wraps each cell again to fill a page, to split and to draw."""

        _laid_out_at: float | None = None

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            # split() drops the layout when only one line would fit at the foot of a page (no orphans).
            if avail_width == self._laid_out_at and "blPara" in self.__dict__:
                return self.width, self.height
            size: tuple[float, float] = super().wrap(avail_width, avail_height)
            # Not remembered when it was not laid out (no room at all: reportlab returns without a layout).
            laid_out = "blPara" in self.__dict__ and getattr(self, "width", None) == avail_width
            self._laid_out_at = avail_width if laid_out else None
            return size

    return CellParagraph


def grid_table(rows: list[list[Any]], widths: list[float]) -> Any:
    """A bordered table whose rows may break across pages (a row taller than a page must not stop the report)."""
    from reportlab.platypus import Table

    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"), TABLE_FONT])
    return table
