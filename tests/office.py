"""Reading our .xlsx back the way an official without Excel does: LibreOffice, headless, sheet by sheet to CSV."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
# comma, double quote, UTF-8, from row 1, default columns, …, and the last token -1: every sheet to its own file
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def libreoffice_sheets(xlsx: Path, workdir: Path) -> dict[str, str]:
    """Each sheet's CSV text, by sheet name, as LibreOffice Calc opened the workbook."""
    assert SOFFICE is not None
    out = workdir / "libreoffice-csv"
    profile = (workdir / "libreoffice-profile").as_uri()  # its own profile: no clash with a running office
    proc = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            _CSV_FILTER,
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    prefix = f"{xlsx.stem}-"
    sheets = {p.stem.removeprefix(prefix): p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    assert sheets, f"LibreOffice wrote no sheet: {proc.stdout} {proc.stderr}"
    return sheets


def libreoffice_resave(xlsx: Path, workdir: Path) -> Path:
    """The workbook opened and saved again by LibreOffice Calc (what an office does before forwarding it)."""
    assert SOFFICE is not None
    out = workdir / "libreoffice-resave"
    profile = (workdir / "libreoffice-profile").as_uri()
    proc = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    saved = out / xlsx.name
    assert saved.is_file() and saved.read_bytes() != xlsx.read_bytes(), proc.stdout
    return saved
