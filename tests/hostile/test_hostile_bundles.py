"""Every hostile bundle, received for real by a focal point: refused with the problem named, the database and
the data directory byte-for-byte as before, and nothing written outside them — in the core and through the
real `cchc import-bundle` (exit 2)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.receive import import_bundle
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from tests.cli.test_cli import run
from tests.conftest import db_snapshot
from tests.fixtures.workbooks import write_seed002
from tests.hostile.bundles import HOSTILE, rezip


@dataclass(frozen=True)
class World:
    focal: Path  # a focal point's data directory, closed, with the plan the commune's bundle reports on
    bundle: Path  # the commune's clean bundle zip, with evidence


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("hostile-bundles")
    focal = open_workspace(root / "so-noi-vu")
    with focal.session() as s:
        set_my_agency(s, "Sở Nội vụ", "so")
        commit_plan(s, parse_grid(read_workbook(write_seed002(root / "seed002.xlsx"))))
        package = export_plan(s, load_task_rows(s)[0].plan_id, root / "goi-ke-hoach")
    focal.close()
    commune = open_workspace(root / "xa")
    with commune.session() as s:
        set_my_agency(s, "UBND xã Tân Tiến", "xa")
        import_plan_package(s, package)
        task = next(r for r in load_task_rows(s, mine=True) if r.code == "1.3.1" and r.framework == "PAR_INDEX")
        save_progress(s, task.id, "2025-Q3", ProgressFields("done", 100, "Đã kiểm tra"))
    scan = root / "Biên bản kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 " + b"k" * 4000)
    add_evidence_file(commune, scan, EvidenceMeta(number="7/BB-UBND"), task_ids=[task.id])
    made = export_bundle(commune, "2025-Q3", root / "usb", date(2025, 10, 1), no_progress, CancelToken(), as_zip=True)
    commune.close()
    return World(root / "so-noi-vu", made.path)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def focal_dir(world: World, tmp_path: Path) -> Path:
    return Path(shutil.copytree(world.focal, tmp_path / "so-noi-vu"))


def _truncate(clean: Path, dest: Path) -> Path:
    dest.write_bytes(clean.read_bytes()[: clean.stat().st_size * 2 // 3])
    return dest


CASES: list[tuple[str, Callable[[Path, Path], Path]]] = [
    *[(case, lambda clean, dest, change=change: rezip(clean, dest, change)) for case, change, _w in HOSTILE],
    ("truncated-zip", _truncate),
]


@pytest.mark.parametrize(("case", "make"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_bundle_is_refused_and_nothing_is_written(
    world: World, focal_dir: Path, tmp_path: Path, case: str, make: Callable[[Path, Path], Path]
) -> None:
    (tmp_path / "usb").mkdir()
    bad = make(world.bundle, tmp_path / "usb" / f"{case}.zip")
    before_db, before_files = db_snapshot(focal_dir / "cchc.sqlite3"), _tree(tmp_path)
    store = open_workspace(focal_dir)
    try:
        outcome = import_bundle(store, bad)
        assert outcome.status == "rejected" and outcome.reason, outcome
    except UserError as exc:  # a file that is not a zip at all is refused before there is an outcome
        assert "không phải tệp zip hợp lệ" in str(exc)
    finally:
        store.close()
    assert db_snapshot(focal_dir / "cchc.sqlite3") == before_db
    after = _tree(tmp_path)
    assert not [p for p in after if p not in before_files and not p.startswith("so-noi-vu/backups")], after.keys()
    assert not list(tmp_path.parent.rglob("ngoai.txt")) and not Path("/etc/cchc.txt").exists()


def test_the_cli_refuses_every_hostile_bundle_and_still_takes_the_clean_one(
    world: World, focal_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    bad = [make(world.bundle, usb / f"{case}.zip") for case, make in CASES]
    before = db_snapshot(focal_dir / "cchc.sqlite3")
    proc = run("import-bundle", *map(str, bad), "--json", data=focal_dir)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    outcomes = json.loads(proc.stdout)
    assert [o["status"] for o in outcomes] == ["rejected"] * len(CASES)
    assert all(o["reason"] for o in outcomes)
    assert db_snapshot(focal_dir / "cchc.sqlite3") == before
    assert not (focal_dir / "inbox").exists() or not list((focal_dir / "inbox").iterdir())
    good = json.loads(run("import-bundle", str(world.bundle), "--json", data=focal_dir).stdout)
    assert good[0]["status"] == "accepted"  # the same focal point, untouched by all that
