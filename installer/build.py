"""Build the one-folder app for the OS this runs on: `python installer/build.py [--portable-zip]`.

Output under build/: `dist/cchc-desk/` (the GUI `cchc-desk`, the CLI `cchc`, and `_internal/`), the filled Inno
Setup script `dist/cchc-desk.iss` (checked: every file it installs exists), and with --portable-zip a zip
whose folder carries the portable marker. Prints the folder's size. Needs `pip install -e ".[build]"`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.guide import write_guide_pdf  # noqa: E402
from installer.inno import fill, missing_files  # noqa: E402

GUIDE_PDF = "Huong-dan-su-dung.pdf"

PORTABLE_MARKER = "portable.txt"  # the name desktop.core.paths looks for beside the executable
PORTABLE_TEXT = (
    "Tệp này bật chế độ di động: dữ liệu (kế hoạch, tiến độ, tài liệu kiểm chứng, bản sao lưu) được lưu trong\n"
    "thư mục data bên cạnh chương trình, nên có thể mang cả thư mục này trên USB sang máy khác.\n"
    "Xoá tệp này thì chương trình lưu dữ liệu trong thư mục của người dùng trên máy đang chạy.\n"
)


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text("utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if not found:
        raise SystemExit("no __version__ in desktop/__init__.py")
    return found.group(1)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes on disk and file count; symlinks (PyInstaller makes some on Linux) are not counted twice."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def build(build_root: Path) -> Path:
    dist, work = build_root / "dist", build_root / "work"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "installer" / "cchc.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    app_dir = dist / "cchc-desk"
    write_guide_pdf(app_dir / GUIDE_PDF)  # the user guide beside the program, and in the Start menu
    return app_dir


def write_inno(app_dir: Path) -> Path:
    suffix = ".exe" if os.name == "nt" else ""
    script = fill(version(), app_dir, app_dir.parent, exe_suffix=suffix)
    problems = missing_files(script)
    if problems:
        raise SystemExit("Inno Setup script does not match the build:\n" + "\n".join(problems))
    out = app_dir.parent / "cchc-desk.iss"
    out.write_text(script, encoding="utf-8-sig")  # Inno Setup reads UTF-8 with a BOM
    return out


def portable_zip(app_dir: Path) -> Path:
    system = {"Windows": "windows", "Darwin": "macos"}.get(platform.system(), platform.system().lower())
    name = f"cchc-desk-{version()}-{system}-{platform.machine().lower()}-di-dong"
    out = app_dir.parent / f"{name}.zip"
    tmp = out.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(app_dir.rglob("*")):
            arcname = f"{name}/{path.relative_to(app_dir).as_posix()}"
            if path.is_symlink():  # kept as a link, the way unzip restores it
                link = zipfile.ZipInfo(arcname)
                link.external_attr = 0o120777 << 16
                zf.writestr(link, os.readlink(path))
            elif path.is_file():
                info = zipfile.ZipInfo.from_file(path, arcname)
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as src, zf.open(info, "w") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
        zf.writestr(f"{name}/{PORTABLE_MARKER}", PORTABLE_TEXT)
    os.replace(tmp, out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build"), help="build folder (default: build/)")
    parser.add_argument("--portable-zip", action="store_true", help="also make the portable (USB) zip")
    args = parser.parse_args()
    app_dir = build(Path(args.out).resolve())
    size, count = folder_size(app_dir)
    print(f"{app_dir}: {size / 2**20:.0f} MB in {count} files")
    print(f"Inno Setup script: {write_inno(app_dir)}")
    if args.portable_zip:
        made = portable_zip(app_dir)
        print(f"portable zip: {made} ({made.stat().st_size / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
