"""A plan whose table header names no column the app knows, dropped as a Word file: the preview says which row
looked like a header and why it was not taken; the user picks the columns by hand and sees the tasks appear;
the next file of the same layout opens with those columns already chosen."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from db.store import Store
from desktop.ui.dialogs.import_dialog import ImportDialog
from tests.fixtures.real_shapes import shape_of, write_docx
from tests.fixtures.workbooks import seed003_table
from tests.ui.conftest import Messages, ModalDriver, drop_files

ODD_HEADER = ["TT", "Việc cần làm", "Đơn vị làm", "Đơn vị cùng làm", "Khi nào xong"]


def _odd_plan(path: Path, year: str = "2024") -> Path:
    table = copy.deepcopy(seed003_table())
    table["header"] = [ODD_HEADER]
    table["title_rows"] = [t.replace("2024", year) for t in table["title_rows"]]
    return write_docx([shape_of(table)], path, letterhead=("UBND TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))


def _drop(window: Any, path: Path) -> None:
    drop_files(window.plans_page, path)


def _pick(dialog: ImportDialog, role: str, column: int) -> None:
    combo = dialog.role_combos[role]
    combo.setCurrentIndex(combo.findData(column))  # what choosing the item in the open list does


def test_columns_picked_by_hand_in_the_preview_import_the_tasks_and_are_remembered(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    window = make_window(commune_store)
    seen: list[str] = []

    def map_by_hand(d: ImportDialog) -> None:
        ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert "Dòng" in d.sheet_error.text() and "giống dòng tiêu đề" in d.sheet_error.text()
        assert not ok.isEnabled() and d.preview.rowCount() == 0
        # The combos list the table's own column names to choose from.
        assert any(
            "Việc cần làm" in d.role_combos["content"].itemText(i) for i in range(d.role_combos["content"].count())
        )
        for role, column in (("code", 0), ("content", 1), ("lead", 2), ("partners", 3), ("deadline", 4)):
            _pick(d, role, column)
        assert d.preview.rowCount() == 22
        assert d.preview.item(0, 4).text() == "Sở Nội vụ" and d.preview.item(0, 6).text() == "Thường xuyên"
        assert "Sẽ nhập 22 nhiệm vụ" in d.summary.text() and ok.isEnabled()
        seen.append("first")
        ok.click()

    modal.on(ImportDialog, map_by_hand)
    _drop(window, _odd_plan(tmp_path / "phu-luc-bac-giang.docx"))
    page = window.plans_page
    qtbot.waitUntil(lambda: bool(seen) and not window.ops.busy and page.model.rowCount() == 1, timeout=30000)
    assert page.model.row_at(0).task_count == 22

    def already_chosen(d: ImportDialog) -> None:
        assert d.role_combos["content"].currentData() == 1 and d.role_combos["deadline"].currentData() == 4
        assert d.sheet_error.text() == "" or d.preview.rowCount() == 22
        assert "Sẽ nhập 22 nhiệm vụ" in d.summary.text()
        seen.append("second")
        d.reject()

    modal.on(ImportDialog, already_chosen)
    _drop(window, _odd_plan(tmp_path / "phu-luc-bac-giang-2025.docx", "2025"))
    qtbot.waitUntil(lambda: "second" in seen and not window.ops.busy, timeout=30000)
    assert page.model.rowCount() == 1  # cancelled: nothing more imported


def test_a_deadline_not_understood_is_marked_in_the_preview_and_counted(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    from tests.fixtures.workbooks import write_tables

    table = copy.deepcopy(seed003_table())
    at = table["columns"].index("deadline")
    table["rows"][2][at] = "Theo tiến độ của Trung ương"
    window = make_window(commune_store)
    seen: list[str] = []

    def look(d: ImportDialog) -> None:
        cell = d.preview.item(2, 6)
        assert cell.text() == "Theo tiến độ của Trung ương (chưa hiểu thời hạn)"
        assert d.preview.item(1, 6).text() == "Thường xuyên"
        assert "1 nhiệm vụ chưa hiểu thời hạn (dòng" in d.summary.text()
        seen.append("ok")
        d.reject()

    modal.on(ImportDialog, look)
    _drop(window, write_tables([table], tmp_path / "thoi-han.xlsx"))
    qtbot.waitUntil(lambda: bool(seen) and not window.ops.busy, timeout=30000)


def test_choosing_the_district_level_says_it_no_longer_exists(qtbot: Any) -> None:
    from desktop.ui.dialogs.agency_dialog import AgencyDialog

    dialog = AgencyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.level.setCurrentIndex(dialog.level.findData("xa"))
    assert not dialog.level_note.isVisible()
    dialog.level.setCurrentIndex(dialog.level.findData("huyen"))
    assert dialog.level_note.isVisible() and "không còn cấp huyện" in dialog.level_note.text()
