"""What the office's machine throws at the app: a read-only data folder, a database path that is a folder,
`logs` that is a file, a full disk. Each gets exit 2 and one Vietnamese sentence naming the path and what to
do; read commands work on a read-only folder; nothing is half-written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import db_snapshot
from tests.hostile.environment import read_only, small_disk

ENGLISH = re.compile(r"\b(Error|error|Traceback|denied|Permission|file|directory|database|No such|Read-only)\b")


def refused(proc: object, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)  # type: ignore[attr-defined]
    err: str = proc.stderr  # type: ignore[attr-defined]
    assert err.startswith("Lỗi: ") and err.count("\n") == 1, err
    assert not ENGLISH.search(err.removeprefix("Lỗi: ")), err
    for w in words:
        assert w in err, err


@pytest.fixture
def commune(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data).returncode == 0
    assert run("import-sample", data=data).returncode == 0
    return data


def test_a_read_only_data_folder_still_shows_everything(commune: Path) -> None:
    before = db_snapshot(commune / "cchc.sqlite3")
    files = sorted(p.name for p in commune.iterdir())
    with read_only(commune) as ro:
        tasks = run("tasks", "--mine", "--json", data=ro)
        assert tasks.returncode == 0, tasks.stderr
        assert len(json.loads(tasks.stdout)) > 50
        for args in (["plans", "--json"], ["periods"], ["catalog"], ["evidence", "list", "--json"]):
            proc = run(*args, data=ro)
            assert proc.returncode == 0, (args, proc.stderr)
        write = run("progress", "set", "PAR_INDEX:1.1", "--period", "2025-Q3", "--status", "done", data=ro)
        refused(write, str(ro), "chỉ cho đọc")
        refused(run("score", "set", "1.3.1", "0,5", "--explain", "Đã ban hành", data=ro), "chỉ cho đọc")
        assert run("import-sample", data=ro).returncode == 0  # already there: nothing to write, nothing refused
    assert db_snapshot(commune / "cchc.sqlite3") == before
    assert sorted(p.name for p in commune.iterdir()) == files  # no -wal, -shm or log written


def test_a_database_path_that_is_a_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cchc.sqlite3").mkdir(parents=True)
    refused(run("tasks", data=data), "cchc.sqlite3", "thư mục")


def test_a_data_folder_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("x")
    refused(run("tasks", data=tmp_path / "tep" / "data"), "không phải thư mục")


def test_logs_that_is_a_file(commune: Path) -> None:
    shutil.rmtree(commune / "logs")
    (commune / "logs").write_text("not a folder")
    proc = run("tasks", "--mine", data=commune)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    fresh = commune.parent / "moi"
    fresh.mkdir()
    (fresh / "logs").write_text("x")
    refused(run("init", "--agency", "UBND xã A", "--level", "xa", data=fresh), "logs", "trùng tên")


def test_a_full_disk_while_importing_writes_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "usb", 4096) as usb:
        data = usb / "data"
        assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data).returncode == 0
        before = db_snapshot(data / "cchc.sqlite3")
        filler = usb / "filler"
        free = shutil.disk_usage(usb).free
        filler.write_bytes(b"\0" * max(free - 64 * 1024, 0))
        refused(run("import-sample", data=data), "đầy")
        filler.unlink()
        assert db_snapshot(data / "cchc.sqlite3") == before


def test_a_full_stick_during_backup_leaves_nothing(commune: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "usb", 64) as usb:
        refused(run("backup", "--out", str(usb / "sao-luu.sqlite3"), data=commune), "đầy")
        assert list(usb.iterdir()) == []  # no .tmp left on the stick
