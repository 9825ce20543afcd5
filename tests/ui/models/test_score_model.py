"""The self-scoring model, without widgets: indentation, flags, totals against the target."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.scoring import ScoreRow
from desktop.ui.score_model import COL_EVIDENCE, COL_NAME, COL_SCORE, COL_TARGET, FLAG_BRUSH, ScoreTableModel


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Models need a Qt application object; no widget is created here."""


def row(code: str, depth: int, leaf: bool, score: float | None, evidence: int, explanation: str = "") -> ScoreRow:
    return ScoreRow(
        criterion_id=len(code),
        code=code,
        name=f"Tiêu chí {code}",
        depth=depth,
        is_leaf=leaf,
        max_score=2.0 if depth == 0 else 1.0,
        score=score,
        explanation=explanation,
        evidence_count=evidence,
        target_score=1.8 if depth == 0 else None,
    )


def test_rows_flags_and_totals() -> None:
    model = ScoreTableModel()
    model.set_rows([row("1", 0, False, 1.5, 1), row("1.1", 1, True, 1.0, 0), row("1.2", 1, True, 0.5, 1)])
    assert model.index(1, COL_NAME).data() == "    Tiêu chí 1.1"
    assert model.index(1, COL_EVIDENCE).data() == "⚠ chưa có"
    assert model.index(1, COL_SCORE).data(Qt.ItemDataRole.ForegroundRole) == FLAG_BRUSH  # no evidence, no reason
    assert model.index(2, COL_SCORE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, COL_TARGET).data() == "≥ 1,8"
    assert model.index(0, COL_SCORE).data(Qt.ItemDataRole.BackgroundRole) is not None  # below its target
    assert model.total() == (1.5, 2.0, 1.8)


def test_an_explained_score_is_not_flagged() -> None:
    model = ScoreTableModel()
    model.set_rows([row("1.1", 1, True, 1.0, 0, "Đăng trên cổng thông tin")])
    assert model.index(0, COL_SCORE).data(Qt.ItemDataRole.ForegroundRole) != FLAG_BRUSH
    assert model.index(0, 5).data() == "Đăng trên cổng thông tin"
