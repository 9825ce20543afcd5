"""The province's own index through the GUI, in separate data directories: the Sở previews and imports its
published set and sends it down; a commune drops the package on its window and scores by bands on Tự chấm
điểm; the Sở ranks the communes' yearly bundles, imports the survey and exports the ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from db.store import Store
from desktop.ui.actions.registry import ActionId
from desktop.ui.dialogs.appraisal_dialog import AppraisalDialog
from desktop.ui.dialogs.index_import_dialog import IndexImportDialog
from desktop.ui.main_window import MainWindow
from tests.cli.test_cli_index import SON_DUONG, TAN_TRAO, province  # noqa: F401  (the fixture)
from tests.cli.test_cli_progress import ok as cli
from tests.fixtures.province_index import CRITERIA, write_survey, write_xlsx
from tests.ui.conftest import Messages, ModalDriver, settle, type_text
from tests.ui.test_appraisal_ui import open_window
from tests.ui.test_reporting_ui import drop_files, show


def _click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_so_previews_imports_and_sends_down_its_criteria_set(
    tmp_path: Path,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    so_dir = tmp_path / "so"
    cli("init", "--agency", "Sở Nội vụ tỉnh Tuyên Quang", "--level", "so", "--province", "Tuyên Quang", data=so_dir)
    wrong = [(*c[:2], "3" if c[0] == "1.1.2" else c[2], *c[3:]) for c in CRITERIA]
    wrong.append(("9.9", "Dòng không có lĩnh vực", "1", "", "", ""))
    bad = write_xlsx(tmp_path / "bo-chi-so-sai.xlsx", wrong)
    good = write_xlsx(tmp_path / "bo-chi-so-cap-xa-2025.xlsx")
    stores: list[Store] = []
    so: MainWindow = open_window(so_dir, make_window, stores)
    show(so, "Chỉ số")
    catalog = so.catalog_page
    seen: dict[str, Any] = {}

    def import_it(d: IndexImportDialog) -> None:
        d.year.setValue(2025)
        type_text(d.path, str(bad))
        _click(qtbot, d.read_button)
        qtbot.waitUntil(lambda: d.parsed is not None, timeout=20000)
        seen["problems"] = d.problems.text()
        seen["skipped"] = [d.skipped.item(i).text() for i in range(d.skipped.count())]
        d.path.clear()
        type_text(d.path, str(good))
        assert not d.import_button.isEnabled()  # the file changed: read it again first
        _click(qtbot, d.read_button)
        qtbot.waitUntil(lambda: d.parsed is not None, timeout=20000)
        seen["top"] = d.tree.topLevelItemCount()
        seen["summary"] = d.summary.text()
        seen["clean"] = d.problems.text()
        _click(qtbot, d.import_button)

    modal.on(IndexImportDialog, import_it)
    by_text = {b.text(): b for b in catalog.findChildren(QPushButton)}
    _click(qtbot, by_text["Nhập bộ chỉ số của tỉnh…"])
    qtbot.waitUntil(lambda: bool(modal.handled) and not so.ops.busy, timeout=30000)
    settle(so, qtbot)
    assert "1.1" in seen["problems"] and "cộng lại 4" in seen["problems"]
    assert any("9.9" in line and "tiêu chí cha «9»" in line for line in seen["skipped"])
    assert seen["top"] == 8 and "tổng điểm tối đa <b>100</b>" in seen["summary"] and seen["clean"] == ""
    qtbot.waitUntil(lambda: catalog.tree.topLevelItemCount() >= 4, timeout=20000)
    names = [catalog.tree.topLevelItem(i).text(1) for i in range(catalog.tree.topLevelItemCount())]
    assert any(n.startswith("BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CẤP XÃ") for n in names)

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    _click(qtbot, by_text["Gửi gói cho đơn vị…"])
    qtbot.waitUntil(lambda: any(usb.glob("*.cchcindex")), timeout=20000)
    settle(so, qtbot)
    (package,) = usb.glob("*.cchcindex")

    commune_dir = tmp_path / "xa"
    cli("init", "--agency", TAN_TRAO, "--level", "xa", data=commune_dir)
    commune: MainWindow = open_window(commune_dir, make_window, stores)
    drop_files(commune, QPoint(40, 40), [package])
    settle(commune, qtbot)
    assert "Đã nhập" in messages.texts()[-1] and "CCHC_XA năm 2025" in messages.texts()[-1]

    show(commune, "Tự chấm điểm")
    scoring = commune.scoring_page

    def province_item() -> int:  # findData compares Python tuples by identity
        found = [i for i in range(scoring.framework.count()) if scoring.framework.itemData(i) == ("CCHC_XA", 2025)]
        return found[0] if found else -1

    qtbot.waitUntil(lambda: province_item() >= 0, timeout=20000)
    assert scoring.framework.itemText(province_item()).startswith("Bộ chỉ số của tỉnh")
    scoring.framework.setCurrentIndex(province_item())
    qtbot.waitUntil(lambda: any(r.survey for r in scoring.model.rows), timeout=20000)
    assert scoring.notes_button.isVisible()

    def select(code: str) -> None:
        scoring.table.selectRow(next(i for i, r in enumerate(scoring.model.rows) if r.code == code))

    select("8.1")
    assert not scoring.score.isEnabled() and "điều tra xã hội học" in scoring.selected_label.text()
    select("3.2")
    assert scoring.measured.isVisible() and "Cách chấm" in scoring.selected_label.text()
    type_text(scoring.measured, "96%")
    assert "3 điểm" in scoring.band_label.text() and scoring.score.text() == "3"
    type_text(scoring.explanation, "Số liệu trích xuất từ Hệ thống")
    _click(qtbot, scoring.save_button)
    qtbot.waitUntil(lambda: any(r.code == "3.2" and r.score == 3 for r in scoring.model.rows), timeout=20000)
    row = next(i for i, r in enumerate(scoring.model.rows) if r.code == "3.2")
    assert scoring.model.index(row, 3).data() == "3 (96%)"
    scoring.measured.clear()
    type_text(scoring.measured, "-4")
    assert "không được âm" in scoring.band_label.text()
    for store in stores:
        store.close()


def test_the_ranking_page_ranks_takes_the_survey_and_exports(
    province: tuple[Path, Path],  # noqa: F811
    make_window: Any,
    qtbot: Any,
    messages: Messages,
    modal: ModalDriver,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    so_dir, _usb = province
    stores: list[Store] = []
    so: MainWindow = open_window(so_dir, make_window, stores)
    show(so, "Xếp hạng")
    page = so.ranking_page
    qtbot.waitUntil(lambda: len(page.model.ranked()) == 2, timeout=30000)
    assert [r.agency for r in page.model.ranked()] == [SON_DUONG, TAN_TRAO]
    assert page.model.index(0, 0).data() == "1" and page.model.index(0, 5).data() == "8,5"
    assert "2 đơn vị đã gửi tự đánh giá" in page.summary.text() and len(page.chart.rows) == 2

    def appraise(d: AppraisalDialog) -> None:
        assert d.select("index", "3.2", "CCHC_XA") and d.score.isEnabled()
        assert d.model.index(d.table.currentIndex().row(), 0).data() == "Tiêu chí (bộ của tỉnh)"
        d.score.clear()
        type_text(d.score, "2")
        type_text(d.comment, "Tỷ lệ thực tế 94%")
        _click(qtbot, d.save_button)
        qtbot.waitUntil(d.save_button.isEnabled, timeout=10000)
        seen.append(d.status.text())
        d.reject()

    seen: list[str] = []
    modal.on(AppraisalDialog, appraise)
    so.registry.trigger(ActionId.APPRAISE, TAN_TRAO, "2025-Y")
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert seen == ["Đã lưu thẩm định tiêu chí 3.2."]
    qtbot.waitUntil(lambda: page.model.ranked()[1].appraised_total == 5, timeout=30000)

    survey = write_survey(
        tmp_path / "dieu-tra.xlsx",
        {"Xã Tân Trào": {"2.4": 4, "8.1": 9.5}, "Xã Sơn Dương": {"2.4": 1, "8.1": 5}},
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(survey), ""))
    _click(qtbot, page.survey_button)
    settle(so, qtbot)
    assert "Đã nhập 4 điểm điều tra của 2 đơn vị" in messages.texts()[-1]
    qtbot.waitUntil(lambda: page.model.ranked()[0].agency == TAN_TRAO, timeout=30000)
    assert page.model.ranked()[0].final_total == 18.5 and page.model.ranked()[1].final_total == 14.5

    out = tmp_path / "xep-hang.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "Bảng tính Excel (*.xlsx)"))
    _click(qtbot, page.export_button)
    qtbot.waitUntil(out.exists, timeout=30000)
    settle(so, qtbot)
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    first = next(r for r in rows if r[0] == "1")
    assert first[1] == TAN_TRAO and first[5] == "18,5"
    for store in stores:
        store.close()
