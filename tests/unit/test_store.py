import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

import db.store as store_mod
from db.errors import StoreError
from db.models import Plan
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


@pytest.mark.parametrize("schema", ["schema-0001.sqlite3", "schema-0002.sqlite3", "schema-0003.sqlite3"])
def test_plans_stored_before_keys_get_them_and_keep_their_uuids(schema: str, tmp_path: Path) -> None:
    """Schema 0004 gives plans keys and tasks fingerprints: computed on first open, UUIDs untouched (bundles
    already sent name them), the same keys a fresh import of the same plan gets."""
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    shutil.copy(FROZEN / schema, data_dir / "cchc.sqlite3")
    with sqlite3.connect(FROZEN / schema) as con:
        uuids_before = sorted(r[0] for r in con.execute("SELECT uuid FROM task"))
    st = open_workspace(data_dir)
    try:
        with st.engine.connect() as c:
            assert sorted(r[0] for r in c.execute(text("SELECT uuid FROM task"))) == uuids_before
            key, version, origin = c.execute(text("SELECT key, version, origin FROM plan")).one()
            assert key.startswith("c-") and version == 1 and origin == "import"  # the sample has no number
            assert c.execute(text("SELECT count(*) FROM task WHERE fingerprint = '' OR key = ''")).scalar() == 0
            assert c.execute(text("SELECT count(*) FROM plan_key")).scalar() >= 1
    finally:
        st.close()
    fresh = open_workspace(tmp_path / "fresh")
    try:
        from desktop.core.agencies import set_my_agency
        from desktop.core.plan_import import parse_grid, read_workbook
        from desktop.core.plan_import.commit import commit_plan
        from desktop.core.sample import SAMPLE_ISSUER, SAMPLE_TITLE, write_sample_workbook

        with fresh.session() as s:
            set_my_agency(s, "UBND xã Hòa An", "xa", "")
        parsed = parse_grid(read_workbook(write_sample_workbook(tmp_path / "mau.xlsx")))
        parsed.meta.title, parsed.meta.issuer = SAMPLE_TITLE, SAMPLE_ISSUER
        with fresh.session() as s:
            fresh_key = commit_plan(s, parsed).plan_key  # `cchc import-sample` today
    finally:
        fresh.close()
    if schema == "schema-0001.sqlite3":  # imported then as the sample is now: the very same key
        assert fresh_key == key
    st = open_workspace(data_dir)  # and the sample imported again over old data joins the plan it has
    try:
        with st.session() as s:
            again = commit_plan(s, parse_grid(read_workbook(tmp_path / "mau.xlsx")))
            assert again.merged_into == key and again.plan_id == s.scalars(select(Plan.id)).one()
    finally:
        st.close()


def test_frozen_schema_0004_opens_with_its_versions(tmp_path: Path) -> None:
    data_dir = tmp_path / "old4"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0004.sqlite3", data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        with st.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert c.execute(text("SELECT number, version FROM plan")).one() == ("145/KH-UBND", 2)
            versions = c.execute(text("SELECT version, number FROM plan_version ORDER BY version")).all()
            assert [tuple(v) for v in versions] == [(1, "145/KH-UBND"), (2, "210/KH-UBND")]
            dropped = c.execute(
                text(
                    "SELECT t.removed_in, p.percent FROM task t JOIN progress_entry p ON p.task_id = t.id "
                    "WHERE t.code = '1.7'"
                )
            ).one()
            assert tuple(dropped) == (2, 100)
    finally:
        st.close()


def test_frozen_schema_0004_gains_an_empty_register_and_0005_keeps_its_own(tmp_path: Path) -> None:
    """0005 adds the register: agencies stored before are neither registered nor retired; a register made
    with 0005 opens with its members, its retired unit and its province."""
    from desktop.core.register import members, province_of, set_province

    old = tmp_path / "old4"
    old.mkdir()
    shutil.copy(FROZEN / "schema-0004.sqlite3", old / "cchc.sqlite3")
    st = open_workspace(old)
    try:
        with st.session() as s:
            assert not any(m.registered for m in members(s)) and province_of(s) is None
            _province, joined = set_province(s, "Cao Bằng")
        with st.session() as s:
            # Cao Bằng has a Xã Hòa An: this data directory's own agency, registered but never expecting itself
            assert joined == 56 and sum(m.registered for m in members(s)) == 55
    finally:
        st.close()
    kept = tmp_path / "old5"
    kept.mkdir()
    shutil.copy(FROZEN / "schema-0005.sqlite3", kept / "cchc.sqlite3")
    st = open_workspace(kept)
    try:
        with st.session() as s:
            listed = {m.name: m for m in members(s)}
            province = province_of(s)
            assert province is not None and province.name == "Cao Bằng"
            assert not listed["UBND xã Yên Thổ"].active and listed["UBND xã Yên Thổ"].unit_code == "01318"
            assert listed["Ban Quản lý Khu kinh tế"].registered
            assert sum(m.registered and m.active for m in listed.values()) == 56  # 55 units and the added one
            from desktop.core.reports.saved_texts import saved_texts

            assert saved_texts(s, "2025-Q3")["number"] == "Số: 125/BC-SNV"
            # the inbox files are not frozen with the database: the appraisal is read as stored
            items = s.execute(text("SELECT items FROM appraisal")).scalar_one()
            stored = json.loads(items)["criterion:1.3.1"]
            assert (stored["score"], stored["comment"]) == (0.25, "Thiếu biên bản")
    finally:
        st.close()
    ward = tmp_path / "ward5"
    ward.mkdir()
    shutil.copy(FROZEN / "schema-0005-agency.sqlite3", ward / "cchc.sqlite3")
    st = open_workspace(ward)
    try:
        from desktop.core.appraisal.agency import appraisal_view

        with st.session() as s:
            view = appraisal_view(s, "2025-Y")
            assert view is not None and view.appraised_total == 0.25 and view.self_total == 0.5
    finally:
        st.close()


@pytest.mark.parametrize("schema", ["schema-0005.sqlite3", "schema-0005-agency.sqlite3"])
def test_frozen_schema_0005_gains_an_unset_signer_and_keeps_its_profile(schema: str, tmp_path: Path) -> None:
    """0006 adds the «Người ký» of the profile: blank, so documents keep the defaults of the agency's level and
    leave the name to write in; the profile and its focal person are kept; a backup is made first."""
    from desktop.core.agencies import Signer, get_profile, set_signer, signer_of
    from desktop.core.reports.data import collect
    from desktop.core.reports.pdf import default_texts

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(FROZEN / schema, data_dir / "cchc.sqlite3")
    with sqlite3.connect(FROZEN / schema) as old:
        (name,) = old.execute("SELECT a.name FROM profile p JOIN agency a ON a.id = p.agency_id").fetchone()
    st = open_workspace(data_dir)
    try:
        assert list((data_dir / "backups").glob("*0005*"))
        with st.session() as s:
            profile = get_profile(s)
            assert profile is not None and profile.agency.name == name
            assert signer_of(s) == Signer()
        with st.session() as s:
            set_signer(s, Signer("Hoàng Văn Bình", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC"))
        with st.session() as s:
            texts = default_texts(collect(s, "2025-Q3", date(2025, 10, 1)))
            assert (texts.signer_prefix, texts.signer_name) == ("KT. GIÁM ĐỐC", "Hoàng Văn Bình")
    finally:
        st.close()


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """A new data directory, migrated from nothing, has the tables, columns and indexes the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base

    st = open_workspace(tmp_path / "fresh")
    try:
        with st.engine.connect() as c:
            assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
    finally:
        st.close()
