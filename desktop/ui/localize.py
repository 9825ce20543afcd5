"""Vietnamese for the strings Qt itself draws (standard buttons, text context menus), and the app icon."""

from __future__ import annotations

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from desktop.core.resources import resources_dir


def install_vietnamese(app: QApplication) -> QTranslator | None:
    """Qt ships no Vietnamese; ours covers what users meet (see resources/translations/qt_vi.ts)."""
    translator = QTranslator(app)
    if not translator.load(str(resources_dir() / "translations" / "qt_vi.qm")):
        return None
    app.installTranslator(translator)
    return translator


def set_app_icon(app: QApplication) -> None:
    """Set once the first window has shown (Qt gives it to open windows then): QIcon's Qt type costs 1.2 ms."""
    from PySide6.QtGui import QIcon

    icon = resources_dir() / "icons" / "cchc.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
