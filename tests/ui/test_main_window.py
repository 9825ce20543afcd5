"""The GUI driven the way a user would: clicks, typing, dropped files; asserting what the user then sees."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from db.store import Store
from desktop.ui.actions.registry import ActionId
from desktop.ui.dialogs.agency_dialog import AgencyDialog
from desktop.ui.dialogs.import_dialog import ImportDialog
from tests.fixtures.workbooks import write_seed002
from tests.hostile.corpus import password_protected
from tests.ui.conftest import Messages, ModalDriver, drop_files, type_text

LEADS = 35  # seed 002 tasks a commune leads (UBND cấp xã / các xã, phường / các cấp among the leads)


def ok(dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def import_sample(window: Any, qtbot: Any, modal: ModalDriver) -> ImportDialog:
    seen: list[ImportDialog] = []

    def accept(d: ImportDialog) -> None:
        seen.append(d)
        ok(d)

    modal.on(ImportDialog, accept)
    qtbot.mouseClick(window.plans_page.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(seen) and not window.ops.busy and window.plans_page.model.rowCount() == 1, timeout=30000
    )
    qtbot.waitUntil(lambda: window.tasks_page.model.rowCount() == 124, timeout=30000)
    return seen[0]


def test_first_launch_asks_who_we_are(
    store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    window = make_window(store)
    assert window.plans_page.stack.currentWidget() is window.plans_page.empty
    assert "Chưa khai báo cơ quan" in window.agency_label.text()

    def fill(d: AgencyDialog) -> None:
        type_text(d.name, "UBND xã Hòa An")
        d.level.setCurrentIndex(d.level.findData("xa"))
        type_text(d.focal, "Nguyễn Văn A")
        ok(d)

    modal.on(AgencyDialog, fill)
    window.ensure_profile()
    qtbot.waitUntil(lambda: window.agency_label.text() == "Cơ quan: UBND xã Hòa An (UBND xã, phường)", timeout=10000)


def test_commune_imports_the_sample_and_filters_its_tasks(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    window = make_window(commune_store)
    left_before = set(Path(tempfile.gettempdir()).glob("cchc-mau-*"))
    dialog = import_sample(window, qtbot, modal)
    assert "Sẽ nhập 124 nhiệm vụ từ 3 trang" in dialog.summary.text()
    assert set(Path(tempfile.gettempdir()).glob("cchc-mau-*")) == left_before  # the sample file is not left behind
    assert messages.texts()[-1].startswith("Đã nhập 124 nhiệm vụ; 124 nhiệm vụ gắn với tiêu chí.")
    page = window.tasks_page
    window.nav.setCurrentRow(1)
    assert page.count_label.text() == "112 / 124 nhiệm vụ"  # "Của cơ quan tôi" is the default

    qtbot.keyClicks(page.search, "cai cach the che")  # no accents typed
    assert [page.proxy.row_at(r).code for r in range(page.proxy.rowCount())] == [
        "2.1.1",
        "2.1.2",
        "2.2",
        "2.3.1",
        "2.3.2",
        "2.4",
    ]
    assert page.count_label.text() == "6 / 124 nhiệm vụ"
    page.search.clear()
    qtbot.keyClicks(page.search, "dan chu")  # "dân chủ"
    found = [(page.proxy.row_at(r).framework, page.proxy.row_at(r).code) for r in range(page.proxy.rowCount())]
    assert found == [("PAPI", "1.1"), ("PAPI", "1.3")]
    page.search.clear()

    page.role_combo.setCurrentIndex(page.role_combo.findData("lead"))
    leads = [page.proxy.row_at(r) for r in range(page.proxy.rowCount())]
    assert len(leads) == LEADS and all(r.my_role == "lead" for r in leads)
    page.role_combo.setCurrentIndex(page.role_combo.findData("mine"))

    page.framework_combo.setCurrentIndex(page.framework_combo.findData("PAR_INDEX"))
    page.field_combo.setCurrentIndex(page.field_combo.findData("3"))
    codes = [page.proxy.row_at(r).code for r in range(page.proxy.rowCount())]
    assert codes and all(c.startswith("3.") for c in codes) and "3.1" not in codes

    page.framework_combo.setCurrentIndex(0)
    page.window_combo.setCurrentIndex(page.window_combo.findData("overdue"))  # today is 1/10/2025
    assert [page.proxy.row_at(r).code for r in range(page.proxy.rowCount())] == ["1.1"]
    page.table.selectRow(0)
    assert "- Kế hoạch (trước ngày 15/7/2025)" in page.detail.toPlainText()
    assert "quá hạn" in page.detail.toPlainText()
    assert page.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # drawn in red


def test_dropping_a_workbook_opens_the_preview(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    window = make_window(commune_store)
    path = write_seed002(tmp_path / "phu-luc.xlsx")
    seen: list[ImportDialog] = []

    def only_pl01(d: ImportDialog) -> None:
        seen.append(d)
        for name in ("PL02 PAPI", "PL03 SIPAS"):
            d.sheet_combo.setCurrentText(name)
            d.include.setChecked(False)
        d.meta_form.number.setText("2163/KH-UBND")
        assert "Sẽ nhập 73 nhiệm vụ từ 1 trang" in d.summary.text()
        ok(d)

    modal.on(ImportDialog, only_pl01)
    page = window.plans_page
    drop_files(page, path)
    qtbot.waitUntil(lambda: bool(seen) and not window.ops.busy and page.model.rowCount() == 1, timeout=30000)
    assert page.model.row_at(0).number == "2163/KH-UBND" and page.model.row_at(0).task_count == 73


def test_a_bad_file_gets_one_clear_message(
    commune_store: Store, make_window: Any, qtbot: Any, messages: Messages, tmp_path: Path
) -> None:
    window = make_window(commune_store)
    window.registry.trigger(ActionId.IMPORT_FILES, [password_protected(tmp_path)])
    qtbot.waitUntil(lambda: not window.ops.busy and bool(messages.seen), timeout=20000)
    kind, _title, text = messages.seen[-1]
    assert kind == "warning" and "mật khẩu" in text
    assert window.plans_page.model.rowCount() == 0


def test_the_plans_page_says_there_are_no_plans_only_once_the_data_has_loaded(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    """Before the data directory has loaded the page shows neither the table nor «Chưa có kế hoạch nào»: a user
    with plans must not see the welcome flash by, one without must not see an empty table."""
    from PySide6.QtWidgets import QLabel

    from desktop.ui.main_window import MainWindow

    def welcome_shown(page: Any) -> bool:
        return any("Chưa có kế hoạch nào" in label.text() for label in page.findChildren(QLabel))

    opening = MainWindow()  # the first frame, as the app shows it before the data directory opens
    qtbot.addWidget(opening)
    opening.show()
    assert opening.plans_page.stack.currentWidget() is None and not welcome_shown(opening.plans_page)

    window = make_window(sample_store)
    page = window.plans_page
    assert page.stack.currentWidget() is page.table and page.model.rowCount() == 1
    assert not welcome_shown(page)
