"""The op runner: work off the UI thread, progress shown, Cancel honoured, errors delivered on the UI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core.errors import Cancelled, UserError
from desktop.core.progress import CancelToken
from desktop.ui.ops import OpRunner, error_message
from tests.ui.conftest import Messages


def test_work_runs_off_the_ui_thread_and_reports_back(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner(parent)
    seen: dict[str, Any] = {}

    def work(progress: Any, cancel: CancelToken) -> str:
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        for i in range(5):
            progress(i, 5, f"bước {i}")
        return "xong"

    with qtbot.waitSignal(runner.finished, timeout=5000):
        assert runner.run("Thử", work, lambda r: seen.setdefault("result", r))
    assert seen == {"thread": True, "result": "xong"}
    assert not runner.busy


def test_cancel_stops_the_work_and_says_so(qtbot: Any, messages: Messages) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner(parent)
    failures: list[BaseException] = []
    started = threading.Event()

    def work(progress: Any, cancel: CancelToken) -> None:
        started.set()
        for _ in range(500):
            cancel.check()
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    runner.run("Thử", work, lambda _r: None, on_failure=failures.append)
    assert runner.busy
    assert not runner.run("Thao tác thứ hai", work, lambda _r: None)  # one at a time
    assert messages.texts() == ["Một thao tác khác đang chạy; hãy đợi nó xong."]
    started.wait(5)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.cancel()
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert error_message(failures[0]) == "Đã huỷ; không có gì được ghi."


def test_errors_become_one_sentence(qtbot: Any) -> None:
    assert error_message(UserError("Tệp «x» rỗng.")) == "Tệp «x» rỗng."
    assert "Lỗi nội bộ" in error_message(ZeroDivisionError("boom"))


def test_no_garbage_is_collected_in_a_worker(qtbot: Any) -> None:
    """A worker allocating heavily must not run the cyclic collector: it could finalise a widget there."""
    import gc

    parent = QWidget()
    runner = OpRunner(parent)
    seen: list[bool] = []

    def work(_progress: Any, _cancel: Any) -> bool:
        return gc.isenabled()

    runner.run("x", work, seen.append, show_dialog=False)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False] and gc.isenabled()
    parent.deleteLater()
