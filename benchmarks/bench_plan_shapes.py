"""Plans as they arrive, at province scale: the same 5,000-task appendix as a clean Unicode .xlsx, an Excel
97-2003 .xls, a Word .docx and an .xlsx whose body is typed in TCVN3 (.VnTime), each imported whole (read +
convert + parse + write to a fresh database), measured side by side in one run; the goal is ≤ 1.5× the clean
.xlsx for each.

python benchmarks/bench_plan_shapes.py [--rows 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.agencies import set_my_agency
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.sample import write_tables
from desktop.core.workspace import open_workspace
from tests.fixtures.real_shapes import shape_of, write_docx, write_legacy_xlsx, write_xls
from tests.fixtures.workbooks import seed002_tables


def big_table(rows: int) -> dict[str, Any]:
    """The seed's PAPI appendix (code, task, lead, partners, deadline) repeated into `rows` tasks under
    numbered sections of 50."""
    papi = next(t for t in seed002_tables() if "PAPI" in t["sheet"])
    tasks = [r for r in papi["rows"] if len(r) >= 5 and r[2]]
    out = copy.deepcopy(papi)
    out["rows"] = []
    for n in range(rows):
        if n % 50 == 0:
            out["rows"].append([str(n // 50 + 1), f"NHÓM NHIỆM VỤ SỐ {n // 50 + 1}"])
        src = tasks[n % len(tasks)]
        out["rows"].append([f"{n // 50 + 1}.{n % 50 + 1}", f"{src[1]} (lần {n + 1})", *src[2:5]])
    out["merges"] = []
    return out


def import_once(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_workspace(Path(tmp) / "data")
        with store.session() as s:
            set_my_agency(s, "UBND xã Hòa An", "xa")
        start = time.perf_counter()
        parsed = parse_grid(read_workbook(path))
        with store.session(write=True) as s:
            result = commit_plan(s, parsed)
        elapsed = time.perf_counter() - start
        store.engine.dispose()
    assert result.tasks >= 1, path
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    table = big_table(args.rows)
    shape = [shape_of(table)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = {
            "xlsx Unicode (mốc)": write_tables([table], root / "clean.xlsx"),
            "xls 97-2003": write_xls(shape, root / "old.xls"),
            "docx Word": write_docx(shape, root / "plan.docx"),
            "xlsx TCVN3": write_legacy_xlsx(shape, root / "abc.xlsx", "tcvn3"),
        }
        times: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(args.rounds):  # interleaved, so a busy moment hurts every format alike
            for name, path in files.items():
                times[name].append(import_once(path))
    base = statistics.median(times["xlsx Unicode (mốc)"])
    print(f"{args.rows} nhiệm vụ, trung vị của {args.rounds} lần")
    print(f"{'tệp':<22}{'giây':>8}{'so với xlsx':>14}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<22}{median:>8.2f}{median / base:>13.2f}×")


if __name__ == "__main__":
    main()
