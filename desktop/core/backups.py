"""Backups of the database: automatic (on close, at most daily, rotated), on demand, and restore.

Evidence files are not copied: the store is content-addressed and only an explicit clean-up removes a file,
so a restored database finds every file it refers to (the start-up check reports any that are missing).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from db.errors import StoreError
from db.store import DB_FILE_NAME, backup_database, known_revisions, open_store
from desktop.core.data_check import integrity
from desktop.core.errors import UserError, disk_full, os_reason

AUTO_PREFIX = "tu-dong-"
MANUAL_PREFIX = "thu-cong-"
BEFORE_RESTORE_PREFIX = "truoc-khoi-phuc-"
STAMP = "%Y%m%d-%H%M%S"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


def _backup_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def _stamp(path: Path, prefix: str) -> datetime | None:
    try:
        return datetime.strptime(path.stem[len(prefix) :], STAMP)
    except ValueError:
        return None


def auto_backups(data_dir: Path) -> list[tuple[datetime, Path]]:
    found = []
    for path in _backup_dir(data_dir).glob(f"{AUTO_PREFIX}*.sqlite3"):
        when = _stamp(path, AUTO_PREFIX)
        if when is not None:
            found.append((when, path))
    return sorted(found)


def backup_now(data_dir: Path, out: Path | None = None, now: datetime | None = None) -> Path:
    """An online backup (safe while the app is writing) to `out` or backups/thu-cong-<time>.sqlite3."""
    now = now or datetime.now()
    if out is None:
        out = _backup_dir(data_dir) / f"{MANUAL_PREFIX}{now.strftime(STAMP)}.sqlite3"
    elif out.is_dir():
        out = out / f"cchc-sao-luu-{now.strftime(STAMP)}.sqlite3"
    if out.exists():
        raise UserError(f"Tệp «{out}» đã có; hãy chọn tên khác để không ghi đè.")
    try:
        backup_database(data_dir / DB_FILE_NAME, out)
    except OSError as exc:
        raise UserError(f"Không ghi được bản sao lưu vào «{out}» ({os_reason(exc)}).") from exc
    except sqlite3.Error as exc:
        reason = "ổ đĩa đã đầy" if disk_full(exc) else "không đọc hoặc ghi được cơ sở dữ liệu"
        raise UserError(f"Không ghi được bản sao lưu vào «{out}» ({reason}).") from exc
    return out


def rotate(data_dir: Path) -> list[Path]:
    """Keep the newest automatic backup of each of the last 7 days, 4 weeks and 12 months; remove the rest."""
    backups = auto_backups(data_dir)
    keep: set[Path] = set()
    for key_of, count in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for when, path in reversed(backups):
            key = key_of(when)
            if key not in seen:
                seen.append(key)
                if len(seen) <= count:
                    keep.add(path)
    removed = []
    for _when, path in backups:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def auto_backup(data_dir: Path, now: datetime | None = None) -> Path | None:
    """Called on close: a backup unless one was made in the last 24 hours, then rotation."""
    now = now or datetime.now()
    existing = auto_backups(data_dir)
    if existing and now - existing[-1][0] < timedelta(hours=24):
        return None
    path = _backup_dir(data_dir) / f"{AUTO_PREFIX}{now.strftime(STAMP)}.sqlite3"
    backup_database(data_dir / DB_FILE_NAME, path)
    rotate(data_dir)
    return path


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path
    revision: str


OUR_TABLES = frozenset({"agency", "profile", "plan", "task", "framework", "criterion"})
UNCHANGED = "Dữ liệu hiện tại không thay đổi."


@contextmanager
def _staged(src: Path, work_dir: Path | None = None) -> Iterator[Path]:
    """A private copy of the backup to check and restore from: the user's file (often on a read-only USB
    stick) is only read, never opened by SQLite, so no -wal or -shm file is ever written beside it."""
    if not src.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu «{src}». {UNCHANGED}")
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".khoi-phuc-", dir=work_dir))
    try:
        copy = folder / DB_FILE_NAME
        try:
            shutil.copyfile(src, copy)
        except OSError as exc:
            raise UserError(
                f"Không đọc hoặc chép được tệp sao lưu «{src.name}» ({os_reason(exc)}). {UNCHANGED}"
            ) from exc
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_copy(copy: Path, name: str) -> str:
    with open(copy, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise UserError(
                f"«{name}» không phải tệp sao lưu của ứng dụng (không phải cơ sở dữ liệu SQLite). {UNCHANGED}"
            )
    problems = integrity(copy, quick=False)
    if problems != ["ok"]:
        raise UserError(f"Tệp sao lưu «{name}» bị hỏng ({problems[0]}); hãy chọn bản khác. {UNCHANGED}")
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        row = con.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
    except sqlite3.Error:
        tables, row = set(), None
    finally:
        con.close()
    if not row or not tables >= OUR_TABLES:
        raise UserError(f"«{name}» không phải bản sao lưu dữ liệu CCHC. {UNCHANGED}")
    revision = str(row[0])
    known = known_revisions()
    if revision not in known:
        # Compared against the migration graph: a revision this version never had is not "older".
        raise UserError(
            f"Bản sao lưu «{name}» có lược đồ «{revision[:20]}» mà phiên bản ứng dụng này không biết (có thể do "
            f"phiên bản mới hơn tạo ra); hãy cập nhật ứng dụng rồi khôi phục lại. {UNCHANGED}"
        )
    return revision


def check_backup_file(path: Path) -> str:
    """The schema revision of a backup that is sound and ours; UserError otherwise. Reads a private copy."""
    with _staged(path) as copy:
        return _check_copy(copy, path.name)


def restore(data_dir: Path, src: Path, now: datetime | None = None) -> RestoreResult:
    """Replace the database with a checked backup, keeping a copy of the current one first.

    The backup is copied, checked (integrity, our tables, a known revision) and brought to the current schema
    in a private folder; only then does it replace the live database, in one SQLite backup transaction.
    Any failure before that leaves the live data as it was, and says so. The caller must have closed every
    connection.
    """
    now = now or datetime.now()
    db_path = data_dir / DB_FILE_NAME
    safety = _backup_dir(data_dir) / f"{BEFORE_RESTORE_PREFIX}{now.strftime(STAMP)}.sqlite3"
    with _staged(src, _backup_dir(data_dir)) as copy:
        revision = _check_copy(copy, src.name)
        try:
            open_store(copy.parent).close()  # migrated here, not in the live file
        except StoreError as exc:
            raise UserError(f"Không nâng cấp được bản sao lưu «{src.name}» ({exc}). {UNCHANGED}") from exc
        try:
            if db_path.exists():
                backup_database(db_path, safety)
            # The backup API writes the pages into the live file in one transaction, WAL included.
            with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as source, sqlite3.connect(db_path) as dest:
                source.backup(dest)
            source.close()
            dest.close()
        except (OSError, sqlite3.Error) as exc:
            reason = "ổ đĩa đã đầy" if disk_full(exc) else os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise UserError(f"Không khôi phục được ({reason}). {UNCHANGED}") from exc
    return RestoreResult(src, safety, revision)
