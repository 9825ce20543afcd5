"""Province scale: a 5,000-row appendix workbook, a database of 50,000 tasks, the task table, start-up.

python benchmarks/bench_tasks.py [--tasks 50000] [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.startup_timing import BARE, startup
from desktop.core.agencies import set_my_agency
from desktop.core.plan_import import ParsedPlan, ParsedSheet, ParsedTask, parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.records import PlanFields
from desktop.core.sample import sample_tables, write_tables
from desktop.core.workspace import open_workspace

DEADLINES = [
    "Năm 2025",
    "Quý III và Quý IV",
    "Thường xuyên",
    "- Kế hoạch (trước ngày 15/7/2025)",
    "Quý IV",
    "Thường xuyên;\nquý III và năm",
    "Trước ngày 15 của tháng cuối cùng kỳ báo cáo",
]
GROUPS = ["Các Sở, ban, ngành tỉnh; UBND cấp xã", "UBND cấp xã", "Các cơ quan, đơn vị có liên quan", ""]


def big_workbook(path: Path, rows: int) -> Path:
    """The seed PL01 table repeated with fresh codes until it has `rows` task rows (one sheet, page breaks)."""
    pl01 = sample_tables()[0]
    seed_rows = [r for r in pl01["rows"] if len(r) > 2]
    out: list[list[str]] = []
    tasks = 0
    section = 0
    while tasks < rows:
        section += 1
        out.append([str(section), f"LĨNH VỰC {section}"])
        for i, r in enumerate(seed_rows[: min(60, rows - tasks)], start=1):
            out.append([f"{section}.{i}", r[1], r[2], r[3], r[4], r[5]])
            tasks += 1
    table = dict(pl01, rows=out)
    from desktop.core.sample import Layout

    return write_tables([table], path, Layout(repeat_header_every=40))


def synthetic_plan(n_plan: int, tasks: int, agencies: list[str], rnd: random.Random) -> ParsedPlan:
    items = []
    for i in range(tasks):
        lead = agencies[rnd.randrange(len(agencies))]
        items.append(
            ParsedTask(
                sheet="PL01",
                row=i + 2,
                code=f"{1 + i // 40}.{1 + i % 40}",
                section="",
                criterion_text="",
                content=f"Nhiệm vụ {i} của kế hoạch {n_plan}: cải cách thủ tục hành chính, đào tạo công chức",
                lead=lead,
                partners=GROUPS[i % len(GROUPS)],
                deadline_text=DEADLINES[i % len(DEADLINES)],
                output="Báo cáo",
                note="",
            )
        )
    sheet = ParsedSheet(name="PL01", framework="PAR_INDEX", mapping={}, header_rows=[1], columns=[], tasks=items)
    return ParsedPlan(
        file_name=f"plan{n_plan}.xlsx",
        file_sha256=f"{n_plan:064d}",
        meta=PlanFields(number=f"{n_plan}/KH-UBND", title=f"Kế hoạch {n_plan}", issuer="UBND tỉnh", year=2025),
        sheets=[sheet],
    )


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=50_000)
    ap.add_argument("--rows", type=int, default=5_000)
    ap.add_argument("--agencies", type=int, default=150)
    args = ap.parse_args()
    results: list[tuple[str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))

    # 1. Importing a 5,000-row workbook.
    wb = big_workbook(tmp / "tinh.xlsx", args.rows)
    store = open_workspace(tmp / "import")
    with store.session() as s:
        set_my_agency(s, "UBND xã Hòa An", "xa")
    grid, t_read = timed(lambda: read_workbook(wb))
    parsed, t_parse = timed(lambda: parse_grid(grid))

    def commit():  # type: ignore[no-untyped-def]
        with store.session() as s:
            return commit_plan(s, parsed)

    res, t_commit = timed(commit)
    store.close()
    results.append(
        (
            f"Nhập tệp Excel {res.tasks:,} dòng nhiệm vụ (đọc + phân tích + ghi)",
            f"{t_read + t_parse + t_commit:.1f} s (đọc {t_read:.1f}, phân tích {t_parse:.2f}, ghi {t_commit:.1f})",
        )
    )

    # 2. A database of ~50,000 tasks: ~150 agencies x ~300 tasks.
    store = open_workspace(tmp / "province")
    with store.session() as s:
        set_my_agency(s, "UBND xã Hòa An", "xa")
    rnd = random.Random(1)
    agencies = [f"Sở Ban ngành số {i}" for i in range(args.agencies // 2)] + [
        f"UBND xã số {i}" for i in range(args.agencies - args.agencies // 2)
    ]
    per_plan = 300
    t0 = time.perf_counter()
    for n in range(args.tasks // per_plan + (1 if args.tasks % per_plan else 0)):
        with store.session() as s:
            commit_plan(s, synthetic_plan(n + 1, min(per_plan, args.tasks - n * per_plan), agencies, rnd))
    results.append((f"Tạo CSDL {args.tasks:,} nhiệm vụ", f"{time.perf_counter() - t0:.1f} s"))

    from desktop.core.tasks import load_task_rows

    def load():  # type: ignore[no-untyped-def]
        with store.session() as s:
            return load_task_rows(s)

    rows, t_load = timed(load)

    results.append(
        (f"Đọc {len(rows):,} nhiệm vụ từ CSDL", f"{t_load:.2f} s (bảng trong cửa sổ: benchmarks/bench_table.py)")
    )
    store.close()

    # 3. Start-up: the app's window beside a bare PySide6 window started the same way; then its data.
    exe = Path(sys.executable)
    desk = [str(exe.with_name("cchc-desk")), "--data-dir", str(tmp / "import"), "--self-test"]
    bare = startup([str(exe), "-c", BARE], ("window-shown",))["window-shown"]
    app = startup(desk, ("window-shown", "data-ready"))
    results.append(
        (
            "Khởi động đến cửa sổ chính tương tác được (mã nguồn)",
            f"{app['window-shown']:.2f} s; cửa sổ PySide6 trống {bare:.2f} s; tỉ lệ "
            f"{app['window-shown'] / bare:.2f}× (mục tiêu ≤ 1,5×)",
        )
    )
    results.append((f"… đến khi dữ liệu hiện đủ ({res.tasks:,} nhiệm vụ)", f"{app['data-ready']:.2f} s"))

    print("\n| Phép đo | Kết quả |\n|---|---|")
    for k, v in results:
        print(f"| {k} | {v} |")
    print(f"\nMáy: {os.cpu_count()} lõi, Python {sys.version.split()[0]}; dữ liệu tạm: {tmp}")


if __name__ == "__main__":
    main()
