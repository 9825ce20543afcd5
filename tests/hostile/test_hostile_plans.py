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
