"""Appraisal headless, in two data directories: the Sở appraises a ward's report, the package travels back, the
ward sees appraised scores and comments beside its own; hostile packages are refused in one sentence."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.cli.test_cli_progress import ok
from tests.conftest import db_snapshot

WARD = "UBND phường Thục Phán"


@pytest.fixture
def exchange(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The Sở (Cao Bằng) has received the ward's year report with two self-scored criteria."""
    so, ward, usb = tmp_path / "so", tmp_path / "phuong", tmp_path / "usb"
    usb.mkdir()
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    ok("import-sample", data=so)
    ok("init", "--agency", WARD, "--level", "xa", data=ward)
    ok("import-sample", data=ward)
    ok("progress", "set", "1.3.1", "--period", "2025-Y", "--status", "done", data=ward)
    ok("score", "set", "1.3.1", "0,5", "--explain", "Đã ban hành kế hoạch", data=ward)
    ok("score", "set", "1.1", "1", "--explain", "Đăng trên cổng thông tin", data=ward)
    made = json.loads(ok("export-bundle", "--period", "2025-Y", "--out", str(usb), "--zip", "--json", data=ward))
    ok("import-bundle", made["paths"][0], data=so)
    return so, ward, usb


def appraise(so: Path, usb: Path, score: str, comment: str) -> Path:
    who = ("--agency", WARD, "--period", "2025-Y")
    ok("appraisal", "set", "1.3.1", *who, "--score", score, "--comment", comment, "--evidence", "rejected", data=so)
    ok("appraisal", "set", "1.3.1", "--task", *who, "--comment", "Bổ sung biên bản kiểm tra", data=so)
    ok("appraisal", "set", *who, "--general", "Báo cáo đúng hạn, cần bổ sung tài liệu kiểm chứng", data=so)
    return Path(json.loads(ok("appraisal", "export", *who, "--out", str(usb), "--json", data=so))["path"])


def test_an_appraisal_travels_back_and_the_ward_sees_it(exchange: tuple[Path, Path, Path]) -> None:
    so, ward, usb = exchange
    sheet = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--agency", WARD, "--json", data=so))
    criteria = {i["code"]: i for i in sheet["items"] if i["kind"] == "criterion"}
    assert criteria["1.3.1"]["self_score"] == 0.5 and criteria["1.1"]["self_score"] == 1.0
    package = appraise(so, usb, "0,25", "Thiếu biên bản kiểm tra")
    assert package.suffix == ".cchcappraisal"

    got = json.loads(ok("appraisal", "import", str(package), "--json", data=ward))
    assert got == {"outcome": "accepted", "period": "2025-Y", "issuer": "Sở Nội vụ tỉnh Cao Bằng"}
    shown = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--json", data=ward))
    item = next(i for i in shown["items"] if i["kind"] == "criterion" and i["code"] == "1.3.1")
    assert item["self_score"] == 0.5 and item["score"] == 0.25 and item["comment"] == "Thiếu biên bản kiểm tra"
    assert item["evidence"] == "rejected"
    task = next(i for i in shown["items"] if i["kind"] == "task")
    assert task["code"] == "1.3.1" and task["status"] == "done" and task["comment"] == "Bổ sung biên bản kiểm tra"
    assert shown["general_comment"].startswith("Báo cáo đúng hạn") and shown["total"]["score"] == 0.25

    # the same package again changes nothing; a newer appraisal supersedes and the older is kept as history
    before = db_snapshot(ward / "cchc.sqlite3")
    again = json.loads(ok("appraisal", "import", str(package), "--json", data=ward))
    assert again["outcome"] == "duplicate" and db_snapshot(ward / "cchc.sqlite3") == before
    newer = appraise(so, usb, "0,5", "Đã đủ sau khi bổ sung")
    assert json.loads(ok("appraisal", "import", str(newer), "--json", data=ward))["outcome"] == "accepted"
    shown = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--json", data=ward))
    assert shown["history"] == 1 and shown["total"]["score"] == 0.5
    text = ok("appraisal", "show", "--period", "2025-Y", data=ward)
    assert "Tiêu chí 1.3.1: tự chấm 0,5, thẩm định 0,5 — Đã đủ sau khi bổ sung" in text

    # the ward answers a comment; its next bundle carries the answer, which the Sở sees beside its comment
    ok("appraisal", "answer", "1.3.1", "--task", "--period", "2025-Y", "--text", "Đã bổ sung biên bản", data=ward)
    again_made = json.loads(
        ok("export-bundle", "--period", "2025-Y", "--out", str(usb / "lan-2"), "--zip", "--json", data=ward)
    )
    ok("import-bundle", again_made["paths"][0], data=so)
    sheet = json.loads(ok("appraisal", "show", "--period", "2025-Y", "--agency", WARD, "--json", data=so))
    task_row = next(i for i in sheet["items"] if i["kind"] == "task" and i["code"] == "1.3.1")
    assert task_row["answer"] == "Đã bổ sung biên bản" and task_row["comment"] == "Bổ sung biên bản kiểm tra"
    proc = run("appraisal", "answer", "9.9", "--period", "2025-Y", "--text", "x", data=ward)
    assert proc.returncode == 2 and "không có nhận xét" in proc.stderr


def _rewrite(package: Path, target: Path, change: dict[str, object], part: str = "manifest.json") -> Path:
    with zipfile.ZipFile(package) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    data = json.loads(files[part])
    data.update(change)
    files[part] = json.dumps(data, ensure_ascii=False).encode("utf-8")
    with zipfile.ZipFile(target, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return target


def test_hostile_appraisal_packages_are_refused_in_one_sentence(
    exchange: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    so, ward, usb = exchange
    package = appraise(so, usb, "0,25", "Thiếu biên bản")
    other = tmp_path / "khac"
    ok("init", "--agency", "UBND xã Hòa An", "--level", "xa", data=other)
    tampered = tmp_path / "sua.cchcappraisal"
    with zipfile.ZipFile(package) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["appraisal.json"] = files["appraisal.json"].replace(b"0.25", b"0.5")
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    extra = tmp_path / "them.cchcappraisal"
    with zipfile.ZipFile(extra, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
        zf.writestr("../../virus.exe", b"MZ")
    junk = tmp_path / "rac.cchcappraisal"
    junk.write_bytes(b"not a zip at all")
    cases = [
        (ward, _rewrite(package, tmp_path / "tuong-lai.cchcappraisal", {"format_version": 99}), "phiên bản mới hơn"),
        (ward, _rewrite(package, tmp_path / "ky-sai.cchcappraisal", {"period": {"code": "2025-Q9"}}), "không hợp lệ"),
        (ward, tampered, "mã băm không khớp"),
        (ward, extra, "bị từ chối"),
        (ward, junk, "không phải gói thẩm định"),
        (ward, tmp_path / "khong-co.cchcappraisal", "Không tìm thấy"),
        (other, package, f"dành cho «{WARD}»"),
    ]
    for data, path, words in cases:
        before = db_snapshot(data / "cchc.sqlite3")
        proc = run("appraisal", "import", str(path), data=data)
        assert proc.returncode == 2 and words in proc.stderr and proc.stderr.startswith("Lỗi: "), (
            path.name,
            proc.stderr,
        )
        assert "Traceback" not in proc.stderr and db_snapshot(data / "cchc.sqlite3") == before


def test_the_focal_point_cannot_appraise_what_it_did_not_receive(exchange: tuple[Path, Path, Path]) -> None:
    so, _ward, usb = exchange
    for args, words in (
        (
            ("appraisal", "set", "1.3.1", "--agency", "UBND xã Yên Thổ", "--period", "2025-Y", "--score", "1"),
            "Chưa nhận báo cáo",
        ),
        (
            ("appraisal", "set", "9.9.9", "--agency", WARD, "--period", "2025-Y", "--score", "1"),
            "không có tiêu chí «9.9.9»",
        ),
        (("appraisal", "set", "1.3.1", "--agency", WARD, "--period", "2025-Y", "--score", "nhiều"), "phải là số"),
        (("appraisal", "set", "1.3.1", "--agency", WARD, "--period", "2025-Y", "--score", "-1"), "không hợp lệ"),
        (("appraisal", "export", "--agency", WARD, "--period", "2025-Y", "--out", str(usb)), "Chưa thẩm định mục nào"),
        (("appraisal", "set", "--agency", WARD, "--period", "2025-Y"), "Hãy cho mã tiêu chí"),
    ):
        proc = run(*args, data=so)
        assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
