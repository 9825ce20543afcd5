"""The self-assessment report (báo cáo tự đánh giá, chấm điểm) of one agency on its province's index, in the
Nghị định 30 layout: bảng tổng hợp by lĩnh vực, giải trình, khó khăn, kiến nghị; the full score table as the
appendix. A print-ready Excel copy beside it. Both travel in the yearly bundle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.core.formatting import fmt_number
from desktop.core.index_assessment import IndexAssessment
from desktop.core.reports.pdf import (
    LongTexts,
    ReportTexts,
    closing_block,
    fit_cell,
    header_block,
    official_document,
    opening_block,
)
from desktop.core.reports.pdf_text import APPENDIX_WIDTH, MM, grid_table, para, register_fonts, styles
from desktop.core.reports.print_sheet import PrintBook

SCORE_HEADERS = (
    ("Mã", 7),
    ("Lĩnh vực, tiêu chí", 52),
    ("Điểm tối đa", 9),
    ("Điểm tự chấm", 9),
    ("Giá trị đo được", 10),
    ("Giải trình", 40),
    ("Số TLKC", 8),
)


def file_stem(a: IndexAssessment) -> str:
    return f"tu-danh-gia-{a.framework.lower().replace('_', '-')}-{a.year}"


def _score_text(row: Any) -> str:
    if row.survey:
        return "Điều tra XHH"
    return fmt_number(row.score) if row.score is not None else ""


def summary_lines(a: IndexAssessment) -> list[str]:
    """Bảng tổng hợp in words: the total, then each lĩnh vực."""
    lines = [
        f"Tổng điểm tự đánh giá: {fmt_number(a.self_total)}/{fmt_number(a.self_max)} điểm tự chấm (tổng điểm tối đa "
        f"của bộ chỉ số {fmt_number(a.max_total)}, phần điều tra xã hội học do Sở Nội vụ chấm).",
    ]
    for r in a.rows:
        if r.depth == 0:
            own = sum(x.score or 0.0 for x in a.rows if x.self_scored and x.code.startswith(r.code + "."))
            lines.append(f"Lĩnh vực {r.code} «{r.name}»: {fmt_number(own)}/{fmt_number(r.max_score)} điểm.")
    return lines


def explanation_lines(a: IndexAssessment) -> list[str]:
    lines = []
    for r in a.rows:
        if not r.self_scored or r.score is None:
            continue
        parts = []
        if r.measured:
            parts.append(f"giá trị đo được {r.measured}")
        if r.evidence_count == 0:
            parts.append(f"chưa có tài liệu kiểm chứng; giải trình: {r.explanation or 'không có'}")
        elif r.explanation:
            parts.append(r.explanation)
        if parts:
            lines.append(f"Tiêu chí {r.code}: {'; '.join(parts)}.")
    unscored = [r.code for r in a.rows if r.self_scored and r.score is None]
    if unscored:
        lines.append(f"Chưa chấm: tiêu chí {', '.join(unscored)}.")
    return lines or ["Không có."]


def report_texts(base: ReportTexts, a: IndexAssessment, to: str) -> ReportTexts:
    """The agency's own letterhead and signer; the subject, recipient and sections of this report."""
    return replace(
        base,
        summary=f"Kết quả tự đánh giá, chấm điểm {a.name[:1].lower()}{a.name[1:]} năm {a.year}"
        if not a.name.isupper()
        else f"Kết quả tự đánh giá, chấm điểm Bộ Chỉ số cải cách hành chính năm {a.year}",
        to=[to] if to else [],
        results=summary_lines(a),
        shortcomings=explanation_lines(a),
        proposals=[a.proposals or "Không có."],
    )


def write_self_report_pdf(texts: ReportTexts, a: IndexAssessment, path: Path, author: str) -> Path:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    register_fonts()
    st = styles()
    story: list[Any] = [header_block(texts, st), Spacer(1, 8 * MM), *opening_block(texts, st), Spacer(1, 4 * MM)]
    sections = [
        ("I. BẢNG TỔNG HỢP KẾT QUẢ TỰ CHẤM ĐIỂM", texts.results),
        ("II. GIẢI TRÌNH", texts.shortcomings),
        ("III. KHÓ KHĂN, VƯỚNG MẮC", [a.difficulties or "Không có."]),
        ("IV. KIẾN NGHỊ, ĐỀ XUẤT", texts.proposals),
    ]
    for heading, paragraphs in sections:
        story.append(para(heading, st["section"], "b"))
        story += [para(text, st["body"]) for text in paragraphs]
    story += [Spacer(1, 6 * MM), closing_block(texts, st)]
    story += [NextPageTemplate("landscape"), PageBreak(), para("PHỤ LỤC", st["center"], "b")]
    story += [para(f"Bảng tự chấm điểm {a.name} năm {a.year}", st["center"], "i"), Spacer(1, 4 * MM)]
    long = LongTexts()
    cell = st["cell"]
    rows: list[list[Any]] = [[para(h, cell, "b") for h, _ in SCORE_HEADERS]]
    for r in a.rows:
        tags = () if r.is_leaf else ("b",)
        rows.append(
            [
                para(r.code, cell, *tags),
                para(fit_cell(r.name), cell, *tags),
                para(fmt_number(r.max_score), cell, *tags),
                para(_score_text(r), cell, *tags),
                para(r.measured, cell),
                para(long.cut(f"Giải trình tiêu chí {r.code}", r.explanation), cell),
                para(str(r.evidence_count) if r.is_leaf else "", cell),
            ]
        )
    total = sum(w for _, w in SCORE_HEADERS)
    story.append(grid_table(rows, [APPENDIX_WIDTH * w / total for _, w in SCORE_HEADERS]))
    story += long.story(st)
    return official_document(path, f"Báo cáo {texts.summary}", author, story)


def write_self_report_xlsx(a: IndexAssessment, agency: str, path: Path) -> Path:
    book = PrintBook(agency, f"Năm {a.year}")
    sheet = book.sheet("Tự chấm điểm", SCORE_HEADERS, f"TỰ CHẤM ĐIỂM {a.name.upper()} NĂM {a.year} — {agency}")
    for r in a.rows:
        sheet.row(
            [
                r.code,
                ("    " * r.depth) + r.name,
                fmt_number(r.max_score),
                _score_text(r),
                r.measured,
                r.explanation,
                r.evidence_count if r.is_leaf else "",
            ],
            bold=not r.is_leaf,
        )
    sheet.row(["", "Tổng điểm tự chấm", fmt_number(a.self_max), fmt_number(a.self_total), "", "", ""], bold=True)
    notes = book.sheet("Khó khăn, kiến nghị", (("Nội dung", 30), ("", 110)), f"KHÓ KHĂN, KIẾN NGHỊ — {agency}")
    notes.row(["Khó khăn, vướng mắc", a.difficulties or "Không có."])
    notes.row(["Kiến nghị, đề xuất", a.proposals or "Không có."])
    return book.save(path)
