"""The user guide: one short page per task (resources/help), shown in the app (F1) and printed as a PDF that ships
with the installer. The pages are a small HTML (h1, h2, p, ul/li, b), which Qt shows as it is and which is set here
in reportlab paragraphs for the PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.resources import resources_dir

GUIDE_TITLE = "Hướng dẫn sử dụng CCHC — Theo dõi nhiệm vụ cải cách hành chính"


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    html: str


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    folder = resources_dir() / "help"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return tuple(Topic(t["id"], t["title"], (folder / t["file"]).read_text(encoding="utf-8")) for t in index["topics"])


def topic(topic_id: str) -> Topic:
    return next((t for t in topics() if t.id == topic_id), topics()[0])


class _Blocks(HTMLParser):
    """The guide's HTML as (kind, reportlab markup) blocks: kind is h1, h2, p or li."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._kind = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "p", "li"):
            self._kind, self._text = tag, []
        elif tag == "b":
            self._text.append("<b>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "b":
            self._text.append("</b>")
        elif tag == self._kind:
            self.blocks.append((tag, " ".join("".join(self._text).split())))
            self._kind = ""

    def handle_data(self, data: str) -> None:
        if self._kind:
            self._text.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def blocks(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def write_guide_pdf(path: Path) -> Path:
    """Every topic in order, A4, the app's embedded font; written whole or not at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    from desktop.core.reports.pdf_text import FAMILY, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=FAMILY, bulletFontName=FAMILY, fontSize=12, leading=16, spaceAfter=6)
    style = {
        "h1": ParagraphStyle("h1", parent=body, fontSize=18, leading=24, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontSize=14, leading=19, spaceBefore=8),
        "p": body,
        "li": ParagraphStyle("li", parent=body, leftIndent=8 * mm, bulletIndent=3 * mm),
    }
    story: list[Any] = [Paragraph(f"<b>{GUIDE_TITLE}</b>", style["h1"]), Spacer(1, 6 * mm)]
    for n, t in enumerate(topics()):
        if n:
            story.append(PageBreak())
        for kind, markup in blocks(t.html):
            text = f"<b>{markup}</b>" if kind in ("h1", "h2") else markup
            story.append(Paragraph(text, style[kind], bulletText="•" if kind == "li" else None))
    with replacing(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            title=GUIDE_TITLE,
            author="CCHC",
            leftMargin=25 * mm,
            rightMargin=20 * mm,
            initialFontName=FAMILY,  # else every page names Helvetica, which the PDF does not embed
        )
        doc.build(story)
    return path
