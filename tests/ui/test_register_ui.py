"""«Cơ quan › Danh sách đơn vị phải báo cáo…»: a Sở Nội vụ specialist declares Cao Bằng, retires a merged
commune, adds a board by hand, and the Tiếp nhận page then names every commune that owes a report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.ui.dialogs.consolidated_dialog import ConsolidatedDialog
from desktop.ui.dialogs.register_dialog import RegisterDialog
from tests.ui.conftest import Messages, ModalDriver, menu_action, settle, type_text
from tests.ui.test_received_ui import open_page


def test_a_specialist_declares_the_province_and_sees_who_owes_a_report(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    with sample_store.session() as s:
        set_my_agency(s, "Sở Nội vụ tỉnh Cao Bằng", "so", focal_person="Trần Thị B")
    window = make_window(sample_store)
    seen: dict[str, Any] = {}

    def act(d: RegisterDialog) -> None:
        def click(button: Any) -> None:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(button.isEnabled, timeout=10000)  # saved off the UI thread

        d.province.setCurrentIndex(d.province.findData("Cao Bằng"))
        click(d.province_button)
        seen["province"] = d.status.text()
        seen["count"] = d.count.text()
        type_text(d.search, "yen tho")
        visible = [r for r in range(d.model.rowCount()) if not d.table.isRowHidden(r)]
        seen["found"] = [d.model.row_at(r).name for r in visible]
        d.table.selectRow(visible[0])
        click(d.retire_button)
        seen["retired"] = d.status.text()
        type_text(d.name, "Ban Quản lý Khu kinh tế")
        click(d.add_button)
        seen["added"] = d.status.text()
        d.search.clear()
        click(d.add_button)  # nothing typed: refused in one sentence, nothing saved
        seen["empty"] = d.status.text()
        type_text(d.name, "UBND phường Đề Thám")  # a pre-2025 ward, merged into the one that replaced it
        click(d.add_button)
        type_text(d.search, "de tham")
        d.table.selectRow(next(r for r in range(d.model.rowCount()) if not d.table.isRowHidden(r)))
        seen["flag"] = d.model.index(d.table.currentIndex().row(), 5).data()
        seen["flagged_name"] = d.model.index(d.table.currentIndex().row(), 0).data()
        click(d.merge_button)
        seen["merged"] = d.status.text()
        d.search.clear()
        type_text(d.search, "khu kinh te")
        d.table.selectRow(next(r for r in range(d.model.rowCount()) if not d.table.isRowHidden(r)))
        click(d.rename_button)
        seen["renamed"] = d.status.text()
        d.reject()

    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("UBND phường Thục Phán", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Ban Quản lý các Khu kinh tế", True))
    modal.on(RegisterDialog, act)
    menu_action(window, "Cơ quan", "Danh sách đơn vị phải báo cáo…").trigger()
    qtbot.waitUntil(lambda: "empty" in seen, timeout=30000)

    assert seen["province"] == "Đã đưa các xã, phường, đặc khu của Cao Bằng vào danh sách."
    assert seen["count"] == "69 cơ quan, đơn vị phải báo cáo; 69 trong danh sách."  # 56 units, 13 named by the plan
    assert seen["found"] == ["UBND xã Yên Thổ"]
    assert "Đã thôi theo dõi «UBND xã Yên Thổ»" in seen["retired"]
    assert seen["added"] == "Đã thêm «Ban Quản lý Khu kinh tế»."
    assert "Hãy nhập tên" in seen["empty"]
    assert "danh mục" in seen["flag"], (seen["flagged_name"], seen.get("added2"))
    assert seen["merged"] == "Đã gộp «UBND phường Đề Thám» vào «UBND phường Thục Phán»."
    assert seen["renamed"] == "Đã đổi «Ban Quản lý Khu kinh tế» thành «Ban Quản lý các Khu kinh tế»."

    page = open_page(window, qtbot)
    missing = {r.agency for r in page.view.agencies if r.state == "missing"}
    assert "UBND phường Thục Phán" in missing and "Ban Quản lý các Khu kinh tế" in missing
    assert "UBND xã Yên Thổ" not in {r.agency for r in page.view.agencies}
    assert page.view.count("missing") >= 56  # 55 units still followed, the board, and the plan's departments

    # one click makes the công văn đôn đốc for the period the page shows, in Word for the văn thư
    target = tmp_path / "don-doc.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Word (*.docx)"))
    qtbot.mouseClick(page.remind_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    assert "Công văn đôn đốc" in messages.texts()[-1] and "quý III năm 2025" in messages.texts()[-1]
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "UBND phường Thục Phán" in text and "UBND xã Yên Thổ" not in text

    # the consolidated report for that period: its texts edited before it is written, and remembered
    report = tmp_path / "tong-hop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(report), "PDF (*.pdf)"))
    opened: list[str] = []

    def edit(d: ConsolidatedDialog) -> None:
        opened.append(d.form.number.text())
        assert d.form.to.text() == "Ủy ban nhân dân tỉnh" and d.form.parent_agency.text() == "UBND TỈNH CAO BẰNG"
        d.form.number.setText("Số: 125/BC-SNV")
        d.form.signer_prefix.setText("KT. GIÁM ĐỐC")
        d.form.signer_position.setText("PHÓ GIÁM ĐỐC")
        d.form.signer_name.setText("Nông Văn Hùng")
        d.form.recipients.setPlainText("UBND tỉnh (để báo cáo);\nBộ Nội vụ;\nLưu: VT.")
        d.buttons.accepted.emit()

    for times in (1, 2):
        modal.on(ConsolidatedDialog, edit)
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=times: len(opened) == n, timeout=20000)
        settle(window, qtbot)
    assert opened[1] == "Số: 125/BC-SNV"  # the second time starts from what was used the first
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True).stdout
        for words in ("Số: 125/BC-SNV", "KT. GIÁM ĐỐC", "Nông Văn Hùng", "Bộ Nội vụ", "Tổng hợp kết quả"):
            assert words in shown, words

    # the next time the app opens, the status bar says who has not reported
    again = make_window(sample_store)
    qtbot.waitUntil(lambda: "chưa nộp báo cáo" in again.statusBar().currentMessage(), timeout=20000)


def test_a_focal_point_names_its_province_at_first_launch_and_filters_by_group(
    store: Store, make_window: Any, qtbot: Any, modal: ModalDriver
) -> None:
    from desktop.core.register import members, province_of
    from desktop.ui.dialogs.agency_dialog import AgencyDialog
    from tests.ui.test_main_window import ok

    window = make_window(store)

    def fill(d: AgencyDialog) -> None:
        type_text(d.name, "Sở Nội vụ tỉnh Cao Bằng")
        d.level.setCurrentIndex(d.level.findData("so"))
        d.province.setCurrentIndex(d.province.findData("Cao Bằng"))
        ok(d)

    modal.on(AgencyDialog, fill)
    window.ensure_profile()
    qtbot.waitUntil(lambda: "Sở Nội vụ" in window.agency_label.text(), timeout=10000)
    settle(window, qtbot)
    with store.session() as s:
        province = province_of(s)
        assert province is not None and province.name == "Cao Bằng"
        assert sum(m.registered for m in members(s)) == 56

    page = open_page(window, qtbot)
    assert page.view.count("missing") == 56
    page.group_combo.setCurrentIndex(page.group_combo.findData("xa"))
    assert page.agency_proxy.rowCount() == 56
    page.group_combo.setCurrentIndex(page.group_combo.findData("so"))
    assert page.agency_proxy.rowCount() == 0  # no department is named yet: no plan imported

    # the chart of the period: 56 communes and wards, none reported; a click lists them
    page.tabs.setCurrentWidget(page.charts)
    (segment,) = page.charts.by_group.segments
    assert (segment.key, segment.status, segment.count) == (("xa", ""), "missing", 56)
    qtbot.mouseClick(page.charts.by_group, Qt.MouseButton.LeftButton, pos=segment.rect.center().toPoint())
    assert page.tabs.currentIndex() == 0 and page.state_combo.currentData() == "missing"
    assert page.group_combo.currentData() == "xa" and page.agency_proxy.rowCount() == 56


def test_a_unit_that_reports_unexpectedly_is_added_on_confirm(
    tmp_path: Path, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    import json

    from desktop.core.register import members
    from desktop.core.workspace import open_workspace
    from tests.cli.test_cli import run

    so_dir, ward, usb = tmp_path / "so", tmp_path / "ward", tmp_path / "usb"
    for args, data in (
        (("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng"), so_dir),
        (("init", "--agency", "UBND phường Đề Thám", "--level", "xa"), ward),  # a name from before 1/7/2025
        (("import-sample",), ward),
    ):
        assert run(*args, data=data).returncode == 0
    made = run("export-bundle", "--period", "2025-Q3", "--out", str(usb), "--zip", "--json", data=ward)
    bundle = Path(json.loads(made.stdout)["paths"][0])
    store = open_workspace(so_dir)
    try:
        window = make_window(store)
        page = open_page(window, qtbot)
        from tests.ui.test_reporting_ui import drop_files

        drop_files(page, page.rect().center(), [bundle])
        qtbot.waitUntil(lambda: any(k == "question" for k, _t, _x in messages.seen), timeout=30000)
        settle(window, qtbot)
        _kind, title, text = messages.seen[-1]
        assert title == "Đơn vị chưa có trong danh sách" and "- UBND phường Đề Thám" in text
        with store.session() as s:
            added = next(m for m in members(s) if m.name == "UBND phường Đề Thám")
        assert added.registered and "danh mục" in added.flag  # added, and flagged as a pre-2025 name
    finally:
        store.close()
