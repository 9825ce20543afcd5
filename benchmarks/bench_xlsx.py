"""The Excel report at province scale: 50,000 task rows beside xlsxwriter `constant_memory` writing the same
cells with the same styles, in the same run. Needs `pip install xlsxwriter` (for the baseline only).

python benchmarks/bench_xlsx.py [--rows 50000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.dashboard import summarize  # noqa: E402
from desktop.core.periods import PeriodRow  # noqa: E402
from desktop.core.records import STATUS_LABELS, TaskRow  # noqa: E402
from desktop.core.reports.data import Progress, ReportData, TaskLine  # noqa: E402
from desktop.core.reports.xlsx import DETAIL_HEADERS, TASK_HEADERS, write_xlsx  # noqa: E402

WORDS = [
    "cải",
    "cách",
    "hành",
    "chính",
    "kiểm",
    "tra",
    "tuyên",
    "truyền",
    "số",
    "hóa",
    "thủ",
    "tục",
    "một",
    "cửa",
    "liên",
    "thông",
    "đánh",
    "giá",
]


def text(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def report(rows: int) -> ReportData:
    rnd = random.Random(7)
    lines = []
    for i in range(rows):
        task = TaskRow(
            id=i,
            uuid=f"u{i}",
            plan_id=1,
            plan_label="KH",
            code=f"{i // 300 + 1}.{i % 300 + 1}",
            framework="PAR_INDEX",
            criterion_code="1.1",
            criterion_name=text(rnd, 6),
            field_code="1",
            section="",
            criterion_text="",
            content=text(rnd, 25),
            lead=("Sở Nội vụ",),
            partners=("UBND cấp xã",),
            deadline_text="Quý III và năm",
            deadline_kind="quarter",
            due_date=date(2025, 9, 30),
            recurring=False,
            expected_output="",
            note="",
            my_role="lead",
            parent_task_id=None,
            status="in_progress",
            percent=50,
        )
        progress = Progress("in_progress", 50, text(rnd, 30), "", text(rnd, 10), text(rnd, 10), "", f"p{i}", 1)
        lines.append(TaskLine(task, progress, (f"TL{i:05d}",)))
    period = PeriodRow(1, "2025-Q3", 2025, "Q3", "Quý III", date(2025, 6, 15), date(2025, 9, 14), date(2025, 9, 15))
    return ReportData(
        "Sở Nội vụ",
        "",
        period,
        date(2025, 10, 1),
        lines,
        summary=summarize([line.task for line in lines], date(2025, 10, 1)),
    )


def _task_cells(i: int, line: TaskLine) -> list[str | int]:
    t, p = line.task, line.progress
    assert p is not None and p.percent is not None
    return [
        i,
        f"{t.code} {t.content}",
        "; ".join(t.lead),
        t.deadline_text,
        STATUS_LABELS[p.status],
        p.percent,
        p.result,
        ", ".join(line.evidence_refs),
    ]


def _details(i: int, line: TaskLine) -> list[str | int]:
    t, p = line.task, line.progress
    assert p is not None
    return [
        i,
        f"Chỉ số PAR INDEX: {t.criterion_code} {t.criterion_name}",
        f"{t.code} {t.content}",
        "; ".join(t.partners),
        p.difficulties,
        p.proposals,
    ]


def baseline(data: ReportData, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    cell = wb.add_format(
        {"font_name": "Times New Roman", "font_size": 12, "text_wrap": True, "valign": "top", "border": 1}
    )
    bold = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True, "border": 1})
    for title, headers, cells in (
        ("Tiến độ nhiệm vụ", TASK_HEADERS, _task_cells),
        ("Khó khăn", DETAIL_HEADERS, _details),
    ):
        ws = wb.add_worksheet(title)
        for c, (_name, width) in enumerate(headers):
            ws.set_column(c, c, width)
        ws.freeze_panes(2, 0)
        ws.repeat_rows(1, 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_header("&LSở Nội vụ&RQuý III")
        ws.set_footer("&CTrang &P/&N")
        ws.write_string(0, 0, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ CCHC", bold)
        for c, (name, _w) in enumerate(headers):
            ws.write_string(1, c, name, bold)
        for r, line in enumerate(data.tasks, start=2):
            for c, v in enumerate(cells(r - 1, line)):
                if isinstance(v, str):
                    ws.write_string(r, c, v, cell)
                else:
                    ws.write_number(r, c, v, cell)
    wb.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    data = report(args.rows)
    ours, theirs = [], []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-xlsx-") as tmp:
        for r in range(args.rounds):
            t0 = time.perf_counter()
            write_xlsx(data, Path(tmp) / f"ours-{r}.xlsx")
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            baseline(data, Path(tmp) / f"xlsxwriter-{r}.xlsx")
            theirs.append(time.perf_counter() - t0)
            print(f"round {r + 1}: ours {ours[-1]:.1f} s, xlsxwriter {theirs[-1]:.1f} s")
    a, b = statistics.median(ours), statistics.median(theirs)
    print(
        f"\n| Excel report, {args.rows:,} task rows (5 sheets, row heights measured) | {a:.1f} s | xlsxwriter "
        f"constant_memory, the same two task sheets without heights {b:.1f} s | {a / b:.2f}× (goal ≤ 1.5×) |"
    )


if __name__ == "__main__":
    main()
