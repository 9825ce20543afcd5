"""The báo cáo as a Word document an office edits before the leader signs: the same Nghị định 30 layout as the
PDF (`layout.RULES`), A4 with the decree's margins, Times New Roman with its east-Asian font set too, the
two-column header on a fixed table grid, short rules as paragraph borders of the rule's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.formatting import fmt_date
from desktop.core.records import STATUS_LABELS
from desktop.core.reports.data import ReportData
from desktop.core.reports.layout import (
    BODY_FIRST_LINE_INDENT_MM,
    COUNTRY,
    HEADER_LEFT_MM,
    ISSUER_RULE_MM,
    MARGINS_MM,
    MOTTO,
    MOTTO_RULE_MM,
    RULES,
    SIGNATURE_SPACE_MM,
    SUBJECT_RULE_MM,
    Part,
    issuer_lines,
)
from desktop.core.reports.pdf import ReportTexts, name_lines, recipients, report_sections
from desktop.core.reports.pdf_text import MM
from desktop.core.text import nfc

FONT = "Times New Roman"
LEADING = 1.2  # line height of header and signature lines, as in the PDF
BODY_LEADING = 1.3
TEXT_WIDTH_MM = 210 - MARGINS_MM[2] - MARGINS_MM[3]
LANDSCAPE_TEXT_WIDTH_MM = 297 - MARGINS_MM[2] - MARGINS_MM[3]


def _set_fonts(run_or_style: Any, name: str = FONT) -> None:
    """Word takes the font of Vietnamese letters from the ascii/hAnsi slots and, on some machines, from the
    east-Asian one: all are set so no machine falls back to another font."""
    from docx.oxml.ns import qn

    run_or_style.font.name = name  # the ascii and hAnsi slots
    fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def line(container: Any, text: str, part: Part, align: str = "center", first: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rule = RULES[part]
    p = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}.get(
        align, WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(rule.size * LEADING)  # the PDF's leading, so pages break alike
    run = p.add_run(nfc(text).upper() if rule.upper else nfc(text))
    run.bold, run.italic = rule.bold, rule.italic
    run.font.size = Pt(rule.size)
    _set_fonts(run)
    return p


def _rule(container: Any, width_mm: float, column_mm: float) -> None:
    """A short centred rule: an empty paragraph whose bottom border runs between indents leaving `width_mm`."""
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    p = container.add_paragraph()
    side = max(0.0, (column_mm - width_mm) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.space_after = Pt(2)
    run = p.add_run()
    run.font.size = Pt(2)
    p_pr = p._p.get_or_add_pPr()
    borders = p_pr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1"})
    borders.append(bottom)
    _insert_before(p_pr, borders, ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"))


def _insert_before(parent: Any, child: Any, later: tuple[str, ...]) -> None:
    """Insert where the schema wants it: before the first of the elements that must follow (Word refuses a
    document whose elements are out of order)."""
    from docx.oxml.ns import qn

    for tag in later:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _fixed_table(doc: Any, widths_mm: list[float]) -> Any:
    """A one-row table on a fixed grid (Word and LibreOffice keep the header's two columns as set)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        table.cell(0, i).width = Mm(width)
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("w:left", "w:right"):  # the columns' whole width for the text, as in the PDF
        margins.append(margins.makeelement(qn(side), {qn("w:w"): "0", qn("w:type"): "dxa"}))
    _insert_before(tbl_pr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    return table


def body_paragraph(doc: Any, text: str, part: Part = Part.BODY, bold: bool = False) -> None:
    from docx.shared import Mm, Pt

    p = line(doc, text, part, align="justify")
    p.paragraph_format.first_line_indent = Mm(BODY_FIRST_LINE_INDENT_MM)
    p.paragraph_format.space_after = Pt(6)
    p.paragraph_format.line_spacing = Pt(RULES[part].size * BODY_LEADING)
    if bold:
        for run in p.runs:
            run.bold = True


PROPERTY_LIMIT = 255  # Word's document properties hold at most 255 characters


def set_properties(doc: Any, title: str, author: str) -> None:
    """Title and author as the file's properties, cut to what Word allows (an agency name may be thousands of
    characters long: the document itself still holds it whole)."""
    doc.core_properties.title = nfc(title)[:PROPERTY_LIMIT]
    doc.core_properties.author = nfc(author)[:PROPERTY_LIMIT]


def new_document() -> Any:
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(RULES[Part.BODY].size)
    _set_fonts(normal)
    return doc


def header(doc: Any, parent: str, agency: str, number: str, place_date: str, subject_under_number: str = "") -> None:
    right_mm = TEXT_WIDTH_MM - HEADER_LEFT_MM
    table = _fixed_table(doc, [HEADER_LEFT_MM, right_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = [
        (line, part)
        for text, part in issuer_lines(parent, agency)
        for line in name_lines(text, part, HEADER_LEFT_MM * MM)
    ]
    for n, (text, part) in enumerate(lines):
        line(left, text, part, first=n == 0)
    _rule(left, ISSUER_RULE_MM, HEADER_LEFT_MM)
    line(left, number, Part.NUMBER)
    if subject_under_number:
        line(left, subject_under_number, Part.RECIPIENTS)
    line(right, COUNTRY, Part.COUNTRY, first=True)
    line(right, MOTTO, Part.MOTTO)
    _rule(right, MOTTO_RULE_MM, right_mm)
    line(right, place_date, Part.PLACE_DATE)


def signature(doc: Any, recipients: list[str], authority: str, position: str, signer: str) -> None:
    from docx.shared import Mm

    table = _fixed_table(doc, [75, TEXT_WIDTH_MM - 75])
    left, right = table.cell(0, 0), table.cell(0, 1)
    line(left, "Nơi nhận:", Part.RECIPIENTS_HEAD, "left", first=True)
    for r in recipients:
        line(left, f"- {r}", Part.RECIPIENTS, "left")
    first = True
    if authority.strip():
        line(right, authority, Part.AUTHORITY, first=True)
        first = False
    line(right, position, Part.POSITION, first=first)
    gap = line(right, "", Part.SIGNER)
    gap.paragraph_format.space_after = Mm(SIGNATURE_SPACE_MM)  # room for the signature and the seal
    line(right, signer, Part.SIGNER)


@dataclass(frozen=True)
class WordTable:
    """One table of the landscape appendix: a caption, the columns with their widths in mm, the rows."""

    caption: str
    headers: Sequence[tuple[str, float]]
    rows: Sequence[Sequence[object]]


def _table(doc: Any, table_spec: WordTable) -> None:
    """The header row and one model data row are formatted cell by cell; every data row is a copy of the model
    with its texts set. Formatting each cell through python-docx cost 1.8 ms a row: 7 s for the 4,000 agencies of
    a national consolidated report, now a tenth of that."""
    from copy import deepcopy

    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    widths = [w for _name, w in table_spec.headers]
    table = doc.add_table(rows=2 if table_spec.rows else 1, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    rows = table.rows
    repeat = rows[0]._tr.get_or_add_trPr().makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    rows[0]._tr.get_or_add_trPr().append(repeat)  # the header row again on every page, as in the PDF
    for i, width in enumerate(widths):
        table.columns[i].width = Mm(width)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            cell.width = Mm(widths[c])
            cell_p = cell.paragraphs[0]
            cell_p.paragraph_format.line_spacing = Pt(12)
            cell_p.paragraph_format.space_after = Pt(3)
            cell_p.paragraph_format.space_before = Pt(3)  # the PDF table's cell padding
            run = cell_p.add_run(table_spec.headers[c][0] if r == 0 else "·")  # the model's one run per cell
            run.font.size = Pt(10)
            run.bold = r == 0
            _set_fonts(run)
    if not table_spec.rows:
        return
    model, tbl, columns = rows[1]._tr, table._tbl, len(widths)
    for values in table_spec.rows:
        tr = deepcopy(model)
        padded = [*values, *[""] * (columns - len(values))][:columns]
        for tc, value in zip(tr.iterchildren(qn("w:tc")), padded, strict=True):
            run_element = next(tc.iter(qn("w:r")))
            # python-docx's run text: line breaks and tabs become <w:br/> and <w:tab/>, spaces are kept.
            run_element.text = nfc("" if value is None else str(value))
        tbl.append(tr)
    tbl.remove(model)


def _appendix(doc: Any, tables: Sequence[WordTable]) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    line(doc, "PHỤ LỤC", Part.KIND)
    for spec in tables:
        line(doc, spec.caption, Part.PLACE_DATE)
        _table(doc, spec)


def write_docx(
    path: Path,
    texts: ReportTexts,
    sections: Sequence[tuple[str, Sequence[str]]],
    tables: Sequence[WordTable],
    kind: str = "BÁO CÁO",
) -> Path:
    """A báo cáo in Word, the same text and layout as its PDF: the header, the tên loại and trích yếu, the Kính
    gửi when there is one, the sections, the signature, the landscape appendix. Written whole or not at all."""
    doc = new_document()
    header(doc, texts.parent_agency, texts.agency, texts.number, texts.place_date)
    line(doc, "", Part.BODY)
    line(doc, kind, Part.KIND)
    line(doc, texts.summary, Part.SUBJECT)
    _rule(doc, SUBJECT_RULE_MM, TEXT_WIDTH_MM)
    if texts.to:
        line(doc, f"Kính gửi: {'; '.join(texts.to)}.", Part.BODY)
    for heading, paragraphs in sections:
        body_paragraph(doc, heading, bold=True)
        for text in paragraphs:
            body_paragraph(doc, text)
    signature(doc, recipients(texts), texts.signer_prefix, texts.signer_position, texts.signer_name)
    if tables:
        _appendix(doc, tables)
    set_properties(doc, f"{kind.capitalize()} {texts.summary}", texts.agency)
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path


TASK_COLUMNS_MM = (
    ("STT", 13),
    ("Nhiệm vụ", 80),
    ("Chủ trì", 37),
    ("Thời hạn", 26),
    ("Trạng thái", 26),
    ("%", 13),
    ("Kết quả", 52),
    ("TLKC", 15),
)


def write_report_docx(data: ReportData, texts: ReportTexts, path: Path) -> Path:
    """The agency's báo cáo in Word, the same text and layout as its PDF."""
    rows = []
    for i, task_line in enumerate(data.tasks, start=1):
        t, p = task_line.task, task_line.progress
        rows.append(
            [
                i,
                f"{t.code} {t.content}",
                "; ".join(t.lead),
                t.deadline_text or fmt_date(t.due_date),
                STATUS_LABELS.get(p.status, p.status) if p else "Chưa cập nhật",
                "" if not p or p.percent is None else p.percent,
                p.result if p else "",
                ", ".join(task_line.evidence_refs),
            ]
        )
    table = WordTable(f"Kết quả thực hiện nhiệm vụ — {data.period.label}", TASK_COLUMNS_MM, rows)
    return write_docx(path, texts, report_sections(texts), [table])
