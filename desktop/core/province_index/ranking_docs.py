"""The ranking as documents: the table in Excel, and a draft Quyết định công bố (Nghị định 30 layout: the UBND
tỉnh's letterhead, căn cứ, Điều 1–3, signature, the ranking as its appendix) in PDF and Word."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.agencies import get_profile
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number
from desktop.core.province_index.ranking import Ranking, RankingRow
from desktop.core.register import province_committee
from desktop.core.reports.letterhead import place_date, place_of
from desktop.core.reports.pdf import ReportTexts, header_block, official_document, signature_table, title_block
from desktop.core.reports.pdf_text import APPENDIX_WIDTH, MM, grid_table, para, register_fonts, styles
from desktop.core.reports.print_sheet import PrintBook
from desktop.core.reports.word import WordTable, write_docx

HEADERS = (
    ("Xếp hạng", 9),
    ("Cơ quan, đơn vị", 42),
    ("Điểm tự đánh giá", 12),
    ("Điểm sau thẩm định", 12),
    ("Điểm điều tra XHH", 12),
    ("Tổng điểm", 11),
    ("Xếp loại", 13),
    ("Tăng, giảm so với năm trước", 14),
)
WHOM = {"xa": "UBND các xã, phường", "so": "các sở, ban, ngành"}
SUFFIXES = (".xlsx", ".pdf", ".docx")


def cells(r: RankingRow) -> list[str]:
    change = r.change
    return [
        str(r.rank) if r.rank is not None else "",
        r.agency,
        fmt_number(r.self_total),
        fmt_number(r.appraised_total),
        fmt_number(r.survey_total),
        fmt_number(r.final_total),
        r.classification,
        ("+" if change and change > 0 else "") + fmt_number(change) if change is not None else "",
    ]


def subject(ranking: Ranking) -> str:
    return f"Về việc công bố Chỉ số cải cách hành chính năm {ranking.year} của {WHOM.get(ranking.level, 'các cơ quan')}"


def decision_articles(ranking: Ranking) -> list[tuple[str, list[str]]]:
    counts = Counter(r.classification for r in ranking.rows if r.rank is not None)
    ranked = sum(counts.values())
    classes = [str(c["name"]) for c in ranking.classes] or sorted(counts)
    by_class = "; ".join(f"{name}: {counts.get(name, 0)}" for name in classes)
    whom = WHOM.get(ranking.level, "các cơ quan")
    not_sent = [r.agency for r in ranking.rows if r.rank is None]
    article2 = [f"Kết quả xếp loại {ranked} đơn vị: {by_class}."]
    if not_sent:
        article2.append(
            f"{len(not_sent)} đơn vị chưa gửi báo cáo tự đánh giá, chưa được xếp hạng (danh sách cuối Phụ lục)."
        )
    return [
        (
            "Căn cứ",
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương;",
                f"Căn cứ {ranking.name} năm {ranking.year};",
                "Theo đề nghị của Giám đốc Sở Nội vụ.",
            ],
        ),
        ("QUYẾT ĐỊNH:", []),
        (
            f"Điều 1. Công bố Chỉ số cải cách hành chính năm {ranking.year} của {whom}",
            [
                f"Kết quả và xếp hạng chi tiết tại Phụ lục kèm theo Quyết định này (tổng điểm tối đa "
                f"{fmt_number(ranking.max_total)} điểm)."
            ],
        ),
        ("Điều 2. Xếp loại", article2),
        (
            "Điều 3. Tổ chức thực hiện",
            [
                "Quyết định này có hiệu lực kể từ ngày ký.",
                f"Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, thủ trưởng {whom} và các cơ quan, đơn vị có liên "
                "quan chịu trách nhiệm thi hành Quyết định này.",
            ],
        ),
    ]


def decision_texts(ranking: Ranking, committee: str, place: str, today: date) -> ReportTexts:
    province = committee.removeprefix("UBND ").strip()
    return ReportTexts(
        parent_agency="",
        agency=f"ỦY BAN NHÂN DÂN {province.upper()}" if province else "ỦY BAN NHÂN DÂN TỈNH",
        number="Số:      /QĐ-UBND",
        place_date=place_date(place, today),
        summary=subject(ranking),
        recipients=["Như Điều 3;", "Bộ Nội vụ (b/c);", "Thường trực Tỉnh ủy, HĐND tỉnh (b/c);", "Lưu: VT, SNV."],
        signer_prefix="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH",
        to=[],
    )


def write_ranking_xlsx(ranking: Ranking, path: Path) -> Path:
    book = PrintBook(ranking.name, f"Năm {ranking.year}")
    sheet = book.sheet(
        "Xếp hạng", HEADERS, f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {ranking.year} — {ranking.name.upper()}"
    )
    for r in ranking.rows:
        sheet.row(cells(r))
    return book.save(path)


def write_ranking_pdf(ranking: Ranking, texts: ReportTexts, path: Path) -> Path:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

    register_fonts()
    st = styles()
    story: list[Any] = [header_block(texts, st), Spacer(1, 8 * MM), *title_block("QUYẾT ĐỊNH", texts.summary)]
    story += [Spacer(1, 4 * MM), para(f"{texts.signer_position} {texts.agency}", st["center"], "b")]
    for heading, paragraphs in decision_articles(ranking):
        if heading == "Căn cứ":
            story += [para(text, st["body"], "i") for text in paragraphs]
            continue
        story.append(para(heading, st["center"] if not paragraphs else st["section"], "b"))
        story += [para(text, st["body"]) for text in paragraphs]
    story += [Spacer(1, 6 * MM)]
    story.append(signature_table(texts.recipients, texts.signer_prefix, texts.signer_position, texts.signer_name))
    story += [NextPageTemplate("landscape"), PageBreak(), para("PHỤ LỤC", st["center"], "b")]
    caption = f"Kết quả Chỉ số cải cách hành chính năm {ranking.year} của {WHOM.get(ranking.level, 'các cơ quan')}"
    story += [para(caption, st["center"], "i"), Spacer(1, 4 * MM)]
    cell = st["cell"]
    rows: list[list[Any]] = [[para(h, cell, "b") for h, _ in HEADERS]]
    rows += [[para(text, cell) for text in cells(r)] for r in ranking.rows]
    total = sum(w for _, w in HEADERS)
    story.append(grid_table(rows, [APPENDIX_WIDTH * w / total for _, w in HEADERS]))
    return official_document(path, f"Quyết định {texts.summary}", texts.agency, story)


def write_ranking_docx(ranking: Ranking, texts: ReportTexts, path: Path) -> Path:
    total = sum(w for _, w in HEADERS)
    widths = [(h, 257 * w / total) for h, w in HEADERS]
    table = WordTable(
        f"Kết quả Chỉ số cải cách hành chính năm {ranking.year} của {WHOM.get(ranking.level, 'các cơ quan')}",
        widths,
        [cells(r) for r in ranking.rows],
    )
    sections = [(heading, list(paragraphs)) for heading, paragraphs in decision_articles(ranking)]
    return write_docx(path, texts, sections, [table], kind="QUYẾT ĐỊNH")


def texts_for(session: Session, ranking: Ranking, today: date) -> ReportTexts:
    """The draft decision's letterhead: the province's committee, dated where the Sở is."""
    profile = get_profile(session)
    place = place_of(profile.agency.name) if profile else ""
    return decision_texts(ranking, province_committee(session), place, today)


def write_ranking(ranking: Ranking, texts: ReportTexts, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"Chỉ xuất được bảng xếp hạng ra .xlsx, .pdf hoặc .docx (đã chọn «{path.name}»).")
    if not path.parent.is_dir():
        raise UserError(f"Không có thư mục «{path.parent}» để lưu; hãy chọn thư mục khác.")
    if suffix == ".xlsx":
        return write_ranking_xlsx(ranking, path)
    if suffix == ".pdf":
        return write_ranking_pdf(ranking, texts, path)
    return write_ranking_docx(ranking, texts, path)
