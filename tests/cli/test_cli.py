"""The real `cchc` command: exit codes, JSON, and what a commune sees.

`run` calls the CLI in-process through `desktop.cli.main(argv)`, as a fresh process would (its own output
streams, environment and log file); `run_process` runs the installed `cchc` executable for the smoke tests
that must see a real process (the entry point, the console encoding, two processes at once)."""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from desktop import cli
from desktop.core.sample import Layout, write_tables
from tests.conftest import db_snapshot
from tests.fixtures.workbooks import LAYOUT_B, seed002_tables, without_years, write_seed002
from tests.unit.test_my_tasks import NOT_FOR_COMMUNES

CCHC = str(Path(sys.executable).with_name("cchc"))


def run_process(
    *args: str, data: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [CCHC, *(["--data-dir", str(data)] if data else []), *args]
    return subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", timeout=120, env={**os.environ, **(env or {})}
    )


def _drop_log_files() -> None:
    """A process's log file goes with the process: the next command opens its own data directory's log."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_cchc", False)]:
        root.removeHandler(handler)
        handler.close()


def run(*args: str, data: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    argv = [*(["--data-dir", str(data)] if data else []), *args]
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    _drop_log_files()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        _drop_log_files()
    return subprocess.CompletedProcess([CCHC, *argv], code, out.getvalue(), err.getvalue())


@pytest.fixture
def commune(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    proc = run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data)
    assert proc.returncode == 0, proc.stderr
    assert "UBND xã Hòa An" in proc.stdout
    return data


def test_commune_imports_seed_002_and_sees_its_tasks(commune: Path, tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "phu-luc.xlsx", LAYOUT_B)
    proc = run("import-plan", str(path), "--json", data=commune)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["tasks"] == 124 and result["criteria_linked"] == 124 and result["skipped"] == []
    proc = run("tasks", "--mine", "--json", data=commune)
    assert proc.returncode == 0, proc.stderr
    tasks = json.loads(proc.stdout)
    keys = {(t["framework"], t["code"]) for t in tasks}
    everything = {(t["framework"], t["code"]) for t in json.loads(run("tasks", "--json", data=commune).stdout)}
    assert keys == everything - NOT_FOR_COMMUNES
    by_key = {(t["framework"], t["code"]): t for t in tasks}
    t = by_key[("PAR_INDEX", "1.3.1")]
    assert set(t) >= {
        "id",
        "code",
        "criterion_code",
        "content",
        "lead",
        "partners",
        "deadline_text",
        "due_date",
        "recurring",
        "plan",
    }
    assert t["criterion_code"] == "1.3.1" and t["due_date"] == "2025-12-31" and t["recurring"] is False
    assert t["lead"] == ["Sở Nội vụ"] and t["partners"] == ["Các Sở, ban, ngành tỉnh", "UBND cấp xã"]
    assert by_key[("PAR_INDEX", "1.1")]["due_date"] == "2025-07-15"
    assert by_key[("PAR_INDEX", "1.2")]["due_date"] is None and by_key[("PAR_INDEX", "1.2")]["recurring"] is True
    assert by_key[("PAPI", "1.2")]["deadline_text"] == "Trước, trong và sau bầu cử"
    assert by_key[("PAPI", "1.2")]["due_date"] is None
    assert by_key[("SIPAS", "B.II.13")]["due_date"] == "2025-12-31"

    again = run("import-plan", str(path), "--json", data=commune)
    assert again.returncode == 0 and json.loads(again.stdout)["duplicate"] is True
    assert len(json.loads(run("tasks", "--json", data=commune).stdout)) == 124


def test_dry_run_writes_nothing(commune: Path, tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "a.xlsx")
    before = db_snapshot(commune / "cchc.sqlite3")
    proc = run("import-plan", str(path), "--dry-run", "--json", data=commune)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["tasks"] == 124
    assert db_snapshot(commune / "cchc.sqlite3") == before


def test_year_is_inferred_or_given_or_left_undated(commune: Path, tmp_path: Path) -> None:
    path = write_tables(without_years(seed002_tables()), tmp_path / "khong-nam.xlsx", Layout(title_rows=False))
    proc = run("import-plan", str(path), "--dry-run", "--json", data=commune)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["undated"] > 0
    assert "không xác định được năm" in proc.stderr
    proc = run("import-plan", str(path), "--year", "2025", "--json", data=commune)
    assert proc.returncode == 0 and json.loads(proc.stdout)["undated"] == 0
    tasks = {t["code"]: t for t in json.loads(run("tasks", "--json", data=commune).stdout)}
    assert tasks["1.3.1"]["due_date"] == "2025-12-31"


def test_text_output_and_other_listings(commune: Path) -> None:
    proc = run("import-sample", data=commune)
    assert proc.returncode == 0 and "Đã nhập 124 nhiệm vụ" in proc.stdout
    out = run("tasks", "--mine", data=commune).stdout
    assert "Tổng cộng 112 nhiệm vụ;" in out and "31/12/2025" in out
    plans = json.loads(run("plans", "--json", data=commune).stdout)
    assert plans[0]["tasks"] == 124 and plans[0]["year"] == 2025
    catalog = json.loads(run("catalog", "--json", data=commune).stdout)
    assert {c["code"] for c in catalog} == {"PAR_INDEX", "SIPAS", "PAPI"}
    assert "Sở Nội vụ" in run("agencies", data=commune).stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["init", "--agency", "X", "--level", "quan"], "lựa chọn không hợp lệ"),
        (["init", "--agency", "Phòng A", "--level", "phong"], "cơ quan cấp trên"),
        (["import-plan"], "thiếu tham số bắt buộc"),
        (["khong-co-lenh"], "lựa chọn không hợp lệ"),
        (["tasks", "--mine"], "Chưa khai báo cơ quan"),
        (["tasks", "--plan", "abc"], "giá trị không hợp lệ"),
    ],
)
def test_bad_input_exit_2_in_vietnamese(args: list[str], words: str, tmp_path: Path) -> None:
    proc = run(*args, data=tmp_path / "d")
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_import_before_init_is_refused(tmp_path: Path) -> None:
    path = write_seed002(tmp_path / "a.xlsx")
    proc = run("import-plan", str(path), data=tmp_path / "d")
    assert proc.returncode == 2 and "Chưa khai báo cơ quan" in proc.stderr


def test_newer_database_is_refused(commune: Path) -> None:
    con = sqlite3.connect(commune / "cchc.sqlite3")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    proc = run("tasks", data=commune)
    assert proc.returncode == 2 and "phiên bản mới hơn" in proc.stderr


def test_data_dir_from_environment(tmp_path: Path) -> None:
    data = tmp_path / "env-data"
    proc = run_process("init", "--agency", "Sở Nội vụ", "--level", "so", env={"CCHC_DATA_DIR": str(data)})
    assert proc.returncode == 0 and (data / "cchc.sqlite3").exists()


def test_the_installed_command_answers_in_json_and_refuses_with_exit_2(commune: Path, tmp_path: Path) -> None:
    """Smoke test of the real executable: the same contract the in-process tests check."""
    proc = run_process("import-sample", "--json", data=commune)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["tasks"] == 124
    assert len(json.loads(run_process("tasks", "--json", data=commune).stdout)) == 124
    bad = run_process("import-plan", str(tmp_path / "khong-co.xlsx"), data=commune)
    assert bad.returncode == 2 and bad.stderr.startswith("Lỗi: ") and "Traceback" not in bad.stderr


def test_help_is_in_vietnamese(tmp_path: Path) -> None:
    proc = run_process("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Cách dùng: cchc") and "tuỳ chọn" in proc.stdout and "usage" not in proc.stdout


def test_a_reader_that_stops_early_is_not_an_error(commune: Path) -> None:
    """`cchc tasks --json | head`: the reader is gone before the output is written (its end of the pipe is
    closed first, so the write fails at once, as it does when `head` has read enough)."""
    assert run("import-sample", data=commune).returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [CCHC, "--data-dir", str(commune), "tasks", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert proc.stderr == b""
