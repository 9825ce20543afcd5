"""A new user finds their way: on a data directory with nothing in it yet, every page that shows data says what
to do first; every button on every page says in a tooltip what it does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
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


def test_the_first_sort_by_a_column_is_made_off_the_ui_thread_then_shown(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    from desktop.ui.task_model import COL_DEADLINE

    window = make_window(sample_store)
    page = window.tasks_page
    page.role_combo.setCurrentIndex(page.role_combo.findData("all"))
    assert not page.model.has_sort_keys(COL_DEADLINE)
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, COL_DEADLINE))
    qtbot.waitUntil(lambda: page.model.has_sort_keys(COL_DEADLINE) and not window.ops.busy, timeout=10000)
    dues = [page.proxy.row_at(i).due_date for i in range(page.proxy.rowCount())]
    known = [d for d in dues if d is not None]
    assert known == sorted(known) and dues[: len(known)] == known  # by deadline, undated ones last
    assert page.count_label.text().endswith("nhiệm vụ")


def _section_centre(header: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)
