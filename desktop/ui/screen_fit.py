"""Every window fits the screen it opens on: a dialog that asks for more room than a 1366×768 laptop (or a
1920×1080 screen at 150 %) has is shrunk to the screen's free area and kept on it. Layouts are designed to fit
those screens (their minimum sizes are tested); this catches a `resize()` made on a large monitor."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

TITLE_BAR = 32  # pixels the window manager adds above the window


def free_area_of(window: QWidget) -> tuple[int, int, int, int]:
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    return free.x(), free.y() + TITLE_BAR, free.width(), free.height() - TITLE_BAR


def fit_to_screen(window: QWidget) -> None:
    """A dialog fits the screen of the window it belongs to (it opens over it), a window its own screen."""
    parent = window.parentWidget()
    owner = parent.window() if parent is not None else window
    screen = owner.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w = max(frame.width() - inner.width(), 0)
    extra_h = frame.height() - inner.height()
    extra_h = extra_h if extra_h > 0 else TITLE_BAR  # not decorated yet: what a title bar takes
    w, h = min(window.width(), free.width() - extra_w), min(window.height(), free.height() - extra_h)
    if (w, h) != (window.width(), window.height()):
        window.resize(max(w, window.minimumSizeHint().width()), max(h, window.minimumSizeHint().height()))
    outer_w, outer_h = window.width() + extra_w, window.height() + extra_h
    x = min(max(frame.x(), free.x()), free.x() + max(free.width() - outer_w, 0))
    y = min(max(frame.y(), free.y()), free.y() + max(free.height() - outer_h, 0))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)  # move() places the frame


class _DialogFitter(QObject):
    """Fits each dialog once, when it first becomes the active window (Qt has laid it out and placed it over
    its parent by then). A signal rather than an application-wide event filter: a filter written in Python
    runs for every event of every widget, which alone cost 30–50 ms before the first window showed."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusWindowChanged.connect(self._activated)

    def _activated(self, _window: object) -> None:
        dialog = QApplication.activeWindow()
        if isinstance(dialog, QDialog) and not dialog.property(_FITTED):
            dialog.setProperty(_FITTED, True)
            fit_to_screen(dialog)


_FITTED = "cchc-fitted-to-screen"
_installed: list[_DialogFitter] = []


def fit_dialogs_to_screen() -> None:
    """Once per application: every dialog shown from then on fits its screen."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and not _installed:
        _installed.append(_DialogFitter(app))
