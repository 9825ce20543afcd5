"""The focal point's loop end to end, headless, on Cao Bằng: the province's plan (seed 000's assignments, as the
appendix an office types) at the Sở and at one commune, each importing the file itself; the Sở expects all 56
communes and wards, one reports, the reminder names the rest, the appraisal goes back and the commune sees it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from desktop.core.admin_units import find_province
from tests.cli.test_cli_progress import ok
from tests.fixtures.cao_bang import write_cao_bang_plan

COMMUNE = "UBND xã Hòa An"  # a commune of Cao Bằng since 1/7/2025


def test_cao_bang_end_to_end(tmp_path: Path) -> None:
    plan = write_cao_bang_plan(tmp_path / "phu-luc-01.xlsx")
    so, commune, usb = tmp_path / "so", tmp_path / "xa", tmp_path / "usb"
    usb.mkdir()
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    assert json.loads(ok("import-plan", str(plan), "--json", data=so))["tasks"] == 7
    ok("init", "--agency", COMMUNE, "--level", "xa", data=commune)
    ok("import-plan", str(plan), data=commune)  # the commune got the same file by e-mail
    mine = {t["code"] for t in json.loads(ok("tasks", "--mine", "--json", data=commune))}
    assert {"1", "2", "4", "7"} <= mine  # «UBND các xã, phường» means this commune
    ok(
        "progress",
        "set",
        "1",
        "--period",
        "2025-Y",
        "--status",
        "done",
        "--result",
        "Đã ban hành kế hoạch",
        data=commune,
    )
    made = json.loads(ok("export-bundle", "--period", "2025-Y", "--out", str(usb), "--zip", "--json", data=commune))
    ok("import-bundle", made["paths"][0], data=so)

    rows = {r["agency"]: r for r in json.loads(ok("submissions", "--period", "2025-Y", "--json", data=so))}
    units = [u.agency_name for u in find_province("Cao Bằng").units]
    assert len(units) == 56 and set(units) <= set(rows)
    assert rows[COMMUNE]["state"] in ("submitted", "late") and rows[COMMUNE]["done"] == 1
    assert sum(rows[u]["state"] == "missing" for u in units) == 55
    assert rows["Sở Tư pháp"]["state"] == "missing" and rows["Sở Tư pháp"]["group"] == "Sở, ban, ngành tỉnh"

    reminder = json.loads(ok("remind", "--period", "2025-Y", "--out", str(tmp_path / "don-doc.pdf"), "--json", data=so))
    assert COMMUNE not in reminder["missing"] and set(units) - {COMMUNE} <= set(reminder["missing"])
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "don-doc.pdf"), "-"], capture_output=True, text=True).stdout
        assert "UBND xã Yên Thổ" in text and COMMUNE not in text

    who = ("--agency", COMMUNE, "--period", "2025-Y")
    ok("appraisal", "set", "1", "--task", *who, "--comment", "Gửi kèm kế hoạch đã ban hành", data=so)
    package = json.loads(ok("appraisal", "export", *who, "--out", str(usb), "--json", data=so))["path"]
    ok("appraisal", "import", package, data=commune)
    shown = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--json", data=commune))
    (item,) = shown["items"]
    assert (item["kind"], item["code"], item["status"]) == ("task", "1", "done")
    assert item["comment"] == "Gửi kèm kế hoạch đã ban hành"
