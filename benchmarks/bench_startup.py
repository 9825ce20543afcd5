"""Start-up to an interactive main window, source install and frozen app, each beside a bare PySide6 window
started the same way (the bare window frozen by PyInstaller too, with the same options).

python benchmarks/bench_startup.py [--runs 10]    # build the app first: python installer/build.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.startup_timing import BARE, side_by_side  # noqa: E402

EXE = ".exe" if os.name == "nt" else ""


def frozen_bare(build_root: Path) -> Path:
    """The bare window as a one-folder PyInstaller app (built once, kept under build/bare/)."""
    exe = build_root / "bare" / "dist" / "bare" / f"bare{EXE}"
    if exe.exists():
        return exe
    script = build_root / "bare" / "bare.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(BARE, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--onedir",
            "--log-level",
            "WARN",
            "--name",
            "bare",
            "--distpath",
            str(script.parent / "dist"),
            "--workpath",
            str(script.parent / "work"),
            "--specpath",
            str(script.parent),
            str(script),
        ],
        check=True,
    )
    return exe


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--build", default=str(ROOT / "build"), help="where installer/build.py put its output")
    args = ap.parse_args()
    build_root = Path(args.build)
    # The source run loads compiled modules, as an installed app does (not sources compiled on each launch).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "desktop", "db"], check=True, cwd=ROOT)
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-start-") as tmp:
        data = Path(tmp) / "data"
        cchc = [sys.executable, "-m", "desktop.cli", "--data-dir", str(data)]
        subprocess.run([*cchc, "init", "--agency", "UBND xã Hòa An", "--level", "xa"], check=True, cwd=ROOT)
        subprocess.run([*cchc, "import-sample"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        desk = str(Path(sys.executable).with_name(f"cchc-desk{EXE}"))
        source = [desk, "--data-dir", str(data), "--self-test"]
        app, bare = side_by_side(source, [sys.executable, "-c", BARE], args.runs)
        rows.append(("mã nguồn (source install)", app, bare))
        frozen_app = build_root / "dist" / "cchc-desk" / f"cchc-desk{EXE}"
        if frozen_app.exists():
            frozen = [str(frozen_app), "--data-dir", str(data), "--self-test"]
            fapp, fbare = side_by_side(frozen, [str(frozen_bare(build_root))], args.runs)
            rows.append(("bản đóng gói (PyInstaller, một thư mục)", fapp, fbare))
        else:
            print(f"(no frozen app at {frozen_app}: run python installer/build.py first)")
    print(f"\nmedian of {args.runs} runs each, the app and its bare window launched in turn\n")
    print("| Cách chạy | Cửa sổ chính tương tác được | Cửa sổ PySide6 trống | Tỉ lệ (mục tiêu ≤ 1,3×) |")
    print("|---|---|---|---|")
    for name, app_s, bare_s in rows:
        print(f"| {name} | {app_s:.3f} s | {bare_s:.3f} s | {app_s / bare_s:.2f}× |")


if __name__ == "__main__":
    main()
