"""Opening a data directory: SQLite pragmas for durability, backup-then-migrate, newer-schema refusal."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest migration. Checked against the scripts by a test; lets an up-to-date database open without
# importing Alembic at all (a third of the start-up time otherwise).
HEAD_REVISION = "0004"

DB_FILE_NAME = "cchc.sqlite3"
SUBDIRS = ("evidence", "backups", "inbox", "logs")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass
class Store:
    data_dir: Path
    engine: Engine
    sessionmaker: sessionmaker[Session]

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed once at the end, or rolled back entirely."""
        s = self.sessionmaker()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def close(self) -> None:
        self.engine.dispose()


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL makes a WAL commit survive a power cut, not just a crashed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Every schema revision this version can open, oldest first (the migration graph, not string order)."""
    from alembic.script import ScriptDirectory

    return [rev.revision for rev in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def _current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(db_path: Path) -> str | None:
    """The revision recorded in the file, read without Alembic; None if there is none (or no database)."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalar()
    return bool(rows)


def backup_database(src: Path, dest: Path) -> None:
    """Consistent copy through SQLite's online backup API (safe while WAL frames are pending)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    with sqlite3.connect(src) as s, sqlite3.connect(tmp) as d:
        s.backup(d)
    d.close()
    s.close()
    tmp.replace(dest)


def open_store(data_dir: Path) -> Store:
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        for sub in SUBDIRS:
            (data_dir / sub).mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Không tạo được thư mục dữ liệu «{data_dir}»: {exc.strerror}. Hãy chọn thư mục khác bằng --data-dir."
        ) from exc

    db_path = data_dir / DB_FILE_NAME
    existed = db_path.exists() and db_path.stat().st_size > 0
    engine = make_engine(db_path)
    try:
        if not (existed and _stored_revision(db_path) == HEAD_REVISION):
            _migrate(engine, db_path, data_dir, existed)
    except StoreError:
        engine.dispose()
        raise
    except sqlite3.DatabaseError as exc:
        engine.dispose()
        raise StoreError(
            f"Tệp «{db_path.name}» trong thư mục dữ liệu không phải cơ sở dữ liệu hợp lệ ({exc}). "
            "Hãy khôi phục từ bản sao lưu hoặc chọn thư mục dữ liệu khác."
        ) from exc
    except Exception as exc:
        engine.dispose()
        if "file is not a database" in str(exc):
            raise StoreError(
                f"Tệp «{db_path.name}» trong thư mục dữ liệu không phải cơ sở dữ liệu hợp lệ. "
                "Hãy khôi phục từ bản sao lưu hoặc chọn thư mục dữ liệu khác."
            ) from exc
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    return Store(data_dir=data_dir, engine=engine, sessionmaker=factory)


def _migrate(engine: Engine, db_path: Path, data_dir: Path, existed: bool) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = _current_revision(engine)
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise StoreError(
                "Dữ liệu này được tạo bởi phiên bản mới hơn của ứng dụng "
                f"(lược đồ {current}). Hãy cài phiên bản mới nhất rồi mở lại; dữ liệu không bị thay đổi."
            )
    elif existed and _has_tables(engine):
        raise StoreError(
            f"Tệp «{db_path.name}» không phải dữ liệu của ứng dụng CCHC. "
            "Hãy chọn thư mục dữ liệu khác; tệp không bị thay đổi."
        )
    if current == head:
        return
    if existed and current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = data_dir / "backups" / f"truoc-nang-cap-{current}-{stamp}.sqlite3"
        backup_database(db_path, dest)
        log.info("backed up %s to %s before migrating %s -> %s", db_path, dest, current, head)
    command.upgrade(alembic_config(engine), "head")
