"""Backups: online copies, rotation, restore with an integrity check and a safety copy."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.backups import auto_backup, auto_backups, backup_now, check_backup_file, restore, rotate
from desktop.core.errors import UserError
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.workspace import open_workspace
from tests.conftest import task_id_by_code


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_a_backup_restores_the_data_as_it_was(sample_store: Store, tmp_path: Path) -> None:
    data_dir = sample_store.data_dir
    backup = backup_now(data_dir, tmp_path / "sao-luu.sqlite3")
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q1", ProgressFields("in_progress", 10))
    assert count(sample_store.db_path, "progress_entry") == 1
    sample_store.close()
    result = restore(data_dir, backup)
    assert count(data_dir / "cchc.sqlite3", "progress_entry") == 0
    assert count(result.safety_copy, "progress_entry") == 1  # the replaced data is kept
    reopened = open_workspace(data_dir)
    reopened.close()


def test_restore_refuses_damaged_or_foreign_files(store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(UserError, match="không phải tệp sao lưu"):
        check_backup_file(junk)
    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="không phải bản sao lưu dữ liệu CCHC"):
        check_backup_file(foreign)
    good = backup_now(store.data_dir, tmp_path / "good.sqlite3")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(UserError):
        check_backup_file(truncated)
    with pytest.raises(UserError, match="Không tìm thấy"):
        check_backup_file(tmp_path / "nothing.sqlite3")


def test_automatic_backups_are_at_most_daily_and_rotated(store: Store) -> None:
    start = datetime(2025, 1, 1, 17, 0)
    assert auto_backup(store.data_dir, start) is not None
    assert auto_backup(store.data_dir, start + timedelta(hours=3)) is None  # same day: skipped
    for day in range(1, 400):
        auto_backup(store.data_dir, start + timedelta(days=day))
    kept = [when for when, _p in auto_backups(store.data_dir)]
    newest = start + timedelta(days=399)
    assert kept[-1] == newest
    assert len(kept) <= 7 + 4 + 12
    assert sum(1 for w in kept if newest - w < timedelta(days=7)) == 7
    assert min(kept) < newest - timedelta(days=300)  # monthly ones reach back a year
    assert rotate(store.data_dir) == []  # stable


def test_backup_never_overwrites(store: Store, tmp_path: Path) -> None:
    out = backup_now(store.data_dir, tmp_path / "x.sqlite3")
    with pytest.raises(UserError, match="đã có"):
        backup_now(store.data_dir, out)
