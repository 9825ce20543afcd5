"""Ctrl+P: the report of the page in front of the user, previewed, then printed through the system's print
dialog. The print dialog is answered as a user would (a printer chosen: here Qt's «print to PDF file»), and the
printed file is read back: one A4 sheet per page of the report, each carrying the page as an image."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from db.store import Store
from desktop.core.bundle.receive import import_bundle
from desktop.ui.dialogs.print_preview_dialog import PrintPreviewDialog
from tests.ui.conftest import Messages, ModalDriver, menu_action
from tests.ui.test_main_window import ok
from tests.unit.test_receive import make_commune, report

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _period(window: Any) -> str:
    label = str(window.state.period_label)
    return label[:1].lower() + label[1:]


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The system print dialog, answered «Print» with a PDF file as the printer."""
    target = tmp_path / "may-in.pdf"

    def choose(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", choose)
    return target


def test_ctrl_p_previews_and_prints_every_page_of_the_report(
    sample_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, printed: Path
) -> None:
    window = make_window(sample_store)
    action = menu_action(window, "Báo cáo", "In báo cáo…")
    assert action.shortcut().toString() == "Ctrl+P"
    seen: list[tuple[str, int]] = []

    def look(d: PrintPreviewDialog) -> None:
        seen.append((d.windowTitle(), len(d.page_labels)))
        assert all(label.pixmap().width() > 300 for label in d.page_labels)  # the pages are drawn, not blank
        ok(d)  # «In…»

    modal.on(PrintPreviewDialog, look)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=40000)
    qtbot.waitUntil(lambda: printed.exists() and not window.ops.busy, timeout=60000)
    title, pages = seen[0]
    assert title == f"Xem trước khi in — Báo cáo {_period(window)}" and pages >= 3
    info = _info(printed)
    assert int(info["Pages"]) == pages  # every page of the report, on its own sheet
    assert re.match(r"595(\.\d+)? x 842", info["Page size"])  # A4
    images = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) - 2 >= pages  # each sheet carries its page
    assert "Đã gửi" in window.statusBar().currentMessage()


def test_on_the_received_page_ctrl_p_prints_the_consolidated_report(
    sample_store: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    printed: Path,
    tmp_path: Path,
) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    window = make_window(sample_store)
    from desktop.ui.main_window import Page

    window.show_page(Page.RECEIVED)
    seen: list[str] = []

    def close(d: PrintPreviewDialog) -> None:
        seen.append(d.windowTitle())
        d.reject()  # looked, not printed

    modal.on(PrintPreviewDialog, close)
    menu_action(window, "Báo cáo", "In báo cáo…").trigger()
    qtbot.waitUntil(lambda: bool(seen) and not window.ops.busy, timeout=40000)
    assert seen == [f"Xem trước khi in — Báo cáo tổng hợp {_period(window)}"], messages.seen
    assert not printed.exists()
