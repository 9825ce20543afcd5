"""The ranking model, without widgets: ranks, totals with a decimal comma, the change from last year, agencies
that have not sent greyed; the score model shows survey criteria and measured values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.bands import parse_bands
from desktop.core.province_index.ranking import NOT_SENT, RankingRow
from desktop.core.scoring import ScoreRow
from desktop.ui.ranking_model import Col, RankingTableModel
from desktop.ui.score_model import COL_SCORE, ScoreTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


def ranked(agency: str, final: float | None, rank: int | None, previous: float | None = None) -> RankingRow:
    return RankingRow(
        agency=agency,
        agency_key=agency.lower(),
        self_total=None if final is None else final - 20,
        appraised_total=None if final is None else final - 21,
        survey_total=None if final is None else 21.0,
        final_total=final,
        rank=rank,
        classification="Khá" if final is not None else NOT_SENT,
        previous_total=previous,
    )


def test_ranks_totals_and_changes() -> None:
    model = RankingTableModel()
    model.set_rows(
        [
            ranked("UBND xã Tân Trào", 82.5, 1, previous=80.0),
            ranked("UBND xã Sơn Dương", 82.5, 1, previous=84.25),
            ranked("UBND xã Hùng Lợi", None, None),
        ]
    )
    assert [model.index(i, Col.RANK).data() for i in range(3)] == ["1", "1", ""]
    assert model.index(0, Col.FINAL).data() == "82,5" and model.index(0, Col.APPRAISED).data() == "61,5"
    assert model.index(0, Col.CHANGE).data() == "+2,5" and model.index(1, Col.CHANGE).data() == "-1,75"
    assert model.index(2, Col.CLASS).data() == NOT_SENT and model.index(2, Col.FINAL).data() == ""
    assert model.index(2, Col.AGENCY).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, Col.AGENCY).data(Qt.ItemDataRole.ForegroundRole) is None
    assert [r.agency for r in model.ranked()] == ["UBND xã Tân Trào", "UBND xã Sơn Dương"]
    assert model.headerData(Col.FINAL, Qt.Orientation.Horizontal) == "Tổng điểm"
    assert "điều tra" in model.headerData(Col.FINAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_the_score_model_shows_survey_criteria_and_measured_values() -> None:
    bands = tuple(parse_bands("100%: 4; từ 95% đến dưới 100%: 3; dưới 95%: 0") or ())
    rows = [
        ScoreRow(1, "3.2", "Tỷ lệ hồ sơ đúng hạn", 1, True, 4.0, 3.0, "", 1, bands=bands, measured="96%"),
        ScoreRow(2, "8.1", "SIPAS", 1, True, 10.0, None, "", 0, survey=True),
    ]
    model = ScoreTableModel()
    model.set_rows(rows)
    assert model.index(0, COL_SCORE).data() == "3 (96%)" and model.index(1, COL_SCORE).data() == "Điều tra XHH"
    assert not rows[1].self_scored and rows[0].self_scored
