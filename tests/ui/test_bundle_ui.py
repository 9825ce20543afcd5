"""«Báo cáo › Xuất gói báo cáo…» and «Kiểm tra gói báo cáo…» as an official uses them."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog

from db.store import Store
from desktop.core.bundle.verify import verify_bundle
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
from tests.conftest import task_id_by_code
from tests.office import SOFFICE, libreoffice_sheets
from tests.ui.conftest import Messages, ModalDriver, menu_action, type_text
from tests.ui.test_main_window import ok


def test_an_official_exports_a_bundle_with_edited_texts_and_verifies_it(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("done", 100, "Đã kiểm tra 20/20 xã", difficulties="Thiếu xe"))
    window = make_window(sample_store)
    usb = tmp_path / "USB"
    seen: dict[str, Any] = {}

    def fill(d: ExportBundleDialog) -> None:
        d.period.setCurrentIndex(d.period.findData("2025-Q3"))
        qtbot.waitUntil(d.tabs.isEnabled, timeout=10000)  # that period's texts are read off the UI thread
        seen["place_date"] = d.place_date.text()
        seen["shortcomings"] = d.shortcomings.toPlainText()
        d.number.clear()
        type_text(d.number, "Số: 12/BC-UBND")
        d.proposals.clear()
        type_text(d.proposals, "Đề nghị tỉnh hỗ trợ kinh phí")
        seen["results"] = d.results.toPlainText()
        d.results.moveCursor(QTextCursor.MoveOperation.End)
        type_text(d.results, "\nĐã tổ chức 3 hội nghị đối thoại")
        d.tabs.setCurrentIndex(1)
        d.signer_prefix.clear()
        type_text(d.signer_prefix, "KT. CHỦ TỊCH")
        d.signer_position.clear()
        type_text(d.signer_position, "PHÓ CHỦ TỊCH")
        d.out_dir.setText(str(usb))
        d.as_zip.setChecked(True)
        ok(d)

    modal.on(ExportBundleDialog, fill)
    menu_action(window, "Báo cáo", "Xuất gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: any("Đã tạo gói báo cáo" in t for t in messages.texts()), timeout=30000)
    assert seen["place_date"].startswith("Hòa An, ngày 01 tháng 10 năm 2025")
    assert "Nhiệm vụ 1.3.1: Thiếu xe" in seen["shortcomings"]
    assert "- 1. Công tác chỉ đạo, điều hành cải cách hành chính: " in seen["results"]  # by index and lĩnh vực
    (bundle,) = usb.glob("*.zip")
    assert bundle.name == "bao-cao-cchc_ubnd-xa-hoa-an_2025-Q3.zip"
    assert verify_bundle(bundle).ok
    if shutil.which("pdftotext"):
        with zipfile.ZipFile(bundle) as zf:
            (tmp_path / "bc.pdf").write_bytes(zf.read("bao-cao.pdf"))
        text = subprocess.run(["pdftotext", str(tmp_path / "bc.pdf"), "-"], capture_output=True, text=True).stdout
        text = " ".join(text.split())  # where a justified line breaks depends on the font size, not on the texts
        assert "Số: 12/BC-UBND" in text and "Đề nghị tỉnh hỗ trợ kinh phí" in text
        assert "Đã tổ chức 3 hội nghị đối thoại" in text and "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    if SOFFICE:
        with zipfile.ZipFile(bundle) as zf:
            (tmp_path / "bc.xlsx").write_bytes(zf.read("bao-cao.xlsx"))
        sheets = libreoffice_sheets(tmp_path / "bc.xlsx", tmp_path)
        assert "Đã kiểm tra 20/20 xã" in sheets["Tiến độ nhiệm vụ"] and "Thiếu xe" in sheets["Khó khăn, đề xuất"]

    # the focal point checks it: the file chooser returns the zip
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bundle), ""))
    menu_action(window, "Báo cáo", "Kiểm tra gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: any(title == "Gói hợp lệ" for _k, title, _t in messages.seen), timeout=30000)
    assert "UBND xã Hòa An, kỳ 2025-Q3" in messages.texts()[-1]

    # for e-mail: the same export cut into parts
    def split(d: ExportBundleDialog) -> None:
        d.out_dir.setText(str(tmp_path / "mail"))
        d.split.setChecked(True)
        d.split_mb.setValue(1)
        ok(d)

    modal.on(ExportBundleDialog, split)
    menu_action(window, "Báo cáo", "Xuất gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: sum("Đã tạo gói báo cáo" in t for t in messages.texts()) == 2, timeout=30000)
    (first,) = (tmp_path / "mail").glob("*.zip.001")
    assert verify_bundle(first).ok


def test_a_commune_imports_the_plan_package_from_the_file_menu(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.core.agencies import set_my_agency
    from desktop.core.plan_package import export_plan
    from desktop.core.tasks import load_task_rows
    from desktop.core.workspace import open_workspace

    with sample_store.session() as s:
        sent = {r.uuid for r in load_task_rows(s)}
        package = export_plan(s, load_task_rows(s)[0].plan_id, tmp_path / "ke-hoach")
    commune = open_workspace(tmp_path / "xa-tan-tien")
    with commune.session() as s:
        set_my_agency(s, "UBND xã Tân Tiến", "xa", "")
    window = make_window(commune)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    menu_action(window, "Tệp", "Nhập gói kế hoạch (.cchcplan)…").trigger()
    qtbot.waitUntil(lambda: any(title == "Đã nhập kế hoạch" for _k, title, _t in messages.seen), timeout=30000)
    with commune.session() as s:
        assert {r.uuid for r in load_task_rows(s)} == sent
    qtbot.waitUntil(lambda: window.plans_page.model.rowCount() == 1, timeout=10000)
    commune.close()


def test_a_focal_point_receives_bundles_and_saves_the_consolidated_report(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    from desktop.core.bundle.export import export_bundle
    from desktop.core.progress import CancelToken, no_progress
    from tests.unit.test_receive import make_commune

    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    bundle = export_bundle(
        commune, "2025-Y", tmp_path / "usb", date(2025, 10, 1), no_progress, CancelToken(), as_zip=True
    )
    commune.close()
    junk = tmp_path / "rac.zip"
    junk.write_bytes(b"khong phai zip")
    window = make_window(sample_store)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(bundle.path), str(junk)], ""))
    menu_action(window, "Báo cáo", "Tiếp nhận gói báo cáo của đơn vị…").trigger()
    qtbot.waitUntil(lambda: any("Tiếp nhận gói báo cáo" in title for _k, title, _t in messages.seen), timeout=30000)
    kind, title, text = messages.titled("Tiếp nhận gói báo cáo")
    assert kind == "warning" and "1 gói bị từ chối" in title
    assert "Đã tiếp nhận: bao-cao-cchc_ubnd-xa-tan-tien_2025-Y.zip — UBND xã Tân Tiến" in text
    assert "Từ chối: rac.zip" in text

    out = tmp_path / "tong-hop.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "Bảng tính Excel (*.xlsx)"))
    menu_action(window, "Báo cáo", "Lập báo cáo tổng hợp…").trigger()
    qtbot.waitUntil(lambda: any(t == "Đã lập báo cáo tổng hợp" for _k, t, _x in messages.seen), timeout=30000)
    from openpyxl import load_workbook

    rows = list(load_workbook(out)["Tình hình nộp"].iter_rows(min_row=3, values_only=True))
    assert any(r[1] == "UBND xã Tân Tiến" and r[2] in ("Đã nộp", "Nộp muộn") for r in rows)
