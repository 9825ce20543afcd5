from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # The screens the app must fit: a 1366×768 laptop (primary; the offscreen plugin lists it last) and a
    # 1920×1080 screen at 150 %, 1280×720 logical pixels.
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).parent / 'data' / 'screens.json'}"

from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.workspace import open_workspace


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_workspace(data_dir)
    yield s
    s.close()


@pytest.fixture
def commune_store(store: Store) -> Store:
    with store.session() as s:
        set_my_agency(s, "UBND xã Hòa An", "xa", focal_person="Nguyễn Văn A")
    return store


def db_snapshot(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a refused input changed nothing."""
    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture
def sample_store(commune_store: Store, tmp_path: Path) -> Store:
    """A commune with the seed-002 plan (124 tasks, year 2025) imported."""
    from desktop.core.plan_import import parse_grid, read_workbook
    from desktop.core.plan_import.commit import commit_plan
    from tests.fixtures.workbooks import write_seed002

    path = write_seed002(tmp_path / "seed002.xlsx")
    with commune_store.session() as s:
        commit_plan(s, parse_grid(read_workbook(path)))
    return commune_store


def task_id_by_code(store: Store, framework: str, code: str) -> int:
    from desktop.core.tasks import load_task_rows

    with store.session() as s:
        return next(r.id for r in load_task_rows(s) if r.framework == framework and r.code == code)
