"""One plan everywhere, through the real `cchc`, each office in its own data directory: however each side got
the plan (the xlsx, a LibreOffice re-save, the .cchcplan, nothing at all), the commune's bundle is accepted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.core.sample import write_tables
from tests.cli.test_cli import run
from tests.fixtures.workbooks import amended, numbered, seed002_tables
from tests.office import SOFFICE, libreoffice_resave


def ok(*args: str, data: Path) -> str:
    proc = run(*args, data=data)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def js(*args: str, data: Path) -> Any:
    return json.loads(ok(*args, "--json", data=data))


def office(root: Path, name: str, level: str) -> Path:
    data = root / name
    ok("init", "--agency", name, "--level", level, data=data)
    return data


def report(commune: Path, out: Path, codes: dict[str, int]) -> Path:
    for code, percent in codes.items():
        status = "done" if percent == 100 else "in_progress"
        ok(
            "progress",
            "set",
            f"PAR_INDEX:{code}",
            "--period",
            "2025-Q3",
            "--status",
            status,
            "--percent",
            str(percent),
            "--result",
            "Đã thực hiện",
            data=commune,
        )
    made = js("export-bundle", "--period", "2025-Q3", "--out", str(out), "--zip", data=commune)
    return Path(made["paths"][0])


def receive(so: Path, bundle: Path) -> dict[str, Any]:
    [outcome] = js("import-bundle", str(bundle), data=so)
    return outcome  # type: ignore[no-any-return]


def submitted(so: Path, agency: str) -> dict[str, Any]:
    rows = {r["agency"]: r for r in js("submissions", "--period", "2025-Q3", data=so)}
    return rows[agency]  # type: ignore[no-any-return]


@pytest.fixture
def plan_xlsx(tmp_path: Path) -> Path:
    return write_tables(numbered(seed002_tables()), tmp_path / "145-KH-UBND-phu-luc.xlsx")


def test_each_side_imports_the_same_xlsx(plan_xlsx: Path, tmp_path: Path) -> None:
    so, xa = office(tmp_path, "Sở Nội vụ", "so"), office(tmp_path, "UBND xã Hòa An", "xa")
    a, b = js("import-plan", str(plan_xlsx), data=so), js("import-plan", str(plan_xlsx), data=xa)
    assert a["plan_key"] == b["plan_key"] and a["merged_into"] is None
    [plan_so], [plan_xa] = js("plans", data=so), js("plans", data=xa)
    assert plan_so["key"] == plan_xa["key"] and plan_so["version"] == 1 and not plan_so["learned"]
    outcome = receive(so, report(xa, tmp_path / "usb", {"1.3.1": 100}))
    assert outcome["status"] == "accepted" and outcome["unmatched_tasks"] == 0, outcome
    row = submitted(so, "UBND xã Hòa An")
    assert row["state"] in ("submitted", "late") and row["done"] == 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_commune_imports_a_libreoffice_resave(plan_xlsx: Path, tmp_path: Path) -> None:
    so, xa = office(tmp_path, "Sở Nội vụ", "so"), office(tmp_path, "UBND xã Hòa An", "xa")
    ok("import-plan", str(plan_xlsx), data=so)
    resaved = libreoffice_resave(plan_xlsx, tmp_path)
    assert js("import-plan", str(resaved), data=xa)["plan_key"] == js("plans", data=so)[0]["key"]
    outcome = receive(so, report(xa, tmp_path / "usb", {"1.3.1": 100, "1.1": 50}))
    assert outcome["status"] == "accepted" and outcome["unmatched_tasks"] == 0, outcome
    assert submitted(so, "UBND xã Hòa An")["done"] == 1


def test_the_commune_imports_the_package_or_the_sample(plan_xlsx: Path, tmp_path: Path) -> None:
    so = office(tmp_path, "Sở Nội vụ", "so")
    ok("import-plan", str(plan_xlsx), data=so)
    package = tmp_path / "ke-hoach.cchcplan"
    ok("export-plan", "--out", str(package), data=so)
    xa = office(tmp_path, "UBND xã Hòa An", "xa")
    ok("import-plan-package", str(package), data=xa)
    assert receive(so, report(xa, tmp_path / "usb", {"1.3.1": 100}))["unmatched_tasks"] == 0
    # A Sở that opened the sample, a commune that imported the same appendix from the e-mail.
    so2, xa2 = office(tmp_path, "Sở Nội vụ Tuyên Quang", "so"), office(tmp_path, "UBND xã Tân Tiến", "xa")
    ok("import-sample", data=so2)
    ok("import-plan", str(write_tables(seed002_tables(), tmp_path / "phu-luc.xlsx")), data=xa2)
    outcome = receive(so2, report(xa2, tmp_path / "usb2", {"1.3.1": 100}))
    assert outcome["status"] == "accepted" and outcome["unmatched_tasks"] == 0, outcome


def test_a_so_that_never_imported_the_plan_receives_and_sees(plan_xlsx: Path, tmp_path: Path) -> None:
    so, xa = office(tmp_path, "Sở Nội vụ", "so"), office(tmp_path, "UBND xã Hòa An", "xa")
    ok("import-plan", str(plan_xlsx), data=xa)
    outcome = receive(so, report(xa, tmp_path / "usb", {"1.3.1": 100}))
    assert outcome["status"] == "accepted" and outcome["learned_plan"], outcome
    [plan] = js("plans", data=so)
    assert plan["learned"] and plan["number"] == "145/KH-UBND"
    assert "biết qua gói báo cáo" in ok("plans", data=so)
    assert submitted(so, "UBND xã Hòa An")["done"] == 1
    merged = js("import-plan", str(plan_xlsx), data=so)  # the real plan arrives later
    assert merged["merged_into"] == plan["key"] and not merged["new_version"]
    [after] = js("plans", data=so)
    assert not after["learned"] and after["tasks"] == merged["tasks"]


def test_appendices_imported_separately_are_one_plan(tmp_path: Path) -> None:
    xa = office(tmp_path, "UBND xã Hòa An", "xa")
    keys = []
    for n, table in enumerate(numbered(seed002_tables()), start=1):
        keys.append(js("import-plan", str(write_tables([table], tmp_path / f"PL0{n}.xlsx")), data=xa))
    assert keys[1]["merged_into"] == keys[0]["plan_key"] == keys[2]["merged_into"]
    assert keys[2]["diff"]["new_appendices"] == ["SIPAS"]
    [plan] = js("plans", data=xa)
    assert plan["tasks"] == keys[2]["tasks"] == 124


def test_an_amended_plan_is_a_new_version_and_old_bundles_still_land(plan_xlsx: Path, tmp_path: Path) -> None:
    so, xa = office(tmp_path, "Sở Nội vụ", "so"), office(tmp_path, "UBND xã Hòa An", "xa")
    ok("import-plan", str(plan_xlsx), data=so)
    ok("import-plan", str(plan_xlsx), data=xa)
    old_bundle = report(xa, tmp_path / "usb1", {"1.6": 60, "1.7": 100})
    amendment = numbered(amended(numbered(seed002_tables())), "210/KH-UBND", "02/10/2025", amends="145/KH-UBND")
    v2 = write_tables(amendment, tmp_path / "210-KH-UBND-sua-doi.xlsx")
    preview = js("import-plan", str(v2), "--dry-run", data=xa)
    assert preview["new_version"] and preview["version"] == 2 and preview["dry_run"]
    assert [a["code"] for a in preview["diff"]["added"]] == ["1.8"]
    assert [r["code"] for r in preview["diff"]["removed"]] == ["1.7"]
    assert js("plans", data=xa)[0]["version"] == 1  # a dry run writes nothing
    assert "Phiên bản 2" in ok("import-plan", str(v2), data=xa)
    tasks = {t["code"]: t for t in js("tasks", "--period", "2025-Q3", data=xa) if t["framework"] == "PAR_INDEX"}
    assert tasks["1.6"]["percent"] == 60 and tasks["1.6"]["due_date"] == "2025-11-30" and "1.7" not in tasks
    refused = run("progress", "set", "PAR_INDEX:1.7", "--period", "2025-Q3", "--status", "done", data=xa)
    assert refused.returncode == 2 and "đã bị bỏ trong phiên bản 2" in refused.stderr, refused.stderr

    ok("import-plan", str(v2), data=so)
    assert receive(so, old_bundle)["unmatched_tasks"] == 0  # made against version 1, received at version 2
    new_bundle = report(xa, tmp_path / "usb2", {"1.8": 100})
    outcome = receive(so, new_bundle)
    assert outcome["status"] == "superseded" and outcome["unmatched_tasks"] == 0, outcome
