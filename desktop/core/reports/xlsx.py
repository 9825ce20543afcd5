"""The period's Excel report: four print-ready sheets in the layout of the plan appendices.

Rows are streamed (memory flat at 50,000 rows) through `print_sheet`, which writes every piece of user text as
a string cell: a result that begins with "=" stays text and never becomes a formula. The file is written
under a temporary name and renamed at the end.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.formatting import fmt_date, fmt_number
from desktop.core.records import STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES, ReportData
from desktop.core.reports.print_sheet import PrintBook

TASK_HEADERS = (
    ("STT", 6),
    ("Lĩnh vực / tiêu chí", 24),
    ("Nhiệm vụ", 48),
    ("Cơ quan chủ trì", 20),
    ("Cơ quan phối hợp", 20),
    ("Thời hạn", 14),
    ("Trạng thái", 14),
    ("Tỷ lệ (%)", 8),
    ("Kết quả thực hiện", 40),
    ("Khó khăn, vướng mắc", 28),
    ("Đề xuất, kiến nghị", 28),
    ("Tài liệu kiểm chứng", 14),
)
EVIDENCE_HEADERS = (
    ("Ký hiệu", 9),
    ("Tên tệp", 30),
    ("Số, ký hiệu", 16),
    ("Ngày ban hành", 12),
    ("Cơ quan ban hành", 22),
    ("Trích yếu", 40),
    ("Gắn với nhiệm vụ / tiêu chí", 22),
    ("SHA-256", 66),
)
SCORE_HEADERS = (
    ("Mã", 8),
    ("Tiêu chí", 60),
    ("Điểm tối đa", 10),
    ("Điểm tự chấm", 10),
    ("Giải trình", 40),
    ("Số tài liệu kiểm chứng", 12),
)


def write_xlsx(data: ReportData, path: Path) -> Path:
    book = PrintBook()
    title = f"{data.agency} — {data.period.label}"
    tasks = book.sheet("Tiến độ nhiệm vụ", TASK_HEADERS, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC — {title}")
    for i, line in enumerate(data.tasks, start=1):
        t, p = line.task, line.progress
        criterion = " ".join(x for x in (t.criterion_code, t.criterion_name) if x) or t.section
        tasks.row(
            [
                i,
                f"{FRAMEWORK_NAMES.get(t.framework, t.framework)}: {criterion}" if t.framework else criterion,
                f"{t.code} {t.content}".strip(),
                "; ".join(t.lead),
                "; ".join(t.partners),
                t.deadline_text or fmt_date(t.due_date),
                STATUS_LABELS.get(p.status, p.status) if p else "Chưa cập nhật",
                p.percent if p and p.percent is not None else "",
                "\n".join(x for x in (p.result, p.measured_value and f"Đạt: {p.measured_value}") if x) if p else "",
                "\n".join(x for x in (p.difficulties, p.reason and f"Lý do: {p.reason}") if x) if p else "",
                p.proposals if p else "",
                ", ".join(line.evidence_refs),
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
    sc = book.sheet("Tự chấm điểm", SCORE_HEADERS, f"TỰ CHẤM ĐIỂM {data.score_framework} — {title}".strip())
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
    headers = [("Nhóm", 34), *[(label, 14) for label in STATUS_LABELS.values()], ("Tổng", 10)]
    sheet = book.sheet("Tổng hợp", headers, f"TỔNG HỢP THEO TRẠNG THÁI — {title}")
    statuses = list(STATUS_LABELS)
    d = data.summary
    sheet.row(["Tất cả nhiệm vụ", *[d.by_status.get(s, 0) for s in statuses], d.total], bold=True)
    for fw, counts in sorted(d.by_framework.items()):
        sheet.row([FRAMEWORK_NAMES.get(fw, fw), *[counts.get(s, 0) for s in statuses], sum(counts.values())])
    sheet.row(["Quá hạn", "", "", "", "", "", d.overdue])
    sheet.row(["Có tài liệu kiểm chứng", "", "", "", "", "", d.with_evidence])
    sheet.row(["Hoàn thành nhưng chưa có tài liệu kiểm chứng", "", "", "", "", "", d.done_without_evidence])
