"""Which report a page prints: light, so the main window can name it before the database layer is loaded."""

from __future__ import annotations

from enum import StrEnum


class PrintKind(StrEnum):
    REPORT = "report"  # the agency's own báo cáo
    CONSOLIDATED = "consolidated"  # the focal point's báo cáo tổng hợp


TITLES = {PrintKind.REPORT: "Báo cáo", PrintKind.CONSOLIDATED: "Báo cáo tổng hợp"}
