"""The CLI as a package, called in-process through `main(argv)`: each command group answers, a command that
needs no data directory opens none, exit codes and JSON as documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import build_parser, commands, main
from desktop.cli.base import Exit


def test_every_command_has_its_parser_and_handler_together() -> None:
    names = set(commands())
    assert {"init", "import-plan", "plans", "progress", "evidence", "score", "backup", "restore", "check"} <= names
    assert {"export-bundle", "verify-bundle", "import-bundle", "submissions", "report", "export-plan"} <= names
    help_text = build_parser().format_help()
    assert all(name in help_text for name in names)


def test_verify_bundle_opens_no_data_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "khong-tao"
    code = main(["--data-dir", str(data), "verify-bundle", str(tmp_path / "khong-co.zip")])
    assert code == Exit.BAD_INPUT and not data.exists()
    assert capsys.readouterr().err.startswith("Lỗi: Không tìm thấy gói báo cáo")


def test_in_process_commands_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "init", "--agency", "UBND xã Hòa An", "--level", "xa"]) == Exit.OK
    assert main(["--data-dir", data, "import-sample", "--json"]) == Exit.OK
    imported = json.loads(capsys.readouterr().out.split("\n", 2)[2])  # after init's two lines
    assert imported["tasks"] == 124 and imported["plan_key"].startswith("c-")
    assert main(["--data-dir", data, "plans", "--json"]) == Exit.OK
    [plan] = json.loads(capsys.readouterr().out)
    assert plan["key"] == imported["plan_key"] and plan["tasks"] == 124 and not plan["learned"]
    assert main(["--data-dir", data, "progress", "set", "PAR_INDEX:1.1", "--period", "2025-Q9"]) == Exit.BAD_INPUT
    assert "Lỗi:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", data, "khong-co-lenh"])
    assert exited.value.code == Exit.BAD_INPUT
