"""The one way long work runs: off the UI thread, one at a time, with a progress bar and Cancel.

A core function that takes (progress, cancel) is handed to `OpRunner.run`; its result or its error comes
back on the UI thread. Operations are serialised, so database writes never overlap.

While a worker computes, the UI thread competes with it for the GIL at every call between Python and Qt; with
Python's default 5 ms switch interval each such call may wait that long, and painting a table makes hundreds of
them. So the interval is cut to 0.5 ms while a worker runs: the window keeps painting, the worker slows a little.

Python's cyclic garbage collector runs in whichever thread happens to allocate. Were it to run in a worker, it
could finalise a Qt widget or dialog left in a reference cycle there, and Qt aborts the process when a widget is
destroyed outside the UI thread. So automatic collection is paused while a worker runs and resumed (on the UI
thread) when it ends. What the worker made (50,000 task rows, their sort keys) is then frozen out of the
collector's sight, or the next collection on the UI thread would walk all of it at once (~90 ms); a full
collection runs when the app has been idle a few seconds.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from db.errors import StoreError
from desktop.core.errors import Cancelled, UserError
from desktop.core.progress import CancelToken

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QThread
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger(__name__)
IDLE_SWITCH_INTERVAL = sys.getswitchinterval()  # Python's default, 5 ms
WORKER_SWITCH_INTERVAL = 0.00005
IDLE_COLLECT_MS = 20_000  # no key, click or wheel for this long after an operation: the user is away


@cache
def _user_input() -> frozenset[QEvent.Type]:
    """Made on first use: QEvent's enums cost 2 ms to create, before the first window shows if at import."""
    from PySide6.QtCore import QEvent

    t = QEvent.Type
    return frozenset({t.KeyPress, t.MouseButtonPress, t.MouseButtonDblClick, t.Wheel, t.TouchBegin})


Work = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work, cancel: CancelToken) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self._cancel)
        except BaseException as exc:  # delivered to the UI thread, never lost in the worker
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class OpRunner(QObject):
    """Runs one operation at a time; `busy` tells the UI to refuse a second one."""

    finished = Signal()

    def __init__(self, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._dialog: QProgressDialog | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._cancel: CancelToken | None = None
        self._background = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_COLLECT_MS)
        self._idle.timeout.connect(self._collect_when_idle)
        self._queued: list[tuple[str, Work, Callable[[Any], None], Callable[[BaseException], None] | None, bool]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _user_input():
            self._idle.start()
        return False

    def _wait_for_idle(self, waiting: bool) -> None:
        """The user's keys and clicks put the idle collection off. The filter sees every event of the app, so it
        is there only while the collection waits: never while a worker holds the interpreter lock."""
        app = QCoreApplication.instance()
        if app is None:
            return
        if waiting:
            app.installEventFilter(self)
            self._idle.start()
        else:
            app.removeEventFilter(self)
            self._idle.stop()

    def _collect_when_idle(self) -> None:
        """What the operations left frozen is collected once the user is away: a full collection of a
        province's rows takes 0.1–0.2 s, felt if it came while the user types or scrolls. The survivors are
        frozen again, so no automatic collection ever walks them on the UI thread."""
        self._wait_for_idle(False)
        if self.busy:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    @property
    def parent_widget(self) -> QWidget:
        return self._parent

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def run(
        self,
        title: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        show_dialog: bool = True,
        queue: bool = False,
    ) -> bool:
        """Start `work`. While another runs: with `queue`, or when the running one is a quiet background read,
        run after it; else refused with a message (a second import while one runs is a mistake)."""
        if self.busy and (queue or self._background):
            self._queued.append((title, work, on_success, on_failure, show_dialog))
            return True
        if self.busy:
            from PySide6.QtWidgets import QMessageBox  # here: loaded when first needed, not before the window

            QMessageBox.information(self._parent, "Đang bận", "Một thao tác khác đang chạy; hãy đợi nó xong.")
            return False
        self._cancel = CancelToken()
        self._background = not show_dialog
        self._on_success = on_success
        self._on_failure = on_failure
        from PySide6.QtCore import QThread  # here: the first operation starts after the window has shown

        self._thread = QThread()
        self._worker = _Worker(work, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._progress)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        if show_dialog:
            from PySide6.QtWidgets import QProgressDialog

            dialog = QProgressDialog(title, "Huỷ", 0, 0, self._parent)
            dialog.setWindowTitle(title)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self._dialog = dialog
        self._wait_for_idle(False)
        gc.disable()
        sys.setswitchinterval(WORKER_SWITCH_INTERVAL)
        self._thread.start()
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("Đang huỷ…")

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, message: str) -> None:
        if self._dialog is None:
            return
        if total > 1_000_000:  # byte counts overflow the dialog's int; show permille instead
            done, total = done * 1000 // total, 1000
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        if message:
            self._dialog.setLabelText(message)

    def _finish(self) -> tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            gc.freeze()
            gc.enable()
            sys.setswitchinterval(IDLE_SWITCH_INTERVAL)
            self._wait_for_idle(True)
        if self._worker is not None:
            self._worker.deleteLater()
        callbacks = (self._on_success, self._on_failure)
        self._thread = None
        self._worker = None
        self._on_success = self._on_failure = None
        return callbacks

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        on_success, _ = self._finish()
        if on_success is not None:
            on_success(result)
        self.finished.emit()
        self._next()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        _, on_failure = self._finish()
        if on_failure is not None:
            on_failure(exc)
        else:
            show_error(self._parent, exc)
        self.finished.emit()
        self._next()

    def _next(self) -> None:
        if self._queued and not self.busy:
            title, work, on_success, on_failure, show_dialog = self._queued.pop(0)
            self.run(title, work, on_success, on_failure, show_dialog)


def error_message(exc: BaseException) -> str:
    if isinstance(exc, Cancelled):
        return str(exc) or "Đã huỷ; không có gì được ghi."
    if isinstance(exc, (UserError, StoreError)):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return "Lỗi nội bộ của ứng dụng; chi tiết đã ghi vào nhật ký (thư mục logs). Dữ liệu không bị thay đổi."


def show_error(parent: QWidget, exc: BaseException) -> None:
    from PySide6.QtWidgets import QMessageBox

    if isinstance(exc, Cancelled):
        QMessageBox.information(parent, "Đã huỷ", error_message(exc))
    else:
        QMessageBox.warning(parent, "Không thực hiện được", error_message(exc))
