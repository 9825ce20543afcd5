"""The period's PDF report in the Nghị định 30/2020/NĐ-CP layout, with the task table as a landscape appendix.

Liberation Serif (Times-metric, OFL, full Vietnamese) from resources/fonts is embedded. All text is NFC before
it is drawn: reportlab would draw the combining marks of NFD text as separate glyphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.formatting import CELL_LIMIT, fmt_date
from desktop.core.records import DONE_STATUSES, STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES, ReportData
from desktop.core.reports.layout import (
    COUNTRY,
    HEADER_LEFT_MM,
    ISSUER_RULE_MM,
    MARGINS_MM,
    MOTTO,
    MOTTO_RULE_MM,
    NUMBER_BLANK_MM,
    RULES,
    SIGNATURE_SPACE_MM,
    SUBJECT_RULE_MM,
    Part,
    issuer_lines,
    unbroken_lines,
)
from desktop.core.reports.letterhead import (
    letterhead,
    number_line,
    place_date,
    place_of,
    recipients_with,
    report_receiver,
    signing,
)
from desktop.core.reports.pdf_text import (
    APPENDIX_WIDTH,
    FAMILY,
    MM,
    TABLE_FONT,
    grid_table,
    para,
    register_fonts,
    styles,
)
from desktop.core.text import natural_code_key, nfc


@dataclass
class ReportTexts:
    """What the official may edit before export; `default_texts` fills it from the data."""

    parent_agency: str = ""
    agency: str = ""
    number: str = number_line("UBND")
    place_date: str = ""
    summary: str = ""
    results: list[str] = field(default_factory=list)
    shortcomings: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=lambda: ["Lưu: VT."])
    signer_prefix: str = "TM. ỦY BAN NHÂN DÂN"
    signer_position: str = "CHỦ TỊCH"
    signer_name: str = ""
    to: list[str] = field(default_factory=list)  # Kính gửi (a consolidated report names its recipient)
    situation: list[str] = field(default_factory=list)  # a consolidated report's «tình hình nộp báo cáo»


def default_texts(data: ReportData, place: str = "") -> ReportTexts:
    d, label = data.made_on, data.period.label
    counts = data.summary.by_status
    results = [
        f"Tổng số nhiệm vụ được giao: {data.summary.total}; hoàn thành {counts.get('done', 0)}, hoàn thành quá hạn "
        f"{counts.get('done_late', 0)}, đang thực hiện {counts.get('in_progress', 0)}, chưa triển khai "
        f"{counts.get('not_started', 0)}, không thực hiện được {counts.get('cannot', 0)}; quá hạn "
        f"{data.summary.overdue}."
    ]
    results += _results_by_index_and_field(data)
    shortcomings = [
        f"Nhiệm vụ {t.task.code}: {t.progress.difficulties}"
        for t in data.tasks
        if t.progress and t.progress.difficulties
    ]
    proposals = [
        f"Nhiệm vụ {t.task.code}: {t.progress.proposals}" for t in data.tasks if t.progress and t.progress.proposals
    ]
    head = letterhead(data.agency, data.agency_level, data.parent_agency)
    signer = signing(head, data.signer)
    receiver = report_receiver(data.agency, data.agency_level, data.parent_agency)
    return ReportTexts(
        parent_agency=head.parent_agency,
        agency=head.agency,
        number=head.number,
        signer_prefix=signer.authority,
        signer_position=signer.position,
        place_date=place_date(place or place_of(data.agency), d),
        summary=f"Kết quả thực hiện nhiệm vụ cải cách hành chính {label[:1].lower()}{label[1:]}",
        results=results,
        shortcomings=shortcomings or ["Không có."],
        proposals=proposals or ["Không có."],
        recipients=recipients_with([], [f"{receiver};", "Lưu: VT."]),
        signer_name=signer.name,
    )


def report_sections(texts: ReportTexts) -> list[tuple[str, list[str]]]:
    """The báo cáo's sections in order: the PDF and the Word copy say the same."""
    return [
        ("I. KẾT QUẢ THỰC HIỆN", texts.results),
        ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", texts.shortcomings),
        ("III. ĐỀ XUẤT, KIẾN NGHỊ", texts.proposals),
    ]


def write_pdf(data: ReportData, texts: ReportTexts, path: Path) -> Path:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    register_fonts()
    st = styles()
    story: list[Any] = [header_block(texts, st), Spacer(1, 8 * MM)]
    story += [*opening_block(texts, st), Spacer(1, 4 * MM)]
    for heading, paragraphs in report_sections(texts):
        story.append(para(heading, st["section"], "b"))
        story += [para(text, st["body"]) for text in paragraphs]
    story += [Spacer(1, 6 * MM), closing_block(texts, st)]
    story += [NextPageTemplate("landscape"), PageBreak(), para("PHỤ LỤC", st["center"], "b")]
    story += [para(f"Kết quả thực hiện nhiệm vụ — {data.period.label}", st["center"], "i"), Spacer(1, 4 * MM)]
    long = LongTexts()
    story.append(_task_table(data, st, APPENDIX_WIDTH, long))
    story += long.story(st)
    return official_document(path, f"Báo cáo {texts.summary}", data.agency, story)


def official_document(path: Path, title: str, author: str, story: list[Any]) -> Path:
    """A4 portrait pages with the decree's margins, landscape pages for appendices, page numbers from page 2;
    written whole or not at all."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    top, bottom, left, right = (m * MM for m in MARGINS_MM)
    portrait_frame = Frame(left, bottom, A4[0] - left - right, A4[1] - top - bottom, id="portrait")
    wide = landscape(A4)
    landscape_frame = Frame(20 * MM, 15 * MM, wide[0] - 35 * MM, wide[1] - 30 * MM, id="landscape")

    def number_pages(canvas: Any, doc: Any) -> None:
        if doc.page > 1:  # Nghị định 30: page numbers from the second page, top centre
            canvas.setFont(FAMILY, 12)
            canvas.drawCentredString(canvas._pagesize[0] / 2, canvas._pagesize[1] - 12 * MM, str(doc.page))

    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        initialFontName=FAMILY,  # otherwise every page names Helvetica, a font the PDF does not embed
        title=nfc(title),
        author=nfc(author),
        pageTemplates=[
            PageTemplate("portrait", [portrait_frame], onPage=number_pages, pagesize=A4),
            PageTemplate("landscape", [landscape_frame], onPage=number_pages, pagesize=wide),
        ],
    )
    with replacing(path) as tmp:
        doc.filename = str(tmp)
        doc.build(story)
    return path


def _results_by_index_and_field(data: ReportData) -> list[str]:
    """One line per index in catalog order, then one per lĩnh vực in code order (Nghị định 30: results by
    index and lĩnh vực)."""

    def line(label: str, by: Counter[str]) -> str:
        done = sum(by.get(s, 0) for s in DONE_STATUSES)
        return f"{label}: {sum(by.values())} nhiệm vụ, đã hoàn thành {done}."

    order = list(FRAMEWORK_NAMES)
    lines = []
    by_framework = data.summary.by_framework
    for fw in sorted(by_framework, key=lambda f: (order.index(f) if f in order else len(order), f)):
        lines.append(line(FRAMEWORK_NAMES.get(fw, fw), by_framework[fw]))
        fields = sorted((k for k in data.summary.by_field if k[0] == fw and k[1]), key=lambda k: natural_code_key(k[1]))
        for key in fields:
            name = data.field_names.get(key, "")
            lines.append("- " + line(f"{key[1]}. {name}".strip(" ."), data.summary.by_field[key]))
    return lines


def part_para(text: str, part: Part, align: str = "center") -> Any:
    """A paragraph of user text set as the decree sets `part`: its size, weight, slant and case."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    rule = RULES[part]
    style = ParagraphStyle(
        f"part-{part}",
        fontName=FAMILY,
        fontSize=rule.size,
        leading=rule.size * 1.2,
        alignment=TA_CENTER if align == "center" else TA_LEFT,
        splitLongWords=0,  # a name is never cut inside a word
    )
    tags = [t for t, on in (("b", rule.bold), ("i", rule.italic)) if on]
    return para(nfc(text).upper() if rule.upper else text, style, *tags)


def name_lines(text: str, part: Part, width: float) -> list[str]:
    """A name too long for its column (`width` in points), broken where a reader would break it (after a comma,
    before «VÀ»); measured with the Times-metric font, so the Word copy breaks where the PDF does."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    rule = RULES[part]
    font = f"{FAMILY}-Bold" if rule.bold else FAMILY
    text = nfc(fit_name(text)).upper() if rule.upper else nfc(fit_name(text))
    return unbroken_lines(text, lambda line: stringWidth(line, font, rule.size) <= width)


def _name_lines(text: str, part: Part, width: float) -> list[Any]:
    return [part_para(line, part) for line in name_lines(text, part, width)]


def short_rule(width_mm: float) -> Any:
    """A centred horizontal rule under a header line (the decree's «đường kẻ ngang, nét liền»)."""
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(width=width_mm * MM, thickness=0.6, color="black", hAlign="CENTER", spaceBefore=1, spaceAfter=3)


def issuer_cell(parent: str, agency: str, number: str, width: float) -> list[Any]:
    """Tên cơ quan chủ quản over tên cơ quan ban hành, the short rule, then «Số: …» with its blanks kept."""
    cell: list[Any] = []
    for text, part in issuer_lines(parent, agency):
        cell += _name_lines(text, part, width)
    cell.append(short_rule(ISSUER_RULE_MM))
    cell.append(number_line_flowable(number))
    return cell


_UNNUMBERED = re.compile(r"^(Số:)[\s\u00a0]{2,}(/\S.*)$")


def number_line_flowable(number: str) -> Any:
    """«Số: 12/BC-UBND» as a line; a draft's «Số:      /BC-UBND» keeps its blank for the number to be written
    in by hand (a paragraph would collapse any run of spaces into one)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    m = _UNNUMBERED.match(nfc(number))
    if m is None:
        return part_para(number, Part.NUMBER)
    prefix, suffix = m.group(1), m.group(2)
    size = RULES[Part.NUMBER].size

    class NumberLine(Flowable):  # type: ignore[misc]
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, size * 1.2

        def draw(self) -> None:
            w1, w2 = stringWidth(prefix, FAMILY, size), stringWidth(suffix, FAMILY, size)
            gap = NUMBER_BLANK_MM * MM
            x = (self.width - (w1 + gap + w2)) / 2
            self.canv.setFont(FAMILY, size)
            self.canv.drawString(x, size * 0.25, prefix)
            self.canv.drawString(x + w1 + gap, size * 0.25, suffix)

    return NumberLine()


def motto_cell(place_date: str) -> list[Any]:
    return [
        part_para(COUNTRY, Part.COUNTRY),
        part_para(MOTTO, Part.MOTTO),
        short_rule(MOTTO_RULE_MM),
        part_para(place_date, Part.PLACE_DATE),
    ]


def header_table(left: list[Any], right: list[Any]) -> Any:
    from reportlab.platypus import Table

    widths = [HEADER_LEFT_MM * MM, (210 - MARGINS_MM[2] - MARGINS_MM[3] - HEADER_LEFT_MM) * MM]
    table = Table([[left, right]], colWidths=widths, splitInRow=1)
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the short rules sit centred under their lines
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            TABLE_FONT,
        ]
    )
    return table


def header_block(texts: ReportTexts, st: dict[str, Any]) -> Any:
    left = issuer_cell(texts.parent_agency, texts.agency, texts.number, HEADER_LEFT_MM * MM)
    return header_table(left, motto_cell(texts.place_date))


def title_block(kind: str, subject: str) -> list[Any]:
    """Tên loại and trích yếu, bold, with the short rule under them."""
    return [part_para(kind, Part.KIND), part_para(subject, Part.SUBJECT), short_rule(SUBJECT_RULE_MM)]


def signature_table(recipients: list[str], authority: str, position: str, signer: str) -> Any:
    """Nơi nhận on the left; on the right the authority (TM./KT./Q.), the position, the room for the signature
    and the seal, and the name."""
    from reportlab.platypus import Spacer, Table

    left = [part_para("Nơi nhận:", Part.RECIPIENTS_HEAD, "left")]
    left += [part_para(f"- {r}", Part.RECIPIENTS, "left") for r in recipients]
    right = [part_para(authority, Part.AUTHORITY)] if authority.strip() else []
    right += [part_para(position, Part.POSITION), Spacer(1, SIGNATURE_SPACE_MM * MM), part_para(signer, Part.SIGNER)]
    table = Table([[left, right]], colWidths=[75 * MM, 90 * MM], splitInRow=1)
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), TABLE_FONT])
    return table


_AS_ABOVE = re.compile(r"^[\s\-–]*như trên\b", re.IGNORECASE)


def recipients(texts: ReportTexts) -> list[str]:
    """Nơi nhận as printed: «Như trên» stands for the Kính gửi line; without one it would name nobody, so it
    is left out even when typed."""
    return texts.recipients if texts.to else [r for r in texts.recipients if not _AS_ABOVE.match(nfc(r))]


def opening_block(texts: ReportTexts, st: dict[str, Any]) -> list[Any]:
    """Tên loại, trích yếu and its rule, then the Kính gửi line when the report has a recipient."""
    from reportlab.platypus import Spacer

    story = title_block("BÁO CÁO", texts.summary)
    if texts.to:
        story += [Spacer(1, 4 * MM), para(f"Kính gửi: {'; '.join(texts.to)}.", st["center"])]
    return story


def closing_block(texts: ReportTexts, st: dict[str, Any]) -> Any:
    return signature_table(recipients(texts), texts.signer_prefix, texts.signer_position, texts.signer_name)


NAME_LIMIT = 300  # characters of a name in the letterhead
_CHUNK = 2000  # a long text is set as paragraphs of this size: reportlab splits one huge paragraph slowly


class LongTexts:
    """Texts too long for a table cell: the cell shows their start and says where the rest is; the whole text
    is printed in a last section, where it flows across as many pages as it needs. No input can stop a report."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cut(self, label: str, text: str) -> str:
        if len(text) <= CELL_LIMIT:
            return text
        self.items.append((label, text))
        return f"{text[:CELL_LIMIT].rstrip()} … (toàn văn ở mục «{LONG_TEXTS_TITLE}», số {len(self.items)})"

    def story(self, st: dict[str, Any]) -> list[Any]:
        if not self.items:
            return []
        out = [para(LONG_TEXTS_TITLE.upper(), st["section"], "b")]
        for n, (label, text) in enumerate(self.items, start=1):
            out.append(para(f"{n}. {label}", st["body"], "b"))
            out += [para(text[i : i + _CHUNK], st["body"]) for i in range(0, len(text), _CHUNK)]
        return out


LONG_TEXTS_TITLE = "Toàn văn nội dung dài"


def fit_cell(text: str) -> str:
    """A text cut for a place that has no room for all of it (a name in a list), marked as cut."""
    return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT].rstrip() + " … (đã rút gọn)"


def fit_name(text: str) -> str:
    return text if len(text) <= NAME_LIMIT else text[:NAME_LIMIT].rstrip() + "…"


def _refs(refs: tuple[str, ...]) -> str:
    if len(refs) <= 8:
        return ", ".join(refs)
    return f"{refs[0]} … {refs[-1]} ({len(refs)} tài liệu)"


def _task_table(data: ReportData, st: dict[str, Any], width: float, long: LongTexts) -> Any:
    fractions = (0.05, 0.30, 0.14, 0.10, 0.10, 0.05, 0.20, 0.06)
    headers = ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Trạng thái", "%", "Kết quả", "TLKC")
    rows: list[list[Any]] = [[para(h, st["cell"], "b") for h in headers]]
    for i, line in enumerate(data.tasks, start=1):
        t, p = line.task, line.progress
        what = f"Nhiệm vụ {t.code or i}"
        rows.append(
            [
                para(str(i), st["cell"]),
                para(long.cut(f"{what}: nội dung", f"{t.code} {t.content}"), st["cell"]),
                para(long.cut(f"{what}: chủ trì", "; ".join(t.lead)), st["cell"]),
                para(long.cut(f"{what}: thời hạn", t.deadline_text or fmt_date(t.due_date)), st["cell"]),
                para(STATUS_LABELS.get(p.status, p.status) if p else "Chưa cập nhật", st["cell"]),
                para("" if not p or p.percent is None else str(p.percent), st["cell"]),
                para(long.cut(f"{what}: kết quả", p.result) if p else "", st["cell"]),
                para(_refs(line.evidence_refs), st["cell"]),
            ]
        )
    return grid_table(rows, [f * width for f in fractions])
