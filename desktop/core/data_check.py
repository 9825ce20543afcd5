"""Checking the data directory: SQLite integrity, and the DB against the evidence store (reported, not fixed).

Clean-up of unused files is a separate, explicit action.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from db.models import Evidence
from db.store import Store
from desktop.core.evidence_files import blob_path, hash_file, iter_stored, remove_blob, temp_files
from desktop.core.progress import CancelToken, ProgressFn, no_progress


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)  # ["ok"] when sound
    orphan_files: list[str] = field(default_factory=list)  # sha256 of files without a row
    missing_files: list[tuple[int, str]] = field(default_factory=list)  # (evidence id, original name)
    damaged_files: list[tuple[int, str]] = field(default_factory=list)  # wrong size or hash
    temp_files: int = 0

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not (self.missing_files or self.damaged_files)

    @property
    def clean(self) -> bool:
        return self.ok and not self.orphan_files and not self.temp_files

    def lines(self) -> list[str]:
        out = []
        if self.integrity == ["ok"]:
            out.append("Cơ sở dữ liệu: toàn vẹn.")
        else:
            out.append("Cơ sở dữ liệu có lỗi: " + "; ".join(self.integrity[:5]))
        for _eid, name in self.missing_files:
            out.append(f"Thiếu tệp của tài liệu «{name}» trong kho tài liệu kiểm chứng.")
        for _eid, name in self.damaged_files:
            out.append(f"Tệp của tài liệu «{name}» bị hỏng (sai kích thước hoặc mã băm).")
        if self.orphan_files:
            out.append(
                f"{len(self.orphan_files)} tệp trong kho không thuộc tài liệu nào "
                "(có thể do mất điện khi đang thêm); dùng «Dọn tệp không dùng» nếu muốn xoá."
            )
        if self.temp_files:
            out.append(f"{self.temp_files} tệp tạm còn sót lại từ lần sao chép bị ngắt.")
        if len(out) == 1 and self.integrity == ["ok"]:
            out.append("Kho tài liệu kiểm chứng khớp với cơ sở dữ liệu.")
        return out

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "integrity": self.integrity,
            "orphan_files": self.orphan_files,
            "missing_files": [{"id": i, "name": n} for i, n in self.missing_files],
            "damaged_files": [{"id": i, "name": n} for i, n in self.damaged_files],
            "temp_files": self.temp_files,
        }


def integrity(db_path: Path, quick: bool = True) -> list[str]:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    messages = [str(r[0]) for r in rows]
    if fk:
        bad = messages if messages != ["ok"] else []
        return [*bad, f"{len(fk)} dòng tham chiếu tới dữ liệu không tồn tại"]
    return messages


def check_data(
    store: Store,
    quick: bool = True,
    verify_hashes: bool = False,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> CheckReport:
    report = CheckReport(integrity=integrity(store.db_path, quick))
    rows = _evidence_rows(store)
    on_disk = dict(iter_stored(store.data_dir))
    report.orphan_files = sorted(set(on_disk) - {sha for _id, sha, _size, _name in rows})
    report.temp_files = len(temp_files(store.data_dir))
    for n, (eid, sha, size, name) in enumerate(rows):
        if cancel is not None:
            cancel.check()
        if sha not in on_disk:
            report.missing_files.append((eid, name))
        elif on_disk[sha] != size or (verify_hashes and hash_file(blob_path(store.data_dir, sha)) != sha):
            report.damaged_files.append((eid, name))
        if verify_hashes:
            progress(n + 1, len(rows), name)
    return report


@dataclass(frozen=True)
class CleanupResult:
    files: int
    bytes: int
    temp_files: int


def _evidence_rows(store: Store) -> list[tuple[int, str, int, str]]:
    with store.session() as s:
        q = select(Evidence.id, Evidence.sha256, Evidence.size, Evidence.original_name)
        return list(s.execute(q).tuples())


def unused_files(store: Store) -> list[str]:
    """Stored files no evidence row refers to (no integrity check: that is `check_data`'s job)."""
    known = {sha for _id, sha, _size, _name in _evidence_rows(store)}
    return sorted(sha for sha, _size in iter_stored(store.data_dir) if sha not in known)


def clean_unused(store: Store, expected: list[str] | None = None) -> CleanupResult:
    """Remove files no evidence row refers to, and leftover temp files. Explicit: the user confirmed `expected`.

    Only files that are still unused *and* were in the list the user saw are removed.
    """
    current = set(unused_files(store))
    chosen = current if expected is None else current & set(expected)
    freed = 0
    for sha in sorted(chosen):
        freed += remove_blob(store.data_dir, sha)
    temps = temp_files(store.data_dir)
    for tmp in temps:
        tmp.unlink(missing_ok=True)
    return CleanupResult(len(chosen), freed, len(temps))
