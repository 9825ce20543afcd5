"""Copying by the system: copy_file_range, else sendfile, else read and write; the same bytes every way."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop.core import file_copy
from desktop.core.file_copy import copy_range


def _copy(src: Path, dest: Path, piece: int) -> None:
    with open(src, "rb") as inp, open(dest, "wb") as out:
        offset = 0
        while n := copy_range(inp.fileno(), out.fileno(), offset, piece):
            offset += n


@pytest.mark.parametrize("way", ["copy_file_range", "sendfile", "read-write"])
def test_every_way_copies_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    if way != "copy_file_range":  # the kernel or the file system refuses it (another disk on an older kernel)

        def refused(*_args: object) -> int:
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refused, raising=False)
    if way == "read-write":  # not Linux
        monkeypatch.setattr(file_copy, "_SENDFILE", False)
    src = tmp_path / "scan.pdf"
    src.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    _copy(src, tmp_path / "copy.pdf", 1024 * 1024)
    assert (tmp_path / "copy.pdf").read_bytes() == src.read_bytes()


def test_a_real_error_is_not_hidden_by_a_fallback(tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF-1.4" * 1000)
    with open(src, "rb") as inp, open(tmp_path / "b.pdf", "wb") as out, pytest.raises(OSError):
        copy_range(out.fileno(), inp.fileno(), 0, 100)  # reading a file opened only for writing
