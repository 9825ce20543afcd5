from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from db.store import Store
from desktop.ui.main_window import MainWindow

TODAY = date(2025, 10, 1)


@pytest.fixture(autouse=True)
def _collect_in_the_ui_thread() -> Iterator[None]:
    """Widgets a test left in reference cycles are collected here, in the UI thread, not by a later worker."""
    yield
    gc.collect()


class Messages:
    """Every message box the user would have seen, in order: (kind, title, text)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []

    def texts(self) -> list[str]:
        return [t for _k, _title, t in self.seen]

    def titled(self, words: str) -> tuple[str, str, str]:
        """The last message whose title has these words (others, such as a question, may have followed it)."""
        return next(m for m in reversed(self.seen) if words in m[1])


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    box = Messages()

    def record(kind: str, answer: Any) -> Callable[..., Any]:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            box.seen.append((kind, title, text))
            return answer

        return show

    monkeypatch.setattr(QMessageBox, "information", record("info", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return box


class ModalDriver:
    """Acts on the next modal dialog of a given class as soon as it opens (dialogs run their own loop)."""

    def __init__(self) -> None:
        self._timers: list[QTimer] = []
        self.handled: list[QWidget] = []

    def on(self, cls: type, action: Callable[[Any], None]) -> None:
        timer = QTimer()
        timer.setInterval(20)

        def tick() -> None:
            w = QApplication.activeModalWidget()
            if isinstance(w, cls):
                timer.stop()
                self.handled.append(w)
                try:
                    action(w)
                except BaseException:
                    w.reject()  # a failing check must fail the test, not leave a modal loop running forever
                    raise

        timer.timeout.connect(tick)
        timer.start()
        self._timers.append(timer)

    def stop(self) -> None:
        for t in self._timers:
            t.stop()


@pytest.fixture
def modal() -> Iterator[ModalDriver]:
    driver = ModalDriver()
    yield driver
    driver.stop()


@pytest.fixture
def make_window(qtbot: Any, messages: Messages) -> Iterator[Callable[[Store], MainWindow]]:
    """Windows are closed here, not by pytest-qt: first the work still running (a refresh queued by the test's
    last action) finishes, as closing the app waits for it; then the window closes and is deleted. Message boxes
    stay answered until then (`messages`), so work finishing late never waits on a real one."""
    made: list[MainWindow] = []

    def make(store: Store) -> MainWindow:
        w = MainWindow(store, today=TODAY)
        w.show()
        qtbot.waitUntil(lambda: not w.ops.busy, timeout=20000)
        made.append(w)
        return w

    yield make
    for w in made:
        qtbot.waitUntil(lambda w=w: not w.ops.busy, timeout=30000)
        w.close()
        w.deleteLater()
    QApplication.processEvents()


def settle(window: MainWindow, qtbot: Any) -> None:
    """Wait until the work the user started (and the refresh after it) has finished."""
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=30000)


def menu_action(window: MainWindow, menu_title: str, text: str) -> QAction:
    """The menu entry a user would click, found by the texts on screen."""
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title().replace("&", "") == menu_title)
    menu.aboutToShow.emit()  # what opening it does: a menu's entries are made when it first opens
    return next(a for a in menu.actions() if a.text() == text)


def type_text(widget: QWidget, text: str) -> None:
    """Types like a user, one key event per character. QTest.keyClicks cannot send Vietnamese letters
    (it maps characters to Latin-1 key codes), so each character travels as the event's text, as an
    input method delivers it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def drop_files(widget: QWidget, *paths: Path) -> None:
    """Files dropped on a widget, as from a file manager."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(QPoint(50, 50)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
