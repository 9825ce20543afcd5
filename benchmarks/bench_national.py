"""A national period: every commune, ward and special zone (3,321) and ~700 departments send their bundle, 5 MB
each on average with evidence; one machine receives them all, lists the submissions and writes the
consolidated report.

python benchmarks/bench_national.py [--bundles 4000] [--mb 5] [--keep DIR] [--floor]

The generator: one commune takes the plan package, records progress and adds evidence (scans of a few hundred
KB, incompressible) and exports its bundle; every other bundle is that zip with its own agency name and bundle
UUID in the manifest (not among the hashed files, so each stays valid). Names are the real units of the
2025 catalog; where two provinces have a unit of the same name the province is added, because the app tells
reporting agencies apart by name within one province. Receiving runs in a child process whose peak RSS is read
back. About 2 × N × MB of free disk is needed (the bundles and the inbox).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.admin_units import provinces  # noqa: E402
from desktop.core.agency_names import reporting_key  # noqa: E402
from tests.fixtures.bundle_copies import sent_by_many  # noqa: E402

DEPARTMENTS = (
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Văn hoá, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra",
    "Văn phòng UBND",
    "Ban Quản lý các khu công nghiệp",
    "Sở Ngoại vụ",
    "Đài Phát thanh và Truyền hình",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trường Cao đẳng",
    "Ban Dân tộc",
    "Sở Giao thông vận tải",
    "Sở Lao động",
    "Sở Kế hoạch và Đầu tư",
)

SETUP = """
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_files
from desktop.core.plan_import.run import import_sample
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields
from desktop.core.task_progress import save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
work = Path({work!r})
focal = open_workspace(work / "bo")
with focal.session() as s:
    set_my_agency(s, "Bộ Nội vụ", "tinh", "")
import_sample(focal)
with focal.session() as s:
    package = export_plan(s, load_task_rows(s)[0].plan_id, work / "kh")
commune = open_workspace(work / "xa")
with commune.session() as s:
    set_my_agency(s, "UBND xã Mẫu", "xa", "")
    import_plan_package(s, package)
with commune.session() as s:
    rows = [r for r in load_task_rows(s, mine=True) if r.framework == "PAR_INDEX"][:12]
    for i, r in enumerate(rows):
        status, percent = ("done", 100) if i % 3 else ("in_progress", 50)
        save_progress(s, r.id, "2025-Q3", ProgressFields(status, percent, "Đã thực hiện"))
scans = sorted(Path({scans!r}).iterdir())
add_evidence_files(commune, scans, EvidenceMeta(issuer="UBND xã"), [rows[0].id], [], no_progress, CancelToken())
made = export_bundle(commune, "2025-Q3", work / "mau", date(2025, 10, 1), no_progress, CancelToken(), as_zip=True)
print(made.path)
"""

RECEIVE = """
import resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.bundle.consolidate import write_consolidated
from desktop.core.bundle.receive import import_bundles
from desktop.core.bundle.submissions import submissions
from desktop.core.workspace import open_workspace
store = open_workspace(Path({data!r}))
paths = sorted(Path({usb!r}).glob("*.zip"))
t0 = time.perf_counter()
outcomes = import_bundles(store, paths)
received = time.perf_counter() - t0
bad = [o for o in outcomes if o.status != "accepted"]
assert not bad, (len(bad), bad[0].status, bad[0].reason)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
views = []
for _ in range(5):
    t1 = time.perf_counter()
    with store.session() as s:
        listed = submissions(s, "2025-Q3")
    views.append(time.perf_counter() - t1)
reports = []
for suffix in (".xlsx", ".pdf", ".docx"):  # each format the user may choose
    t2 = time.perf_counter()
    with store.session() as s:
        write_consolidated(s, store.data_dir, "2025-Q3", Path({out!r}).with_suffix(suffix), date(2025, 10, 1))
    reports.append(time.perf_counter() - t2)
print(received, rss, sorted(views)[2], len(listed), *reports)
"""


def names(count: int) -> list[str]:
    """Real units and departments; a unit whose name another province shares (as the app keys names: accents,
    «UBND», spelling) gets its province added."""
    units = [(p, u) for p in provinces() for u in p.units]
    seen = Counter(reporting_key(u.agency_name) for _p, u in units)
    found, keys = [], set()
    for p, u in units:
        name = u.agency_name if seen[reporting_key(u.agency_name)] == 1 else f"{u.agency_name} {p.name}"
        if reporting_key(name) in keys:  # «Văn Lang» and «Văn Lăng» in one province: the key folds the accents
            name = f"{name} {u.code}"
        keys.add(reporting_key(name))
        found.append(name)
    found += [f"{d} {p.name}" for p in provinces() for d in DEPARTMENTS]
    assert len({reporting_key(n) for n in found}) == len(found)
    if count > len(found):
        raise SystemExit(f"at most {len(found)} agencies")
    return found[:count]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundles", type=int, default=4000)
    ap.add_argument("--mb", type=float, default=5.0, help="average bundle size, evidence included")
    ap.add_argument("--keep", help="generate into (and reuse) this folder instead of a temporary one")
    ap.add_argument(
        "--floor", action="store_true", help="then time `cp -r` + `sync` of the same bundles (the disk's floor)"
    )
    args = ap.parse_args()
    tmp = (
        None if args.keep else tempfile.TemporaryDirectory(prefix="cchc-bench-nation-", dir=os.environ.get("BENCH_DIR"))
    )
    work = Path(args.keep or tmp.name)  # type: ignore[union-attr]
    try:
        usb = work / "usb"
        if not usb.is_dir() or len(list(usb.glob("*.zip"))) != args.bundles:
            shutil.rmtree(work, ignore_errors=True)
            scans = work / "scans"
            scans.mkdir(parents=True)
            per = max(1, round((args.mb - 0.2) * 1024 / 400))  # scans of ~400 KB beside ~0.2 MB of report files
            for i in range(per):
                (scans / f"Biên bản kiểm tra {i:02d}.pdf").write_bytes(os.urandom(400 * 1024 - 37 * i))
            out = subprocess.run(
                [sys.executable, "-c", SETUP.format(root=str(ROOT), work=str(work), scans=str(scans))],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if out.returncode:
                raise SystemExit(out.stderr)
            model = Path(out.stdout.strip().splitlines()[-1])
            usb.mkdir()
            t0 = time.perf_counter()
            sent_by_many(model, ((usb / f"goi-{k:05d}.zip", name) for k, name in enumerate(names(args.bundles))))
            print(f"generated {args.bundles} bundles in {time.perf_counter() - t0:.0f} s")
        size = sum(p.stat().st_size for p in usb.glob("*.zip"))
        data = work / "nhan"
        shutil.rmtree(data, ignore_errors=True)
        subprocess.run(["sync"], check=True)
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                RECEIVE.format(root=str(ROOT), data=str(data), usb=str(usb), out=str(work / "tong-hop.xlsx")),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        received, rss_kb, view, listed, *reports = out.stdout.split()
        print(f"\n{args.bundles} bundles, {size / 2**30:.1f} GB in all ({size / args.bundles / 2**20:.1f} MB each)\n")
        print("| what | figure | goal |\n|---|---|---|")
        print(f"| receive {args.bundles} bundles | {float(received):.1f} s | < 60 s |")
        print(f"| peak RSS while receiving | {int(rss_kb) / 1024:.0f} MB | < 500 MB |")
        print(f"| submissions view ({listed} agencies, median of 5) | {float(view) * 1000:.0f} ms | < 100 ms |")
        for suffix, report in zip((".xlsx", ".pdf", ".docx"), reports, strict=True):
            print(f"| consolidated report ({suffix}) | {float(report):.1f} s | < 10 s |")
        if args.floor:  # the same bytes read and made durable by the system's tools, on the same disk
            shutil.rmtree(data)
            subprocess.run(["sync"], check=True)
            t0 = time.perf_counter()
            subprocess.run(["cp", "-r", str(usb), str(work / "floor")], check=True)
            subprocess.run(["sync"], check=True)
            floor = time.perf_counter() - t0
            shutil.rmtree(work / "floor")
            ratio = float(received) / floor
            print(f"| `cp -r` + `sync` of the same bundles | {floor:.1f} s | receiving = {ratio:.2f}× |")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
