"""Signing in the window: the export dialog's «Ký số» with a PKCS#12 file and a masked PIN (a wrong one exports
nothing), the choice remembered; at the Sở, «Chữ ký số…» installs the CA and requires signed reports, and the
received reports show who signed and whether it holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit

from db.store import Store
from desktop.core.agencies import Signer, set_my_agency, set_signer
from desktop.core.bundle.receive import import_bundles
from desktop.core.signing.settings import load_settings
from desktop.core.signing.verify import check_pdf
from desktop.core.workspace import open_workspace
from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
from desktop.ui.dialogs.consolidated_dialog import ConsolidatedDialog
from desktop.ui.dialogs.sign_choice import PinDialog
from desktop.ui.dialogs.signing_dialog import SigningDialog
from desktop.ui.main_window import Page
from tests.certs import PIN, issue, make_ca
from tests.ui.conftest import Messages, ModalDriver, menu_action, settle, type_text
from tests.ui.test_main_window import ok


def _export(window: Any, qtbot: Any, modal: ModalDriver, usb: Path, p12: Path, pin: str) -> None:
    def fill(d: ExportBundleDialog) -> None:
        d.period.setCurrentIndex(d.period.findData("2025-Q3"))
        qtbot.waitUntil(d.tabs.isEnabled, timeout=10000)
        d.out_dir.setText(str(usb))
        d.as_folder.setChecked(True)
        d.sign.setChecked(True)
        d.sign.use_file.setChecked(True)
        d.sign.p12_path.setText(str(p12))
        ok(d)

    def type_pin(d: PinDialog) -> None:
        assert d.pin.echoMode() == QLineEdit.EchoMode.Password  # masked
        type_text(d.pin, pin)
        ok(d)

    modal.on(ExportBundleDialog, fill)
    modal.on(PinDialog, type_pin)
    menu_action(window, "Báo cáo", "Xuất gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: len(modal.handled) >= 2, timeout=20000)
    settle(window, qtbot)


def test_a_ward_signs_its_bundle_in_the_window_and_the_so_sees_the_signer(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with sample_store.session() as s:
        set_signer(s, Signer("Hoàng Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"))
    ca = make_ca()
    p12 = issue(ca, org="UBND xã Hòa An").p12(tmp_path / "chu-ky.p12", ca)
    window = make_window(sample_store)
    usb = tmp_path / "USB"

    _export(window, qtbot, modal, usb, p12, "000000")
    assert messages.seen[-1][2].startswith("Mã PIN (mật khẩu) của chứng thư số không đúng")
    assert not usb.exists() or not any(usb.iterdir())  # nothing exported
    assert load_settings(sample_store.data_dir).p12_path == ""

    modal.handled.clear()
    _export(window, qtbot, modal, usb, p12, PIN)
    assert any("Đã tạo gói báo cáo" in t for t in messages.texts())
    (bundle,) = usb.iterdir()
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["signature"]["signer"] == "Hoàng Văn Bình"
    remembered = load_settings(sample_store.data_dir)
    assert remembered.p12_path == str(p12) and PIN not in (sample_store.data_dir / "chu-ky-so.json").read_text()

    # At the Sở Nội vụ, in its own data directory.
    so = open_workspace(tmp_path / "so-noi-vu")
    try:
        with so.session() as s:
            set_my_agency(s, "Sở Nội vụ tỉnh Cao Bằng", "so")
        focal = make_window(so)
        ca_file = ca.pem(tmp_path / "ca-ban-co-yeu.pem")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(ca_file), ""))

        def settings(d: SigningDialog) -> None:
            qtbot.mouseClick(d.add_button, _left())
            qtbot.waitUntil(lambda: "Cục Chứng thực số" in d.anchors.item(0).text(), timeout=10000)
            d.require.setChecked(True)
            ok(d)

        modal.on(SigningDialog, settings)
        menu_action(focal, "Báo cáo", "Chữ ký số…").trigger()
        settle(focal, qtbot)
        assert load_settings(so.data_dir).require_signed

        (outcome,) = import_bundles(so, [bundle])
        assert outcome.status == "accepted" and outcome.signature and outcome.signature["status"] == "valid"
        focal.state.apply(_bundles())
        focal.show_page(Page.RECEIVED)
        page = focal.page(Page.RECEIVED)
        page.period_combo.setCurrentIndex(page.period_combo.findData("2025-Q3"))  # type: ignore[attr-defined]
        settle(focal, qtbot)
        rows = {r.agency: r for r in page.agencies.rows}  # type: ignore[attr-defined]
        index = [r.agency for r in page.agencies.rows].index("UBND xã Hòa An")  # type: ignore[attr-defined]
        assert rows["UBND xã Hòa An"].signature["status"] == "valid"
        cell = page.agencies.index(index, 7).data()  # type: ignore[attr-defined]
        assert cell == "Hợp lệ — Hoàng Văn Bình"

        # The Sở signs its consolidated report in the window too.
        so_p12 = issue(ca, cn="Nguyễn Thị Sở", org="Sở Nội vụ tỉnh Cao Bằng").p12(tmp_path / "so.p12", ca)
        target = tmp_path / "tong-hop.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)"))

        def sign_report(d: ConsolidatedDialog) -> None:
            assert d.sign is not None
            d.sign.setChecked(True)
            d.sign.use_file.setChecked(True)
            d.sign.p12_path.setText(str(so_p12))
            ok(d)

        def type_pin(d: PinDialog) -> None:
            type_text(d.pin, PIN)
            ok(d)

        modal.handled.clear()
        modal.on(ConsolidatedDialog, sign_report)
        modal.on(PinDialog, type_pin)
        menu_action(focal, "Báo cáo", "Lập báo cáo tổng hợp…").trigger()
        qtbot.waitUntil(lambda: len(modal.handled) >= 2, timeout=20000)
        settle(focal, qtbot)
        check = check_pdf(target, so.data_dir)
        assert (check.status, check.signer) == ("valid", "Nguyễn Thị Sở")
    finally:
        so.close()


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _bundles() -> Any:
    from desktop.ui.state import Change

    return Change.BUNDLES
