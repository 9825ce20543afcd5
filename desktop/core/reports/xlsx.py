"""The period's Excel report: four print-ready sheets in the layout of the plan appendices.

Written in openpyxl's write-only mode (rows streamed, memory flat at 50,000 rows). Every piece of user text is
written as a string cell, so a result that begins with "=" stays text and never becomes a formula. The file
is written under a temporary name and renamed at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from desktop.core.atomic import replacing
from desktop.core.formatting import fmt_date, fmt_number
from desktop.core.records import STATUS_LABELS
from desktop.core.reports.data import FRAMEWORK_NAMES, ReportData
from desktop.core.text import nfc

FONT = "Times New Roman"  # Liberation Serif has its metrics: the same layout on a machine without Times
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


class PrintSheet:
    """One write-only sheet with the shared styles: bold wrapped header, thin borders, fixed widths."""

    def __init__(self, wb: Any, title: str, headers: Sequence[tuple[str, int]], heading: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=12)
        self.bold = Font(name=FONT, size=12, bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self._styles: dict[str, Any] = {}
        for i, (_name, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A3"
        self.ws.print_title_rows = "1:2"
        setup = self.ws.page_setup
        setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", "9", 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_margins.left = self.ws.page_margins.right = 0.5
        self.ws.append([self._cell(heading, self.bold, None)])
        self.ws.append([self._cell(name, self.bold, self.center, border=True) for name, _w in headers])

    def _cell(self, value: object, font: Any, align: Any, border: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.value = nfc(value)
            cell.data_type = "s"  # text stays text: "=1+1" or "+84…" is never a formula
        cell.font = font
        if align is not None:
            cell.alignment = align
        if border:
            cell.border = self.border
        return cell

    def row(self, values: Iterable[object], bold: bool = False) -> None:
        """A body row. Styles are resolved once per kind of row and copied (resolving them per cell made a
        50,000-row report 3× slower than xlsxwriter)."""
        from openpyxl.cell import WriteOnlyCell

        key = "bold" if bold else "body"
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self._cell("", self.bold if bold else self.font, self.wrap, True)._style
        cells = []
        for v in values:
            if isinstance(v, str):
                cell = WriteOnlyCell(self.ws, value=None)
                cell._value, cell.data_type = nfc(v), "s"  # text stays text: "=1+1" is never a formula
            else:
                cell = WriteOnlyCell(self.ws, value=v)
            cell._style = copy(style)
            cells.append(cell)
        self.ws.append(cells)


def write_xlsx(data: ReportData, path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    title = f"{data.agency} — {data.period.label}"
    tasks = PrintSheet(wb, "Tiến độ nhiệm vụ", TASK_HEADERS, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC — {title}")
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
    ev = PrintSheet(wb, "Tài liệu kiểm chứng", EVIDENCE_HEADERS, f"DANH MỤC TÀI LIỆU KIỂM CHỨNG — {title}")
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
    sc = PrintSheet(wb, "Tự chấm điểm", SCORE_HEADERS, f"TỰ CHẤM ĐIỂM {data.score_framework} — {title}".strip())
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
    _summary(wb, data, title)
    return save_workbook(wb, path)


def _summary(wb: Any, data: ReportData, title: str) -> None:
    headers = [("Nhóm", 34), *[(label, 14) for label in STATUS_LABELS.values()], ("Tổng", 10)]
    sheet = PrintSheet(wb, "Tổng hợp", headers, f"TỔNG HỢP THEO TRẠNG THÁI — {title}")
    statuses = list(STATUS_LABELS)
    d = data.summary
    sheet.row(["Tất cả nhiệm vụ", *[d.by_status.get(s, 0) for s in statuses], d.total], bold=True)
    for fw, counts in sorted(d.by_framework.items()):
        sheet.row([FRAMEWORK_NAMES.get(fw, fw), *[counts.get(s, 0) for s in statuses], sum(counts.values())])
    sheet.row(["Quá hạn", "", "", "", "", "", d.overdue])
    sheet.row(["Có tài liệu kiểm chứng", "", "", "", "", "", d.with_evidence])
    sheet.row(["Hoàn thành nhưng chưa có tài liệu kiểm chứng", "", "", "", "", "", d.done_without_evidence])


def save_workbook(wb: Any, path: Path) -> Path:
    with replacing(path) as tmp:
        wb.save(tmp)
    return path
