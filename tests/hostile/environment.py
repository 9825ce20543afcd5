"""Hostile environments made for real: a read-only folder (a read-only bind mount when the tests run as root,
as CI does — permissions do not stop root — else the folder's permissions) and a small full file system."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    return shutil.which("mount") is not None and subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` as a read-only medium; yields the path to use (the mount point, or the folder itself)."""
    if IS_ROOT:
        view = folder.with_name(folder.name + "-chi-doc")
        view.mkdir()
        if not _mount("--bind", "-o", "ro", str(folder), str(view)):
            pytest.skip("cannot make a read-only mount here")
        try:
            yield view
        finally:
            subprocess.run(["umount", str(view)], check=True)
            view.rmdir()
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
    for p in modes:
        p.chmod(stat.S_IMODE(modes[p]) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(stat.S_IMODE(mode))


@contextmanager
def small_disk(folder: Path, size_kb: int) -> Iterator[Path]:
    """A file system of `size_kb` mounted at `folder` (root only: tmpfs), to fill up for real."""
    if not IS_ROOT:
        pytest.skip("a small file system needs root (tmpfs)")
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
