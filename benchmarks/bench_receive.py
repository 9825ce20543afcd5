"""A focal point receives 150 bundles without evidence (one per commune), then lists the period's submissions,
builds the period's picture for its page and writes the consolidated report in Excel and PDF.

python benchmarks/bench_receive.py [--bundles 150]

One commune imports the focal point's plan package and exports its bundle; the other 149 are that bundle with
their own agency name and bundle UUID written into the manifest (the manifest is not among the hashed files),
so every one is distinct and valid.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.agencies import set_my_agency  # noqa: E402
from desktop.core.bundle.consolidate import write_consolidated  # noqa: E402
from desktop.core.bundle.export import export_bundle  # noqa: E402
from desktop.core.bundle.overview import overview  # noqa: E402
from desktop.core.bundle.receive import import_bundles  # noqa: E402
from desktop.core.bundle.submissions import submissions  # noqa: E402
from desktop.core.plan_package import export_plan, import_plan_package  # noqa: E402
from desktop.core.progress import CancelToken, no_progress  # noqa: E402
from desktop.core.sample import write_sample_workbook  # noqa: E402
from desktop.core.tasks import load_task_rows  # noqa: E402
from desktop.core.workspace import open_workspace  # noqa: E402
from tests.fixtures.bundle_copies import sent_by_many  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundles", type=int, default=150)
    args = ap.parse_args()
    from desktop.core.plan_import import parse_grid, read_workbook
    from desktop.core.plan_import.commit import commit_plan

    with tempfile.TemporaryDirectory(prefix="cchc-bench-recv-", dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        focal = open_workspace(work / "so-noi-vu")
        with focal.session() as s:
            set_my_agency(s, "Sở Nội vụ", "so", "")
        with focal.session() as s:
            commit_plan(s, parse_grid(read_workbook(write_sample_workbook(work / "kh.xlsx"))))
        with focal.session() as s:
            package = export_plan(s, load_task_rows(s)[0].plan_id, work / "kh")
        commune = open_workspace(work / "xa")
        with commune.session() as s:
            set_my_agency(s, "UBND xã Mẫu", "xa", "")
            import_plan_package(s, package)
        one = export_bundle(
            commune, "2025-Q3", work / "out", date(2025, 10, 1), no_progress, CancelToken(), as_zip=True
        )
        usb = work / "usb"
        paths = sent_by_many(one.path, ((usb / f"xa-{n:03d}.zip", f"UBND xã Số {n:03d}") for n in range(args.bundles)))
        size = sum(p.stat().st_size for p in paths)
        t0 = time.perf_counter()
        outcomes = import_bundles(focal, paths)
        elapsed = time.perf_counter() - t0
        assert all(o.status == "accepted" for o in outcomes), {o.status for o in outcomes}
        t1 = time.perf_counter()
        with focal.session() as s:
            rows = submissions(s, "2025-Q3")
        listing = time.perf_counter() - t1
        t2 = time.perf_counter()
        with focal.session() as s:
            view = overview(s, focal.data_dir, "2025-Q3", date(2025, 10, 1))
        picture = time.perf_counter() - t2
        made = {}
        for suffix in ("xlsx", "pdf"):
            t3 = time.perf_counter()
            with focal.session() as s:
                write_consolidated(s, focal.data_dir, "2025-Q3", work / f"tong-hop.{suffix}", date(2025, 10, 1))
            made[suffix] = time.perf_counter() - t3
        print(f"\n{args.bundles} bundles, {size / 2**20:.1f} MB in all\n")
        print("| what | time |\n|---|---|")
        print(f"| receive {args.bundles} bundles (verify, copy into inbox, record) | {elapsed:.1f} s (goal < 30 s) |")
        print(f"| list the period's submissions ({len(rows)} agencies) | {listing * 1000:.0f} ms |")
        print(f"| the focal point's page: the period's picture ({len(view.tasks):,} agency tasks) | {picture:.1f} s |")
        print(f"| consolidated report .xlsx / .pdf | {made['xlsx']:.1f} s / {made['pdf']:.1f} s |")


if __name__ == "__main__":
    main()
