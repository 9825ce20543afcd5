"""Self-scoring: limits, decimal comma, evidence or explanation, totals against max and target."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.scoring import resolve_framework, score_sheet, set_score
from desktop.core.targets import load_sample_targets
from tests.conftest import task_id_by_code
from tests.unit.test_evidence import make_file


def test_scores_total_per_field_against_max_and_target(sample_store: Store, tmp_path: Path) -> None:
    crit_task = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    add_evidence_file(sample_store, make_file(tmp_path / "kt.pdf"), EvidenceMeta(), task_ids=[crit_task])
    with sample_store.session() as s:
        assert load_sample_targets(s) == 16
        fw = resolve_framework(s, "PAR_INDEX", 2025)
        set_score(s, fw, "1.3.1", "0,75")  # evidence via the task linked to 1.3.1
        set_score(s, fw, "1.1", "1.5", explanation="Kế hoạch đăng trên cổng, chưa lưu bản giấy")
        rows = {r.code: r for r in score_sheet(s, fw)}
    assert rows["1.3.1"].score == 0.75 and rows["1.3.1"].evidence_count == 1
    assert rows["1.3"].score == 0.75 and not rows["1.3"].is_leaf
    assert rows["1"].score == 2.25 and rows["1"].max_score == 9.5
    assert (rows["1"].previous_score, rows["1"].previous_rank, rows["1"].target_score) == (9.2779, "39/63", 9.4)
    assert rows["1.1"].unproven and not rows["1.1"].needs_explanation
    assert rows["2"].score is None


@pytest.mark.parametrize(
    ("code", "value", "explain", "message"),
    [
        ("1.1", "abc", "x", "không phải số"),
        ("1.1", "-1", "x", "không được âm"),
        ("1.1", "1,2.3", "x", "không phải số"),
        ("1.3", "1", "x", "gồm các tiêu chí thành phần"),
        ("9.9", "1", "x", "Không có tiêu chí «9.9»"),
        ("1.1", "10", "x", "vượt điểm tối đa 9,5"),
        ("1.1", "1", "", "chưa có tài liệu kiểm chứng"),
    ],
)
def test_bad_scores_are_refused(sample_store: Store, code: str, value: str, explain: str, message: str) -> None:
    with sample_store.session() as s:
        fw = resolve_framework(s, "PAR_INDEX", 2025)
        with pytest.raises(UserError, match=message):
            set_score(s, fw, code, value, explain)


def test_the_sum_of_sub_criteria_may_not_pass_the_field_max(sample_store: Store) -> None:
    with sample_store.session() as s:
        fw = resolve_framework(s, "PAR_INDEX", 2025)
        set_score(s, fw, "1.1", "5", "giải trình")
        set_score(s, fw, "1.2", "4", "giải trình")
        with pytest.raises(UserError, match="vượt điểm tối đa 9,5"):
            set_score(s, fw, "1.4", "1", "giải trình")
        set_score(s, fw, "1.1", "5,5", "giải trình")  # re-scoring replaces, it does not add
        rows = {r.code: r for r in score_sheet(s, fw)}
    assert rows["1"].score == 9.5


def test_papi_dimensions_are_leaves(sample_store: Store) -> None:
    with sample_store.session() as s:
        fw = resolve_framework(s, "papi", 2025)
        set_score(s, fw, "1", "5,64", "Số liệu khảo sát")
        assert {r.code: r.score for r in score_sheet(s, fw)}["1"] == 5.64
