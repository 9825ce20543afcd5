"""The evidence list model and its proxy, without widgets: accent-free search, «chưa gắn», Vietnamese sort."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.core.evidence import EvidenceRow
from desktop.ui.evidence_model import EvidenceFilterProxy, EvidenceTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


def item(i: int, name: str, number: str, issued: date | None, size: int, links: tuple[str, ...]) -> EvidenceRow:
    return EvidenceRow(
        id=i,
        uuid=f"u{i}",
        sha256="0" * 64,
        size=size,
        original_name=name,
        doc_type="quyet_dinh" if "QĐ" in number else "bao_cao",
        number=number,
        issued_on=issued,
        issuer="UBND xã Hòa An",
        summary="",
        proves_date=None,
        added_at="2025-10-01T08:00:00",
        links=links,
    )


ROWS = [
    item(1, "Zalo niêm yết.jpg", "", None, 50_000, ()),
    item(2, "Quyết định kiện toàn.pdf", "15/QĐ-UBND", date(2025, 3, 2), 3 << 20, ("task:12",)),
    item(3, "Báo cáo quý III.pdf", "20/BC-UBND", date(2025, 9, 30), 700_000, ("task:12", "criterion:1.3")),
]


def test_columns_show_what_an_official_reads() -> None:
    model = EvidenceTableModel()
    model.set_rows(ROWS)
    assert model.rowCount() == 3 and model.columnCount() == 8
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tên tệp"
    assert model.index(1, 3).data() == "02/03/2025"
    assert model.index(1, 6).data() == "3,0 MB" and model.index(0, 6).data() == "48 KB"
    assert model.index(0, 7).data() == "chưa gắn" and model.index(2, 7).data() == "2 nhiệm vụ/tiêu chí"


def test_search_ignores_accents_and_unlinked_filter() -> None:
    model, proxy = EvidenceTableModel(), EvidenceFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    proxy.set_search("quyet dinh")
    assert [proxy.row_at(r).id for r in range(proxy.rowCount())] == [2]
    proxy.set_search("", unlinked_only=True)
    assert [proxy.row_at(r).id for r in range(proxy.rowCount())] == [1]


def test_sorting_is_vietnamese_and_by_value() -> None:
    model, proxy = EvidenceTableModel(), EvidenceFilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.row_at(r).original_name[0] for r in range(3)] == ["B", "Q", "Z"]
    proxy.sort(6, Qt.SortOrder.AscendingOrder)  # by size, not by the text «3,0 MB»
    assert [proxy.row_at(r).id for r in range(3)] == [1, 3, 2]
