"""The first page of every document the app writes, from the sample plan, as PNGs beside this script: a reader
sees the layout without running anything. Needs LibreOffice (`soffice`) for the Word and Excel files, which are
printed the way an office prints them.

python docs/samples/make_samples.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.core.agencies import Signer, set_my_agency, set_signer  # noqa: E402
from desktop.core.bundle.consolidate import write_consolidated  # noqa: E402
from desktop.core.bundle.export import export_bundle  # noqa: E402
from desktop.core.bundle.receive import import_bundle  # noqa: E402
from desktop.core.bundle.remind import write_reminder  # noqa: E402
from desktop.core.plan_import.run import import_sample  # noqa: E402
from desktop.core.plan_package import export_plan, import_plan_package  # noqa: E402
from desktop.core.progress import CancelToken, no_progress  # noqa: E402
from desktop.core.records import Status  # noqa: E402
from desktop.core.reports.data import collect  # noqa: E402
from desktop.core.reports.pdf import default_texts, write_pdf  # noqa: E402
from desktop.core.reports.render import PdfPages  # noqa: E402
from desktop.core.reports.word import write_report_docx  # noqa: E402
from desktop.core.reports.xlsx import write_xlsx  # noqa: E402
from desktop.core.resources import resources_dir  # noqa: E402
from desktop.core.task_progress import ProgressFields, save_progress  # noqa: E402
from desktop.core.tasks import load_task_rows  # noqa: E402
from desktop.core.workspace import open_workspace  # noqa: E402

HERE = Path(__file__).resolve().parent
TODAY = date(2025, 10, 1)
PERIOD = "2025-Q3"
DPI = 60


def png(pdf: Path, name: str) -> None:
    with PdfPages(pdf) as pages:
        page = pages.render(0, DPI)
    from PIL import Image

    Image.frombytes("L", (page.width, page.height), page.pixels, "raw", "L", page.stride).save(
        HERE / f"{name}.png", optimize=True
    )
    print(f"{name}.png")


def printed(document: Path, work: Path) -> Path:
    """The document printed to PDF by LibreOffice, with the bundled Times-metric font."""
    home = work / "home"
    (home / ".fonts").mkdir(parents=True, exist_ok=True)
    for ttf in (resources_dir() / "fonts").glob("*.ttf"):
        shutil.copy(ttf, home / ".fonts" / ttf.name)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for the Word and Excel samples")
    profile = (work / "profile").as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
    subprocess.run(
        [*cmd, str(work), str(document)], check=True, capture_output=True, env={**os.environ, "HOME": str(home)}
    )
    return work / f"{document.stem}.pdf"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cchc-samples-") as tmp:
        work = Path(tmp)
        focal = open_workspace(work / "so-noi-vu")
        with focal.session() as s:
            set_my_agency(s, "UBND xã Hòa An", "xa", focal_person="Nguyễn Văn A")
        import_sample(focal)
        with focal.session() as s:
            set_signer(s, Signer("Hoàng Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"))
            rows = load_task_rows(s, mine=True)
            for row in rows[:8]:
                result = "Đã ban hành kế hoạch, tổ chức hội nghị quán triệt cho cán bộ, công chức."
                save_progress(s, row.id, PERIOD, ProgressFields(Status.DONE, 100, result))
            package = export_plan(s, rows[0].plan_id, work / "goi")
            data = collect(s, PERIOD, TODAY)
        texts = default_texts(data)
        png(write_pdf(data, texts, work / "bao-cao.pdf"), "bao-cao-pdf")
        png(printed(write_report_docx(data, texts, work / "bao-cao-word.docx"), work), "bao-cao-word")
        png(printed(write_xlsx(data, work / "bao-cao-excel.xlsx"), work), "bao-cao-excel")

        commune = open_workspace(work / "tan-tien")
        with commune.session() as s:
            set_my_agency(s, "UBND xã Tân Tiến", "xa", focal_person="Lê Thị B")
            import_plan_package(s, package)
            for row in load_task_rows(s, mine=True)[:5]:
                save_progress(s, row.id, PERIOD, ProgressFields(Status.IN_PROGRESS, 50, "Đang triển khai."))
        made = export_bundle(commune, PERIOD, work / "usb", TODAY, no_progress, CancelToken(), as_zip=True)
        import_bundle(focal, made.path)
        with focal.session(write=True) as s:
            for suffix in ("pdf", "docx", "xlsx"):
                out = write_consolidated(s, focal.data_dir, PERIOD, work / f"tong-hop-{suffix}.{suffix}", TODAY)
                png(out if suffix == "pdf" else printed(out, work), f"tong-hop-{suffix.replace('docx', 'word')}")
            png(write_reminder(s, PERIOD, work / "cong-van.pdf", TODAY) and work / "cong-van.pdf", "cong-van-pdf")
        focal.close()
        commune.close()


if __name__ == "__main__":
    main()
