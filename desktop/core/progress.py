"""The contract every long core operation follows: report progress, honour a cancel flag."""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from desktop.core.errors import Cancelled

# progress(done, total, message); total 0 means "unknown".
ProgressFn = Callable[[int, int, str], None]


# Rows between two `let_others_run` in a worker's long loop: a few milliseconds of work.
YIELD_EVERY = 256


def let_others_run() -> None:
    """Hand the interpreter lock over now. A worker's long Python loop gives it up only when CPython asks, and
    under load the UI thread then waited up to a quarter of a second for its turn (measured with 50,000 rows):
    an explicit hand-over every few milliseconds keeps the window answering."""
    time.sleep(0)


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection while a bulk job builds millions of objects (thousands of manifests, a
    400,000-row sheet): each would walk all of them again. The GUI's op runner pauses it for every job too."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# While threads of one job hand work to each other: the interpreter's lock changes hands this often at least.
QUICK_SWITCH_INTERVAL = 0.0001


@contextmanager
def quick_switching() -> Iterator[None]:
    """A Python thread (writing reports) beside threads that mostly wait on the disk (copying, hashing): with
    Python's default 5 ms between hand-overs, each of their returns from the system waited up to 5 ms for the
    interpreter, and the waiting threads crawled. The GUI's op runner sets a short interval for every job."""
    was = sys.getswitchinterval()
    sys.setswitchinterval(min(was, QUICK_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(was)


def no_progress(_done: int, _total: int, _message: str) -> None:
    return None


class Stoppable(Protocol):
    """What a copy loop checks between chunks: the user's Cancel, or anything else that stops it."""

    @property
    def cancelled(self) -> bool: ...


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
