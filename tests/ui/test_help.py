"""F1 opens the user guide at the page that explains what the user is looking at; the same guide ships as a PDF
(read back with pdftotext and pdffonts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.store import Store
from desktop.core.guide import blocks, topics, write_guide_pdf
from desktop.ui.dialogs.help_dialog import HelpDialog
from desktop.ui.main_window import Page
from tests.ui.conftest import Messages, menu_action, settle

TASKS_THE_ISSUE_NAMES = ("nhap-ke-hoach", "ghi-tien-do", "them-tai-lieu", "tu-cham-diem", "xuat-goi", "tiep-nhan")


def test_f1_opens_the_guide_at_the_page_in_front_of_the_user(
    sample_store: Store, make_window: Any, qtbot: Any, messages: Messages
) -> None:
    window = make_window(sample_store)
    assert menu_action(window, "Trợ giúp", "Hướng dẫn sử dụng").shortcut().toString() == "F1"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(HelpDialog)
    assert guide is not None and guide.isVisible()
    assert guide.current_topic() == "ghi-tien-do" and "Cập nhật tiến độ" in guide.page.toPlainText()
    window.show_page(Page.RECEIVED)
    settle(window, qtbot)
    menu_action(window, "Trợ giúp", "Hướng dẫn sử dụng").trigger()
    assert window.findChildren(HelpDialog) == [guide]  # one guide window, turned to the new page
    assert guide.current_topic() == "tiep-nhan" and "gói" in guide.page.toPlainText()
    guide.contents.setCurrentRow(0)  # the user picks another page of the guide
    assert guide.current_topic() == "bat-dau" and "Bắt đầu" in guide.page.toPlainText()
    guide.close()


def test_the_guide_has_a_page_for_each_task_of_the_year() -> None:
    ids = [t.id for t in topics()]
    assert set(TASKS_THE_ISSUE_NAMES) <= set(ids)
    for t in topics():
        kinds = [kind for kind, _text in blocks(t.html)]
        assert kinds[0] == "h1" and ("li" in kinds or "p" in kinds), t.id


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_guide_prints_as_a_pdf_with_every_page_and_its_font(tmp_path: Path) -> None:
    pdf = write_guide_pdf(tmp_path / "Huong-dan-su-dung.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    for t in topics():
        assert t.title in text, t.title
    assert "Cập nhật tiến độ…" in text and "<b>" not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
