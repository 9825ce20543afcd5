"""One plan everywhere: keys from what a plan is, appendices joining one plan, amendments as versions."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.enums import PlanOrigin
from db.models import AuditEntry, Plan, PlanVersion, Task
from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.errors import UserError
from desktop.core.plan_identity import fingerprint, identify_plan, normal_number, task_keys
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.sample import write_tables
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from tests.conftest import db_snapshot
from tests.fixtures.workbooks import amended, numbered, renumbered, seed002_tables


def _import(store: Store, tables: list[dict[str, object]], path: Path) -> ImportResult:
    parsed = parse_grid(read_workbook(write_tables(tables, path)))  # type: ignore[arg-type]
    with store.session() as s:
        return commit_plan(s, parsed)


def _uuids(store: Store) -> dict[tuple[str, str], str]:
    with store.session() as s:
        return {(r.framework, r.code): r.uuid for r in load_task_rows(s)}


def _agency(root: Path, name: str) -> Store:
    store = open_workspace(root)
    with store.session() as s:
        set_my_agency(s, name, "xa", "")
    return store


def test_numbers_and_issuers_are_normalised() -> None:
    assert normal_number("2163 /KH - UBND") == normal_number("2163/KH-UBND") == "2163/KH-UBND"
    assert normal_number("Số: 12/QĐ–UBND") == "12/QD-UBND"
    fps = [fingerprint("Ban hành kế hoạch")]
    a = identify_plan("2163/KH-UBND", "UBND tỉnh Cao Bằng", "x", date(2025, 7, 12), 2025, fps)
    b = identify_plan("2163 /KH - UBND", "Ủy ban nhân dân tỉnh Cao Bằng", "y", date(2025, 7, 12), 2025, fps)
    nfd = unicodedata.normalize("NFD", "Uỷ ban nhân dân TỈNH CAO BẰNG")
    c = identify_plan("2163/kh-ubnd", nfd, "z", None, 2025, fps)
    assert a.key == b.key == c.key and a.uuid == b.uuid
    other = identify_plan("2163/KH-UBND", "UBND tỉnh Tuyên Quang", "x", date(2025, 7, 12), 2025, fps)
    assert other.key != a.key  # same number, another issuer: another plan


def test_fingerprints_ignore_case_spacing_and_unicode_form() -> None:
    text = "Sửa đổi, bổ sung Kế hoạch  và báo cáo"
    assert fingerprint(text) == fingerprint(unicodedata.normalize("NFD", text.upper())) == fingerprint(text + " .")
    assert fingerprint(text) != fingerprint("Ban hành quy chế")
    assert task_keys([("PAPI", "1.1", "a"), ("PAPI", "1.1", "b"), ("PAPI", "", "c")]) == [
        "PAPI|1.1",
        "PAPI|1.1#2",
        "PAPI|~c",
    ]


def test_two_data_directories_importing_the_same_file_agree(tmp_path: Path) -> None:
    so = _agency(tmp_path / "so", "Sở Nội vụ")
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    tables = numbered(seed002_tables())
    first, second = _import(so, tables, tmp_path / "a.xlsx"), _import(xa, tables, tmp_path / "b.xlsx")
    assert first.plan_key == second.plan_key and first.plan_key.startswith("n-")
    assert _uuids(so) == _uuids(xa) and len(_uuids(so)) == first.tasks


def test_appendices_imported_one_by_one_make_one_plan(commune_store: Store, tmp_path: Path) -> None:
    tables = numbered(seed002_tables())
    results = [_import(commune_store, [t], tmp_path / f"pl{n}.xlsx") for n, t in enumerate(tables)]
    assert results[0].merged_into is None and results[1].merged_into == results[0].plan_key
    assert not any(r.new_version for r in results) and results[2].diff is not None
    assert results[2].diff.new_appendices == ["SIPAS"]
    with commune_store.session() as s:
        plans = list(s.scalars(select(Plan)))
        assert len(plans) == 1 and plans[0].version == 1
    whole = _agency(tmp_path / "whole", "UBND xã Hòa An")
    _import(whole, tables, tmp_path / "all.xlsx")
    assert _uuids(whole) == _uuids(commune_store)  # one file or three: the same identities


def test_an_amendment_is_a_new_version_keeping_progress(commune_store: Store, tmp_path: Path) -> None:
    original = numbered(seed002_tables())
    _import(commune_store, original, tmp_path / "v1.xlsx")
    with commune_store.session() as s:
        rows = {r.code: r for r in load_task_rows(s, plan_id=None) if r.framework == "PAR_INDEX"}
        save_progress(s, rows["1.3.2"].id, "2025-Q3", ProgressFields("in_progress", 50, "đang làm"))
        save_progress(s, rows["1.7"].id, "2025-Q3", ProgressFields("done", 100, "xong"))
    before = _uuids(commune_store)
    amendment = numbered(amended(original), "210/KH-UBND", "02/10/2025", amends="145/KH-UBND")
    result = _import(commune_store, amendment, tmp_path / "v2.xlsx")
    assert result.new_version and result.version == 2 and result.diff is not None
    diff = result.diff.as_json()
    assert [a["code"] for a in diff["added"]] == ["1.8"]  # type: ignore[index]
    assert [r["code"] for r in diff["removed"]] == ["1.7"]  # type: ignore[index]
    changed = {c["code"]: set(c["fields"]) for c in diff["changed"]}  # type: ignore[index,union-attr]
    assert changed == {"1.3.2": {"content"}, "1.4": {"lead"}, "1.6": {"deadline_text"}}
    after = _uuids(commune_store)
    assert after[("PAR_INDEX", "1.3.2")] == before[("PAR_INDEX", "1.3.2")]  # the same task, reworded
    with commune_store.session() as s:
        plans = list(s.scalars(select(Plan)))
        assert len(plans) == 1 and plans[0].version == 2
        versions = [(v.version, v.number) for v in s.scalars(select(PlanVersion).order_by(PlanVersion.version))]
        assert versions == [(1, "145/KH-UBND"), (2, "210/KH-UBND")]
        reworded = s.scalars(select(Task).where(Task.uuid == before[("PAR_INDEX", "1.3.2")])).one()
        assert "sửa đổi" in reworded.content and len(reworded.past_fingerprints) == 2
        dropped = s.scalars(select(Task).where(Task.uuid == before[("PAR_INDEX", "1.7")])).one()
        assert dropped.removed_in == 2  # kept, read-only, with its progress
        assert ("PAR_INDEX", "1.7") not in after  # not in the lists of work
        history = [a.summary for a in s.scalars(select(AuditEntry).where(AuditEntry.task_id == dropped.id))]
        assert any("bỏ nhiệm vụ" in h for h in history)
        view = {r.code: r for r in load_task_rows(s, period_id=_period_id(s)) if r.framework == "PAR_INDEX"}
        assert view["1.3.2"].percent == 50
        with pytest.raises(UserError, match="đã bị bỏ trong phiên bản 2"):
            save_progress(s, dropped.id, "2025-Q3", ProgressFields("done", 100, "x"))
    again = _import(commune_store, amendment, tmp_path / "v2-lai.xlsx")
    assert again.duplicate and again.version == 2  # the same amendment twice: nothing more


def _period_id(s: object) -> int:
    from desktop.core.periods import get_period

    return get_period(s, "2025-Q3").id  # type: ignore[arg-type]


def test_an_amendment_that_renumbers_every_task_keeps_them(commune_store: Store, tmp_path: Path) -> None:
    original = numbered(seed002_tables())
    _import(commune_store, original, tmp_path / "v1.xlsx")
    before = {u for (fw, _c), u in _uuids(commune_store).items() if fw == "PAPI"}
    result = _import(
        commune_store, numbered(renumbered(original), "211/KH-UBND", amends="145/KH-UBND"), tmp_path / "r.xlsx"
    )
    assert result.new_version and result.diff is not None
    assert not result.diff.added and not result.diff.removed
    assert all(set(c.fields) == {"code"} for c in result.diff.changed)
    assert {u for (fw, _c), u in _uuids(commune_store).items() if fw == "PAPI"} == before


def test_same_number_from_another_province_is_another_plan(commune_store: Store, tmp_path: Path) -> None:
    tables = seed002_tables()
    _import(commune_store, numbered(tables[:1]), tmp_path / "tq.xlsx")
    other = _import(commune_store, numbered(tables[1:2], issuer="UBND tỉnh Cao Bằng"), tmp_path / "cb.xlsx")
    assert other.merged_into is None
    with commune_store.session() as s:
        assert len(list(s.scalars(select(Plan)))) == 2


def test_package_after_excel_merges_without_doubling(tmp_path: Path) -> None:
    so = _agency(tmp_path / "so", "Sở Nội vụ")
    tables = numbered(seed002_tables())
    _import(so, tables, tmp_path / "so.xlsx")
    with so.session() as s:
        package = export_plan(s, s.scalars(select(Plan.id)).one(), tmp_path / "goi")
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    _import(xa, tables, tmp_path / "xa.xlsx")
    before = db_snapshot(xa.db_path)
    with xa.session() as s:
        result = import_plan_package(s, package)
    assert result.duplicate and result.merged_into
    after = db_snapshot(xa.db_path)
    assert after["task"] == before["task"] and after["plan"] == before["plan"]  # nothing doubled, nothing lost
    # And the reverse: the package first, then the Excel file.
    xa2 = _agency(tmp_path / "xa2", "UBND xã Tân Tiến")
    with xa2.session() as s:
        first = import_plan_package(s, package)
    assert first.plan_key and _import(xa2, tables, tmp_path / "xa2.xlsx").duplicate
    with xa2.session() as s:
        assert s.scalars(select(Plan.origin)).one() == PlanOrigin.PACKAGE
