"""Receiving never fails for identity reasons: whichever way each side got the plan, a bundle lands and its tasks
are matched, learned or shown as unknown — each side in its own data directory."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.enums import PlanOrigin
from db.models import Plan, Task
from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.overview import overview
from desktop.core.bundle.receive import import_bundle
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan
from desktop.core.progress import CancelToken, no_progress
from desktop.core.sample import SAMPLE_ISSUER, SAMPLE_TITLE, write_tables
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from tests.fixtures.workbooks import amended, numbered, seed002_tables

FROZEN = Path(__file__).resolve().parents[1] / "data" / "bundle-0003-tan-tien-2025-Q3.zip"


def _agency(root: Path, name: str, level: str = "xa") -> Store:
    store = open_workspace(root)
    with store.session() as s:
        set_my_agency(s, name, level, "")
    return store


def _import(store: Store, tables: list[dict[str, Any]], path: Path, sample: bool = False) -> ImportResult:
    parsed = parse_grid(read_workbook(write_tables(tables, path)))
    if sample:  # what «Mở kế hoạch mẫu» / cchc import-sample says the plan is
        parsed.meta.title, parsed.meta.issuer = SAMPLE_TITLE, SAMPLE_ISSUER
    with store.session() as s:
        return commit_plan(s, parsed)


def _report(commune: Store, out: Path, done: dict[str, int]) -> Path:
    with commune.session() as s:
        rows = {r.code: r for r in load_task_rows(s, mine=True) if r.framework == "PAR_INDEX"}
        for code, percent in done.items():
            status = "done" if percent == 100 else "in_progress"
            save_progress(s, rows[code].id, "2025-Q3", ProgressFields(status, percent, "kết quả"))
    return export_bundle(commune, "2025-Q3", out, date(2025, 10, 1), no_progress, CancelToken(), as_zip=True).path


def _rewrite(bundle: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The bundle with its manifest edited (files and their hashes untouched)."""
    out = bundle.with_name("sua-" + bundle.name)
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            payload = zin.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(payload)
                change(manifest)
                manifest["bundle_uuid"] = "11111111-2222-4333-8444-555555555555"
                payload = json.dumps(manifest, ensure_ascii=False).encode()
            zout.writestr(info, payload)
    return out


def _agency_tasks(focal: Store, agency: str) -> dict[str, Any]:
    with focal.session() as s:
        view = overview(s, focal.data_dir, "2025-Q3", date(2025, 10, 5))
    return {t.code: t for t in view.tasks if t.agency == agency and t.framework == "PAR_INDEX"}


def test_each_side_imports_the_excel_itself(tmp_path: Path) -> None:
    tables = seed002_tables()
    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    _import(so, tables, tmp_path / "so.xlsx", sample=True)  # the Sở opened the sample
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    _import(xa, tables, tmp_path / "phu-luc.xlsx")  # the commune the same appendix as an attachment
    outcome = import_bundle(so, _report(xa, tmp_path / "usb", {"1.3.1": 100, "1.1": 60}))
    assert outcome.status == "accepted" and outcome.unmatched_tasks == 0 and outcome.conflicts == 0
    seen = _agency_tasks(so, "UBND xã Hòa An")
    assert seen["1.3.1"].done and seen["1.1"].percent == 60 and seen["1.1"].field.startswith("1.")
    assert not any(t.match for t in seen.values())


def test_a_bundle_of_the_previous_release_is_received(tmp_path: Path) -> None:
    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    _import(so, seed002_tables(), tmp_path / "so.xlsx", sample=True)
    outcome = import_bundle(so, FROZEN)
    assert outcome.status == "accepted" and outcome.agency == "UBND xã Tân Tiến" and outcome.unmatched_tasks == 0
    seen = _agency_tasks(so, "UBND xã Tân Tiến")
    assert seen["1.3.1"].done and seen["1.3.1"].evidence == 1 and seen["2.1.1"].percent == 40


def test_a_focal_point_without_the_plan_learns_it_then_the_real_plan_merges(tmp_path: Path) -> None:
    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    tables = numbered(seed002_tables())
    _import(xa, tables, tmp_path / "xa.xlsx")
    outcome = import_bundle(so, _report(xa, tmp_path / "usb", {"1.3.1": 100}))
    assert outcome.status == "accepted" and outcome.learned_plan and "chưa được nhập" in outcome.describe()
    with so.session() as s:
        learned = s.scalars(select(Plan)).one()
        assert learned.origin == PlanOrigin.LEARNED and learned.number == "145/KH-UBND"
        learned_tasks = len(list(s.scalars(select(Task.id).where(Task.plan_id == learned.id))))
    assert _agency_tasks(so, "UBND xã Hòa An")["1.3.1"].done
    assert import_bundle(so, FROZEN).status == "accepted"  # another plan copy: learned too, never refused

    result = _import(so, tables, tmp_path / "so.xlsx")  # the real plan arrives: it fills in the learned one
    assert result.merged_into == learned.key and not result.new_version
    with so.session() as s:
        plan = s.get(Plan, learned.id)
        assert plan is not None and plan.origin == PlanOrigin.IMPORTED
        assert len(list(s.scalars(select(Task.id).where(Task.plan_id == plan.id)))) == result.tasks
        assert result.tasks > learned_tasks
    seen = _agency_tasks(so, "UBND xã Hòa An")
    assert seen["1.3.1"].done and seen["1.3.1"].field.startswith("1.")  # now joined to the real plan


def test_half_known_and_forged_tasks_are_shown_not_merged(tmp_path: Path) -> None:
    tables = numbered(seed002_tables())
    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    _import(so, tables, tmp_path / "so.xlsx")
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    _import(xa, tables, tmp_path / "xa.xlsx")
    bundle = _report(xa, tmp_path / "usb", {"1.3.1": 100, "1.1": 50})

    def edit(m: dict[str, Any]) -> None:
        tasks = m["data"]["tasks"]
        extra = dict(tasks[0], uuid="9d7e6b2a-1c3f-4e5d-8a9b-0c1d2e3f4a5b", code="9.9", key="PAR_INDEX|9.9")
        extra.update(content="Nhiệm vụ xã tự thêm", fingerprint="")
        forged = next(t for t in tasks if t["code"] == "1.3.1")
        forged.update(content="Nội dung khác hẳn", fingerprint="")
        tasks.append(extra)

    outcome = import_bundle(so, _rewrite(bundle, edit))
    assert outcome.status == "accepted" and outcome.unmatched_tasks == 2 and outcome.conflicts == 1
    assert not outcome.learned_plan and "chưa có trong kế hoạch" in outcome.describe()
    with so.session() as s:
        assert len(list(s.scalars(select(Plan)))) == 1  # the half-known plan is not learned again
        rows = {(r.code, r.framework): r for r in load_task_rows(s)}
        assert "Nội dung khác hẳn" not in rows[("1.3.1", "PAR_INDEX")].content
    with so.session() as s:
        view = overview(s, so.data_dir, "2025-Q3", date(2025, 10, 5))
    labels = {t.code: t.match for t in view.tasks}
    assert labels["9.9"] == "Nhiệm vụ chưa có trong kế hoạch"
    assert labels["1.3.1"] == "Trùng mã định danh nhưng khác nội dung"
    assert labels["1.1"] == ""


def test_bundles_made_against_an_older_version_are_still_mapped(tmp_path: Path) -> None:
    original = numbered(seed002_tables())
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    _import(xa, original, tmp_path / "xa.xlsx")
    old_bundle = _report(xa, tmp_path / "usb", {"1.4": 50, "1.6": 100, "1.7": 100})
    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    _import(so, original, tmp_path / "v1.xlsx")
    amendment = numbered(amended(original), "210/KH-UBND", "02/10/2025", amends="145/KH-UBND")
    assert _import(so, amendment, tmp_path / "v2.xlsx").new_version
    outcome = import_bundle(so, old_bundle)
    assert outcome.status == "accepted" and outcome.unmatched_tasks == 0 and outcome.conflicts == 0
    seen = _agency_tasks(so, "UBND xã Hòa An")
    # Reassigned, re-dated and dropped (kept as history) in version 2: each still the same task.
    assert seen["1.4"].percent == 50 and seen["1.6"].done and seen["1.7"].done
    assert seen["1.6"].due_date == date(2025, 11, 30)


def test_a_plan_learned_from_parts_is_learned_once_in_a_many_bundle_receipt(tmp_path: Path) -> None:
    """The first bundle comes in parts (taken in on its own) and teaches the plan; the zips after it in the same
    receipt find that plan instead of learning it again."""
    from desktop.core.bundle.receive import import_bundles
    from tests.fixtures.bundle_copies import sent_by_many

    so = _agency(tmp_path / "so", "Sở Nội vụ", "so")
    xa = _agency(tmp_path / "xa", "UBND xã Hòa An")
    _import(xa, numbered(seed002_tables()), tmp_path / "xa.xlsx")
    _report(xa, tmp_path / "mau", {"1.3.1": 100})
    parts = export_bundle(
        xa, "2025-Q3", tmp_path / "mail", date(2025, 10, 1), no_progress, CancelToken(), split_mb=1
    ).paths
    model = next((tmp_path / "mau").glob("*.zip"))
    zips = sent_by_many(model, ((tmp_path / "usb" / f"xa-{k}.zip", f"UBND xã Số {k}") for k in range(3)))
    outcomes = import_bundles(so, [parts[0], *zips])
    assert [o.status for o in outcomes] == ["accepted"] * 4 and all(o.learned_plan for o in outcomes)
    with so.session() as s:
        [learned] = s.scalars(select(Plan)).all()  # learned once, not once more for each bundle after the parts
        tasks = len(s.scalars(select(Task.id).where(Task.plan_id == learned.id)).all())
    assert tasks == outcomes[0].unmatched_tasks == outcomes[-1].unmatched_tasks
