"""Reporting periods and progress entries: defaults, carry-over from the previous period, history."""

from __future__ import annotations

from datetime import date

import pytest

from db.store import Store
from desktop.core.audit import history
from desktop.core.errors import UserError
from desktop.core.periods import add_adhoc, current_period, ensure_year, get_period, list_periods, update_dates
from desktop.core.task_progress import (
    ProgressFields,
    meets_target,
    progress_view,
    resolve_task,
    save_progress,
    target_threshold,
)
from desktop.core.tasks import load_task_rows
from tests.conftest import task_id_by_code


def test_default_periods_follow_the_ministry_windows_and_province_due_dates(store: Store) -> None:
    with store.session() as s:
        ensure_year(s, 2025)
        periods = {p.code: p for p in list_periods(s, 2025)}
    assert list(periods) == ["2025-Q1", "2025-H1", "2025-Q3", "2025-Y"]
    q1 = periods["2025-Q1"]
    assert (q1.window_start, q1.window_end, q1.due_date) == (date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 15))
    assert periods["2025-H1"].window_end == date(2025, 6, 14)
    assert periods["2025-Q3"].window_start == date(2025, 6, 15)
    assert periods["2025-Y"].due_date == date(2025, 12, 15)
    assert q1.label == "Quý I năm 2025"


def test_optional_quarters_are_made_on_first_use_and_adhoc_periods_get_a_name(store: Store) -> None:
    with store.session() as s:
        q2 = get_period(s, "2025-q2")
        assert (q2.code, q2.name, q2.due_date) == ("2025-Q2", "Quý II", date(2025, 6, 15))
        adhoc = add_adhoc(s, 2025, "Báo cáo chuyên đề  một cửa", date(2025, 4, 1), date(2025, 4, 30), date(2025, 5, 5))
        assert (adhoc.code, adhoc.name) == ("2025-DX1", "Báo cáo chuyên đề một cửa")
        with pytest.raises(UserError, match="Chưa có kỳ báo cáo «2025-DX7»"):
            get_period(s, "2025-DX7")
        with pytest.raises(UserError, match="không hợp lệ"):
            get_period(s, "2025-Q5")
        with pytest.raises(UserError, match="phải sau"):
            add_adhoc(s, 2025, "X", date(2025, 5, 1), date(2025, 4, 1), date(2025, 5, 5))


def test_a_province_moves_its_due_date_and_the_change_is_audited(store: Store) -> None:
    with store.session() as s:
        row = update_dates(s, "2025-Q1", date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 10))
        assert row.due_date == date(2025, 3, 10)
        entries = history(s, entity="period")
    assert entries[0].changes == {"due_date": ["2025-03-15", "2025-03-10"]}


def test_current_period_is_the_next_one_due(store: Store) -> None:
    with store.session() as s:
        assert current_period(s, date(2025, 4, 2)).code == "2025-H1"
        assert current_period(s, date(2025, 12, 20)).code == "2025-Y"


def test_progress_is_saved_carried_over_and_its_history_kept(sample_store: Store) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q1", ProgressFields("in_progress", 40, "Đã kiểm tra 5/20 xã", "25%"))
    with sample_store.session() as s:
        view = progress_view(s, tid, "2025-H1")  # a new period starts from the previous one
        assert (view.saved, view.carried_from, view.fields.percent) == (False, "2025-Q1", 40)
        save_progress(s, tid, "2025-H1", ProgressFields("in_progress", 70, "Đã kiểm tra 14/20 xã", "70%"))
        save_progress(s, tid, "2025-H1", ProgressFields("done", None, "Đã kiểm tra 20/20 xã", "100%"))
        # saving the same values again writes nothing new
        save_progress(s, tid, "2025-H1", ProgressFields("done", 100, "Đã kiểm tra 20/20 xã", "100%"))
    with sample_store.session() as s:
        view = progress_view(s, tid, "2025-H1")
        assert (view.saved, view.revision, view.fields.status, view.fields.percent) == (True, 2, "done", 100)
        entries = history(s, task_id=tid)
        assert [e.action for e in entries] == ["update", "create", "create"]
        assert entries[0].changes["status"] == ["in_progress", "done"]
        assert entries[0].changes["percent"] == [70, 100]
        assert entries[0].actor == "Nguyễn Văn A"
        period = get_period(s, "2025-H1")
        rows = {r.id: r for r in load_task_rows(s, period_id=period.id)}
    assert (rows[tid].status, rows[tid].percent) == ("done", 100)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (ProgressFields("cannot", 0), "cần ghi rõ lý do"),
        (ProgressFields("in_progress", 140), "từ 0 đến 100"),
        (ProgressFields("done", 60), "phải là 100%"),
        (ProgressFields("finished"), "Trạng thái «finished» không hợp lệ"),
    ],
)
def test_bad_progress_is_refused(sample_store: Store, fields: ProgressFields, message: str) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s, pytest.raises(UserError, match=message):
        save_progress(s, tid, "2025-Q1", fields)


def test_tasks_are_found_by_id_code_or_index_and_code(sample_store: Store) -> None:
    with sample_store.session() as s:
        assert resolve_task(s, "1.3.1").code == "1.3.1"
        assert resolve_task(s, "PAPI:1.1").code == "1.1"
        with pytest.raises(UserError, match="trùng ở 2 nhiệm vụ"):
            resolve_task(s, "1.1")
        with pytest.raises(UserError, match=r"Không tìm thấy nhiệm vụ «9\.9\.9»"):
            resolve_task(s, "9.9.9")


@pytest.mark.parametrize(
    ("target", "measured", "met"),
    [
        ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên", "98,6%", True),
        ("đạt từ 98% trở lên", "97.5 %", False),
        ("100 % số vấn đề được xử lý", "100%", True),
        ("Tiến hành kiểm tra đối với tỷ lệ 20% trở lên", "15%", False),
        ("Ban hành kế hoạch", "98%", None),
        ("đạt từ 98% trở lên", "chưa có số liệu", None),
    ],
)
def test_measured_values_are_checked_against_the_task_target(target: str, measured: str, met: bool | None) -> None:
    assert meets_target(target, measured) is met


def test_threshold_reads_decimal_comma() -> None:
    assert target_threshold("tối thiểu 95,5% hồ sơ") == 95.5
