"""The focal point's consolidated report for a period, across every agency's current bundle: Excel or PDF."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Submission
from desktop.core.agencies import get_profile
from desktop.core.bundle.submissions import STATE_LABELS, SubmissionRow, submissions
from desktop.core.errors import UserError
from desktop.core.periods import PeriodRow, period_row
from desktop.core.records import DONE_STATUSES, STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES
from desktop.core.reports.pdf import (
    APPENDIX_WIDTH,
    MM,
    TABLE_FONT,
    ReportTexts,
    header_block,
    official_document,
    para,
    place_of,
    register_fonts,
    styles,
)
from desktop.core.reports.xlsx import PrintSheet, save_workbook

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
TASK_HEADERS = (("Cơ quan, đơn vị", 36), ("Mã", 8), ("Chỉ số", 12), ("Trạng thái", 16), ("Tỷ lệ (%)", 9))


def write_consolidated(session: Session, period_code: str, path: Path, today: date) -> Path:
    period = period_row(session, period_code)
    rows = submissions(session, period.code)
    current = list(
        session.scalars(select(Submission).where(Submission.period_code == period.code, Submission.status == "current"))
    )
    profile = get_profile(session)
    me = profile.agency.name if profile else ""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(rows, current, period, me, path)
    if suffix == ".pdf":
        return _pdf(rows, current, period, me, today, path)
    raise UserError("Tệp báo cáo tổng hợp phải có đuôi .xlsx hoặc .pdf.")


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


def _by_framework(current: list[Submission]) -> dict[str, tuple[int, int]]:
    total: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for sub in current:
        for t in sub.tasks or []:
            fw = str(t.get("framework") or "")
            total[fw] += 1
            done[fw] += t.get("status") in DONE_STATUSES
    return {fw: (total[fw], done[fw]) for fw in sorted(total)}


def _xlsx(rows: list[SubmissionRow], current: list[Submission], period: PeriodRow, me: str, path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    title = f"{me} — {period.label}".strip(" —")
    sheet = PrintSheet(wb, "Tình hình nộp", AGENCY_HEADERS, f"TÌNH HÌNH NỘP BÁO CÁO CCHC — {title}")
    for i, r in enumerate(rows, start=1):
        sheet.row(_agency_cells(i, r))
    fw_sheet = PrintSheet(
        wb, "Theo chỉ số", (("Chỉ số", 30), ("Số nhiệm vụ", 12), ("Hoàn thành", 12), ("Tỷ lệ (%)", 10)), title
    )
    for fw, (total, done) in _by_framework(current).items():
        fw_sheet.row([FRAMEWORK_NAMES.get(fw, fw), total, done, round(100 * done / total) if total else ""])
    tasks = PrintSheet(wb, "Nhiệm vụ", TASK_HEADERS, f"TIẾN ĐỘ NHIỆM VỤ THEO CƠ QUAN — {title}")
    for sub in sorted(current, key=lambda s: s.agency_name):
        for t in sub.tasks or []:
            status = str(t.get("status") or "")
            tasks.row(
                [
                    sub.agency_name,
                    str(t.get("code") or ""),
                    FRAMEWORK_NAMES.get(str(t.get("framework") or ""), ""),
                    STATUS_LABELS.get(status, "Chưa cập nhật"),
                    t.get("percent") if t.get("percent") is not None else "",
                ]
            )
    return save_workbook(wb, path)


def _pdf(
    rows: list[SubmissionRow], current: list[Submission], period: PeriodRow, me: str, today: date, path: Path
) -> Path:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer, Table

    register_fonts()
    st = styles()
    label = f"{period.label[:1].lower()}{period.label[1:]}"
    texts = ReportTexts(
        agency=me.upper(),
        place_date=f"{place_of(me) or '…'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
    )
    states = Counter(r.state for r in rows)
    story: list[Any] = [header_block(texts, st), Spacer(1, 8 * MM)]
    story += [para("BÁO CÁO", st["center"], "b")]
    story += [para(f"Tổng hợp kết quả thực hiện nhiệm vụ cải cách hành chính {label}", st["center"], "b")]
    story += [Spacer(1, 6 * MM), para("I. TÌNH HÌNH NỘP BÁO CÁO", st["section"], "b")]
    story.append(
        para(
            f"Tổng số {len(rows)} cơ quan, đơn vị: đã nộp đúng hạn {states['submitted']}, nộp muộn "
            f"{states['late']}, chưa nộp {states['missing']}.",
            st["body"],
        )
    )
    story.append(para("II. KẾT QUẢ THEO CHỈ SỐ", st["section"], "b"))
    for fw, (total, done) in _by_framework(current).items():
        story.append(para(f"{FRAMEWORK_NAMES.get(fw, fw)}: {done}/{total} nhiệm vụ đã hoàn thành.", st["body"]))
    story += [NextPageTemplate("landscape"), PageBreak(), para("PHỤ LỤC", st["center"], "b")]
    story += [para(f"Tình hình nộp và kết quả theo cơ quan — {period.label}", st["center"], "i"), Spacer(1, 4 * MM)]
    table_rows = [[para(h, st["cell"], "b") for h, _w in AGENCY_HEADERS]]
    table_rows += [[para(str(v), st["cell"]) for v in _agency_cells(i, r)] for i, r in enumerate(rows, start=1)]
    widths = [w for _h, w in AGENCY_HEADERS]
    table = Table(table_rows, colWidths=[APPENDIX_WIDTH * w / sum(widths) for w in widths], repeatRows=1)
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP"), TABLE_FONT])
    story.append(table)
    return official_document(path, f"Báo cáo tổng hợp CCHC {period.label}", me, story)
