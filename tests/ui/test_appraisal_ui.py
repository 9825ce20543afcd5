"""Thẩm định through the GUI, in two data directories: the Sở appraises a ward's year report on the Tiếp nhận
page and exports the package; the ward drops it on its window and sees the appraised scores on Tự chấm điểm."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from db.store import Store
from desktop.core.workspace import open_workspace
from desktop.ui.dialogs.appraisal_dialog import AppraisalDialog
from desktop.ui.main_window import MainWindow
from tests.cli.test_cli_progress import ok as cli
from tests.ui.conftest import Messages, ModalDriver, settle, type_text
from tests.ui.test_reporting_ui import drop_files, show

WARD = "UBND phường Thục Phán"


@pytest.fixture
def two_offices(tmp_path: Path) -> tuple[Path, Path]:
    so, ward, usb = tmp_path / "so", tmp_path / "phuong", tmp_path / "usb"
    usb.mkdir()
    cli("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    cli("import-sample", data=so)
    cli("init", "--agency", WARD, "--level", "xa", "--focal", "Lê Văn C", data=ward)
    cli("import-sample", data=ward)
    cli("progress", "set", "1.3.1", "--period", "2025-Y", "--status", "done", data=ward)
    cli("score", "set", "1.3.1", "0,5", "--explain", "Đã ban hành kế hoạch", data=ward)
    made = json.loads(cli("export-bundle", "--period", "2025-Y", "--out", str(usb), "--zip", "--json", data=ward))
    cli("import-bundle", made["paths"][0], data=so)
    return so, ward


def open_window(data: Path, make_window: Any, opened: list[Store]) -> MainWindow:
    store = open_workspace(data)
    opened.append(store)
    window: MainWindow = make_window(store)
    return window


def test_an_appraisal_made_in_the_gui_reaches_the_ward(
    two_offices: tuple[Path, Path],
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    so_dir, ward_dir = two_offices
    stores: list[Store] = []
    so = open_window(so_dir, make_window, stores)
    show(so, "Tiếp nhận báo cáo")
    page = so.received_page
    qtbot.waitUntil(lambda: page.period_combo.count() > 0 and not so.ops.busy, timeout=20000)
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Y"))
    qtbot.waitUntil(lambda: page.view is not None and page.view.period.code == "2025-Y", timeout=20000)
    type_text(page.search, "thuc phan")
    assert not page.appraise_button.isEnabled()
    page.agency_table.selectRow(0)
    qtbot.waitUntil(page.appraise_button.isEnabled, timeout=5000)

    outbox = tmp_path / "gui-di"
    outbox.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(outbox))
    seen: dict[str, str] = {}

    def appraise(d: AppraisalDialog) -> None:
        def click(button: Any) -> None:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(button.isEnabled, timeout=10000)  # saved off the UI thread

        assert d.select("criterion", "1.3.1")
        assert "tự chấm 0,5" in d.selected.text()
        d.score.clear()
        type_text(d.score, "0,25")
        d.evidence.setCurrentIndex(d.evidence.findData("rejected"))
        type_text(d.comment, "Thiếu biên bản kiểm tra")
        click(d.save_button)
        seen["saved"] = d.status.text()
        seen["row"] = d.model.index(d.table.currentIndex().row(), 5).data()
        d.score.clear()
        type_text(d.score, "khá")  # not a score: one sentence, nothing saved
        click(d.save_button)
        seen["refused"] = d.status.text()
        d.score.clear()
        type_text(d.score, "0,25")
        click(d.save_button)
        type_text(d.general, "Báo cáo đúng hạn")
        click(d.general_button)
        click(d.export_button)
        seen["exported"] = d.status.text()
        d.reject()

    modal.on(AppraisalDialog, appraise)
    qtbot.mouseClick(page.appraise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "exported" in seen, timeout=30000)
    assert seen["saved"] == "Đã lưu thẩm định tiêu chí 1.3.1." and seen["row"] == "0,25"
    assert "phải là số" in seen["refused"]
    assert "Đã xuất gói thẩm định" in seen["exported"]
    (package,) = outbox.glob("*.cchcappraisal")

    ward = open_window(ward_dir, make_window, stores)
    drop_files(ward, QPoint(40, 40), [package])
    settle(ward, qtbot)
    assert "Đã nhận kết quả thẩm định" in messages.texts()[-1]
    show(ward, "Tự chấm điểm")
    scoring = ward.scoring_page
    qtbot.waitUntil(lambda: any(r.appraised_score is not None for r in scoring.model.rows), timeout=20000)
    row = next(i for i, r in enumerate(scoring.model.rows) if r.code == "1.3.1")
    assert scoring.model.index(row, 3).data() == "0,5" and scoring.model.index(row, 9).data() == "0,25"
    assert scoring.model.index(row, 10).data() == "Thiếu biên bản kiểm tra"
    assert "điểm thẩm định <b>0,25</b>" in scoring.total_label.text()
    for store in stores:
        store.close()
