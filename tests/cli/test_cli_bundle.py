"""Bundles headless: the real `cchc export-bundle` and `cchc verify-bundle`, their exit codes and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run
from tests.cli.test_cli_progress import ok, refused, sample, sample_template
from tests.office import SOFFICE, libreoffice_sheets

__all__ = ["sample", "sample_template"]  # the fixtures, used by name below


def test_export_then_verify_then_tamper(sample: Path, tmp_path: Path) -> None:
    ok("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", data=sample)
    scan = tmp_path / "Biên bản kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 " + b"k" * 5000)
    ok("evidence", "add", str(scan), "--task", "1.3.1", data=sample)
    made = json.loads(ok("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "usb"), "--json", data=sample))
    folder = Path(made["paths"][0])
    assert folder.is_dir() and made["files"] == 5  # Excel, PDF, Word, the manifest, one evidence file
    assert (folder / "bao-cao.docx").is_file()
    zipped = json.loads(
        ok("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "usb"), "--zip", "--json", data=sample)
    )
    for path in (folder, Path(zipped["paths"][0])):
        assert "Gói hợp lệ" in ok("verify-bundle", str(path), data=sample)
    if SOFFICE:  # the Sở's office suite opens the bundle's workbook with its Vietnamese intact
        sheets = libreoffice_sheets(folder / "bao-cao.xlsx", tmp_path)
        assert set(sheets) == {
            "Tiến độ nhiệm vụ",
            "Khó khăn, đề xuất",
            "Tài liệu kiểm chứng",
            "Tự chấm điểm",
            "Tổng hợp",
        }
        assert "Hoàn thành" in sheets["Tiến độ nhiệm vụ"] and "Biên bản kiểm tra.pdf" in sheets["Tài liệu kiểm chứng"]
    (folder / "tai-lieu" / "1.3.1" / "TL001-Biên bản kiểm tra.pdf").write_bytes(b"%PDF-1.4 sua")
    proc = run("verify-bundle", str(folder), "--json", data=sample)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    verdict = json.loads(proc.stdout)
    assert verdict["valid"] is False and any("manifest ghi" in p for p in verdict["problems"])


def test_bad_bundle_paths_exit_2_in_one_sentence(sample: Path, tmp_path: Path) -> None:
    junk = tmp_path / "goi.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    for target, words in ((junk, "không phải tệp zip hợp lệ"), (tmp_path / "khong-co", "Không tìm thấy gói")):
        proc = run("verify-bundle", str(target), data=sample)
        assert proc.returncode == 2 and words in proc.stderr and proc.stderr.startswith("Lỗi")
    proc = run("export-bundle", "--period", "2025-Q9", "--out", str(tmp_path / "usb"), data=sample)
    assert proc.returncode == 2 and "không hợp lệ" in proc.stderr
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())
    # Destinations that cannot be written: one sentence, exit 2, nothing left behind
    blocker = tmp_path / "la-tep"
    blocker.write_text("một tệp, không phải thư mục", encoding="utf-8")
    for args, words in (
        (("export-bundle", "--period", "2025-Q3", "--out", str(blocker)), "đã có một tệp trùng tên ở đó"),
        (("report", "--period", "2025-Q3", "--out", str(tmp_path / "khong-co" / "th.pdf")), "Không có thư mục để ghi"),
        (("export-plan", "--out", str(blocker / "kh")), "một phần của đường dẫn không phải thư mục"),
    ):
        proc = run(*args, data=sample)
        assert proc.returncode == 2 and proc.stderr.startswith("Lỗi") and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and "Errno" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["goi.zip", "la-tep"]


def test_plan_package_down_and_bundle_back(sample: Path, tmp_path: Path) -> None:
    made = json.loads(ok("export-plan", "--out", str(tmp_path / "ke-hoach"), "--json", data=sample))
    package = Path(made["path"])
    assert package.suffix == ".cchcplan"
    commune = tmp_path / "xa"
    ok("init", "--agency", "UBND xã Tân Tiến", "--level", "xa", data=commune)
    first = json.loads(ok("import-plan-package", str(package), "--json", data=commune))
    again = json.loads(ok("import-plan-package", str(package), "--json", data=commune))
    assert first["tasks"] == 124 and not first["duplicate"] and again["duplicate"]
    sent = {t["uuid"] for t in json.loads(ok("tasks", "--json", data=sample))}
    got = {t["uuid"] for t in json.loads(ok("tasks", "--json", data=commune))}
    assert got == sent
    proc = run("import-plan-package", str(tmp_path / "khong-co.cchcplan"), data=commune)
    assert proc.returncode == 2 and proc.stderr.startswith("Lỗi") and "Không tìm thấy gói kế hoạch" in proc.stderr


def test_split_export_prints_every_part_and_the_first_part_verifies(sample: Path, tmp_path: Path) -> None:
    made = json.loads(
        ok("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "mail"), "--split-mb", "--json", data=sample)
    )
    parts = [Path(p) for p in made["paths"]]
    assert parts and parts[0].name.endswith(".zip.001") and all(p.is_file() for p in parts)
    assert "Gói hợp lệ" in ok("verify-bundle", str(parts[0]), data=sample)


def test_a_focal_point_receives_lists_and_reports(sample: Path, tmp_path: Path) -> None:
    package = json.loads(ok("export-plan", "--out", str(tmp_path / "kh"), "--json", data=sample))["path"]
    commune = tmp_path / "xa"
    ok("init", "--agency", "UBND xã Tân Tiến", "--level", "xa", data=commune)
    ok("import-plan-package", package, data=commune)
    ok("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", data=commune)
    made = json.loads(
        ok("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "usb"), "--zip", "--json", data=commune)
    )
    junk = tmp_path / "rac.zip"
    junk.write_bytes(b"rac")
    proc = run("import-bundle", made["paths"][0], str(junk), "--json", data=sample)
    assert proc.returncode == 2  # one of the two was refused
    outcomes = json.loads(proc.stdout)
    assert [o["status"] for o in outcomes] == ["accepted", "rejected"]
    again = json.loads(ok("import-bundle", made["paths"][0], "--json", data=sample))
    assert again[0]["status"] == "duplicate"
    stick = json.loads(ok("import-bundle", str(tmp_path / "usb"), "--json", data=sample))  # the folder they are in
    assert [(o["agency"], o["status"]) for o in stick] == [("UBND xã Tân Tiến", "duplicate")]
    rows = {r["agency"]: r for r in json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=sample))}
    assert rows["UBND xã Tân Tiến"]["state"] in ("submitted", "late") and rows["UBND xã Tân Tiến"]["done"] == 1
    for name in ("tong-hop.xlsx", "tong-hop.pdf", "tong-hop.docx"):
        assert "Đã lập báo cáo tổng hợp" in ok(
            "report", "--period", "2025-Q3", "--out", str(tmp_path / name), data=sample
        )
        assert (tmp_path / name).stat().st_size > 0
    if SOFFICE:
        sheets = libreoffice_sheets(tmp_path / "tong-hop.xlsx", tmp_path)
        assert "UBND xã Tân Tiến" in sheets["Tình hình nộp"] and "Nhiệm vụ" in sheets


def test_the_signer_is_set_shown_and_signs_the_report(sample: Path, tmp_path: Path) -> None:
    from docx import Document

    assert json.loads(ok("signer", "--json", data=sample)) == {"name": "", "position": "", "sign_as": ""}
    assert "Chưa khai báo người ký" in ok("signer", data=sample)
    made = ok(
        "signer",
        "--name",
        "Hoàng Văn Bình",
        "--position",
        "Phó Chủ tịch",
        "--sign-as",
        "KT. Chủ tịch",
        "--json",
        data=sample,
    )
    assert json.loads(made) == {"name": "Hoàng Văn Bình", "position": "PHÓ CHỦ TỊCH", "sign_as": "KT. CHỦ TỊCH"}
    assert "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH — Hoàng Văn Bình" in ok("signer", data=sample)
    ok("report", "--period", "2025-Q3", "--out", str(tmp_path / "tong-hop.docx"), data=sample)
    doc = Document(str(tmp_path / "tong-hop.docx"))
    signed = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "KT. CHỦ TỊCH" in signed and "PHÓ CHỦ TỊCH" in signed and "Hoàng Văn Bình" in signed
    refused("signer", "--position", "", data=sample, message="chức vụ")  # the authority line would stand alone
    assert json.loads(ok("signer", "--sign-as", "", "--position", "", "--json", data=sample))["sign_as"] == ""
