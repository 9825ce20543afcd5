"""Chỉ số: the shipped index frameworks as a tree with max points."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.formatting import fmt_number


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

    def set_catalog(self, frameworks: list[dict[str, object]]) -> None:
        """frameworks: [{name, year, max_score, source, criteria: [(code, name, max, self, survey, parent)]}]"""
        self.tree.clear()
        sources = []
        for fw in frameworks:
            top = QTreeWidgetItem(["", f"{fw['name']} — năm {fw['year']}", fmt_number(fw["max_score"]), "", ""])  # type: ignore[arg-type]
            self.tree.addTopLevelItem(top)
            items: dict[str, QTreeWidgetItem] = {}
            for code, name, mx, self_max, survey, parent in fw["criteria"]:  # type: ignore[attr-defined]
                item = QTreeWidgetItem([code, name, fmt_number(mx), fmt_number(self_max), fmt_number(survey)])
                item.setToolTip(1, name)
                items.get(parent, top).addChild(item)
                items[code] = item
            top.setExpanded(True)
            sources.append(f"{fw['name']}: {fw['source']}")
        self.source.setText("Nguồn: " + " | ".join(sources))
