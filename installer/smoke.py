"""Smoke test of the one-folder build: `python installer/smoke.py [build/dist]` (CI runs it after the build).

The frozen CLI initialises a fresh data directory, imports a plan workbook and exports a report bundle that
verifies; the frozen GUI starts offscreen,
opens that data, and exits 0 through --self-test; then the portable zip, unpacked elsewhere, keeps its data
beside the executable and says so in the window title. Exits 1 naming the first step that failed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXE = ".exe" if os.name == "nt" else ""


class SmokeFailed(Exception):
    pass


def run(cmd: list[str], what: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )
    if proc.returncode != 0:
        raise SmokeFailed(f"{what}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    print(f"ok  {what}")
    return proc.stdout


def unpack(zip_path: Path, into: Path) -> Path:
    """Like `unzip`: keeps executable bits and symlinks, which zipfile.extractall drops."""
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = into / info.filename
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(zf.read(info).decode("utf-8"), target)
                continue
            zf.extract(info, into)
            if mode & 0o111:
                target.chmod(mode & 0o777)
    (top,) = {Path(n.split("/", 1)[0]) for n in zf.namelist()}
    return into / top


def main() -> int:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "dist").resolve()
    app = dist / "cchc-desk"
    cli, gui = str(app / f"cchc{EXE}"), str(app / f"cchc-desk{EXE}")
    from desktop.core.sample import write_sample_workbook

    try:
        with tempfile.TemporaryDirectory(prefix="cchc-smoke-") as tmp:
            work = Path(tmp)
            data = work / "data"
            plan = write_sample_workbook(work / "Phụ lục kế hoạch CCHC 2025.xlsx")
            run([cli, "--version"], "frozen CLI starts")
            if not any(app.rglob("_rl_accel*")):
                raise SmokeFailed("reportlab's C accelerator is not in the build (long PDF reports would be slow)")
            guide = app / "Huong-dan-su-dung.pdf"
            if not guide.is_file() or not guide.read_bytes().startswith(b"%PDF"):
                raise SmokeFailed(f"the user guide is missing beside the program: {guide}")
            run([cli, "--data-dir", str(data), "init", "--agency", "UBND xã Hòa An", "--level", "xa"], "init")
            out = run([cli, "--data-dir", str(data), "import-plan", str(plan), "--json"], "import-plan (xlsx)")
            if '"tasks"' not in out and "nhiệm vụ" not in out:
                raise SmokeFailed(f"import-plan printed no tasks:\n{out}")
            # The report bundle needs what a freezer can miss: the embedded font, openpyxl's and reportlab's data.
            out = run(
                [cli, "--data-dir", str(data), "export-bundle", "--period", "2025-Q3", "--out", str(work / "goi"),
                 "--zip", "--json"],
                "export-bundle (xlsx + pdf + manifest)",
            )  # fmt: skip
            bundle = json.loads(out)["paths"][0]
            out = run([cli, "--data-dir", str(data), "verify-bundle", bundle], "verify-bundle")
            if "Gói hợp lệ" not in out:
                raise SmokeFailed(f"the frozen app's bundle did not verify:\n{out}")
            out = run([gui, "--data-dir", str(data), "--self-test"], "frozen GUI self-test")
            if "self-test ok" not in out:
                raise SmokeFailed(f"GUI self-test did not pass:\n{out}")
            if "qt-vietnamese yes icon yes" not in out:
                raise SmokeFailed(f"the frozen GUI did not find its translations or icon:\n{out}")

            zips = sorted(dist.glob("cchc-desk-*-di-dong.zip"))
            if not zips:
                raise SmokeFailed("no portable zip in the build output (build with --portable-zip)")
            portable = unpack(zips[-1], work / "usb")
            pcli, pgui = str(portable / f"cchc{EXE}"), str(portable / f"cchc-desk{EXE}")
            clean_env = {"CCHC_DATA_DIR": ""}
            run([pcli, "init", "--agency", "UBND xã Hòa An", "--level", "xa"], "portable init", clean_env)
            if not (portable / "data" / "cchc.sqlite3").is_file():
                raise SmokeFailed("portable mode did not keep the data beside the executable")
            out = run([pgui, "--self-test"], "portable GUI self-test", clean_env)
            if "chế độ di động" not in out:
                raise SmokeFailed(f"the portable window title does not say so:\n{out}")
    except SmokeFailed as exc:
        print(f"FAILED {exc}")
        return 1
    print("frozen smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
