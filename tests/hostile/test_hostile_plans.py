"""Every hostile workbook: one clear Vietnamese message, nothing written, no traceback, exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.errors import UserError
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from tests.conftest import db_snapshot
from tests.hostile.corpus import CORPUS

CCHC = str(Path(sys.executable).with_name("cchc"))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_core_refuses_with_a_vietnamese_sentence(name: str, commune_store: Store, tmp_path: Path) -> None:
    make, words = CORPUS[name]
    path = make(tmp_path)
    before = db_snapshot(commune_store.db_path)
    with pytest.raises(UserError) as err:
        parsed = parse_grid(read_workbook(path))
        with commune_store.session() as s:
            commit_plan(s, parsed)
    assert words in str(err.value)
    assert "\n" not in str(err.value)
    assert db_snapshot(commune_store.db_path) == before


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_cli_exit_2_one_line_nothing_written(name: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [CCHC, "--data-dir", str(data), "init", "--agency", "UBND xã Hòa An", "--level", "xa"],
        check=True,
        capture_output=True,
    )
    before = db_snapshot(data / "cchc.sqlite3")
    make, words = CORPUS[name]
    path = make(tmp_path)
    proc = subprocess.run(
        [CCHC, "--data-dir", str(data), "import-plan", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and words in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert db_snapshot(data / "cchc.sqlite3") == before


def test_formulas_without_cached_values_are_said_not_dropped_silently(tmp_path: Path) -> None:
    """A workbook written by a tool that never calculates: the cells of its formulas have no value. The import
    says how many there are and what to do, instead of quietly importing fewer tasks."""
    import json

    from openpyxl import load_workbook

    from tests.fixtures.workbooks import write_seed002

    path = write_seed002(tmp_path / "cong-thuc.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    formulas = 0
    for row in ws.iter_rows(min_row=6, max_row=40):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.count(".") == 1:
            cell.value = f'="{cell.value}"'  # STT typed as a formula; openpyxl saves no cached value
            formulas += 1
    wb.save(path)
    data = tmp_path / "data"
    subprocess.run([CCHC, "--data-dir", str(data), "init", "--agency", "UBND xã Hòa An", "--level", "xa"], check=True)
    proc = subprocess.run(
        [CCHC, "--data-dir", str(data), "import-plan", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["warnings"] and f"{formulas} ô có công thức" in result["warnings"][0]
    assert "Cảnh báo:" in proc.stderr and "lưu lại rồi nhập lại" in proc.stderr
