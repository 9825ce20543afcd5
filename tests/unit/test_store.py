import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

import db.store as store_mod
from db.errors import StoreError
from db.store import head_revision, open_store
from desktop.core.workspace import open_workspace

FROZEN = Path(__file__).resolve().parents[1] / "data"


def test_fresh_data_dir_has_durable_sqlite(data_dir: Path) -> None:
    st = open_store(data_dir)
    try:
        with st.engine.connect() as c:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        for sub in ("evidence", "backups", "inbox", "logs"):
            assert (data_dir / sub).is_dir()
        assert (data_dir / "cchc.sqlite3").is_file()
    finally:
        st.close()


def test_foreign_keys_are_enforced(store: store_mod.Store) -> None:
    from sqlalchemy.exc import IntegrityError

    from db.models import Task

    with pytest.raises(IntegrityError), store.session() as s:
        s.add(Task(plan_id=9999, content="x"))


def test_newer_schema_is_refused_and_left_untouched(data_dir: Path) -> None:
    open_store(data_dir).close()
    db = data_dir / "cchc.sqlite3"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="phiên bản mới hơn"):
        open_store(data_dir)
    assert db.read_bytes() == before


def test_foreign_sqlite_file_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    con = sqlite3.connect(data_dir / "cchc.sqlite3")
    con.execute("CREATE TABLE something (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="không phải dữ liệu của ứng dụng"):
        open_store(data_dir)


def test_garbage_db_file_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "cchc.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(data_dir)


def test_head_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == store_mod.HEAD_REVISION


def test_frozen_schema_0001_upgrades_with_its_data(tmp_path: Path) -> None:
    """One frozen database per released schema: it must open, upgrade and keep every row."""
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0001.sqlite3", data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        with st.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert c.execute(text("SELECT count(*) FROM task")).scalar() == 124
            assert (
                c.execute(text("SELECT name FROM agency JOIN profile ON profile.agency_id = agency.id")).scalar()
                == "UBND xã Hòa An"
            )
    finally:
        st.close()
    if head_revision() != "0001":
        assert list((data_dir / "backups").glob("truoc-nang-cap-0001-*.sqlite3"))


def test_backup_is_made_before_a_migration(tmp_path: Path) -> None:
    """Opening an 0001 database migrates it to head, after copying it (as it was) to backups/."""
    data_dir = tmp_path / "d"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0001.sqlite3", data_dir / "cchc.sqlite3")
    st = open_store(data_dir)
    st.close()
    backups = list((data_dir / "backups").glob("truoc-nang-cap-0001-*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT count(*) FROM task").fetchone() == (124,)
    con.close()
    con = sqlite3.connect(data_dir / "cchc.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (store_mod.HEAD_REVISION,)
    con.close()


def test_frozen_schema_0002_opens_with_its_progress_evidence_and_scores(tmp_path: Path) -> None:
    """Schema 0002 (progress, evidence, scores, audit log) as released: it opens at head with every row."""
    data_dir = tmp_path / "old2"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0002.sqlite3", data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        with st.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert c.execute(text("SELECT count(*) FROM task")).scalar() == 124
            assert c.execute(text("SELECT percent, result FROM progress_entry")).one() == (40, "Đã kiểm tra 8/20 xã")
            assert c.execute(text("SELECT number FROM evidence")).scalar() == "12/BC-UBND"
            assert c.execute(text("SELECT value FROM score")).scalar() == 0.5
            assert c.execute(text("SELECT count(*) FROM target")).scalar() == 16
            assert c.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 4
    finally:
        st.close()


def test_frozen_schema_0003_opens_with_its_received_submission(tmp_path: Path) -> None:
    """Schema 0003 (received submissions) as released: it opens at head with every row."""
    data_dir = tmp_path / "old3"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0003.sqlite3", data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        with st.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert c.execute(text("SELECT count(*) FROM task")).scalar() == 124
            assert c.execute(text("SELECT percent, result FROM progress_entry")).one() == (40, "Đã kiểm tra 8/20 xã")
            assert c.execute(text("SELECT number FROM evidence")).scalar() == "12/BC-UBND"
            assert c.execute(text("SELECT value FROM score")).scalar() == 0.5
            assert c.execute(text("SELECT count(*) FROM target")).scalar() == 16
            assert c.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 4
            row = c.execute(text("SELECT agency_name, period_code, status FROM submission")).one()
            assert tuple(row) == ("UBND xã Tân Tiến", "2025-Q3", "current")
    finally:
        st.close()
