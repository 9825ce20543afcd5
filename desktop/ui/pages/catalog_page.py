"""Chỉ số: the national indices shipped with the app and the province's own criteria sets, as a tree with max
points; the province's sets are imported, sent down and taken in from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.formatting import fmt_number

if TYPE_CHECKING:
    from desktop.core.catalog import CatalogFramework


class CatalogPage(QWidget):
    import_requested = Signal()
    package_requested = Signal()
    send_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        buttons = QHBoxLayout()
        for text, tip, signal in (
            ("Nhập bộ chỉ số của tỉnh…", "Sở Nội vụ: đọc Bộ Chỉ số CCHC từ tệp Excel hoặc Word", self.import_requested),
            ("Nhận gói bộ chỉ số…", "Cơ quan, đơn vị: nhận gói .cchcindex do Sở Nội vụ gửi", self.package_requested),
            ("Gửi gói cho đơn vị…", "Xuất gói .cchcindex để gửi các cơ quan, đơn vị", self.send_requested),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mã", "Lĩnh vực / tiêu chí", "Điểm tối đa", "Điểm thực hiện", "Điều tra XHH"])
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.source = QLabel()
        self.source.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.source)

    def set_catalog(self, frameworks: list[CatalogFramework]) -> None:
        self.tree.clear()
        sources = []
        for fw in frameworks:
            top = QTreeWidgetItem(["", f"{fw.name} — năm {fw.year}", fmt_number(fw.max_score), "", ""])
            self.tree.addTopLevelItem(top)
            items: dict[str, QTreeWidgetItem] = {}
            for c in fw.criteria:
                item = QTreeWidgetItem(
                    [c.code, c.name, fmt_number(c.max_score), fmt_number(c.self_assessed_max), fmt_number(c.survey_max)]
                )
                item.setToolTip(1, c.name)
                items.get(c.parent_code or "", top).addChild(item)
                items[c.code] = item
            top.setExpanded(True)
            if fw.source:
                sources.append(f"{fw.name}: {fw.source}")
        self.source.setText("Nguồn: " + " | ".join(sources))
