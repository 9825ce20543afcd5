"""Two writers on one data directory at once (two windows, a window and a script): first-time writes of the
same row never end in an internal error — one creates it, the other updates it, both exit 0."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.test_cli import CCHC, run


def _together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        for c in commands
    ]
    out = []
    for p, c in zip(procs, commands, strict=True):
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(c, p.returncode, stdout, stderr))
    return out


def test_two_first_time_progress_writes_at_once_both_succeed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data).returncode == 0
    assert run("import-sample", data=data).returncode == 0
    codes = ["PAR_INDEX:1.1", "PAR_INDEX:1.2", "PAR_INDEX:1.3.1", "PAR_INDEX:1.4"]
    for round_, code in enumerate(codes):
        base = [CCHC, "--data-dir", str(data), "progress", "set", code, "--period", "2025-Q3"]
        results = _together(
            [*base, "--status", "in_progress", "--percent", str(10 + round_), "--result", "Cửa sổ"],
            [*base, "--status", "done", "--percent", "100", "--result", "Lệnh"],
        )
        for r in results:
            assert r.returncode == 0, r.stderr
            assert "Traceback" not in r.stderr and "nội bộ" not in r.stderr
    tasks = json.loads(run("tasks", "--period", "2025-Q3", "--json", data=data).stdout)
    reported = {f"PAR_INDEX:{t['code']}": t for t in tasks if t["framework"] == "PAR_INDEX"}
    for code in codes:
        assert reported[code]["status"] in ("in_progress", "done")  # one of the two won, whole


def test_two_imports_of_the_same_plan_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=data).returncode == 0
    sample = [CCHC, "--data-dir", str(data), "import-sample"]
    results = _together(sample, sample)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    plans = json.loads(run("plans", "--json", data=data).stdout)
    assert len(plans) == 1 and plans[0]["tasks"] == 124
