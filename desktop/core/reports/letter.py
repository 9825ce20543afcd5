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
    from desktop.core.reports.pdf import header_table, issuer_cell, motto_cell, official_document, signature_table
    from desktop.core.reports.pdf_text import MM, para, register_fonts, styles

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
    """Word, so the văn thư can correct it and print it on the agency's own template: the layout of the PDF."""
    from desktop.core.reports.layout import Part
    from desktop.core.reports.word import body_paragraph, header, line, new_document, set_properties, signature

    doc = new_document()
    header(doc, letter.parent_agency, letter.agency, letter.number, letter.place_date, letter.subject)
    line(doc, "", Part.BODY)
    line(doc, f"Kính gửi: {'; '.join(letter.recipients_to)}.", Part.BODY)
    for text in [*letter.body, *(f"{i}. {n}" for i, n in enumerate(letter.listing, start=1)), *letter.closing]:
        body_paragraph(doc, text)
    signature(doc, letter.copies, letter.signer_prefix, letter.signer_position, letter.signer_name)
    set_properties(doc, letter.subject, letter.agency)
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path
