"""What a printed PDF shows: its words with their boxes (pdftotext -bbox), the exact size every glyph prints at
(PDFium), and the words that print over one another."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    left: float
    top: float
    right: float
    bottom: float


def words(pdf: Path) -> list[Word]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        for w in page.iter("word"):
            box = (float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
            found.append(Word(number, w.text or "", *box))
    return found


def overprinted(found: list[Word], share: float = 0.3) -> list[tuple[Word, Word]]:
    """Pairs of words that print over one another: their boxes cross sideways and cover more than `share` of
    each other's height (the boxes of two lines set one under the other already touch: about 15 %)."""
    clashes = []
    ordered = sorted(found, key=lambda w: (w.page, w.top))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.page != a.page or b.top >= a.bottom:
                break
            height = min(a.bottom - a.top, b.bottom - b.top)
            across = min(a.right, b.right) - max(a.left, b.left)
            if across > 0.5 and min(a.bottom, b.bottom) - b.top > share * height:
                clashes.append((a, b))
    return clashes


def glyph_sizes(pdf: Path) -> list[float]:
    """The size in points of every visible glyph, as printed (PDFium applies the page's scaling)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sizes = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            text = page.get_textpage()
            for i in range(text.count_chars()):
                if raw.FPDFText_GetUnicode(text.raw, i) > 32 and not raw.FPDFText_IsGenerated(text.raw, i):
                    sizes.append(raw.FPDFText_GetFontSize(text.raw, i))
    finally:
        doc.close()
    return sizes
