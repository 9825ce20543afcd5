"""Hướng dẫn sử dụng: the guide's pages listed on the left, the chosen one on the right; opened by F1 at the page
that explains what the user is looking at, and left open beside the window while they work."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QTextBrowser, QWidget

from desktop.core.guide import Topic


class HelpDialog(QDialog):
    def __init__(self, topics: Sequence[Topic], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng")
        self._topics = list(topics)
        self.contents = QListWidget()
        self.contents.addItems([t.title for t in self._topics])
        self.contents.setFixedWidth(230)
        self.page = QTextBrowser()
        self.page.setOpenExternalLinks(False)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.page, 1)
        self.contents.currentRowChanged.connect(self._show_row)
        self.resize(900, 600)
        self.show_topic(current)

    def show_topic(self, topic_id: str) -> None:
        row = next((i for i, t in enumerate(self._topics) if t.id == topic_id), 0)
        self.contents.setCurrentRow(row)
        self._show_row(row)

    def current_topic(self) -> str:
        return self._topics[max(self.contents.currentRow(), 0)].id

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._topics):
            self.page.setHtml(self._topics[row].html)
