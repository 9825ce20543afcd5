"""Qt's own strings in Vietnamese: what a user meets in a text box's right-click menu and in message boxes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from desktop.core.resources import resources_dir
from desktop.ui.localize import install_vietnamese, set_app_icon

TS = resources_dir() / "translations" / "qt_vi.ts"


def test_text_menus_and_standard_buttons_speak_vietnamese(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_vietnamese(app)
    assert translator is not None
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]  # "&Dán\tCtrl+V"
        assert "&Dán" in texts and "&Sao chép" in texts and "Chọn tất cả" in texts
        box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Tiếp tục?", QMessageBox.StandardButton.Yes)
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Yes).text() == "&Có"
        set_app_icon(app)
        assert not app.windowIcon().isNull()
    finally:
        app.removeTranslator(translator)


def test_the_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease not installed")
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(tmp_path / "qt_vi.qm")], check=True, timeout=60)
    assert (tmp_path / "qt_vi.qm").read_bytes() == TS.with_suffix(".qm").read_bytes(), "run pyside6-lrelease"
