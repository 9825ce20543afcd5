"""The period's Excel report: five print-ready sheets in the layout of the plan appendices.

Rows are streamed (memory flat at 50,000 rows) through `print_sheet`, which writes every piece of user text as
a string cell: a result that begins with "=" stays text and never becomes a formula. The file is written
under a temporary name and renamed at the end.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.formatting import fmt_date, fmt_number
from desktop.core.records import STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES, ReportData, framework_title
from desktop.core.reports.print_sheet import PrintBook

# Each sheet's widths total at most MAX_PRINT_WIDTH, so it prints at ≥ 10 pt on A4 landscape: the essential
# columns of a task on the first sheet, its field, partners, difficulties and proposals on the second.
TASK_HEADERS = (
    ("STT", 5),
    ("Nhiệm vụ", 40),
    ("Cơ quan chủ trì", 16),
    ("Thời hạn", 12),
    ("Trạng thái", 12),
    ("Tỷ lệ (%)", 7),
    ("Kết quả thực hiện", 38),
    ("Tài liệu kiểm chứng", 10),
)
DETAIL_HEADERS = (
    ("STT", 5),
    ("Lĩnh vực / tiêu chí", 22),
    ("Nhiệm vụ", 33),
    ("Cơ quan phối hợp", 20),
    ("Khó khăn, vướng mắc", 30),
    ("Đề xuất, kiến nghị", 30),
)
EVIDENCE_HEADERS = (
    ("Ký hiệu", 7),
    ("Tên tệp", 22),
    ("Số, ký hiệu", 13),
    ("Ngày ban hành", 11),
    ("Cơ quan ban hành", 17),
    ("Trích yếu", 34),
    ("Gắn với nhiệm vụ / tiêu chí", 20),
    ("Mã SHA-256", 16),
)
SCORE_HEADERS = (
    ("Mã", 8),
    ("Tiêu chí", 58),
    ("Điểm tối đa", 9),
    ("Điểm tự chấm", 9),
    ("Giải trình", 44),
    ("Số tài liệu kiểm chứng", 12),
)


def write_xlsx(data: ReportData, path: Path) -> Path:
    book = PrintBook(data.agency, data.period.label)
    title = f"{data.agency} — {data.period.label}"
    tasks = book.sheet("Tiến độ nhiệm vụ", TASK_HEADERS, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC — {title}")
    details = book.sheet("Khó khăn, đề xuất", DETAIL_HEADERS, f"KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT — {title}")
    for i, line in enumerate(data.tasks, start=1):
        t, p = line.task, line.progress
        task = f"{t.code} {t.content}".strip()
        tasks.row(
            [
                i,
                task,
                "; ".join(t.lead),
                t.deadline_text or fmt_date(t.due_date),
                STATUS_LABELS.get(p.status, p.status) if p else "Chưa cập nhật",
                p.percent if p and p.percent is not None else "",
                "\n".join(x for x in (p.result, p.measured_value and f"Đạt: {p.measured_value}") if x) if p else "",
                ", ".join(line.evidence_refs),
            ]
        )
        criterion = " ".join(x for x in (t.criterion_code, t.criterion_name) if x) or t.section
        details.row(
            [
                i,
                f"{FRAMEWORK_NAMES.get(t.framework, t.framework)}: {criterion}" if t.framework else criterion,
                task,
                "; ".join(t.partners),
                "\n".join(x for x in (p.difficulties, p.reason and f"Lý do: {p.reason}") if x) if p else "",
                p.proposals if p else "",
            ]
        )
    ev = book.sheet("Tài liệu kiểm chứng", EVIDENCE_HEADERS, f"DANH MỤC TÀI LIỆU KIỂM CHỨNG — {title}")
    for ev_line in data.evidence:
        item = ev_line.item
        ev.row(
            [
                ev_line.ref,
                item.original_name,
                item.number,
                fmt_date(item.issued_on),
                item.issuer,
                item.summary,
                ", ".join(ev_line.targets),
                item.sha256,
            ]
        )
    scored = framework_title(data.score_framework)
    sc = book.sheet("Tự chấm điểm", SCORE_HEADERS, f"TỰ CHẤM ĐIỂM {scored.upper()} — {title}".replace("  ", " "))
    for s in data.scores:
        sc.row(
            [
                s.code,
                ("    " * s.depth) + s.name,
                fmt_number(s.max_score),
                fmt_number(s.score),
                s.explanation,
                s.evidence_count,
            ],
            bold=not s.is_leaf,
        )
    _summary(book, data, title)
    return book.save(path)


def _summary(book: PrintBook, data: ReportData, title: str) -> None:
    headers = [("Nhóm", 40), *[(label, 14) for label in STATUS_LABELS.values()], ("Tổng", 10)]
    sheet = book.sheet("Tổng hợp", headers, f"TỔNG HỢP THEO TRẠNG THÁI — {title}")
    statuses = list(STATUS_LABELS)
    d = data.summary
    sheet.row(["Tất cả nhiệm vụ", *[d.by_status.get(s, 0) for s in statuses], d.total], bold=True)
    for fw, counts in sorted(d.by_framework.items()):
        sheet.row([FRAMEWORK_NAMES.get(fw, fw), *[counts.get(s, 0) for s in statuses], sum(counts.values())])
    sheet.row(["Quá hạn", "", "", "", "", "", d.overdue])
    sheet.row(["Có tài liệu kiểm chứng", "", "", "", "", "", d.with_evidence])
    sheet.row(["Hoàn thành nhưng chưa có tài liệu kiểm chứng", "", "", "", "", "", d.done_without_evidence])
