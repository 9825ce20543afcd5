"""Restore never changes the live data unless it succeeds: wrong revisions (including one that sorts low as a
string), files that are not ours, damaged copies, a backup on a read-only stick — through the real `cchc`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import db_snapshot


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """A commune's data directory with the sample, and a sound manual backup of it."""
    data = tmp_path / "data"
    assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data).returncode == 0
    assert run("import-sample", data=data).returncode == 0
    backup = tmp_path / "usb" / "sao-luu.sqlite3"
    backup.parent.mkdir()
    assert run("backup", "--out", str(backup), data=data).returncode == 0
    return data, backup


def _with_revision(revision: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        with sqlite3.connect(path) as con:
            con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.close()

    return change


def _drop_table(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE task_criterion")
        con.execute("DROP TABLE assignment")
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("DROP TABLE task")
    con.close()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    con.close()


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "revision that sorts low": (_with_revision("0000a"), "không biết"),
    "revision from the future": (_with_revision("0099"), "không biết"),
    "revision that is garbage": (_with_revision("x' OR 1=1"), "không biết"),
    "not our tables": (_drop_table, "không phải bản sao lưu dữ liệu CCHC"),
    "truncated": (_truncate, "bị hỏng"),
    "another program's database": (_foreign, "không phải bản sao lưu dữ liệu CCHC"),
    "not a database": (lambda p: p.write_bytes(b"PK\x03\x04 not sqlite"), "không phải cơ sở dữ liệu SQLite"),
    "missing": (lambda p: p.unlink(), "Không tìm thấy tệp sao lưu"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_backup_is_refused_and_the_live_data_is_untouched(case: str, world: tuple[Path, Path]) -> None:
    data, backup = world
    change, words = CASES[case]
    change(backup)
    before = db_snapshot(data / "cchc.sqlite3")
    proc = run("restore", str(backup), data=data)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "không thay đổi" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert db_snapshot(data / "cchc.sqlite3") == before
    tasks = run("tasks", "--json", data=data)  # and the app still opens
    assert tasks.returncode == 0, tasks.stderr
    assert not list((data / "backups").glob(".khoi-phuc-*"))  # no staging folder left behind


def test_a_backup_on_a_read_only_stick_restores_without_writing_beside_it(world: tuple[Path, Path]) -> None:
    data, backup = world
    assert run("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", data=data).returncode == 0
    stick = backup.parent
    os.chmod(backup, stat.S_IRUSR | stat.S_IRGRP)
    os.chmod(stick, stat.S_IRUSR | stat.S_IXUSR)
    try:
        listing = sorted(p.name for p in stick.iterdir())
        proc = run("restore", str(backup), data=data)
        assert proc.returncode == 0, proc.stderr
        assert sorted(p.name for p in stick.iterdir()) == listing  # no -wal, no -shm on the stick
    finally:
        os.chmod(stick, stat.S_IRWXU)
    tasks = run("tasks", "--period", "2025-Q3", "--json", data=data)
    assert tasks.returncode == 0 and all(t["status"] == "not_started" for t in __import__("json").loads(tasks.stdout))
    assert list((data / "backups").glob("truoc-khoi-phuc-*.sqlite3"))  # what was there is kept aside


def test_an_older_schema_backup_is_upgraded_before_it_replaces_anything(
    tmp_path: Path, world: tuple[Path, Path]
) -> None:
    data, _backup = world
    old = tmp_path / "cu.sqlite3"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "schema-0002.sqlite3", old)
    proc = run("restore", str(old), data=data)
    assert proc.returncode == 0, proc.stderr
    plans = run("plans", "--json", data=data)
    assert plans.returncode == 0 and '"version": 1' in plans.stdout
