"""Chỉ số: the shipped index frameworks as a tree with max points."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.formatting import fmt_number

if TYPE_CHECKING:
    from desktop.core.catalog import CatalogFramework


class CatalogPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mã", "Lĩnh vực / tiêu chí", "Điểm tối đa", "Điểm thực hiện", "Điều tra XHH"])
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.source = QLabel()
        self.source.setWordWrap(True)
        layout = QVBoxLayout(self)
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
            sources.append(f"{fw.name}: {fw.source}")
        self.source.setText("Nguồn: " + " | ".join(sources))
