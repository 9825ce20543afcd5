"""The register of reporting agencies headless: a Cao Bằng focal point expects all 56 communes and wards, one
reports, the rest are named as missing; the register is edited; hostile names and provinces get one sentence."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.admin_units import find_province, provinces
from tests.cli.test_cli import run
from tests.cli.test_cli_progress import ok
from tests.conftest import db_snapshot


def test_the_data_file_holds_the_country_as_it_is_since_july_2025() -> None:
    assert len(provinces()) == 34 and sum(len(p.units) for p in provinces()) == 3321
    cao_bang = find_province("tỉnh Cao Bằng")
    kinds = [u.kind for u in cao_bang.units]
    assert len(cao_bang.units) == 56 and kinds.count("xa") == 53 and kinds.count("phuong") == 3
    assert find_province("cao bang") is cao_bang and find_province("04") is cao_bang
    assert find_province("TP Hồ Chí Minh").is_city and find_province("Hà Nội").label == "Thành phố Hà Nội"


def test_a_cao_bang_focal_point_sees_who_owes_a_report(tmp_path: Path) -> None:
    so = tmp_path / "so"
    said = ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    assert "56 xã, phường, đặc khu" in said
    ok("import-sample", data=so)

    commune = tmp_path / "phuong"  # a real ward of Cao Bằng reports on the same plan, from its own data directory
    ok("init", "--agency", "UBND phường Thục Phán", "--level", "xa", data=commune)
    ok("import-sample", data=commune)
    ok("progress", "set", "1.3.1", "--period", "2025-Q3", "--status", "done", data=commune)
    made = json.loads(
        ok("export-bundle", "--period", "2025-Q3", "--out", str(tmp_path / "usb"), "--zip", "--json", data=commune)
    )
    ok("import-bundle", made["paths"][0], data=so)

    rows = json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=so))
    by_name = {r["agency"]: r for r in rows}
    units = [u.agency_name for u in find_province("Cao Bằng").units]
    assert set(units) <= set(by_name)  # every commune and ward is expected
    assert by_name["UBND phường Thục Phán"]["state"] in ("submitted", "late")
    assert sum(by_name[u]["state"] == "missing" for u in units) == 55

    listed = json.loads(ok("register", "list", "--json", data=so))
    ward = next(m for m in listed if m["name"] == "UBND phường Thục Phán")
    assert ward == {
        "name": "UBND phường Thục Phán",
        "level": "xa",
        "group": "UBND xã, phường",
        "unit_code": "01273",
        "registered": True,
        "active": True,
        "flag": None,
    }
    assert any(m["level"] == "so" and not m["registered"] for m in listed)  # departments named by the plan

    # a unit merged away is retired: no longer expected, still listed with its history
    ok("register", "retire", "xã Yên Thổ", data=so)
    rows = json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=so))
    assert "UBND xã Yên Thổ" not in {r["agency"] for r in rows}
    assert any(
        m["name"] == "UBND xã Yên Thổ" and not m["active"]
        for m in json.loads(ok("register", "list", "--json", data=so))
    )
    added = json.loads(ok("register", "add", "Ban Quản lý Khu kinh tế", "--level", "so", "--json", data=so))
    assert added["registered"] and added["active"]
    assert "Ban Quản lý Khu kinh tế" in {
        r["agency"] for r in json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=so))
    }


def test_bad_register_input_is_one_sentence_and_changes_nothing(tmp_path: Path) -> None:
    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ", "--level", "so", data=so)
    before = db_snapshot(so / "cchc.sqlite3")
    for args, words in (
        (("register", "province", "Atlantis"), "Không có tỉnh, thành phố «Atlantis»"),
        (("register", "retire", "UBND xã Không Có"), "Không có «UBND xã Không Có»"),
        (("register", "add", "   ", "--level", "xa"), "Hãy nhập tên"),
    ):
        proc = run(*args, data=so)
        assert proc.returncode == 2 and proc.stderr.startswith("Lỗi: ") and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert run("register", "add", "Sở X", "--level", "khac", data=so).returncode == 2  # not a reporting level
    assert db_snapshot(so / "cchc.sqlite3") == before
    fresh = tmp_path / "fresh"  # a province before the agency: refused, nothing half-written
    proc = run("register", "province", "Cao Bằng", data=fresh)
    assert proc.returncode == 2 and "khai báo cơ quan" in proc.stderr


def test_a_reminder_names_who_has_not_reported_in_pdf_word_and_text(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from docx import Document

    from tests.office import WRITER, libreoffice_text

    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    ok("register", "retire", "xã Yên Thổ", data=so)
    pdf, word, text = tmp_path / "don-doc.pdf", tmp_path / "don-doc.docx", tmp_path / "don-doc.txt"
    made = json.loads(ok("remind", "--period", "2025-Q3", "--out", str(pdf), "--json", data=so))
    assert made["period"] == "2025-Q3" and len(made["missing"]) == 55 and "UBND xã Yên Thổ" not in made["missing"]
    ok("remind", "--period", "2025-Q3", "--out", str(word), data=so)
    ok("remind", "--period", "2025-Q3", "--out", str(text), data=so)

    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        for words in (
            "UBND TỈNH CAO BẰNG",
            "SỞ NỘI VỤ",
            "/SNV-CCHC",
            "V/v đôn đốc gửi báo cáo",
            "Kính gửi",
            "55 cơ quan, đơn vị",
            "UBND phường Thục Phán",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Nơi nhận",
        ):
            assert words in shown, words
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "LiberationSerif" in fonts and " no " not in fonts.split("\n", 2)[2]  # every font embedded
    paragraphs = "\n".join(p.text for p in Document(str(word)).paragraphs)
    cells = "\n".join(c.text for t in Document(str(word)).tables for row in t.rows for c in row.cells)
    assert "55. " in paragraphs and "UBND phường Thục Phán" in paragraphs and "SỞ NỘI VỤ" in cells
    if WRITER:  # the văn thư's office suite opens it with its Vietnamese intact
        assert "UBND phường Thục Phán" in libreoffice_text(word, tmp_path)
    plain = text.read_text(encoding="utf-8")
    assert plain.startswith("Kính gửi:") and "\n55. " in plain


def test_reminders_refuse_what_makes_no_sense(tmp_path: Path) -> None:
    nobody = tmp_path / "nobody"
    ok("init", "--agency", "Sở Nội vụ", "--level", "so", data=nobody)  # nothing expected, nobody missing
    for args, words in (
        (("remind", "--period", "2025-Q3", "--out", str(tmp_path / "a.pdf")), "không cần công văn đôn đốc"),
        (("remind", "--period", "2025-Q3", "--out", str(tmp_path / "a.odt")), "Mọi cơ quan"),
        (("remind", "--period", "2025-Q9", "--out", str(tmp_path / "a.pdf")), "không hợp lệ"),
    ):
        proc = run(*args, data=nobody)
        assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ", "--level", "so", "--province", "Cao Bằng", data=so)
    proc = run("remind", "--period", "2025-Q3", "--out", str(tmp_path / "a.odt"), data=so)
    assert proc.returncode == 2 and ".pdf, .docx hoặc .txt" in proc.stderr
    proc = run("remind", "--period", "2025-Q3", "--out", str(tmp_path / "khong-co" / "a.pdf"), data=so)
    assert proc.returncode == 2 and proc.stderr.startswith("Lỗi: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nobody", "so"]  # nothing half-written


def _pdf_text(pdf: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout


def test_the_consolidated_report_is_edited_signed_and_remembered(tmp_path: Path) -> None:
    import shutil

    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    texts = tmp_path / "noi-dung.json"
    texts.write_text(
        json.dumps(
            {
                "number": "Số: 125/BC-SNV",
                "recipients": ["UBND tỉnh (để báo cáo);", "Bộ Nội vụ (để báo cáo);", "Lưu: VT, CCHC."],
                "signer": "Nông Văn Hùng",
                "position": "PHÓ GIÁM ĐỐC",
                "sign_as": "KT.",
                "parent": "UBND TỈNH CAO BẰNG",
                "to": "Ủy ban nhân dân tỉnh Cao Bằng",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    first = tmp_path / "tong-hop.pdf"
    ok("report", "--period", "2025-Q3", "--out", str(first), "--texts", str(texts), data=so)
    again = tmp_path / "tong-hop-2.pdf"  # next time: what was edited for the period is kept, one flag changes
    ok("report", "--period", "2025-Q3", "--out", str(again), "--signer", "Hoàng Thị Lan", data=so)
    if not shutil.which("pdftotext"):
        return
    for pdf, signer in ((first, "Nông Văn Hùng"), (again, "Hoàng Thị Lan")):
        shown = _pdf_text(pdf)
        for words in (
            "Số: 125/BC-SNV",
            "Bộ Nội vụ (để báo cáo)",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            signer,
            "UBND TỈNH CAO BẰNG",
            "Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng",
            "chưa nộp 56",
        ):
            assert words in shown, (pdf.name, words)


def test_bad_report_texts_are_refused_whole(tmp_path: Path) -> None:
    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ", "--level", "so", data=so)
    cases = {
        "not-json.json": ("{number: 1", "không phải JSON"),
        "a-list.json": ('["Số: 1"]', "đối tượng JSON"),
        "unknown.json": ('{"numbr": "Số: 1"}', "khoá không dùng được: numbr"),
        "wrong-type.json": ('{"signer": 7}', "«signer» phải là một dòng chữ"),
        "tcvn3.json": (b'{"signer": "N\xabng V\xa8n"}', "không phải JSON (UTF-8)"),
    }
    for name, (content, words) in cases.items():
        bad = tmp_path / name
        if isinstance(content, bytes):
            bad.write_bytes(content)
        else:
            bad.write_text(content, encoding="utf-8")
        out = tmp_path / f"{name}.pdf"
        proc = run("report", "--period", "2025-Q3", "--out", str(out), "--texts", str(bad), data=so)
        assert proc.returncode == 2 and words in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not out.exists()


def test_two_spellings_and_an_old_name_count_once(tmp_path: Path) -> None:
    """Bundles from «Xã Yên Thổ» and «UBND xã Yên Thổ» are one commune; a pre-2025 name merged into the unit that
    replaced it reports for it; a district is flagged, renaming keeps the old name understood."""
    so, usb = tmp_path / "so", tmp_path / "usb"
    usb.mkdir()
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    ok("import-sample", data=so)
    for name, folder in (("Xã Yên Thổ", "a"), ("UBND xã Yên Thổ", "b"), ("UBND phường Đề Thám", "c")):
        commune = tmp_path / folder
        ok("init", "--agency", name, "--level", "xa", data=commune)
        ok("import-sample", data=commune)
        made = json.loads(
            ok("export-bundle", "--period", "2025-Q3", "--out", str(usb / folder), "--zip", "--json", data=commune)
        )
        ok("import-bundle", made["paths"][0], data=so)

    def states() -> dict[str, str]:
        return {
            r["agency"]: r["state"] for r in json.loads(ok("submissions", "--period", "2025-Q3", "--json", data=so))
        }

    seen = states()
    assert seen["UBND xã Yên Thổ"] != "missing" and "Xã Yên Thổ" not in seen  # one commune, counted once
    units = [u.agency_name for u in find_province("Cao Bằng").units]
    assert "UBND phường Đề Thám" not in units and seen["UBND phường Đề Thám"] != "missing"  # an old name reported
    listed = {m["name"]: m for m in json.loads(ok("register", "list", "--json", data=so))}
    missing_before = sum(seen[u] == "missing" for u in units)

    ok("register", "add", "UBND phường Đề Thám", "--level", "xa", data=so)  # registered, flagged: not in 2025
    listed = {m["name"]: m for m in json.loads(ok("register", "list", "--json", data=so))}
    assert "danh mục" in listed["UBND phường Đề Thám"]["flag"] and listed["UBND phường Thục Phán"]["flag"] is None
    merged = json.loads(ok("register", "merge", "phường Đề Thám", "phường Thục Phán", "--json", data=so))
    assert merged["name"] == "UBND phường Thục Phán" and merged["unit_code"] == "01273"
    after = states()
    assert after["UBND phường Thục Phán"] != "missing" and "UBND phường Đề Thám" not in after
    assert sum(after[u] == "missing" for u in units) == missing_before - 1

    ok("register", "add", "UBND huyện Hòa An", "--level", "huyen", data=so)
    listed = {m["name"]: m for m in json.loads(ok("register", "list", "--json", data=so))}
    assert "cấp huyện" in listed["UBND huyện Hòa An"]["flag"]
    ok("register", "add", "Ban Quản lý Khu kinh tế", "--level", "so", data=so)
    renamed = json.loads(
        ok("register", "rename", "Ban Quản lý Khu kinh tế", "Ban Quản lý các Khu kinh tế", "--json", data=so)
    )
    assert renamed["name"] == "Ban Quản lý các Khu kinh tế"
    assert "Ban Quản lý các Khu kinh tế" in states() and "Ban Quản lý Khu kinh tế" not in states()
    proc = run("register", "merge", "xã Yên Thổ", "UBND xã Yên Thổ", data=so)
    assert proc.returncode == 2 and "đã là một cơ quan" in proc.stderr


def _register_sheet(path: Path, names: list[tuple[str, str]]) -> Path:
    """A list as an office keeps it: a merged title, a header, a column-number row, a notes row at the end."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws["A1"] = "DANH SÁCH CƠ QUAN, ĐƠN VỊ BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH"
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Cấp", "Ghi chú"])
    ws.append([1, 2, 3, 4])
    for i, (name, level) in enumerate(names, start=1):
        ws.append([i, name, level, ""])
    ws.append(["", "Ghi chú: danh sách theo Quyết định số 15/QĐ-SNV", "", ""])
    wb.save(path)
    return path


def test_a_register_is_imported_from_the_offices_own_list(tmp_path: Path) -> None:
    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ tỉnh Cao Bằng", "--level", "so", "--province", "Cao Bằng", data=so)
    sheet = _register_sheet(
        tmp_path / "danh-sach.xlsx",
        [
            ("Sở Tư pháp", "Sở"),
            ("Ban Quản lý Khu kinh tế tỉnh", ""),
            ("Sở Tư pháp tỉnh Cao Bằng", "Sở"),  # the same department, spelled with its province
            ("Xã Bảo Lâm", "Xã"),  # already registered by the province
            ("UBND phường Đề Thám", "Phường"),  # a pre-2025 name
        ],
    )
    done = json.loads(ok("register", "import", str(sheet), "--json", data=so))
    assert [m["name"] for m in done["added"]] == [
        "Sở Tư pháp",
        "Ban Quản lý Khu kinh tế tỉnh",
        "UBND xã Bảo Lâm",
        "UBND phường Đề Thám",
    ]
    assert done["duplicates"] == ["Sở Tư pháp tỉnh Cao Bằng"] and done["flagged"] == ["UBND phường Đề Thám"]
    listed = {m["name"]: m for m in json.loads(ok("register", "list", "--json", data=so))}
    assert listed["UBND xã Bảo Lâm"]["unit_code"] and listed["Sở Tư pháp"]["level"] == "so"
    assert sum(1 for m in listed.values() if m["registered"]) == 56 + 3  # Bảo Lâm was already there


def test_a_register_in_a_legacy_font_is_converted_and_an_empty_one_refused_whole(tmp_path: Path) -> None:
    so = tmp_path / "so"
    ok("init", "--agency", "Sở Nội vụ", "--level", "so", data=so)
    before = db_snapshot(so / "cchc.sqlite3")
    empty = _register_sheet(tmp_path / "trong.xlsx", [])
    proc = run("register", "import", str(empty), data=so)
    assert proc.returncode == 2 and "Không thấy tên cơ quan" in proc.stderr and "Traceback" not in proc.stderr
    assert db_snapshot(so / "cchc.sqlite3") == before
    tcvn3 = _register_sheet(  # «Sở Tư pháp», «Uỷ ban nhân dân xã Hoà An» typed with the ABC font
        tmp_path / "tcvn3.xlsx", [("Së T\xad ph¸p", ""), ("Uû ban nh©n d©n x· Hoµ An", ""), ("Së Y tÕ", "")]
    )
    proc = run("register", "import", str(tcvn3), "--json", data=so)
    assert proc.returncode == 0, proc.stderr
    names = [m["name"] for m in json.loads(proc.stdout)["added"]]
    assert names == ["Sở Tư pháp", "Ủy ban nhân dân xã Hòa An", "Sở Y tế"]  # official accents, not as typed
