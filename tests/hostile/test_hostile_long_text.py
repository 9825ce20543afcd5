"""No text can stop an agency from reporting: a task that is a pasted document (100,000 characters), a result
as long, an agency name of thousands of characters — the PDF, the Excel and the consolidated report still come
out, read back by poppler and openpyxl, with the whole text kept in the data and printed at the end."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.store import Store
from desktop.core.plans import task_fields, update_task
from desktop.core.task_progress import ProgressFields, save_progress
from tests.cli.test_cli import run
from tests.conftest import task_id_by_code

PASTED = " ".join(f"Điều {n}. Quy định chi tiết về cải cách thủ tục hành chính, số {n}." for n in range(1, 1700))


def test_a_task_of_100000_characters_exports(sample_store: Store, tmp_path: Path) -> None:
    text = (PASTED * 2)[:100_000] + " HẾT-VĂN-BẢN"
    assert len(text) > 100_000
    task_id = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        _plan_id, fields = task_fields(s, task_id)
        fields.content = text
        update_task(s, task_id, fields)
        save_progress(s, task_id, "2025-Q3", ProgressFields("in_progress", 30, text[:60_000]))
    sample_store.close()
    out = tmp_path / "usb"
    proc = run("export-bundle", "--period", "2025-Q3", "--out", str(out), "--zip", "--json", data=sample_store.data_dir)
    assert proc.returncode == 0, proc.stderr
    bundle = Path(json.loads(proc.stdout)["paths"][0])
    with zipfile.ZipFile(bundle) as z:
        z.extract("bao-cao.pdf", tmp_path)
        z.extract("bao-cao.xlsx", tmp_path)
        manifest = json.loads(z.read("manifest.json"))
    assert any(t["content"] == text for t in manifest["data"]["tasks"])  # the data travels whole
    wb = load_workbook(tmp_path / "bao-cao.xlsx", read_only=True)
    longest = max(len(str(c)) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert longest <= 32_767
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "TOÀN VĂN NỘI DUNG DÀI" in pdf_text and "HẾT-VĂN-BẢN" in pdf_text
        assert "toàn văn ở mục" in pdf_text
    verify = run("verify-bundle", str(bundle))
    assert verify.returncode == 0, verify.stderr


@pytest.mark.parametrize("length", [5_000, 40_000])
def test_an_agency_name_of_thousands_of_characters_still_reports(length: int, tmp_path: Path) -> None:
    name = ("UBND xã " + "Hòa An Hòa Bình Hòa Thuận " * 2000)[:length]
    data = tmp_path / "data"
    assert run("init", "--agency", name, "--level", "xa", data=data).returncode == 0
    assert run("import-sample", data=data).returncode == 0
    proc = run("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "usb"), "--zip", "--json", data=data)
    assert proc.returncode == 0, proc.stderr
    focal = tmp_path / "so"
    assert run("init", "--agency", "Sở Nội vụ", "--level", "so", data=focal).returncode == 0
    bundle = json.loads(proc.stdout)["paths"][0]
    assert run("import-bundle", bundle, data=focal).returncode == 0
    for suffix in ("pdf", "xlsx"):
        made = run("report", "--period", "2025-Q3", "--out", str(tmp_path / f"tong-hop.{suffix}"), data=focal)
        assert made.returncode == 0, made.stderr
        assert (tmp_path / f"tong-hop.{suffix}").stat().st_size > 0
