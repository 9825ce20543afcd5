"""A focal point receives bundles: accepted, the same again a no-op, a newer one supersedes, strangers refused."""

from __future__ import annotations

import errno
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.receive import import_bundle, import_bundles
from desktop.core.bundle.submissions import submissions
from desktop.core.errors import UserError
from desktop.core.plan_package import export_plan, import_plan_package
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from tests.conftest import db_snapshot


def make_commune(focal: Store, root: Path, name: str) -> Store:
    with focal.session() as s:
        package = export_plan(s, load_task_rows(s)[0].plan_id, root / "goi-ke-hoach")
    store = open_workspace(root / name)
    with store.session() as s:
        set_my_agency(s, name, "xa", "Cán bộ đầu mối")
        import_plan_package(s, package)
    return store


def report(commune: Store, out: Path, percent: int) -> Path:
    with commune.session() as s:
        task = next(r for r in load_task_rows(s, mine=True) if r.code == "1.3.1" and r.framework == "PAR_INDEX")
        save_progress(s, task.id, "2025-Q3", ProgressFields("in_progress" if percent < 100 else "done", percent, "x"))
    made = export_bundle(commune, "2025-Q3", out, date(2025, 10, 1), no_progress, CancelToken(), as_zip=True)
    return made.path


@pytest.fixture
def focal(sample_store: Store) -> Store:
    return sample_store  # the seed-002 plan; its profile is the one sending the plan down


def test_accept_duplicate_supersede_and_the_period_picture(focal: Store, tmp_path: Path) -> None:
    commune = make_commune(focal, tmp_path, "UBND xã Tân Tiến")
    first = report(commune, tmp_path / "usb1", 40)
    outcome = import_bundle(focal, first)
    assert outcome.status == "accepted" and outcome.agency == "UBND xã Tân Tiến"
    kept = focal.data_dir / "inbox" / f"{outcome.bundle_uuid}.zip"  # the zip kept whole, byte for byte
    assert kept.read_bytes() == first.read_bytes()
    with zipfile.ZipFile(kept) as zf:
        assert {"manifest.json", "bao-cao.pdf"} <= set(zf.namelist())

    before = db_snapshot(focal.db_path)
    again = import_bundle(focal, first)
    assert again.status == "duplicate" and db_snapshot(focal.db_path) == before

    newer = report(commune, tmp_path / "usb2", 100)
    outcome2 = import_bundle(focal, newer)
    assert outcome2.status == "superseded" and "giữ làm lịch sử" in outcome2.reason
    assert kept.is_file()  # the old one is kept

    with focal.session() as s:
        rows = {r.agency: r for r in submissions(s, "2025-Q3")}
    mine = rows["UBND xã Tân Tiến"]
    assert mine.state in ("submitted", "late") and mine.bundle_uuid == outcome2.bundle_uuid and mine.done == 1
    assert rows["Sở Tư pháp"].state == "missing"  # agencies named in the plan that sent nothing
    assert "Thôn/Tổ dân phố" not in rows and "Các doanh nghiệp cung cấp dịch vụ Viễn thông" not in rows  # never report


def test_a_bundle_from_a_commune_that_imported_the_excel_itself_is_accepted(focal: Store, tmp_path: Path) -> None:
    stranger = open_workspace(tmp_path / "la")
    with stranger.session() as s:
        set_my_agency(s, "UBND xã Lạ", "xa", "")
    from desktop.core.plan_import import parse_grid, read_workbook
    from desktop.core.plan_import.commit import commit_plan
    from tests.fixtures.workbooks import write_seed002

    with stranger.session() as s:  # the same plan, but imported from Excel: other identities
        commit_plan(s, parse_grid(read_workbook(write_seed002(tmp_path / "seed.xlsx"))))
    bundle = report(stranger, tmp_path / "usb", 50)
    outcome = import_bundle(focal, bundle)
    assert outcome.status == "accepted" and outcome.unmatched_tasks == 0 and not outcome.learned_plan
    with focal.session() as s:
        rows = {r.agency: r for r in submissions(s, "2025-Q3")}
    assert rows["UBND xã Lạ"].tasks > 0


def test_a_tampered_bundle_is_refused_and_the_others_still_go_in(focal: Store, tmp_path: Path) -> None:
    commune = make_commune(focal, tmp_path, "UBND xã Tân Tiến")
    good = report(commune, tmp_path / "usb", 60)
    bad = tmp_path / "sua.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            payload = zin.read(info)
            if info.filename == "manifest.json":
                m = json.loads(payload)
                m["bundle_uuid"] = "00000000-0000-4000-8000-000000000000"
                m["data"]["tasks"][0]["progress"] = {"status": "done", "percent": 100}  # a lie, but hashes hold
                payload = json.dumps(m).encode()
            elif info.filename == "bao-cao.pdf":
                payload = payload + b"%"
            zout.writestr(info, payload)
    outcomes = import_bundles(focal, [bad, good, tmp_path / "khong-co.zip"])
    assert [o.status for o in outcomes] == ["rejected", "accepted", "rejected"]
    assert "SHA-256" in outcomes[0].reason or "byte" in outcomes[0].reason
    assert "Không tìm thấy" in outcomes[2].reason
    assert len(list((focal.data_dir / "inbox").iterdir())) == 1


def test_a_bundle_sent_in_parts_is_joined_and_received(focal: Store, tmp_path: Path) -> None:
    commune = make_commune(focal, tmp_path, "UBND xã Tân Tiến")
    with commune.session() as s:
        task = next(r for r in load_task_rows(s, mine=True) if r.code == "1.3.1" and r.framework == "PAR_INDEX")
        save_progress(s, task.id, "2025-Q3", ProgressFields("done", 100, "Xong"))
    made = export_bundle(
        commune, "2025-Q3", tmp_path / "mail", date(2025, 10, 1), no_progress, CancelToken(), split_mb=1
    )
    assert made.paths[0].name.endswith(".zip.001")
    outcome = import_bundle(focal, made.paths[0])
    assert outcome.status == "accepted" and outcome.path == made.paths[0]
    assert not list(Path(tmp_path / "mail").glob("*.zip"))  # joined in a temporary place, not beside the parts


def test_the_consolidated_report_in_excel_and_pdf(focal: Store, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from openpyxl import load_workbook

    from desktop.core.bundle.consolidate import write_consolidated

    commune = make_commune(focal, tmp_path, "UBND xã Tân Tiến")
    with commune.session() as s:
        t14 = next(r for r in load_task_rows(s, mine=True) if r.code == "1.4" and r.framework == "PAR_INDEX")
        raised = ProgressFields("in_progress", 50, "", difficulties="Thiếu kinh phí", proposals="Cấp <thêm> & sớm")
        save_progress(s, t14.id, "2025-Q3", raised)
    assert import_bundle(focal, report(commune, tmp_path / "usb", 100)).status == "accepted"
    with focal.session() as s:
        xlsx = write_consolidated(s, focal.data_dir, "2025-Q3", tmp_path / "tong-hop.xlsx", date(2025, 10, 1))
        pdf = write_consolidated(s, focal.data_dir, "2025-Q3", tmp_path / "tong-hop.pdf", date(2025, 10, 1))
    wb = load_workbook(xlsx)
    assert wb.sheetnames == [
        "Tình hình nộp",
        "Theo chỉ số, lĩnh vực",
        "Nhiệm vụ",
        "Quá hạn",
        "Thiếu tài liệu kiểm chứng",
        "Khó khăn, đề xuất",
    ]
    said = list(wb["Khó khăn, đề xuất"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[3], r[4]) for r in said] == [
        ("UBND xã Tân Tiến", "1.4", "Thiếu kinh phí", "Cấp <thêm> & sớm")
    ]
    groups = [r for r in wb["Theo chỉ số, lĩnh vực"].iter_rows(min_row=3, values_only=True)]
    assert groups[0][:2] == ("Chỉ số PAR INDEX", 1)  # each index, then its lĩnh vực in catalog order
    assert str(groups[1][0]).startswith("Chỉ số PAR INDEX — 1. ") and groups[1][3] == 1
    agencies = {r[1]: r for r in wb["Tình hình nộp"].iter_rows(min_row=3, values_only=True)}
    assert agencies["UBND xã Tân Tiến"][2] in ("Đã nộp", "Nộp muộn") and agencies["UBND xã Tân Tiến"][5] == 1
    assert any(r[2] == "Chưa nộp" for r in agencies.values())
    done = [r for r in wb["Nhiệm vụ"].iter_rows(min_row=3, values_only=True) if r[4] == "Hoàn thành"]
    assert [(r[0], r[1]) for r in done] == [("UBND xã Tân Tiến", "1.3.1")]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert "I. TÌNH HÌNH NỘP BÁO CÁO" in flat and "UBND xã Tân Tiến" in flat and "chưa nộp" in flat
        assert "II. KẾT QUẢ THEO CHỈ SỐ VÀ LĨNH VỰC" in flat and "- Chỉ số PAR INDEX — 1. " in flat
        assert "+ UBND xã Tân Tiến (nhiệm vụ 1.4): Thiếu kinh phí" in flat and "- Chưa nộp báo cáo (" in flat
        assert "IV. ĐỀ XUẤT, KIẾN NGHỊ - UBND xã Tân Tiến (nhiệm vụ 1.4): Cấp <thêm> & sớm" in flat
        assert "Nơi nhận:" in flat and "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in flat and "/BC-UBND" in flat
    with pytest.raises(UserError, match=r"\.xlsx, \.pdf hoặc \.docx"), focal.session() as s:
        write_consolidated(s, focal.data_dir, "2025-Q3", tmp_path / "tong-hop.odt", date(2025, 10, 1))


class CancelLater(CancelToken):
    """Cancels itself a few checks into the second bundle: the user pressing Cancel part-way through a copy."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.armed = False
        self.left = after

    def check(self) -> None:
        if self.armed:
            self.left -= 1
            if self.left <= 0:
                self.cancel()
        super().check()


@pytest.mark.parametrize("after", [0, 1, 2])
def test_cancel_in_a_many_bundle_import_keeps_the_whole_bundles_and_leaves_no_half(
    focal: Store, tmp_path: Path, after: int
) -> None:
    """Cancel pressed as the second bundle comes up (`after` 0), or a few checks later while it is being read
    ahead or recorded: the first stays in whole, nothing of the second is kept, no copy is left behind."""
    from desktop.core.errors import Cancelled

    first = report(make_commune(focal, tmp_path, "UBND xã Tân Tiến"), tmp_path / "usb1", 40)
    second = report(make_commune(focal, tmp_path, "UBND xã Hòa An"), tmp_path / "usb2", 60)
    third = report(make_commune(focal, tmp_path, "UBND xã Hồng Việt"), tmp_path / "usb3", 80)
    token = CancelLater(after)

    def progress(n: int, _total: int, _message: str) -> None:
        token.armed = n >= 1  # the first bundle is in; Cancel comes now
        if n >= 1 and after == 0:
            token.cancel()

    with pytest.raises(Cancelled, match=r"gói tiếp nhận trước khi huỷ vẫn được giữ.*đang nhập dở không được ghi"):
        import_bundles(focal, [first, second, third], progress, token)
    with focal.session() as s:
        got = sorted(r.agency for r in submissions(s, "2025-Q3") if r.state != "missing")
    # The first is in; the second only if it was recorded before the Cancel was seen; never the third.
    assert "UBND xã Tân Tiến" in got and set(got) <= {"UBND xã Tân Tiến", "UBND xã Hòa An"}
    inbox = focal.data_dir / "inbox"
    kept = list(inbox.iterdir())
    assert len(kept) == len(got) and not any(k.name.startswith(".") for k in kept)  # no copy left behind
    assert all(holds_manifest(k) for k in kept)
    assert {o.status for o in import_bundles(focal, [first, second, third])} <= {"accepted", "duplicate"}


def holds_manifest(kept: Path, text: str = "") -> bool:
    """A received bundle as kept (its zip, or a folder) holding a readable manifest that says `text`."""
    try:
        if kept.is_dir():
            raw = (kept / "manifest.json").read_bytes()
        else:
            with zipfile.ZipFile(kept) as zf:
                raw = zf.read("manifest.json")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return text in raw.decode("utf-8")


def _two_bundles(focal: Store, tmp_path: Path) -> tuple[Path, Path]:
    first = report(make_commune(focal, tmp_path, "UBND xã Tân Tiến"), tmp_path / "usb1", 40)
    second = report(make_commune(focal, tmp_path, "UBND xã Hòa An"), tmp_path / "usb2", 60)
    return first, second


def _only_the_first_is_in(focal: Store) -> None:
    with focal.session() as s:
        got = [r.agency for r in submissions(s, "2025-Q3") if r.state != "missing"]
    assert got == ["UBND xã Tân Tiến"]
    [kept] = list((focal.data_dir / "inbox").iterdir())  # no ".part" copy, nothing of the second bundle
    assert holds_manifest(kept, "Tân Tiến") and not kept.name.startswith(".")


@pytest.mark.parametrize("flush", ["one-flush-per-batch", "fsync-each-file"])
def test_a_disk_that_fills_during_the_copy_stops_the_batch_and_keeps_what_is_in(
    flush: str, focal: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core import disk_sync
    from desktop.core.bundle import kept as kept_module
    from desktop.core.bundle import take_in

    if flush == "fsync-each-file":
        monkeypatch.setenv("CCHC_FSYNC_EACH", "1")
    first, second = _two_bundles(focal, tmp_path)
    real_sync, real_syncfs = disk_sync.sync_files, take_in.sync_filesystem

    def second_in(root: Path, files: Any = ()) -> bool:
        return any(holds_manifest(p, "Hòa An") for p in [root, *root.glob(".nhan-*.part"), *files])

    def sync_files(root: Path, files: Any, folders: Any) -> None:
        if second_in(root, files):  # the second bundle's files meet a full disk as they are flushed
            raise OSError(errno.ENOSPC, "No space left on device")
        real_sync(root, files, folders)

    def sync_filesystem(inbox: Path) -> None:
        if second_in(inbox):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_syncfs(inbox)

    monkeypatch.setattr(disk_sync, "sync_files", sync_files)
    monkeypatch.setattr(kept_module, "sync_files", sync_files)
    monkeypatch.setattr(take_in, "sync_filesystem", sync_filesystem)
    with pytest.raises(UserError) as err:
        import_bundles(focal, [first, second])
    with focal.session() as s:
        kept = [r.agency for r in submissions(s, "2025-Q3") if r.state != "missing"]
    # The bundles read by then go in together: the first is in if it was taken in before the second was read.
    assert kept in ([], ["UBND xã Tân Tiến"])
    stopped = second if kept else first
    assert str(err.value).startswith(f"Ổ đĩa chứa dữ liệu đã đầy. {len(kept)} gói tiếp nhận trước đó vẫn được giữ")
    assert f"«{stopped.name}» đang nhập dở không được ghi gì" in str(err.value)
    assert len(list((focal.data_dir / "inbox").iterdir())) == len(kept)  # no half-copied folder, no orphan
    monkeypatch.setattr(disk_sync, "sync_files", real_sync)
    monkeypatch.setattr(kept_module, "sync_files", real_sync)
    monkeypatch.setattr(take_in, "sync_filesystem", real_syncfs)
    outcomes = import_bundles(focal, [first, second])  # once there is room they go in cleanly
    assert [o.status for o in outcomes] == (["duplicate"] if kept else ["accepted"]) + ["accepted"]
    with focal.session() as s:
        assert len([r for r in submissions(s, "2025-Q3") if r.state != "missing"]) == 2


def test_a_database_that_cannot_grow_refuses_the_row_and_the_copied_files_go_too(focal: Store, tmp_path: Path) -> None:
    from sqlalchemy import event, text

    first, second = _two_bundles(focal, tmp_path)
    assert import_bundles(focal, [first])[0].status == "accepted"
    with focal.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()

    def cap(dbapi_conn: Any, _record: Any) -> None:  # SQLite's own limit: SQLITE_FULL, as on a full disk
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    focal.engine.dispose()
    event.listen(focal.engine, "connect", cap)
    before = db_snapshot(focal.db_path)
    with pytest.raises(UserError, match=r"Ổ đĩa chứa dữ liệu đã đầy\. 0 gói tiếp nhận trước đó vẫn được giữ"):
        import_bundles(focal, [second])
    assert db_snapshot(focal.db_path) == before
    _only_the_first_is_in(focal)
    event.remove(focal.engine, "connect", cap)
    focal.engine.dispose()
    assert import_bundle(focal, second).status == "accepted"


def test_a_folder_of_bundles_stands_for_the_bundles_in_it_and_parts_count_once(focal: Store, tmp_path: Path) -> None:
    from desktop.core.bundle.parts import split_file

    stick = tmp_path / "USB"
    stick.mkdir()
    zipped = report(make_commune(focal, tmp_path, "UBND xã Tân Tiến"), stick, 40)
    split = report(make_commune(focal, tmp_path, "UBND xã Hòa Bình"), tmp_path / "mail", 60)
    for part in split_file(split, 20_000):  # cut small: several parts, all copied onto the stick
        part.rename(stick / part.name)
    folder_bundle = export_bundle(
        make_commune(focal, tmp_path, "UBND xã Quang Minh"), "2025-Q3", stick, date(2025, 10, 1), no_progress,
        CancelToken(),
    ).path  # fmt: skip
    (stick / "ghi-chu.txt").write_text("gửi Sở Nội vụ", encoding="utf-8")
    assert len(list(stick.glob("*.zip.0*"))) > 1 and folder_bundle.is_dir() and zipped.parent == stick
    outcomes = import_bundles(focal, [stick])
    assert sorted((o.agency, o.status) for o in outcomes) == [
        ("UBND xã Hòa Bình", "accepted"),
        ("UBND xã Quang Minh", "accepted"),
        ("UBND xã Tân Tiến", "accepted"),
    ]
    again = import_bundles(focal, [stick, zipped])  # the same stick again, and one of its files named too
    assert [o.status for o in again] == ["duplicate"] * 3


def test_submissions_received_before_the_counts_were_kept_are_counted_on_upgrade(tmp_path: Path) -> None:
    """The frozen schema-0005 focal point holds a ward's year bundle received then: the upgrade counts its tasks
    from the task list it recorded, so the submissions view shows the same figures it showed before."""
    import json
    import shutil
    import sqlite3

    frozen = Path(__file__).resolve().parents[1] / "data" / "schema-0005.sqlite3"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(frozen, data_dir / "cchc.sqlite3")
    with sqlite3.connect(frozen) as con:
        period, raw = con.execute("SELECT period_code, tasks FROM submission WHERE status = 'current'").fetchone()
    tasks = json.loads(raw)
    store = open_workspace(data_dir)
    try:
        with store.session() as s:
            (row,) = [r for r in submissions(s, period) if r.state != "missing"]
        assert row.tasks == len(tasks) > 0
        assert row.done == sum(1 for t in tasks if t.get("status") in ("done", "done_late"))
        assert row.with_evidence == sum(1 for t in tasks if t.get("evidence"))
    finally:
        store.close()


def test_copies_a_killed_receipt_left_are_swept_and_nothing_else(focal: Store, tmp_path: Path) -> None:
    """A power cut while receiving leaves half-made copies in the inbox: the next receipt removes those over an
    hour old. A copy being made now and a bundle folder no row refers to (a restored older database may need it
    back) are kept."""
    import os
    import time

    first, _second = _two_bundles(focal, tmp_path)
    inbox = focal.data_dir / "inbox"
    inbox.mkdir(exist_ok=True)
    old, recent = inbox / ".nhan-1111.part", inbox / ".nhan-2222.part"
    unreferenced = inbox / "00000000-0000-4000-8000-000000000001"
    for folder in (old, recent, unreferenced):
        (folder / "bang-chung").mkdir(parents=True)
        (folder / "bang-chung" / "scan.pdf").write_bytes(b"%PDF-1.4 half")
    old_zip, unreferenced_zip = inbox / ".nhan-3333.part", inbox / "00000000-0000-4000-8000-000000000002.zip"
    for copy in (old_zip, unreferenced_zip):
        copy.write_bytes(b"PK\x03\x04 half")
    hours_ago = time.time() - 2 * 3600
    for path in (old, unreferenced, old_zip, unreferenced_zip):
        os.utime(path, (hours_ago, hours_ago))
    assert import_bundles(focal, [first])[0].status == "accepted"
    assert not old.exists() and not old_zip.exists() and unreferenced_zip.is_file()
    assert (recent / "bang-chung" / "scan.pdf").is_file() and (unreferenced / "bang-chung" / "scan.pdf").is_file()


def test_the_same_bundle_twice_in_one_receipt_goes_in_once(focal: Store, tmp_path: Path) -> None:
    """Two copies of one bundle under two names, taken in in the same batch: the second is «received before»."""
    import shutil

    first, _second = _two_bundles(focal, tmp_path)
    copy = shutil.copy(first, tmp_path / f"ban-sao-{first.name}")
    assert [o.status for o in import_bundles(focal, [first, Path(copy)])] == ["accepted", "duplicate"]
    assert len(list((focal.data_dir / "inbox").iterdir())) == 1


def test_an_agency_s_current_report_is_looked_up_by_its_own_index(focal: Store) -> None:
    """Not by the period's: receiving the 4,000th bundle of a period must not read the other 3,999 reports."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from desktop.core.bundle.submissions import current_submissions

    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if "FROM submission" in statement:
            seen.append((statement, params))

    with focal.session() as s:
        event.listen(Engine, "before_cursor_execute", keep)
        try:
            assert current_submissions(s, ("ubnd xa tan tien", "xa tan tien"), "2025-Q3") == []
        finally:
            event.remove(Engine, "before_cursor_execute", keep)
        plans = [list(s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {q}", p)) for q, p in seen]
    assert len(plans) == 1 and "ix_submission_agency_period" in str(plans[0]), plans
