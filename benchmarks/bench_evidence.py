"""Adding about 1 GB of evidence (≈ 2,000 scanned PDFs and photos) beside `cp -r` of the same files.

python benchmarks/bench_evidence.py [--files 2000] [--mb 1024] [--rounds 3]

Each round copies the same source folder with `cp -r`, with `cp -r` + `sync`, and adds every file to the
evidence store of a fresh data directory (sample plan loaded, every file linked to one task) in a child
process whose peak RSS is read back; the order rotates between rounds and a first round is not counted.
The store makes every file and rename durable before committing its row, so `cp -r` + `sync` is the
like-for-like baseline; plain `cp -r` is shown as well. The source files are read before each contender so
every one starts from a warm page cache.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (share of files, low KB, high KB, suffix): a commune's scans, phone photos and a few thick PDFs
MIX = [
    (0.45, 80, 900, ".pdf"),  # one- to three-page scanned letters and decisions
    (0.35, 150, 1_400, ".jpg"),  # phone photos of notice boards, meetings
    (0.15, 900, 4_000, ".pdf"),  # reports with appendices
    (0.05, 2_000, 12_000, ".pdf"),  # whole plans, scanned at 300 dpi
]

ADD_SCRIPT = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_files
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import resolve_task
from desktop.core.workspace import open_workspace
store = open_workspace(Path({data!r}))
with store.session() as s:
    task_id = resolve_task(s, "1.3.1").id
paths = sorted(p for p in Path({src!r}).rglob("*") if p.is_file())
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
add_evidence_files(store, paths, EvidenceMeta(issuer="UBND xã"), [task_id], [], no_progress, CancelToken())
elapsed = time.perf_counter() - t0
print(elapsed, base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def make_files(folder: Path, count: int, total_mb: int, rnd: random.Random) -> int:
    """Incompressible content (scans and JPEGs are), sizes drawn from MIX and scaled to the total."""
    kinds = rnd.choices(MIX, weights=[m[0] for m in MIX], k=count)
    sizes = [rnd.randint(lo, hi) * 1024 for _share, lo, hi, _suffix in kinds]
    scale = total_mb * 1024 * 1024 / sum(sizes)
    block = rnd.randbytes(16 * 1024 * 1024)
    total = 0
    for i, ((_share, _lo, _hi, suffix), size) in enumerate(zip(kinds, sizes, strict=True)):
        size = max(1024, int(size * scale))
        sub = folder / f"xa-{i % 40:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        offset = rnd.randrange(0, len(block) - 1024)
        head = i.to_bytes(8, "big")  # every file distinct, so nothing is deduplicated
        body = (block[offset:] + block[:offset]) * (size // len(block) + 1)
        (sub / f"Tài liệu {i:04d}{suffix}").write_bytes(head + body[: size - len(head)])
        total += size
    return total


def warm(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                while f.read(1 << 20):
                    pass


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t0


def cchc(data: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "desktop.cli", "--data-dir", str(data), *args]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def add_run(src: Path, data: Path) -> tuple[float, float, float]:
    cchc(data, "init", "--agency", "UBND xã Hòa An", "--level", "xa", "--focal", "Lê Thị B")
    cchc(data, "import-sample")
    script = ADD_SCRIPT.format(root=str(ROOT), data=str(data), src=str(src))
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT)
    elapsed, base_kb, peak_kb = out.stdout.split()
    return float(elapsed), int(base_kb) / 1024, int(peak_kb) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-ev-", dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        src = work / "usb"
        total = make_files(src, args.files, args.mb, random.Random(2025))
        print(f"{args.files} files, {total / 2**20:.0f} MB in {src}")
        cp, cp_sync, ours, peaks, bases = [], [], [], [], []

        def run_cp(r: int) -> None:
            cp.append(timed(["cp", "-r", str(src), str(work / f"cp-{r}")]))
            subprocess.run(["sync"], check=True)  # its writeback must not land in the next contender's time

        def run_cp_sync(r: int) -> None:
            cp_sync.append(timed(["sh", "-c", f'cp -r "{src}" "{work}/cp-{r}" && sync']))

        def run_add(r: int) -> None:
            elapsed, base, peak = add_run(src, work / f"cp-{r}")
            ours.append(elapsed)
            bases.append(base)
            peaks.append(peak)

        contenders = [run_cp, run_cp_sync, run_add]
        # One unmeasured warm-up, then each round rotates the order and deletes each output at once, so every
        # contender writes into memory the system has already handed out (first use is slow on virtual machines).
        for r in range(args.rounds + 1):
            for run in contenders[r % 3 :] + contenders[: r % 3]:
                warm(src)
                subprocess.run(["sync"], check=True)
                run(r)
                shutil.rmtree(work / f"cp-{r}")
            if r == 0:
                for series in (cp, cp_sync, ours, peaks, bases):
                    series.clear()
                continue
            print(f"round {r}: cp -r {cp[-1]:.1f} s, cp -r + sync {cp_sync[-1]:.1f} s, add {ours[-1]:.1f} s")
        m_cp, m_sync, m_ours = (statistics.median(x) for x in (cp, cp_sync, ours))
        print()
        print("| what | median of rounds |")
        print("|---|---|")
        print(f"| `cp -r` | {m_cp:.1f} s |")
        print(f"| `cp -r` + `sync` | {m_sync:.1f} s |")
        print(f"| add to the evidence store | {m_ours:.1f} s ({total / 2**20 / m_ours:.0f} MB/s) |")
        print(f"| ratio to `cp -r` | {m_ours / m_cp:.2f}× |")
        print(f"| ratio to `cp -r` + `sync` | {m_ours / m_sync:.2f}× |")
        print(f"| peak RSS of the adding process | {max(peaks):.0f} MB (after start-up {max(bases):.0f} MB) |")
        print(f"(this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
