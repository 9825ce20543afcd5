"""Zips made by other tools and bundle contents no honest export writes: bad CRC, an entry flagged encrypted,
Deflate64 (7-Zip, WinZip), split parts reordered, duplicated or truncated, a manifest nested thousands of levels
deep, a period code with «../», a percent of 1e308, an unknown status, the same task three times, two files that
collide on Windows, a bundle folder holding symlinks, a link loop or a FIFO. Each is refused as a damaged bundle
with its reason — in the core and through `cchc import-bundle` (exit 2) — and nothing is written."""

from __future__ import annotations

import json
import os
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.core.bundle.parts import split_file
from desktop.core.bundle.receive import import_bundle
from desktop.core.bundle.verify import verify_bundle
from desktop.core.errors import UserError
from desktop.core.workspace import open_workspace
from tests.cli.test_cli import run
from tests.conftest import db_snapshot
from tests.hostile.bundles import Entries, rezip
from tests.hostile.test_hostile_bundles import World, focal_dir, world  # noqa: F401  (fixtures)


def _entry_offsets(path: Path, name: str) -> tuple[int, int]:
    """(local header offset, central directory entry offset) of one entry."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    central = data.index(b"PK\x01\x02")
    while True:
        (length,) = struct.unpack("<H", data[central + 28 : central + 30])
        if data[central + 46 : central + 46 + length] == name.encode():
            return local, central
        central = data.index(b"PK\x01\x02", central + 4)


def _patch(clean: Path, dest: Path, name: str, patch: Callable[[bytearray, int, int], None]) -> Path:
    shutil.copy(clean, dest)
    local, central = _entry_offsets(dest, name)
    data = bytearray(dest.read_bytes())
    patch(data, local, central)
    dest.write_bytes(bytes(data))
    return dest


def _evidence_name(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return next(i.filename for i in zf.infolist() if i.filename.startswith("tai-lieu/"))


def bad_crc(clean: Path, dest: Path) -> Path:
    name = _evidence_name(clean)

    def flip(data: bytearray, local: int, _central: int) -> None:
        n, extra = struct.unpack("<HH", data[local + 26 : local + 30])
        start = local + 30 + n + extra
        data[start + 10] ^= 0xFF  # a byte of the content changes; the stored CRC-32 does not

    return _patch(clean, dest, name, flip)


def local_name_differs(clean: Path, dest: Path) -> Path:
    """The entry's local header names another file than the central directory (a zip read two ways)."""
    name = _evidence_name(clean)

    def rename(data: bytearray, local: int, _central: int) -> None:
        data[local + 30] ^= 0x20  # «tai-lieu/…» becomes «Tai-lieu/…» in the local header only

    return _patch(clean, dest, name, rename)


def truncated_inside_entry(clean: Path, dest: Path) -> Path:
    """The entry's local header claims more bytes than its data before the next entry (a stored size lie)."""
    name = _evidence_name(clean)

    def shift(data: bytearray, local: int, central: int) -> None:
        (size,) = struct.unpack("<L", data[central + 24 : central + 28])
        data[central + 20 : central + 28] = struct.pack("<LL", size + 4096, size + 4096)

    return _patch(clean, dest, name, shift)


def deflate64(clean: Path, dest: Path) -> Path:
    def method_9(data: bytearray, local: int, central: int) -> None:
        data[local + 8 : local + 10] = struct.pack("<H", 9)
        data[central + 10 : central + 12] = struct.pack("<H", 9)

    return _patch(clean, dest, _evidence_name(clean), method_9)


def encrypted(clean: Path, dest: Path) -> Path:
    def flag(data: bytearray, local: int, central: int) -> None:
        data[local + 6] |= 0x01
        data[central + 8] |= 0x01

    return _patch(clean, dest, _evidence_name(clean), flag)


def _manifest_change(change: Callable[[dict[str, Any]], None]) -> Callable[[Path, Path], Path]:
    def make(clean: Path, dest: Path) -> Path:
        def edit(entries: Entries) -> None:
            i = next(k for k, (info, _p) in enumerate(entries) if info.filename == "manifest.json")
            manifest = json.loads(entries[i][1])
            change(manifest)
            entries[i] = (entries[i][0], json.dumps(manifest, ensure_ascii=False).encode())

        return rezip(clean, dest, edit)

    return make


def deep_json(clean: Path, dest: Path) -> Path:
    def edit(entries: Entries) -> None:
        i = next(k for k, (info, _p) in enumerate(entries) if info.filename == "manifest.json")
        entries[i] = (entries[i][0], b"[" * 200_000 + b"]" * 200_000)

    return rezip(clean, dest, edit)


def _task(m: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in m["data"]["tasks"] if t.get("progress"))


def case_collision(m: dict[str, Any]) -> None:
    first = m["files"][-1]
    m["files"].append(dict(first, path=first["path"].upper()))


def _split(clean: Path, dest: Path) -> list[Path]:
    whole = dest.with_suffix(".zip")
    shutil.copy(clean, whole)
    return split_file(whole, max(clean.stat().st_size // 3, 1))


def parts_reordered(clean: Path, dest: Path) -> Path:
    parts = _split(clean, dest)
    a, b = parts[0].read_bytes(), parts[1].read_bytes()
    parts[0].write_bytes(b)
    parts[1].write_bytes(a)
    return parts[0]


def parts_duplicated(clean: Path, dest: Path) -> Path:
    parts = _split(clean, dest)
    shutil.copy(parts[0], parts[1])
    return parts[0]


def parts_truncated(clean: Path, dest: Path) -> Path:
    parts = _split(clean, dest)
    parts[1].write_bytes(parts[1].read_bytes()[:100])
    return parts[0]


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "bad-crc": (bad_crc, "hỏng"),
    "local-name-differs": (local_name_differs, "hỏng"),
    "entry-size-lies": (truncated_inside_entry, "byte"),
    "entry-encrypted": (encrypted, "mật khẩu"),
    "deflate64": (deflate64, "Deflate64"),
    "manifest-nested-deep": (deep_json, "manifest.json"),
    "period-code-escapes": (_manifest_change(lambda m: m["period"].update(code="../../etc")), "period.code"),
    "percent-1e308": (_manifest_change(lambda m: _task(m)["progress"].update(percent=1e308)), "tỷ lệ"),
    "unknown-status": (_manifest_change(lambda m: _task(m)["progress"].update(status="hacked")), "trạng thái"),
    "task-three-times": (
        _manifest_change(lambda m: m["data"]["tasks"].extend([_task(m), _task(m)])),
        "xuất hiện nhiều lần",
    ),
    "files-differ-in-case": (_manifest_change(case_collision), "chữ hoa/thường"),
    "parts-reordered": (parts_reordered, "hỏng"),
    "parts-duplicated": (parts_duplicated, "phần"),
    "parts-truncated": (parts_truncated, "phần"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_odd_archive_is_a_damaged_bundle_with_its_reason(
    case: str,
    world: World,  # noqa: F811
    focal_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    make, words = CASES[case]
    usb = tmp_path / "usb"
    usb.mkdir()
    bad = make(world.bundle, usb / f"{case}.zip")
    before = db_snapshot(focal_dir / "cchc.sqlite3")
    store = open_workspace(focal_dir)
    try:
        outcome = import_bundle(store, bad)
        assert outcome.status == "rejected", outcome
        reason = outcome.reason
    except UserError as exc:
        reason = str(exc)
    finally:
        store.close()
    assert words in reason, reason
    assert db_snapshot(focal_dir / "cchc.sqlite3") == before
    proc = run("import-bundle", str(bad), "--json", data=focal_dir)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "nội bộ" not in proc.stderr, proc.stderr
    assert db_snapshot(focal_dir / "cchc.sqlite3") == before
    verify = run("verify-bundle", str(bad))
    assert verify.returncode == 2 and "Traceback" not in verify.stderr, verify.stderr


def _unpacked(clean: Path, into: Path) -> Path:
    with zipfile.ZipFile(clean) as zf:
        zf.extractall(into)
    return into


def _link_to_system_file(folder: Path) -> None:
    name = _evidence_name_in(folder)
    target = Path("/etc/hostname") if Path("/etc/hostname").is_file() else Path("/etc/passwd")
    (folder / name).unlink()
    (folder / name).symlink_to(target)


def _evidence_name_in(folder: Path) -> str:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return next(f["path"] for f in manifest["files"] if f["path"].startswith("tai-lieu/"))


def _link_loop(folder: Path) -> None:
    (folder / "tai-lieu" / "vong").symlink_to(folder, target_is_directory=True)


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "tai-lieu" / "ong-dan")


FOLDER_CASES: dict[str, Callable[[Path], None]] = {
    "symlink-to-a-system-file": _link_to_system_file,
    "link-loop": _link_loop,
    "fifo": _fifo,
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and FIFOs")
@pytest.mark.parametrize("case", list(FOLDER_CASES))
def test_a_bundle_folder_with_links_or_special_files_is_refused(
    case: str,
    world: World,  # noqa: F811
    focal_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = _unpacked(world.bundle, tmp_path / "usb" / "goi")
    FOLDER_CASES[case](folder)
    verdict = verify_bundle(folder)
    assert not verdict.ok and any("liên kết" in p or "tệp đặc biệt" in p for p in verdict.problems), verdict
    before = db_snapshot(focal_dir / "cchc.sqlite3")
    proc = run("import-bundle", str(folder), "--json", data=focal_dir)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert json.loads(proc.stdout)[0]["status"] == "rejected"
    assert db_snapshot(focal_dir / "cchc.sqlite3") == before
    assert not (focal_dir / "inbox").exists() or not list((focal_dir / "inbox").iterdir())
