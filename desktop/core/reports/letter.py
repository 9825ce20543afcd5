"""A công văn (official letter) in the Nghị định 30 layout, written as PDF or Word from one description.

Header: the issuing agency (with its parent line) on the left with the number and the «V/v» summary below it,
the national motto and the place and date on the right; «Kính gửi»; the body; «Nơi nhận» and the signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.errors import UserError

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FORMATS = (".pdf", ".docx", ".txt")


@dataclass
class Letter:
    parent_agency: str
    agency: str
    number: str  # «Số:      /SNV-CCHC»: the number itself is written in by hand
    subject: str  # «V/v đôn đốc …»
    place_date: str
    recipients_to: list[str]  # Kính gửi
    body: list[str]
    listing: list[str] = field(default_factory=list)  # numbered lines after the body (who has not reported)
    closing: list[str] = field(default_factory=list)  # paragraphs after the list
    copies: list[str] = field(default_factory=lambda: ["Như trên;", "Lưu: VT."])  # Nơi nhận
    signer_prefix: str = ""
    signer_position: str = ""
    signer_name: str = ""


def letter_number(suffix: str) -> str:
    return f"Số:{chr(0xA0) * 6}/{suffix}"


def write_letter(letter: Letter, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError("Tệp công văn phải có đuôi .pdf, .docx hoặc .txt.")
    if suffix == ".pdf":
        return _pdf(letter, path)
    if suffix == ".docx":
        return _docx(letter, path)
    with replacing(path) as tmp:
        tmp.write_text(plain_text(letter), encoding="utf-8")
    return path


def plain_text(letter: Letter) -> str:
    """For an e-mail: the body and the list, nothing of the page layout."""
    lines = [f"Kính gửi: {', '.join(letter.recipients_to)}", "", *letter.body, ""]
    lines += [f"{i}. {name}" for i, name in enumerate(letter.listing, start=1)]
    lines += ["", *letter.closing, "", letter.agency.title() if letter.agency.isupper() else letter.agency]
    return "\n".join(lines).strip() + "\n"


def _pdf(letter: Letter, path: Path) -> Path:
    from reportlab.platypus import Spacer

    from desktop.core.reports.layout import HEADER_LEFT_MM
    from desktop.core.reports.pdf import (
        MM,
        header_table,
        issuer_cell,
        motto_cell,
        official_document,
        para,
        register_fonts,
        signature_table,
        styles,
    )

    register_fonts()
    st = styles()
    # A công văn has no tên loại: its trích yếu («V/v …») sits under the number.
    left = issuer_cell(letter.parent_agency, letter.agency, letter.number, HEADER_LEFT_MM * MM)
    left.append(para(letter.subject, st["small"]))
    story: list[Any] = [header_table(left, motto_cell(letter.place_date)), Spacer(1, 8 * MM)]
    story.append(para(f"Kính gửi: {'; '.join(letter.recipients_to)}.", st["center"]))
    story.append(Spacer(1, 4 * MM))
    story += [para(text, st["body"]) for text in letter.body]
    story += [para(f"{i}. {name}", st["body"]) for i, name in enumerate(letter.listing, start=1)]
    story += [para(text, st["body"]) for text in letter.closing]
    story.append(Spacer(1, 6 * MM))
    story.append(signature_table(letter.copies, letter.signer_prefix, letter.signer_position, letter.signer_name))
    return official_document(path, letter.subject, letter.agency, story)


def _docx(letter: Letter, path: Path) -> Path:
    """Word, so the văn thư can correct it and print it on the agency's own template."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)

    def lines(cell: Any, texts: list[tuple[str, bool, bool]], center: bool = True) -> None:
        cell.paragraphs[0].text = ""
        for i, (text, bold, italic) in enumerate(texts):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold, run.italic = bold, italic

    header = doc.add_table(rows=1, cols=2)
    lines(
        header.cell(0, 0),
        [
            (letter.parent_agency.upper(), False, False),
            (letter.agency, True, False),
            ("———", False, False),
            (letter.number, False, False),
            (letter.subject, False, False),
        ],
    )
    lines(
        header.cell(0, 1),
        [(MOTTO[0], True, False), (MOTTO[1], True, False), ("———————", False, False), (letter.place_date, False, True)],
    )
    greeting = doc.add_paragraph(f"Kính gửi: {'; '.join(letter.recipients_to)}.")
    greeting.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in [*letter.body, *(f"{i}. {n}" for i, n in enumerate(letter.listing, start=1)), *letter.closing]:
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(10)
    closing = doc.add_table(rows=1, cols=2)
    lines(
        closing.cell(0, 0),
        [("Nơi nhận:", True, True), *((f"- {c}", False, False) for c in letter.copies)],
        center=False,
    )
    lines(
        closing.cell(0, 1),
        [
            (letter.signer_prefix, True, False),
            (letter.signer_position, True, False),
            *(("", False, False) for _ in range(3)),  # room for the signature and the seal
            (letter.signer_name, True, False),
        ],
    )
    doc.core_properties.title = letter.subject
    doc.core_properties.author = letter.agency
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path
