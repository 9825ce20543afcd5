"""A new user finds their way: on a data directory with nothing in it yet, every page that shows data says what
to do first; every button on every page says in a tooltip what it does."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from db.store import Store
from desktop.ui.main_window import MainWindow, Page
from tests.ui.conftest import Messages, settle

EMPTY_PAGES = (Page.PLANS, Page.TASKS, Page.DASHBOARD, Page.EVIDENCE, Page.RECEIVED)


def _says(window: MainWindow, page: Page) -> str:
    """The visible texts of the page that tell the user what to do («Hãy …»)."""
    widget = window.page(page)
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def test_on_a_new_data_directory_each_page_says_what_to_do_first(
    commune_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    window = make_window(commune_store)
    assert window.pages.currentWidget() is window.plans_page  # nothing to work on yet: where plans come in
    for page in EMPTY_PAGES:
        window.show_page(page)
        settle(window, qtbot)
        QApplication.processEvents()
        said = _says(window, page)
        assert ("bấm «Nhập kế hoạch…»" in said) if page is Page.PLANS else ("Hãy" in said), (page, said)


def test_the_hint_of_an_empty_table_goes_once_it_has_rows(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    window = make_window(sample_store)
    page = window.tasks_page
    assert not page.empty.isVisible()
    page.search.setText("không có nhiệm vụ nào như thế này")
    assert page.empty.isVisible() and "bộ lọc" in page.empty.text()
    page.search.clear()
    assert not page.empty.isVisible()
    window.show_page(Page.DASHBOARD)
    settle(window, qtbot)
    assert not window.dashboard_page.empty.isVisible()


def test_every_button_on_every_page_has_a_tooltip(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    window = make_window(sample_store)
    missing = []
    for page in Page:
        window.show_page(page)
        settle(window, qtbot)
        widget = window.page(page)
        for button in widget.findChildren(QAbstractButton):
            if button.isVisibleTo(widget) and button.text() and not button.toolTip():
                missing.append(f"{page.name}: {button.text()}")
    assert not missing, missing
