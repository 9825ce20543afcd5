"""The contract every long core operation follows: report progress, honour a cancel flag."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.core.errors import Cancelled

# progress(done, total, message); total 0 means "unknown".
ProgressFn = Callable[[int, int, str], None]


def no_progress(_done: int, _total: int, _message: str) -> None:
    return None


class CancelToken:
    """Set from the UI thread, checked by the worker between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
