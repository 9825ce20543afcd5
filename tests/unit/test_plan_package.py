"""Plan packages: a focal point sends a plan down; a commune imports it; its bundle names the same tasks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from db.models import Plan
from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.errors import UserError
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from tests.conftest import db_snapshot
from tests.fixtures.workbooks import write_seed002


def plan_id_of(store: Store) -> int:
    with store.session() as s:
        return load_task_rows(s)[0].plan_id


@pytest.fixture
def package(sample_store: Store, tmp_path: Path) -> Path:
    with sample_store.session() as s:
        return export_plan(s, plan_id_of(sample_store), tmp_path / "ke-hoach-cchc-2025")


@pytest.fixture
def commune(tmp_path: Path) -> Store:
    store = open_workspace(tmp_path / "xa-tan-tien")
    with store.session() as s:
        set_my_agency(s, "UBND xã Tân Tiến", "xa", "Nguyễn Văn C")
    return store


def test_the_package_keeps_every_identity_and_the_bundle_maps_back(
    sample_store: Store, package: Path, commune: Store, tmp_path: Path
) -> None:
    assert package.name == "ke-hoach-cchc-2025.cchcplan"
    with sample_store.session() as s:
        sent = {r.uuid: (r.code, r.framework, r.content) for r in load_task_rows(s)}
    with commune.session() as s:
        result = import_plan_package(s, package)
    assert result.tasks == len(sent) and not result.duplicate
    with commune.session() as s:
        got = {r.uuid: (r.code, r.framework, r.content) for r in load_task_rows(s)}
        mine = load_task_rows(s, mine=True)
    assert got == sent  # same UUIDs, same tasks, same index links
    assert mine  # the commune's own assignments were resolved against its own agency names
    # the commune reports; every task in its bundle is one the focal point knows
    task = next(r for r in mine if r.code == "1.3.1" and r.framework == "PAR_INDEX")
    with commune.session() as s:
        save_progress(s, task.id, "2025-Q3", ProgressFields("done", 100, "Xong"))
    made = export_bundle(commune, "2025-Q3", tmp_path / "usb", date(2025, 10, 1), no_progress, CancelToken())
    manifest = json.loads((made.path / "manifest.json").read_text("utf-8"))
    assert {t["uuid"] for t in manifest["data"]["tasks"]} <= set(sent)
    with sample_store.session() as s:
        plan = s.get(Plan, plan_id_of(sample_store))
        assert plan is not None and manifest["data"]["plan_uuids"] == [plan.uuid]


def test_importing_the_same_package_again_changes_nothing(package: Path, commune: Store) -> None:
    with commune.session() as s:
        import_plan_package(s, package)
    before = db_snapshot(commune.db_path)
    with commune.session() as s:
        again = import_plan_package(s, package)
    assert again.duplicate and db_snapshot(commune.db_path) == before


def test_the_focal_points_own_package_is_a_no_op_at_home(sample_store: Store, package: Path) -> None:
    before = db_snapshot(sample_store.db_path)
    with sample_store.session() as s:
        assert import_plan_package(s, package).duplicate
    assert db_snapshot(sample_store.db_path) == before


def test_a_plan_already_imported_from_excel_is_not_doubled(package: Path, commune: Store, tmp_path: Path) -> None:
    with commune.session() as s:
        commit_plan(s, parse_grid(read_workbook(write_seed002(tmp_path / "seed002.xlsx"))))
    before = db_snapshot(commune.db_path)
    with commune.session() as s:
        result = import_plan_package(s, package)
    assert result.merged_into is not None and not result.new_version
    after = db_snapshot(commune.db_path)
    assert after["task"] == before["task"] and after["assignment"] == before["assignment"]


def _edit(package: Path, change: object) -> Path:
    data = json.loads(package.read_text("utf-8"))
    change(data)  # type: ignore[operator]
    bad = package.with_name("sua.cchcplan")
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return bad


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format_version=9), "phiên bản ứng dụng mới hơn"),
        (lambda d: d.update(format="khac"), "không phải gói kế hoạch"),
        (lambda d: d["tasks"][0].update(uuid="khong-phai-uuid"), "bị hỏng hoặc đã bị sửa"),
        (lambda d: d["tasks"][1].update(uuid=d["tasks"][0]["uuid"]), "bị hỏng hoặc đã bị sửa"),
        (lambda d: d["tasks"][0].update(sheet="Không có"), "bị hỏng hoặc đã bị sửa"),
        (lambda d: d["plan"].pop("uuid"), "bị hỏng hoặc đã bị sửa"),
        (lambda d: d["tasks"][0].update(content={"x": 1}), "bị hỏng hoặc đã bị sửa"),
    ],
)
def test_damaged_packages_are_refused_with_nothing_written(
    package: Path, commune: Store, change: object, message: str
) -> None:
    bad = _edit(package, change)
    before = db_snapshot(commune.db_path)
    with pytest.raises(UserError, match=message), commune.session() as s:
        import_plan_package(s, bad)
    assert db_snapshot(commune.db_path) == before


def test_not_json_is_refused(commune: Store, tmp_path: Path) -> None:
    junk = tmp_path / "x.cchcplan"
    junk.write_bytes(b"\xff\xfe rac")
    with pytest.raises(UserError, match="không đọc được"), commune.session() as s:
        import_plan_package(s, junk)
