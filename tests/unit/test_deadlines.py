from datetime import date

import pytest

from desktop.core.deadlines import infer_year, parse_deadline, quarter_end
from tests.fixtures.workbooks import seed_deadline_strings

# (text as written in the seeds, kind, due date, recurring, milestones)
SEED_CASES = [
    ("- Kế hoạch (trước ngày 15/7/2025)", "date", date(2025, 7, 15), False, [date(2025, 7, 15)]),
    ("Trước ngày 15  của tháng cuối cùng kỳ báo cáo", "period", None, True, []),
    ("Quý III và Quý IV", "quarter", date(2025, 12, 31), False, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("Quý IV", "quarter", date(2025, 12, 31), False, [date(2025, 12, 31)]),
    ("Năm 2025", "year", date(2025, 12, 31), False, [date(2025, 12, 31)]),
    ("Năm 2025 (tùy thời gian yêu cầu của nhiệm vụ)", "year", date(2025, 12, 31), False, [date(2025, 12, 31)]),
    ("Thường xuyên", "recurring", None, True, []),
    ("Trước, trong và sau bầu cử", "event", None, False, []),
    ("Thường xuyên và theo Kế hoạch", "recurring", None, True, []),
    ("Thường xuyên;\nquý III và năm", "quarter", date(2025, 12, 31), True, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("Quý III và năm", "quarter", date(2025, 12, 31), False, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("-Thường xuyên\n-Quý III và năm", "quarter", date(2025, 12, 31), True, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("- Thường xuyên\n- Quý III và năm", "quarter", date(2025, 12, 31), True, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("-Thường xuyên;\n- Quý III và năm", "quarter", date(2025, 12, 31), True, [date(2025, 9, 30), date(2025, 12, 31)]),
    ("Năm 2024", "year", date(2024, 12, 31), False, [date(2024, 12, 31)]),
    # From the plans' own text (reporting rules, implementing-plan deadlines).
    ("trước ngày 20/7/2025", "date", date(2025, 7, 20), False, [date(2025, 7, 20)]),
    ("trước ngày 30/12", "date", date(2025, 12, 30), False, [date(2025, 12, 30)]),
    ("trước ngày 15 thuộc kỳ báo cáo", "period", None, True, []),
]


def test_every_seed_deadline_string_is_a_case() -> None:
    covered = {c[0] for c in SEED_CASES}
    missing = [s for s in seed_deadline_strings() if s not in covered]
    assert missing == []


@pytest.mark.parametrize(("text", "kind", "due", "recurring", "milestones"), SEED_CASES)
def test_seed_deadlines(text: str, kind: str, due: date | None, recurring: bool, milestones: list[date]) -> None:
    d = parse_deadline(text, plan_year=2025)
    assert d.text == text.strip()
    assert d.kind == kind
    assert d.due_date == due
    assert d.recurring is recurring
    assert list(d.milestones) == milestones


def test_quarter_without_a_year_is_never_guessed() -> None:
    d = parse_deadline("Quý III và Quý IV", plan_year=None)
    assert d.kind == "quarter"
    assert d.due_date is None
    assert d.needs_year
    assert parse_deadline("trước ngày 30/12", None).due_date is None


def test_due_date_of_quarter_or_year_is_its_last_day() -> None:
    assert [quarter_end(2025, q) for q in (1, 2, 3, 4)] == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    assert parse_deadline("Quý I", 2024).due_date == date(2024, 3, 31)
    assert parse_deadline("Quý 2", 2025).due_date == date(2025, 6, 30)
    assert parse_deadline("6 tháng đầu năm", 2025).due_date == date(2025, 6, 30)


def test_explicit_year_in_quarter_wins_over_plan_year() -> None:
    assert parse_deadline("Quý III/2026", plan_year=2025).due_date == date(2026, 9, 30)


def test_impossible_dates_and_nonsense_stay_unknown() -> None:
    assert parse_deadline("31/2/2025", 2025).kind == "unknown"
    assert parse_deadline("khi có yêu cầu của cấp trên", 2025).kind == "unknown"
    assert parse_deadline("", 2025).kind == "none"
    assert parse_deadline(None, 2025).kind == "none"


def test_decomposed_text_is_understood() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Quý III và năm")
    d = parse_deadline(nfd, 2025)
    assert d.kind == "quarter"
    assert d.text == "Quý III và năm"  # kept as written, in NFC


def test_infer_year_prefers_the_most_frequent_then_the_later() -> None:
    assert infer_year(["KẾ HOẠCH năm 2025", "Năm 2025", "so với năm 2024"]) == 2025
    assert infer_year(["năm 2024 và năm 2025"]) == 2025
    assert infer_year(["Kế hoạch cải thiện chỉ số"]) is None


def _d(y: int, m: int, d: int) -> date:
    return date(y, m, d)


# The phrases plans really use (issue «plans as they really arrive»): (text, kind, due, recurring, milestones).
PHRASE_CASES = [
    ("Quý III, IV/2025", "quarter", _d(2025, 12, 31), False, [_d(2025, 9, 30), _d(2025, 12, 31)]),
    ("Quý II-III/2025", "quarter", _d(2025, 9, 30), False, [_d(2025, 6, 30), _d(2025, 9, 30)]),
    ("Quý I, II/2026", "quarter", _d(2026, 6, 30), False, [_d(2026, 3, 31), _d(2026, 6, 30)]),
    ("Quý I, II năm 2026", "quarter", _d(2026, 6, 30), False, [_d(2026, 3, 31), _d(2026, 6, 30)]),
    ("Quý II – III", "quarter", _d(2025, 9, 30), False, [_d(2025, 6, 30), _d(2025, 9, 30)]),
    ("Định kỳ 6 tháng", "quarter", _d(2025, 12, 31), True, [_d(2025, 6, 30), _d(2025, 12, 31)]),
    ("6 tháng, năm", "quarter", _d(2025, 12, 31), False, [_d(2025, 6, 30), _d(2025, 12, 31)]),
    ("10/2025", "date", _d(2025, 10, 31), False, [_d(2025, 10, 31)]),
    ("Tháng 10/2025", "date", _d(2025, 10, 31), False, [_d(2025, 10, 31)]),
    ("Trong tháng 9/2025", "date", _d(2025, 9, 30), False, [_d(2025, 9, 30)]),
    ("Tháng 6 và tháng 12", "date", _d(2025, 12, 31), False, [_d(2025, 6, 30), _d(2025, 12, 31)]),
    (
        "Hằng tháng",
        "recurring",
        _d(2025, 12, 31),
        True,
        [_d(2025, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 13)],
    ),
    (
        "Hàng tháng",
        "recurring",
        _d(2025, 12, 31),
        True,
        [_d(2025, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 13)],
    ),
    ("Hằng tuần", "recurring", None, True, []),
    (
        "Hằng quý",
        "recurring",
        _d(2025, 12, 31),
        True,
        [_d(2025, 3, 31), _d(2025, 6, 30), _d(2025, 9, 30), _d(2025, 12, 31)],
    ),
    (
        "Trước ngày 15 của tháng cuối quý",
        "recurring",
        _d(2025, 12, 15),
        True,
        [_d(2025, 3, 15), _d(2025, 6, 15), _d(2025, 9, 15), _d(2025, 12, 15)],
    ),
    ("Năm 2025 và các năm tiếp theo", "year", _d(2025, 12, 31), True, [_d(2025, 12, 31)]),
    ("Quý 4/2025", "quarter", _d(2025, 12, 31), False, [_d(2025, 12, 31)]),
]


@pytest.mark.parametrize(("text", "kind", "due", "recurring", "milestones"), PHRASE_CASES)
def test_deadline_phrases(text: str, kind: str, due: date | None, recurring: bool, milestones: list[date]) -> None:
    d = parse_deadline(text, plan_year=2025)
    assert (d.kind, d.due_date, d.recurring, list(d.milestones)) == (kind, due, recurring, milestones)
    assert d.text == text


def test_phrases_not_understood_keep_their_text_and_no_date() -> None:
    for text in ("Theo tiến độ của Trung ương", "Khi có văn bản hướng dẫn", "Tháng 13/2025", "Quý V/2025"):
        d = parse_deadline(text, 2025)
        assert d.kind == "unknown", text
        assert d.due_date is None and d.milestones == ()
        assert d.text == text


def test_recurring_phrases_without_a_year_stay_undated() -> None:
    d = parse_deadline("Hằng tháng", None)
    assert d.kind == "recurring" and d.due_date is None and d.recurring
    assert parse_deadline("Định kỳ 6 tháng", None).due_date is None
