"""Reading our .xlsx back the way an official without Excel does: LibreOffice, headless, sheet by sheet to CSV."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.core.resources import resources_dir

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
# comma, double quote, UTF-8, from row 1, default columns, …, and the last token -1: every sheet to its own file
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _convert(source: Path, target_filter: str, out: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """LibreOffice, headless, with its own profile (no clash with a running office), converting one file. It is
    given the bundled Times-metric font, so it lays pages out as an office machine with Times New Roman does
    (a bare system substitutes a wider font)."""
    assert SOFFICE is not None
    profile = (workdir / "libreoffice-profile").as_uri()
    home = workdir / "libreoffice-home"
    fonts = home / ".fonts"
    if not fonts.is_dir():
        fonts.mkdir(parents=True)
        for ttf in (resources_dir() / "fonts").glob("*.ttf"):
            shutil.copy(ttf, fonts / ttf.name)
    cmd = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target_filter]
    proc = subprocess.run(
        [*cmd, "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(home)},
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def libreoffice_sheets(xlsx: Path, workdir: Path) -> dict[str, str]:
    """Each sheet's CSV text, by sheet name, as LibreOffice Calc opened the workbook."""
    out = workdir / "libreoffice-csv"
    proc = _convert(xlsx, _CSV_FILTER, out, workdir)
    prefix = f"{xlsx.stem}-"
    sheets = {p.stem.removeprefix(prefix): p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    assert sheets, f"LibreOffice wrote no sheet: {proc.stdout} {proc.stderr}"
    return sheets


def libreoffice_resave(xlsx: Path, workdir: Path) -> Path:
    """The workbook opened and saved again by LibreOffice Calc (what an office does before forwarding it)."""
    out = workdir / "libreoffice-resave"
    proc = _convert(xlsx, "xlsx:Calc MS Excel 2007 XML", out, workdir)
    saved = out / xlsx.name
    assert saved.is_file() and saved.read_bytes() != xlsx.read_bytes(), proc.stdout
    return saved


WRITER = SOFFICE is not None and any(
    Path(p).exists() for p in ("/usr/lib/libreoffice/program/libswlo.so", "/usr/lib/libreoffice/program/swlo.dll")
)


def libreoffice_text(document: Path, workdir: Path) -> str:
    """A Word document as LibreOffice Writer reads it, as plain text."""
    out = workdir / "libreoffice-text"
    _convert(document, "txt:Text (encoded):UTF8", out, workdir)
    return (out / f"{document.stem}.txt").read_text(encoding="utf-8-sig")


def libreoffice_pdf(document: Path, workdir: Path) -> Path:
    """A workbook or Word document printed to PDF by LibreOffice, with the page setup the file asks for."""
    out = workdir / "libreoffice-pdf"
    _convert(document, "pdf", out, workdir)
    pdf = out / f"{document.stem}.pdf"
    assert pdf.is_file()
    return pdf
