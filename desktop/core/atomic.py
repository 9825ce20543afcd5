"""Writing a file so that it is either whole or absent: written under a temporary name, flushed, renamed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from desktop.core.errors import destination_error


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yields the temporary path to write; on success it becomes `path`, on any error it is removed. An OS error
    (no such folder, no permission, read-only, disk full) becomes one sentence for the user."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise destination_error(path, exc) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: Path) -> None:
    with suppress(OSError):  # it may never have been made, or its folder may be gone (USB pulled out)
        tmp.unlink(missing_ok=True)
