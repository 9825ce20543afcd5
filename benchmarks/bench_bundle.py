"""Report bundles at size: export with 1 GB of evidence (as a zip and as a folder) beside `cp -r` of the evidence
it holds (and `cp -r` + `sync`: an export is durable when it says done, so the bundle can leave on a USB stick),
`zip -r -0` of the same folder, and verify beside `sha256sum` of the same files, all in the same
run; peak RSS of the exporting process.

python benchmarks/bench_bundle.py [--files 2000] [--mb 1024] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_evidence import cchc, make_files, warm  # noqa: E402

ADD = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_files
from desktop.core.progress import CancelToken, no_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
store = open_workspace(Path({data!r}))
with store.session() as s:
    tasks = [r.id for r in load_task_rows(s, mine=True) if r.framework == "PAR_INDEX"][:4]
paths = sorted(p for p in Path({src!r}).rglob("*") if p.is_file())
for i, task in enumerate(tasks):
    add_evidence_files(store, paths[i::4], EvidenceMeta(), [task], [], no_progress, CancelToken())
"""

EXPORT = """
import resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.bundle.export import export_bundle
from desktop.core.progress import CancelToken, no_progress
from desktop.core.workspace import open_workspace
store = open_workspace(Path({data!r}))
t0 = time.perf_counter()
r = export_bundle(store, "2025-Q3", Path({out!r}), date(2025, 10, 1), no_progress, CancelToken(), as_zip={as_zip})
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, r.path)
"""

VERIFY = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.bundle.verify import verify_bundle
t0 = time.perf_counter()
v = verify_bundle(Path({path!r}))
assert v.ok, v.problems
print(time.perf_counter() - t0)
"""


def child(script: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    return out.stdout.split()


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-bundle-", dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        make_files(work / "usb", args.files, args.mb, random.Random(2025))
        data = work / "data"
        cchc(data, "init", "--agency", "UBND xã Hòa An", "--level", "xa", "--focal", "Lê Thị B")
        cchc(data, "import-sample")
        child(ADD.format(root=str(ROOT), data=str(data), src=str(work / "usb")))
        shutil.rmtree(work / "usb")
        ours, zips, rss, verify, sums, folders, copies, synced = [], [], [], [], [], [], [], []
        for r in range(args.rounds):
            out = work / f"out-{r}"
            elapsed, peak_kb, path = child(EXPORT.format(root=str(ROOT), data=str(data), out=str(out), as_zip=True))
            ours.append(float(elapsed))
            rss.append(int(peak_kb) / 1024)
            warm(data / "evidence")
            copies.append(timed(["cp", "-r", str(data / "evidence"), str(out / "cp-r")]))
            shutil.rmtree(out / "cp-r")
            subprocess.run(["sync"], check=True)
            warm(data / "evidence")
            synced.append(timed(["sh", "-c", f"cp -r '{data / 'evidence'}' '{out / 'cp-r'}' && sync"]))
            shutil.rmtree(out / "cp-r")
            warm(data / "evidence")
            as_folder = child(EXPORT.format(root=str(ROOT), data=str(data), out=str(out), as_zip=False))
            folders.append(float(as_folder[0]))
            folder = as_folder[2]
            warm(Path(folder))
            zips.append(timed(["zip", "-q", "-r", "-0", str(out / "baseline.zip"), "."], cwd=Path(folder)))
            verify.append(float(child(VERIFY.format(root=str(ROOT), path=path))[0]))
            files = [str(p) for p in Path(folder).rglob("*") if p.is_file()]
            sums.append(timed(["sha256sum", *files]))
            size = sum(Path(f).stat().st_size for f in files)
            shutil.rmtree(out)
            print(
                f"round {r + 1}: export zip {ours[-1]:.1f} s, folder {folders[-1]:.1f} s, cp -r {copies[-1]:.1f} s, "
                f"cp -r + sync {synced[-1]:.1f} s, "
                f"zip -r -0 {zips[-1]:.1f} s, verify {verify[-1]:.1f} s, sha256sum {sums[-1]:.1f} s"
            )
        pairs = (
            ("ours", ours),
            ("zip", zips),
            ("verify", verify),
            ("sum", sums),
            ("folder", folders),
            ("cp", copies),
            ("synced", synced),
        )
        m = {k: statistics.median(v) for k, v in pairs}
        print(f"\nbundle: {size / 2**20:.0f} MB in {len(files)} files; median of {args.rounds} rounds\n")
        print("| what | time | ratio |\n|---|---|---|")
        print(
            f"| export bundle (.zip: xlsx, pdf, evidence, manifest) | {m['ours']:.1f} s | "
            f"{m['ours'] / m['cp']:.2f}× `cp -r` of its evidence ({m['cp']:.1f} s), "
            f"{m['ours'] / m['synced']:.2f}× `cp -r` + `sync` ({m['synced']:.1f} s), "
            f"{m['ours'] / m['zip']:.2f}× `zip -r -0` ({m['zip']:.1f} s) |"
        )
        print(
            f"| export bundle (folder) | {m['folder']:.1f} s | {m['folder'] / m['cp']:.2f}× `cp -r` of its evidence, "
            f"{m['folder'] / m['synced']:.2f}× `cp -r` + `sync` |"
        )
        print(
            f"| verify bundle (.zip) | {m['verify']:.1f} s | "
            f"{m['sum'] / m['verify']:.2f}× the throughput of `sha256sum` ({m['sum']:.1f} s) |"
        )
        print(f"| peak RSS while exporting | {max(rss):.0f} MB | |")


if __name__ == "__main__":
    main()
