"""The focal point's consolidated report for a period, across every agency's current bundle: Excel or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.agencies import get_profile, signer_of
from desktop.core.bundle.overview import KIND_INDEX, AgencyTask, GroupRow, Overview, overview
from desktop.core.bundle.submissions import STATE_LABELS, SubmissionRow
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_date
from desktop.core.progress import collection_paused
from desktop.core.records import STATUS_LABELS
from desktop.core.register import province_committee
from desktop.core.reports.data import FRAMEWORK_NAMES
from desktop.core.reports.letterhead import letterhead, place_date, place_of, recipients_with, signing
from desktop.core.reports.pdf import (
    ReportTexts,
    closing_block,
    fit_cell,
    header_block,
    official_document,
    opening_block,
)
from desktop.core.reports.pdf_text import APPENDIX_WIDTH, MM, cell_value, grid_table, para, register_fonts, styles
from desktop.core.reports.print_sheet import PrintBook
from desktop.core.reports.saved_texts import save_texts, saved_texts, with_fields
from desktop.core.reports.word import LANDSCAPE_TEXT_WIDTH_MM, WordTable, write_docx

AGENCY_HEADERS = (
    ("STT", 6),
    ("Cơ quan, đơn vị", 40),
    ("Tình hình nộp", 14),
    ("Ngày nhận", 12),
    ("Số nhiệm vụ", 10),
    ("Hoàn thành", 10),
    ("Tỷ lệ (%)", 9),
    ("Có tài liệu kiểm chứng", 12),
)


GROUP_HEADERS = (
    ("Chỉ số, lĩnh vực", 50),
    ("Số cơ quan", 10),
    ("Số nhiệm vụ", 11),
    ("Hoàn thành", 11),
    ("Tỷ lệ (%)", 9),
    ("Có tài liệu kiểm chứng", 12),
)
TASK_HEADERS = (
    ("Cơ quan, đơn vị", 24),
    ("Mã", 7),
    ("Nhiệm vụ", 40),
    ("Chỉ số, lĩnh vực", 20),
    ("Trạng thái", 13),
    ("Tỷ lệ (%)", 7),
    ("Thời hạn", 11),
    ("Quá hạn", 8),
    ("Số tài liệu kiểm chứng", 10),
)
GAP_HEADERS = (("Cơ quan, đơn vị", 36), ("Chỉ số", 14), ("Tiêu chí", 10), ("Tên tiêu chí", 50), ("Điểm tự chấm", 10))
RAISED_HEADERS = (
    ("Cơ quan, đơn vị", 24),
    ("Mã", 7),
    ("Nhiệm vụ", 37),
    ("Khó khăn, vướng mắc", 36),
    ("Đề xuất, kiến nghị", 36),
)


def consolidated_texts(session: Session, data_dir: Path, period_code: str, today: date) -> ReportTexts:
    """What the consolidated report says by default for the period, with what the user last edited for it."""
    return _texts_for(session, overview(session, data_dir, period_code, today), today)


def _texts_for(session: Session, view: Overview, today: date) -> ReportTexts:
    texts = _default_texts(session, view, today)
    saved = saved_texts(session, view.period.code)
    return with_fields(texts, saved) if saved else texts


def sign_as_completions(session: Session) -> dict[str, str]:
    """A bare «TM.»/«KT.»/«TL.» in --texts is completed with the authority the signer acts for."""
    profile = get_profile(session)
    me, level = (profile.agency.name, profile.agency.level) if profile else ("", "")
    head = letterhead(me, level)
    committee = bool(head.signer_prefix)
    title = "CHỦ TỊCH" if committee else head.signer_position
    return {"TM.": "ỦY BAN NHÂN DÂN" if committee else title, "KT.": title, "TL.": title, "TUQ.": title, "Q.": title}


def write_consolidated(
    session: Session, data_dir: Path, period_code: str, path: Path, today: date, texts: ReportTexts | None = None
) -> Path:
    """The Excel holds the data; the PDF is the signed report and the Word copy the same report to edit, with
    `texts` (else the period's defaults and what was last edited), which are kept for the period."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf", ".docx"):
        raise UserError("Tệp báo cáo tổng hợp phải có đuôi .xlsx, .pdf hoặc .docx.")
    view = overview(session, data_dir, period_code, today)
    profile = get_profile(session)
    me = profile.agency.name if profile else ""
    with collection_paused():  # a national period's report builds millions of objects
        if suffix == ".xlsx":
            return _xlsx(view, me, path)
        chosen = texts if texts is not None else _texts_for(session, view, today)  # the overview once, not twice
        made = _pdf(view, me, chosen, path) if suffix == ".pdf" else _docx(view, chosen, path)
    save_texts(session, view.period.code, chosen)
    return made


def _default_texts(session: Session, view: Overview, today: date) -> ReportTexts:
    profile = get_profile(session)
    me, level = (profile.agency.name, profile.agency.level) if profile else ("", "")
    parent = profile.agency.parent.name if profile and profile.agency.parent else ""
    head = letterhead(me, level, parent or (province_committee(session) if level == "so" else ""))
    signer = signing(head, signer_of(session))
    to = ["Ủy ban nhân dân tỉnh"] if level == "so" else []
    period = view.period
    label = f"{period.label[:1].lower()}{period.label[1:]}"
    results = []
    for g in view.groups:
        text = f"{g.label}: {g.done}/{g.tasks} nhiệm vụ đã hoàn thành ({round(100 * g.completion)}%)."
        results.append(text if g.kind == KIND_INDEX else f"- {text}")
    shortcomings = [
        f"{len(view.overdue)} nhiệm vụ quá hạn chưa hoàn thành; {len(view.without_evidence)} nhiệm vụ và "
        f"{len(view.criteria_without_evidence)} tiêu chí tự chấm điểm chưa có tài liệu kiểm chứng."
    ]
    for state, words in (("missing", "Chưa nộp báo cáo"), ("late", "Nộp muộn")):
        if names := view.agencies_in(state):
            shortcomings.append(f"- {words} ({len(names)}): {', '.join(names)}.")
    difficulties = [t for t in view.raised if t.difficulties]
    if difficulties:
        shortcomings.append("- Khó khăn, vướng mắc các cơ quan, đơn vị nêu:")
        shortcomings += [f"+ {t.agency} (nhiệm vụ {t.code}): {fit_cell(t.difficulties)}" for t in difficulties]
    proposals = [f"- {t.agency} (nhiệm vụ {t.code}): {fit_cell(t.proposals)}" for t in view.raised if t.proposals]
    return ReportTexts(
        parent_agency=head.parent_agency,
        agency=head.agency,
        number=head.number,
        place_date=place_date(place_of(me), today),
        summary=f"Tổng hợp kết quả thực hiện nhiệm vụ cải cách hành chính {label}",
        to=to,
        situation=[
            f"Tổng số {len(view.agencies)} cơ quan, đơn vị: đã nộp đúng hạn {view.count('submitted')}, nộp muộn "
            f"{view.count('late')}, chưa nộp {view.count('missing')}."
        ],
        results=results,
        shortcomings=shortcomings,
        proposals=proposals or ["Các báo cáo đã nhận không có đề xuất, kiến nghị."],
        recipients=recipients_with(to, [*([] if to else ["Cơ quan cấp trên (để báo cáo);"]), "Lưu: VT."]),
        signer_prefix=signer.authority,
        signer_position=signer.position,
        signer_name=signer.name,
    )


def _agency_cells(i: int, r: SubmissionRow) -> list[object]:
    return [
        i,
        r.agency,
        STATE_LABELS[r.state],
        f"{r.received_at:%d/%m/%Y}" if r.received_at else "",
        r.tasks or "",
        r.done if r.tasks else "",
        round(100 * r.completion) if r.tasks else "",
        r.with_evidence if r.tasks else "",
    ]


def _group_cells(g: GroupRow) -> list[object]:
    return [g.label, g.agencies, g.tasks, g.done, round(100 * g.completion), g.with_evidence]


def _task_cells(t: AgencyTask) -> list[object]:
    return [
        t.agency,
        t.code,
        t.content,
        "\n".join(x for x in (FRAMEWORK_NAMES.get(t.framework, "") if t.framework else "", t.field) if x),
        STATUS_LABELS.get(t.status, "Chưa cập nhật"),
        t.percent if t.percent is not None else "",
        fmt_date(t.due_date),
        "Có" if t.overdue else "",
        t.evidence,
    ]


def _xlsx(view: Overview, me: str, path: Path) -> Path:
    book = PrintBook(me, view.period.label)
    title = f"{me} — {view.period.label}".strip(" —")
    sheet = book.sheet("Tình hình nộp", AGENCY_HEADERS, f"TÌNH HÌNH NỘP BÁO CÁO CCHC — {title}")
    for i, r in enumerate(view.agencies, start=1):
        sheet.row(_agency_cells(i, r))
    groups = book.sheet("Theo chỉ số, lĩnh vực", GROUP_HEADERS, f"KẾT QUẢ THEO CHỈ SỐ VÀ LĨNH VỰC — {title}")
    for g in view.groups:
        groups.row(_group_cells(g))
    tasks = book.sheet("Nhiệm vụ", TASK_HEADERS, f"TIẾN ĐỘ NHIỆM VỤ THEO CƠ QUAN — {title}")
    for t in view.tasks:
        tasks.row(_task_cells(t))
    overdue = book.sheet("Quá hạn", TASK_HEADERS, f"NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH — {title}")
    for t in view.overdue:
        overdue.row(_task_cells(t))
    gaps = book.sheet(
        "Thiếu tài liệu kiểm chứng", GAP_HEADERS, f"TIÊU CHÍ TỰ CHẤM CHƯA CÓ TÀI LIỆU KIỂM CHỨNG — {title}"
    )
    for c in view.criteria_without_evidence:
        gaps.row([c.agency, FRAMEWORK_NAMES.get(c.framework, c.framework), c.code, c.name, c.score])
    raised = book.sheet("Khó khăn, đề xuất", RAISED_HEADERS, f"KHÓ KHĂN, ĐỀ XUẤT CỦA CÁC CƠ QUAN — {title}")
    for t in view.raised:
        raised.row([t.agency, t.code, t.content, t.difficulties, t.proposals])
    return book.save(path)


def _pdf(view: Overview, me: str, texts: ReportTexts, path: Path) -> Path:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    register_fonts()
    st = styles()
    period = view.period
    story: list[Any] = [header_block(texts, st), Spacer(1, 8 * MM)]
    story += [*opening_block(texts, st), Spacer(1, 6 * MM)]
    for heading, paragraphs in _sections(texts):
        story.append(para(heading, st["section"], "b"))
        story += [para(text, st["body"]) for text in paragraphs]
    story += [Spacer(1, 6 * MM), closing_block(texts, st)]
    story += [NextPageTemplate("landscape"), PageBreak(), para("PHỤ LỤC", st["center"], "b")]
    story += [para(f"Tình hình nộp và kết quả theo cơ quan — {period.label}", st["center"], "i"), Spacer(1, 4 * MM)]
    story.append(_table(AGENCY_HEADERS, [_agency_cells(i, r) for i, r in enumerate(view.agencies, start=1)], st))
    if view.overdue:
        story += [Spacer(1, 6 * MM), para("Nhiệm vụ quá hạn chưa hoàn thành", st["center"], "i"), Spacer(1, 3 * MM)]
        story.append(_table(TASK_HEADERS, [_task_cells(t) for t in view.overdue], st))
    return official_document(path, f"Báo cáo tổng hợp CCHC {period.label}", me, story)


def _sections(texts: ReportTexts) -> list[tuple[str, list[str]]]:
    return [
        ("I. TÌNH HÌNH NỘP BÁO CÁO", texts.situation),
        ("II. KẾT QUẢ THEO CHỈ SỐ VÀ LĨNH VỰC", texts.results),
        ("III. TỒN TẠI, HẠN CHẾ", texts.shortcomings),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", texts.proposals),
    ]


def _docx(view: Overview, texts: ReportTexts, path: Path) -> Path:
    """The same report in Word, to edit before the leader signs; its appendix tables are the PDF's."""
    period = view.period
    tables = [_word_table(f"Tình hình nộp và kết quả theo cơ quan — {period.label}", AGENCY_HEADERS, view)]
    if view.overdue:
        tables.append(
            WordTable("Nhiệm vụ quá hạn chưa hoàn thành", _mm(TASK_HEADERS), [_task_cells(t) for t in view.overdue])
        )
    return write_docx(path, texts, _sections(texts), tables)


def _word_table(caption: str, headers: tuple[tuple[str, int], ...], view: Overview) -> WordTable:
    return WordTable(caption, _mm(headers), [_agency_cells(i, r) for i, r in enumerate(view.agencies, start=1)])


def _mm(headers: tuple[tuple[str, int], ...]) -> list[tuple[str, float]]:
    """Sheet widths as shares of the landscape page's text width, in millimetres."""
    total = sum(w for _h, w in headers)
    return [(h, LANDSCAPE_TEXT_WIDTH_MM * w / total) for h, w in headers]


def _table(headers: tuple[tuple[str, int], ...], rows: list[list[object]], st: Any) -> Any:
    total = sum(w for _h, w in headers)
    widths = [APPENDIX_WIDTH * w / total for _h, w in headers]
    made: list[dict[str, Any]] = [{} for _ in widths]
    table_rows = [[para(h, st["cell"], "b") for h, _w in headers]]
    table_rows += [
        [cell_value(fit_cell(str(v)), w, st["cell"], m) for v, w, m in zip(cells, widths, made, strict=True)]
        for cells in rows
    ]
    return grid_table(table_rows, widths)
