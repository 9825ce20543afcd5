"""Bản xem trước khi in: the pages of the report as they will print, one under the other; «In…» goes on to the
system's print dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.dialogs.buttons import ok_cancel


class PrintPreviewDialog(QDialog):
    def __init__(self, title: str, pages: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Xem trước khi in — {title}")
        self.summary = QLabel(f"{title}: {len(pages)} trang. Kiểm tra rồi bấm «In…» để chọn máy in.")
        self.summary.setWordWrap(True)
        sheet = QWidget()
        sheet.setStyleSheet("background: #808080")
        column = QVBoxLayout(sheet)
        column.setSpacing(12)
        self.page_labels: list[QLabel] = []
        for number, image in enumerate(pages, start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setToolTip(f"Trang {number}/{len(pages)}")
            column.addWidget(label)
            self.page_labels.append(label)
        self.page_area = QScrollArea()
        self.page_area.setWidget(sheet)
        self.page_area.setWidgetResizable(True)
        self.buttons = ok_cancel(self, "In…", self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.page_area, 1)
        layout.addWidget(self.buttons)
        width = max((image.width() for image in pages), default=400)
        self.resize(min(width + 80, 900), 640)  # fits a 1366×768 screen
