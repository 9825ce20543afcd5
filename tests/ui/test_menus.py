"""The menus as a user meets them: each shows its entries when opened, and the keys work before any is opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu

from db.store import Store
from desktop.ui.actions.registry import ACTIONS, UNDO_TEXT
from desktop.ui.dialogs.help_dialog import HelpDialog
from tests.ui.conftest import Messages


def test_keys_work_before_a_menu_is_opened_and_each_menu_shows_its_entries(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    window = make_window(sample_store)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F1)  # no menu has been opened
    guide = window.findChild(HelpDialog)
    assert guide is not None and guide.isVisible()
    guide.close()

    menus = [m for m in window.menuBar().findChildren(QMenu) if m.title()]  # not the bar's overflow menu
    assert [m.title() for m in menus] == list(dict.fromkeys(spec.menu.value for spec in ACTIONS))
    for menu in menus:
        assert isinstance(menu, QMenu)
        menu.popup(window.mapToGlobal(QPoint(20, 20)))
        qtbot.waitUntil(menu.isVisible, timeout=5000)
        shown = [a.text() for a in menu.actions() if not a.isSeparator()]
        expected = [spec.text for spec in ACTIONS if spec.menu.value == menu.title()]
        assert shown == expected, menu.title()
        separators = [i for i, a in enumerate(menu.actions()) if a.isSeparator()]
        assert len(separators) == sum(spec.separator_before for spec in ACTIONS if spec.menu.value == menu.title())
        menu.hide()
        menu.popup(window.mapToGlobal(QPoint(20, 20)))  # opened again: the same entries, not twice
        qtbot.waitUntil(menu.isVisible, timeout=5000)
        assert [a.text() for a in menu.actions() if not a.isSeparator()] == expected
        menu.hide()
    undo = next(a for a in menus[1].actions() if a.text() == UNDO_TEXT)
    assert not undo.isEnabled() and undo.shortcut().toString() == "Ctrl+Z"  # nothing deleted yet
