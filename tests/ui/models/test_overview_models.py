"""The focal point's table models and their proxy, without any widget: cells, sorting, state filter, search."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import Qt

from desktop.core.bundle.overview import AgencyTask, GroupRow, ReceivedEvidence
from desktop.core.bundle.submissions import SubmissionRow
from desktop.ui.overview_models import (
    AgencyTaskTableModel,
    GroupTableModel,
    OverviewProxy,
    ReceivedEvidenceTableModel,
    SubmissionTableModel,
)

ROWS = [
    SubmissionRow("UBND xã Hòa An", "late", datetime(2025, 9, 20, 8, 30, tzinfo=UTC), "u1", 10, 9, 4),
    SubmissionRow("UBND xã Tân Tiến", "submitted", datetime(2025, 9, 10, 9, 0, tzinfo=UTC), "u2", 10, 3, 10),
    SubmissionRow("Sở Tư pháp", "missing"),
    SubmissionRow("Ủy ban nhân dân xã Đắk Ơ", "submitted", datetime(2025, 9, 12, tzinfo=UTC), "u3", 4, 4, 0),
]


def column(proxy: OverviewProxy, col: int) -> list[Any]:
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def test_agencies_sort_by_completion_filter_by_state_and_search_without_accents(qapp: Any) -> None:
    model = SubmissionTableModel()
    model.set_rows(ROWS)
    assert model.index(0, 5).data() == "90%" and model.index(2, 3).data() == "" and model.index(2, 5).data() == ""
    assert model.index(0, 2).data() == "20/09/2025 08:30"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#b35900"  # late in orange
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    proxy = OverviewProxy(model)
    proxy.sort(5, Qt.SortOrder.DescendingOrder)
    assert column(proxy, 0) == ["Ủy ban nhân dân xã Đắk Ơ", "UBND xã Hòa An", "UBND xã Tân Tiến", "Sở Tư pháp"]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # Vietnamese order: Đ after D, Ủ with U
    assert column(proxy, 0) == ["Sở Tư pháp", "UBND xã Hòa An", "UBND xã Tân Tiến", "Ủy ban nhân dân xã Đắk Ơ"]
    proxy.set_state("submitted")
    assert column(proxy, 1) == ["Đã nộp", "Đã nộp"]
    proxy.set_search("dak o")
    assert column(proxy, 0) == ["Ủy ban nhân dân xã Đắk Ơ"]
    proxy.set_state("")
    proxy.set_search("hoa an")
    assert column(proxy, 0) == ["UBND xã Hòa An"]
    assert proxy.row_at(0).bundle_uuid == "u1"


def test_task_rows_name_what_is_late_and_what_has_no_evidence(qapp: Any) -> None:
    model = AgencyTaskTableModel()
    late = AgencyTask("UBND xã Hòa An", "u1", "1.2", "Kiểm tra", "PAR_INDEX", "1. Công tác chỉ đạo", "in_progress",
                      30, date(2025, 6, 30), 0, overdue=True)  # fmt: skip
    silent = AgencyTask("UBND xã Hòa An", "u1", "2.1", "Rà soát", "SIPAS", "", "", None, None, 2)
    model.set_rows([late, silent])
    assert model.index(0, 5).data() == "Đang thực hiện (quá hạn)" and model.index(0, 8).data() == "chưa có"
    assert model.index(0, 7).data() == "30/06/2025" and model.index(0, 3).data() == "Chỉ số PAR INDEX"
    assert (
        model.index(1, 5).data() == "Chưa cập nhật"
        and model.index(1, 6).data() == ""
        and model.index(1, 8).data() == "2"
    )
    proxy = OverviewProxy(model)
    proxy.sort(8, Qt.SortOrder.DescendingOrder)  # by evidence count, numerically
    assert column(proxy, 1) == ["2.1", "1.2"]


def test_index_rows_stand_out_above_their_fields(qapp: Any) -> None:
    model = GroupTableModel()
    model.set_rows(
        [GroupRow("index", "Chỉ số PAR INDEX", 3, 20, 5, 8), GroupRow("field", "Chỉ số PAR INDEX — 1. X", 2, 4, 1, 2)]
    )
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, 4).data() == "25%" and model.index(1, 1).data() == "2"


def test_codes_sort_as_numbers_and_received_evidence_by_date(qapp: Any) -> None:
    model = AgencyTaskTableModel()
    model.set_rows(
        [
            AgencyTask("UBND xã Hòa An", "u1", code, "", "PAR_INDEX", "", "", None, None, 0)
            for code in ("1.10", "1.2", "2")
        ]
    )
    proxy = OverviewProxy(model)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert column(proxy, 1) == ["1.2", "1.10", "2"]
    evidence = ReceivedEvidenceTableModel()
    evidence.set_rows(
        [
            ReceivedEvidence(ref, "a.pdf", "", "", issued, "", "", "", 1, None)
            for ref, issued in (("TL001", "2025-10-02"), ("TL002", "2024-12-31"), ("TL003", "2025-02-01"))
        ]
    )
    by_date = OverviewProxy(evidence)
    by_date.sort(4, Qt.SortOrder.AscendingOrder)  # shown dd/mm/yyyy, sorted as dates
    assert column(by_date, 4) == ["31/12/2024", "01/02/2025", "02/10/2025"]


def test_a_task_not_in_our_plan_says_so_where_its_field_would_be(qapp: Any) -> None:
    def task(code: str, field: str, match: str) -> AgencyTask:
        return AgencyTask(
            agency="UBND xã Hòa An",
            bundle_uuid="u1",
            code=code,
            content="Nhiệm vụ",
            framework="PAR_INDEX",
            field=field,
            status="done",
            percent=100,
            due_date=None,
            evidence=1,
            match=match,
        )

    model = AgencyTaskTableModel()
    model.set_rows(
        [
            task("1.1", "1. Công tác chỉ đạo, điều hành CCHC", ""),
            task("9.9", "", "Nhiệm vụ chưa có trong kế hoạch"),
            task("1.3.1", "", "Trùng mã định danh nhưng khác nội dung"),
        ]
    )
    assert [model.index(r, 4).data() for r in range(3)] == [
        "1. Công tác chỉ đạo, điều hành CCHC",
        "Nhiệm vụ chưa có trong kế hoạch",
        "Trùng mã định danh nhưng khác nội dung",
    ]


def test_the_signature_column_says_who_signed_and_why_it_does_not_hold() -> None:
    from desktop.ui.overview_models import STATE_COLORS

    signed = {"status": "valid", "signer": "Hoàng Văn Bình", "organisation": "UBND xã Hòa An", "reason": ""}
    signed["signed_at"] = "2025-09-20T08:15:00+07:00"
    altered = {**signed, "status": "invalid", "reason": "nội dung đã bị sửa sau khi ký"}
    rows = [
        SubmissionRow(
            "UBND xã Hòa An", "submitted", datetime(2025, 9, 20, tzinfo=UTC), "u1", 10, 9, 4, signature=signed
        ),
        SubmissionRow("UBND xã Tân Tiến", "submitted", datetime(2025, 9, 21, tzinfo=UTC), "u2", 10, 3, 1),
        SubmissionRow(
            "UBND phường Thục Phán", "submitted", datetime(2025, 9, 22, tzinfo=UTC), "u3", 5, 5, 5, signature=altered
        ),
        SubmissionRow("Sở Tư pháp", "missing"),
    ]
    model = SubmissionTableModel()
    model.set_rows(rows)
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Chữ ký số"
    cells = [model.index(i, 7).data() for i in range(4)]
    assert cells == ["Hợp lệ — Hoàng Văn Bình", "Chưa ký", "Không hợp lệ — Hoàng Văn Bình", ""]
    tip = model.index(2, 7).data(Qt.ItemDataRole.ToolTipRole)
    assert "lý do: nội dung đã bị sửa sau khi ký" in tip and "ký lúc 08:15 ngày 20/09/2025" in tip
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) == STATE_COLORS["late"]  # marked
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # unsigned, not required
    model.require_signed = True
    model.set_rows(rows)
    assert model.index(1, 7).data() == "Chưa ký (bắt buộc ký số)"
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) == STATE_COLORS["late"]
    assert model.index(0, 7).data() == "Hợp lệ — Hoàng Văn Bình"
