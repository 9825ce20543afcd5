"""«Xuất Word…» in the export dialog: the báo cáo with the texts as edited, saved as .docx while the dialog stays
open for the bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from db.store import Store
from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
from tests.ui.conftest import Messages, ModalDriver, menu_action, type_text


def test_the_report_is_saved_as_word_with_the_texts_as_edited(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_store)
    target = tmp_path / "bao-cao-quy-3"  # typed without the extension
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    seen: list[str] = []

    def word(d: ExportBundleDialog) -> None:
        d.period.setCurrentIndex(d.period.findData("2025-Q3"))
        qtbot.waitUntil(d.tabs.isEnabled, timeout=10000)
        d.number.clear()
        type_text(d.number, "Số: 15/BC-UBND")
        assert d.word_button.toolTip()
        qtbot.mouseClick(d.word_button, Qt.MouseButton.LeftButton)
        saved = tmp_path / "bao-cao-quy-3.docx"
        qtbot.waitUntil(lambda: saved.exists() and not window.ops.busy, timeout=30000)
        assert d.isVisible()  # still open: the bundle can be exported next
        seen.append(str(saved))
        d.reject()

    modal.on(ExportBundleDialog, word)
    menu_action(window, "Báo cáo", "Xuất gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=40000)
    doc = Document(seen[0])
    header = "\n".join(p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs)
    assert "Số: 15/BC-UBND" in header and "ỦY BAN NHÂN DÂN" in header
    assert any(p.text == "I. KẾT QUẢ THỰC HIỆN" for p in doc.paragraphs)


def test_the_signer_set_in_the_agency_profile_fills_the_export_dialog(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages
) -> None:
    from desktop.ui.dialogs.agency_dialog import AgencyDialog
    from tests.ui.test_main_window import ok

    window = make_window(sample_store)
    refused: list[str] = []

    def set_signer(d: AgencyDialog) -> None:
        assert d.name.text() == "UBND xã Hòa An"  # the saved profile, ready to change
        type_text(d.signer_authority.lineEdit(), "KT. CHỦ TỊCH")
        ok(d)  # an authority line without a position: said in the dialog, which stays open
        refused.append(d.error.text())
        assert d.isVisible()
        type_text(d.signer_position, "Phó Chủ tịch")
        type_text(d.signer_name, "Hoàng Văn Bình")
        ok(d)

    modal.on(AgencyDialog, set_signer)
    menu_action(window, "Cơ quan", "Cơ quan của tôi…").trigger()
    qtbot.waitUntil(lambda: bool(modal.handled) and not window.ops.busy, timeout=20000)
    assert "chức vụ" in refused[0]
    seen: list[tuple[str, str, str, str]] = []

    def look(d: ExportBundleDialog) -> None:
        d.period.setCurrentIndex(d.period.findData("2025-Q3"))
        qtbot.waitUntil(d.tabs.isEnabled, timeout=10000)
        fields = (d.signer_prefix.text(), d.signer_position.text(), d.signer_name.text())
        seen.append((*fields, d.recipients.toPlainText()))
        d.reject()

    modal.on(ExportBundleDialog, look)
    menu_action(window, "Báo cáo", "Xuất gói báo cáo…").trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=40000)
    prefix, position, name, recipients = seen[0]
    assert (prefix, position, name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Bình")
    assert "Như trên" not in recipients and "Sở Nội vụ (để tổng hợp)" in recipients
