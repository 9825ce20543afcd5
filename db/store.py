"""Opening a data directory: SQLite pragmas for durability, backup-then-migrate, newer-schema refusal."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StoreError, os_reason

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# What a job receives from `Store.session`: the layers above name it without importing SQLAlchemy.
DbSession = Session

# The newest migration. Checked against the scripts by a test; lets an up-to-date database open without
# importing Alembic at all (a third of the start-up time otherwise).
HEAD_REVISION = "0009"

DB_FILE_NAME = "cchc.sqlite3"
SUBDIRS = ("evidence", "backups", "inbox", "logs")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass
class Store:
    data_dir: Path
    engine: Engine
    sessionmaker: sessionmaker[Session]
    read_only: bool = False  # the folder cannot be written (a locked USB stick, a read-only share)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """A session whose work is committed once at the end, or rolled back entirely. What the environment
        refuses (a read-only folder, a full disk, a lost USB stick) comes out as one StoreError sentence.

        `write` takes the write lock first (BEGIN IMMEDIATE): a second writer waits for the first and then reads
        what it committed, so two first-time writes of one row never collide (one creates, the other updates)."""
        from sqlalchemy.exc import OperationalError

        s = self.sessionmaker()
        try:
            if write and not self.read_only:
                s.connection().exec_driver_sql("BEGIN IMMEDIATE")
            start = _changes(s) if self.read_only else 0
            yield s
            if self.read_only:
                s.flush()
                if _changes(s) - start > s.info.get(HOUSEKEEPING, 0):
                    raise environment_error(self.data_dir, OperationalError("", None, Exception("readonly")))
            s.commit()
        except OperationalError as exc:
            s.rollback()
            raise environment_error(self.data_dir, exc) from exc
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def close(self) -> None:
        self.engine.dispose()


HOUSEKEEPING = "cchc_housekeeping"


def mark_housekeeping(session: Session, rows: int = 1) -> None:
    """Rows written only to make what is read exist (a year's default reporting periods). On a read-only data
    folder such writes stay in memory and reads go on; any other write is refused."""
    session.info[HOUSEKEEPING] = session.info.get(HOUSEKEEPING, 0) + rows


def _changes(session: Session) -> int:
    raw = session.connection().connection.dbapi_connection
    return int(getattr(raw, "total_changes", 0))


def _memory_copy(db_path: Path) -> sqlite3.Connection:
    """A read-only medium's database, copied into memory once: read as it is, with nothing written beside it."""
    source = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro&immutable=1", uri=True)
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        source.backup(memory)
    finally:
        source.close()
    memory.execute("PRAGMA journal_mode=MEMORY")  # the copied header says WAL, which a memory database cannot be
    memory.execute("PRAGMA foreign_keys=ON")
    return memory


def environment_error(data_dir: Path, exc: Exception) -> Exception:
    """A StoreError for what SQLite says about the place it writes to; anything else is returned as it is."""
    cause = getattr(exc, "orig", exc)
    if not isinstance(cause, sqlite3.OperationalError) and "OperationalError" not in type(exc).__name__:
        return exc
    text = str(cause).lower()
    where = f"«{data_dir}»"
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"Thư mục dữ liệu {where} chỉ cho đọc nên không ghi được thay đổi (các lệnh xem vẫn dùng được). "
            "Hãy chép thư mục dữ liệu sang ổ ghi được hoặc mở khoá ghi của USB; không có gì bị thay đổi."
        )
    if "full" in text:
        return StoreError(
            f"Ổ đĩa chứa thư mục dữ liệu {where} đã đầy; thay đổi chưa được ghi, dữ liệu cũ vẫn nguyên vẹn. "
            "Hãy giải phóng dung lượng rồi làm lại."
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"Dữ liệu ở {where} đang được một cửa sổ hay lệnh khác ghi quá lâu; thay đổi này chưa được ghi. "
            "Hãy đợi thao tác kia xong rồi làm lại."
        )
    if "disk i/o" in text or "unable to open" in text:
        return StoreError(
            f"Không đọc hoặc ghi được thư mục dữ liệu {where} (USB bị rút hoặc ổ đĩa lỗi?); thay đổi chưa được "
            "ghi. Hãy kiểm tra ổ đĩa rồi làm lại."
        )
    return exc


def _writable(data_dir: Path, db_path: Path) -> bool:
    return os.access(data_dir, os.W_OK) and (not db_path.exists() or os.access(db_path, os.W_OK))


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL makes a WAL commit survive a power cut, not just a crashed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(db_path: Path, read_only: bool = False) -> Engine:
    if read_only:
        from sqlalchemy.pool import StaticPool

        memory = _memory_copy(db_path)
        return create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
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


def _stored_revision(db_path: Path, immutable: bool = False) -> str | None:
    """The revision recorded in the file, read without Alembic; None if there is none (or no database)."""
    try:
        con = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro{'&immutable=1' if immutable else ''}", uri=True)
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
    try:
        with sqlite3.connect(src) as s, sqlite3.connect(tmp) as d:
            s.backup(d)
        d.close()
        s.close()
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full stick keeps no half copy
        raise


def open_store(data_dir: Path) -> Store:
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        for sub in SUBDIRS:
            (data_dir / sub).mkdir(exist_ok=True)
    except OSError as exc:
        if not (data_dir / DB_FILE_NAME).is_file() or not data_dir.is_dir():
            raise StoreError(
                f"Không tạo được thư mục dữ liệu «{exc.filename or data_dir}» ({os_reason(exc)}). Hãy chọn thư mục "
                "khác bằng --data-dir (hoặc biến CCHC_DATA_DIR)."
            ) from exc
        # A read-only folder that already holds data: it opens for reading below.

    db_path = data_dir / DB_FILE_NAME
    if db_path.exists() and not db_path.is_file():
        raise StoreError(
            f"«{db_path}» là một thư mục hoặc tệp đặc biệt, không phải tệp dữ liệu. Hãy đổi tên hoặc chuyển nó đi, "
            "hoặc chọn thư mục dữ liệu khác bằng --data-dir."
        )
    existed = db_path.exists() and db_path.stat().st_size > 0
    if existed and not _writable(data_dir, db_path):
        return _open_read_only(data_dir, db_path)
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


def _open_read_only(data_dir: Path, db_path: Path) -> Store:
    """Data on a read-only medium opens for reading, as long as it needs no upgrade."""
    revision = _stored_revision(db_path, immutable=True)
    if revision != HEAD_REVISION:
        raise StoreError(
            f"Thư mục dữ liệu «{data_dir}» chỉ cho đọc mà dữ liệu cần nâng cấp lên phiên bản này (hoặc không phải "
            "dữ liệu của ứng dụng). Hãy chép thư mục dữ liệu sang ổ ghi được rồi mở lại; không có gì bị thay đổi."
        )
    engine = make_engine(db_path, read_only=True)
    return Store(data_dir, engine, sessionmaker(engine, expire_on_commit=False), read_only=True)


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
