"""Gather the app and every dependency as wheels, for installing later with no network.

    python installer/wheelhouse.py [--out wheelhouse] [--for windows|here|both]

`windows` means Windows x64 with Python 3.11; `here` is the OS and Python running this. Then, on the offline
machine (Python 3.11 installed), from the folder holding `wheelhouse/`:

    python -m venv cchc && cchc\\Scripts\\python -m pip install --no-index --find-links wheelhouse cchc-desk

(`cchc/bin/python` instead of `cchc\\Scripts\\python` on Linux). Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
README = """Bộ cài đặt ngoại tuyến CCHC Desk (không cần mạng)

Trên máy đã cài Python 3.11, mở cửa sổ lệnh tại thư mục chứa thư mục wheelhouse rồi chạy:

  Windows:  python -m venv cchc && cchc\\Scripts\\python -m pip install --no-index --find-links wheelhouse cchc-desk
  Linux:    python3 -m venv cchc && cchc/bin/python -m pip install --no-index --find-links wheelhouse cchc-desk

Sau đó mở ứng dụng bằng cchc\\Scripts\\cchc-desk (Windows) hoặc cchc/bin/cchc-desk (Linux).
"""


def dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return list(project["dependencies"])


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def gather(out: Path, targets: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pip("wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT))
    for target in targets:
        platform_args = WINDOWS if target == "windows" else []
        pip("download", "--dest", str(out), "--only-binary=:all:", *platform_args, *dependencies())
    (out / "CAI-DAT.txt").write_text(README, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "wheelhouse"))
    parser.add_argument("--for", dest="target", choices=["windows", "here", "both"], default="both")
    args = parser.parse_args()
    targets = ["windows", "here"] if args.target == "both" else [args.target]
    out = Path(args.out).resolve()
    gather(out, targets)
    wheels = sorted(out.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"{len(wheels)} wheels, {size / 2**20:.0f} MB in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
