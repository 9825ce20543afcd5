"""The reporting cycle headless: progress, evidence, scores, backup/restore and check through the real `cchc`."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import db_snapshot


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made once through the real CLI; each test gets its own copy (the commands are what is tested)."""
    data = tmp_path_factory.mktemp("cli-sample") / "data"
    assert run("init", "--agency", "UBND xã Hòa An", "--level", "xa", "--focal", "Lê Thị B", data=data).returncode == 0
    proc = run("import-sample", data=data)
    assert proc.returncode == 0, proc.stderr
    return data


@pytest.fixture
def sample(sample_template: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(sample_template, data, ignore=shutil.ignore_patterns("*.log"))
    return data


def ok(*args: str, data: Path) -> str:
    proc = run(*args, data=data)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def refused(*args: str, data: Path, message: str) -> None:
    before = db_snapshot(data / "cchc.sqlite3")
    proc = run(*args, data=data)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("Lỗi")
    assert db_snapshot(data / "cchc.sqlite3") == before


def test_a_period_of_work_headless(sample: Path, tmp_path: Path) -> None:
    ok(
        "progress",
        "set",
        "1.3.1",
        "--period",
        "2025-Q1",
        "--status",
        "in_progress",
        "--percent",
        "40",
        "--result",
        "Đã kiểm tra 8/20 xã",
        data=sample,
    )
    shown = json.loads(ok("progress", "show", "1.3.1", "--period", "2025-H1", "--json", data=sample))
    assert (shown["carried_from"], shown["percent"], shown["result"]) == ("2025-Q1", 40, "Đã kiểm tra 8/20 xã")
    ok("progress", "set", "1.3.1", "--period", "2025-H1", "--status", "done", data=sample)

    scan = tmp_path / "usb" / "Báo cáo kiểm tra.pdf"
    scan.parent.mkdir()
    scan.write_bytes(b"%PDF-1.4 scanned" * 1000)
    added = json.loads(
        ok(
            "evidence",
            "add",
            str(scan),
            "--task",
            "1.3.1",
            "--criterion",
            "1.3.2",
            "--number",
            "12/BC-UBND",
            "--issued",
            "2025-03-10",
            "--issuer",
            "UBND xã Hòa An",
            "--summary",
            "Báo cáo kiểm tra CCHC",
            "--json",
            data=sample,
        )
    )
    assert added["sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert added["deduplicated"] is False and isinstance(added["id"], int)
    again = json.loads(ok("evidence", "add", str(scan), "--task", "PAR_INDEX:1.7", "--json", data=sample))
    assert again["deduplicated"] is True and again["id"] == added["id"]
    listed = json.loads(ok("evidence", "list", "--json", data=sample))
    assert len(listed) == 1 and listed[0]["number"] == "12/BC-UBND" and listed[0]["doc_type"] == "BC"
    assert len(listed[0]["links"]) == 3

    tasks = {
        (t["framework"], t["code"]): t for t in json.loads(ok("tasks", "--period", "2025-H1", "--json", data=sample))
    }
    t = tasks[("PAR_INDEX", "1.3.1")]
    assert (t["status"], t["percent"], t["evidence_count"]) == ("done", 100, 1)
    q1 = {(t["framework"], t["code"]): t for t in json.loads(ok("tasks", "--period", "2025-Q1", "--json", data=sample))}
    assert (q1[("PAR_INDEX", "1.3.1")]["status"], q1[("PAR_INDEX", "1.3.1")]["percent"]) == ("in_progress", 40)
    assert tasks[("PAR_INDEX", "2.2")]["status"] == "not_started"

    assert "0,75" in ok("score", "set", "1.3.2", "0,75", data=sample)
    ok("score", "set", "1.1", "1.5", "--explain", "Kế hoạch đã ban hành, bản giấy chưa số hoá", data=sample)
    sheet = {r["code"]: r for r in json.loads(ok("score", "list", "--json", data=sample))}
    assert sheet["1"]["score"] == 2.25 and sheet["1"]["target_score"] == 9.4

    check = json.loads(ok("check", "--hashes", "--json", data=sample))
    assert check["ok"] is True and check["missing_files"] == []


def test_backup_then_restore(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.sqlite3"
    ok("backup", "--out", str(out), data=sample)
    ok("progress", "set", "1.3.1", "--period", "2025-Q1", "--status", "in_progress", data=sample)
    assert "khôi phục" in ok("restore", str(out), data=sample)
    shown = json.loads(ok("progress", "show", "1.3.1", "--period", "2025-Q1", "--json", data=sample))
    assert shown["saved"] is False
    assert list((sample / "backups").glob("truoc-khoi-phuc-*.sqlite3"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("progress", "set", "1.1", "--period", "2025-Q1", "--status", "done"), "trùng ở 2 nhiệm vụ"),
        (("progress", "set", "9.9.9", "--period", "2025-Q1", "--status", "done"), "Không tìm thấy nhiệm vụ"),
        (("progress", "set", "1.3.1", "--period", "2025-Q9", "--status", "done"), "không hợp lệ"),
        (("progress", "set", "1.3.1", "--period", "2025-DX3", "--status", "done"), "Chưa có kỳ báo cáo"),
        (("progress", "set", "1.3.1", "--period", "2025-Q1", "--status", "cannot"), "cần ghi rõ lý do"),
        (
            ("progress", "set", "1.3.1", "--period", "2025-Q1", "--status", "in_progress", "--percent", "101"),
            "từ 0 đến 100",
        ),
        (("progress", "set", "1.3.1", "--period", "2025-Q1", "--status", "finished"), "lựa chọn không hợp lệ"),
        (("evidence", "add", "/no/such/file.pdf"), "Không tìm thấy tệp"),
        (("evidence", "add", "/"), "là thư mục"),
        (("evidence", "add", __file__, "--task", "9.9.9"), "Không tìm thấy nhiệm vụ"),
        (("evidence", "add", __file__, "--criterion", "PAPI:42"), "Không có tiêu chí «42»"),
        (("evidence", "add", __file__, "--issued", "10/13/2025"), "không hợp lệ"),
        (("evidence", "delete", "999"), "Không tìm thấy tài liệu"),
        (("score", "set", "1.1", "mười"), "không phải số"),
        (("score", "set", "1.1", "12"), "vượt điểm tối đa"),
        (("score", "set", "1.1", "1"), "chưa có tài liệu kiểm chứng"),
        (("score", "set", "1.1", "1", "--year", "2019", "--explain", "x"), "Chưa có bộ chỉ số"),
        (("restore", __file__), "không phải tệp sao lưu"),
        (("tasks", "--period", "quý 1"), "không hợp lệ"),
        (("periods", "--set", "2025-Q1", "--end", "2024-01-01"), "phải sau ngày bắt đầu"),
        (("periods", "--set", "2025-DX4", "--due", "2025-05-01"), "Chưa có kỳ báo cáo"),
        (("periods", "--set", "2025-Q1", "--due", "15/13/2025"), "không hợp lệ"),
        (("periods", "--add", "Chuyên đề", "--start", "2025-04-01"), "cần đủ --start, --end và --due"),
        (("periods", "--add", "  ", "--start", "2025-04-01", "--end", "2025-04-30", "--due", "2025-05-05"), "đặt tên"),
        (("periods", "--due", "2025-05-05"), "chỉ dùng cùng --set hoặc --add"),
    ],
)
def test_bad_input_exits_2_with_one_vietnamese_line_and_changes_nothing(
    sample: Path, args: tuple[str, ...], message: str
) -> None:
    refused(*args, data=sample, message=message)


def test_a_province_sets_its_own_due_date_and_adds_an_adhoc_period(sample: Path) -> None:
    ok("periods", "--set", "2025-Q1", "--due", "2025-03-10", data=sample)
    made = json.loads(
        ok(
            "periods",
            "--add",
            "Báo cáo chuyên đề một cửa",
            "--start",
            "2025-04-01",
            "--end",
            "2025-04-30",
            "--due",
            "2025-05-05",
            "--json",
            data=sample,
        )
    )
    assert made["code"] == "2025-DX1"
    listed = {p["code"]: p for p in json.loads(ok("periods", "--year", "2025", "--json", data=sample))}
    assert listed["2025-Q1"]["due_date"] == "2025-03-10" and listed["2025-Q1"]["window_start"] == "2024-12-15"
    assert listed["2025-DX1"]["name"] == "Báo cáo chuyên đề một cửa"
    ok("progress", "set", "1.3.1", "--period", "2025-DX1", "--status", "in_progress", "--percent", "30", data=sample)


def test_linked_evidence_is_not_deleted_and_cleanup_is_explicit(sample: Path, tmp_path: Path) -> None:
    f = tmp_path / "anh.jpg"
    f.write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    added = json.loads(ok("evidence", "add", str(f), "--task", "1.3.1", "--json", data=sample))
    refused("evidence", "delete", str(added["id"]), data=sample, message="bỏ gắn")
    stored = sample / "evidence" / added["sha256"][:2] / added["sha256"]
    assert stored.exists()
    (sample / "evidence" / "ab").mkdir(exist_ok=True)
    orphan = sample / "evidence" / "ab" / ("ab" + "0" * 62)
    orphan.write_bytes(b"left by a power cut")
    report = ok("check", data=sample)
    assert "1 tệp trong kho không thuộc tài liệu nào" in report
    assert "Chạy lại với --yes" in ok("evidence", "cleanup", data=sample)
    assert orphan.exists()
    ok("evidence", "cleanup", "--yes", data=sample)
    assert not orphan.exists() and stored.exists()


def test_check_exits_2_when_a_file_is_missing(sample: Path, tmp_path: Path) -> None:
    f = tmp_path / "qd.pdf"
    f.write_bytes(b"%PDF" * 100)
    added = json.loads(ok("evidence", "add", str(f), "--json", data=sample))
    (sample / "evidence" / added["sha256"][:2] / added["sha256"]).unlink()
    proc = run("check", data=sample)
    assert proc.returncode == 2 and "Thiếu tệp của tài liệu" in proc.stdout


def test_deleted_progress_score_and_document_come_back_through_the_cli(sample: Path, tmp_path: Path) -> None:
    ok("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", "--result", "Đã ban hành", data=sample)
    doc = tmp_path / "15-KH-UBND.pdf"
    doc.write_bytes(b"%PDF-1.4\n" + b"0" * 2000)
    added = json.loads(ok("evidence", "add", str(doc), "--criterion", "1.3.1", "--json", data=sample))
    ok("score", "set", "1.3.1", "0,5", data=sample)
    text = ok("progress", "delete", "1.3.1", "--period", "2025-Q3", data=sample)
    assert text.startswith("Đã xoá tiến độ nhiệm vụ 1.3.1 kỳ 2025-Q3.") and "cchc deleted restore" in text
    score_gone = json.loads(ok("score", "delete", "1.3.1", "--json", data=sample))["deleted"]
    refused(
        "evidence", "delete", str(added["id"]), data=sample, message="Hãy bỏ gắn trước khi xoá"
    )  # still linked to the criterion
    listed = json.loads(ok("deleted", "list", "--json", data=sample))
    assert [(i["entity"], i["by"]) for i in listed] == [("score", "Lê Thị B"), ("progress", "Lê Thị B")]
    assert listed[0]["id"] == score_gone and "0,5" in listed[0]["summary"]
    assert "Tiến độ: Xoá tiến độ kỳ 2025-Q3" in ok("deleted", "list", data=sample)
    refused("progress", "delete", "1.3.1", "--period", "2025-Q3", data=sample, message="chưa có tiến độ kỳ 2025-Q3")
    restored = json.loads(ok("deleted", "restore", str(listed[1]["id"]), "--json", data=sample))
    assert restored["entity"] == "progress"
    shown = json.loads(ok("progress", "show", "1.3.1", "--period", "2025-Q3", "--json", data=sample))
    assert (shown["saved"], shown["status"], shown["result"]) == (True, "done", "Đã ban hành")
    assert "Đã khôi phục" in ok("deleted", "restore", str(score_gone), data=sample)
    scores = {r["code"]: r["score"] for r in json.loads(ok("score", "list", "--json", data=sample))}
    assert scores["1.3.1"] == 0.5
    assert ok("deleted", "list", data=sample).strip() == "Không có mục nào đã xoá để khôi phục."
    refused("deleted", "restore", str(score_gone), data=sample, message="đã được khôi phục rồi")
    refused("deleted", "restore", "9999", data=sample, message="Không có mục đã xoá nào mang số 9999")
