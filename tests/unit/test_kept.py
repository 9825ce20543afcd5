"""A received bundle as the inbox keeps it: the zip copied whole, its files extracted only when opened."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from desktop.core.bundle.kept import copy_whole, kept_name, remove_kept, viewable
from desktop.core.errors import Cancelled, UserError
from desktop.core.progress import CancelToken


def a_zip(path: Path, size: int = 3 * (8 << 20) + 12345) -> Path:
    """Bigger than one copy chunk, so the copy goes round its loop; a stored scan and a deflated text."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("tai-lieu/1.3.1/TL01-Biên bản.pdf"), os.urandom(size))
        zf.writestr("manifest.json", '{"format": "cchc-bundle"}' * 1000, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize("each", [False, True], ids=["one-flush-per-batch", "fsync-each-file"])
def test_a_zip_is_copied_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, each: bool) -> None:
    if each:
        monkeypatch.setenv("CCHC_FSYNC_EACH", "1")
    src = a_zip(tmp_path / "goi.zip")
    dest = tmp_path / "inbox" / ".nhan-1.part"
    dest.parent.mkdir()
    copy_whole(src, dest, CancelToken())
    assert dest.read_bytes() == src.read_bytes()
    with pytest.raises(FileExistsError):  # never over another copy
        copy_whole(src, dest, CancelToken())


def test_a_source_that_cannot_be_read_is_named_and_nothing_is_made(tmp_path: Path) -> None:
    dest = tmp_path / ".nhan-1.part"
    with pytest.raises(UserError, match=r"Không mở được «mat-roi\.zip»"):
        copy_whole(tmp_path / "mat-roi.zip", dest, CancelToken())
    with pytest.raises(UserError, match=r"Không mở được «thu-muc\.zip»"):
        (tmp_path / "thu-muc.zip").mkdir()
        copy_whole(tmp_path / "thu-muc.zip", dest, CancelToken())
    assert not dest.exists()


def test_cancel_stops_the_copy(tmp_path: Path) -> None:
    src = a_zip(tmp_path / "goi.zip")
    token = CancelToken()
    token.cancel()
    dest = tmp_path / ".nhan-1.part"
    with pytest.raises(Cancelled):
        copy_whole(src, dest, token)
    remove_kept(dest)  # the caller removes the copy, file or folder alike
    assert not dest.exists()


def test_a_file_of_a_kept_zip_is_extracted_once_to_be_opened(tmp_path: Path) -> None:
    kept = a_zip(tmp_path / kept_name("00000000-0000-4000-8000-000000000001", whole_zip=True), size=5000)
    into = tmp_path / "xem"
    rel = "tai-lieu/1.3.1/TL01-Biên bản.pdf"
    opened = viewable(kept, rel, into)
    with zipfile.ZipFile(kept) as zf:
        assert opened.read_bytes() == zf.read(rel)
    stamp = opened.stat().st_mtime_ns
    assert viewable(kept, rel, into) == opened and opened.stat().st_mtime_ns == stamp  # not extracted again
    assert [p.name for p in opened.parent.iterdir()] == [opened.name]  # no part file left


def test_a_cancelled_extraction_leaves_nothing(tmp_path: Path) -> None:
    kept = a_zip(tmp_path / "k.zip", size=5000)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        viewable(kept, "tai-lieu/1.3.1/TL01-Biên bản.pdf", tmp_path / "xem", cancel=token)
    assert not [p for p in (tmp_path / "xem").rglob("*") if p.is_file()]


def test_a_kept_zip_lost_or_damaged_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="đề nghị đơn vị gửi lại gói"):
        viewable(tmp_path / "mat.zip", "bao-cao.pdf", tmp_path / "xem")
    damaged = tmp_path / "hong.zip"
    damaged.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(UserError, match=r"«bao-cao\.pdf» của gói đã nhận"):
        viewable(damaged, "bao-cao.pdf", tmp_path / "xem")


def test_a_path_out_of_the_bundle_is_never_extracted(tmp_path: Path) -> None:
    kept = a_zip(tmp_path / "k.zip", size=5000)
    with pytest.raises(UserError, match="đường dẫn không hợp lệ"):
        viewable(kept, "../../ngoai.pdf", tmp_path / "xem")
    assert not (tmp_path / "ngoai.pdf").exists()


def test_a_folder_bundle_is_opened_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "00000000-0000-4000-8000-000000000002"
    (folder / "tai-lieu").mkdir(parents=True)
    (folder / "tai-lieu" / "a.pdf").write_bytes(b"%PDF-1.4")
    assert viewable(folder, "tai-lieu/a.pdf", tmp_path / "xem") == folder / "tai-lieu" / "a.pdf"
    remove_kept(folder)
    assert not folder.exists()
