"""Report bundles: what an export holds, that a clean one verifies, and that every hostile one is refused."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from db.store import Store
from desktop.core.bundle.export import ExportResult, export_bundle
from desktop.core.bundle.layout import MAX_PATH, evidence_path, safe_segment
from desktop.core.bundle.verify import verify_bundle
from desktop.core.errors import Cancelled, UserError
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields, save_progress
from tests.conftest import task_id_by_code
from tests.hostile.bundles import HOSTILE, rezip

TODAY = date(2025, 10, 1)
LONG_NAME = "Quyết định phê duyệt " + "kế hoạch cải cách hành chính " * 4 + ".pdf"  # 147 characters


@pytest.fixture
def agency(sample_store: Store, tmp_path: Path) -> Store:
    t1 = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, t1, "2025-Q3", ProgressFields("in_progress", 60, "Đã kiểm tra 12/20 xã"))
    for i, name in enumerate(["Báo cáo kiểm tra.pdf", "ảnh niêm yết.jpg", LONG_NAME]):
        f = tmp_path / "usb" / name
        f.parent.mkdir(exist_ok=True)
        f.write_bytes(f"tệp {i} ".encode() * 500)
        add_evidence_file(sample_store, f, EvidenceMeta(number=f"{i + 1}/BC-UBND"), task_ids=[t1])
    return sample_store


def export(store: Store, out: Path, as_zip: bool = False) -> ExportResult:
    return export_bundle(store, "2025-Q3", out, TODAY, no_progress, CancelToken(), as_zip=as_zip)


def test_a_folder_bundle_holds_reports_evidence_and_a_complete_manifest(agency: Store, tmp_path: Path) -> None:
    result = export(agency, tmp_path / "out")
    assert result.path.name == "bao-cao-cchc_ubnd-xa-hoa-an_2025-Q3" and result.path.is_dir()
    manifest = json.loads((result.path / "manifest.json").read_text("utf-8"))
    assert manifest["format"] == "cchc-bundle" and manifest["format_version"] == 1
    assert manifest["agency"]["name"] == "UBND xã Hòa An" and manifest["period"]["code"] == "2025-Q3"
    paths = {f["path"] for f in manifest["files"]}
    assert {"bao-cao.xlsx", "bao-cao.pdf", "bao-cao.docx"} <= paths and len(paths) == 6
    for f in manifest["files"]:
        on_disk = result.path / f["path"]
        assert len(f["path"]) <= MAX_PATH and on_disk.stat().st_size == f["size"]
        assert hashlib.sha256(on_disk.read_bytes()).hexdigest() == f["sha256"]
    evidence = manifest["data"]["evidence"]
    assert {e["path"].split("/")[1] for e in evidence} == {"1.3.1"}  # grouped by task code
    long_one = next(e for e in evidence if e["original_name"] == LONG_NAME)
    assert len(long_one["path"].split("/")[-1]) <= 100 and long_one["path"].endswith(".pdf")
    assert any(e["original_name"] == "ảnh niêm yết.jpg" and e["path"].endswith("-ảnh niêm yết.jpg") for e in evidence)
    task = next(t for t in manifest["data"]["tasks"] if t["code"] == "1.3.1" and t["framework"] == "PAR_INDEX")
    assert task["progress"]["percent"] == 60 and len(task["uuid"]) == 36 and task["evidence_refs"]
    assert manifest["data"]["plan_uuids"]
    assert verify_bundle(result.path).ok
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_a_zip_bundle_stores_compressed_types_flags_utf8_and_verifies(agency: Store, tmp_path: Path) -> None:
    result = export(agency, tmp_path / "out", as_zip=True)
    assert result.path.suffix == ".zip"
    with zipfile.ZipFile(result.path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    assert infos["bao-cao.pdf"].compress_type == zipfile.ZIP_STORED
    assert infos["manifest.json"].compress_type == zipfile.ZIP_DEFLATED
    vietnamese = next(i for n, i in infos.items() if "niêm yết" in n)
    assert vietnamese.flag_bits & 0x800  # the UTF-8 name flag
    assert verify_bundle(result.path).ok
    second = export(agency, tmp_path / "out", as_zip=True)
    assert second.path.name.endswith("-2.zip")  # never overwrites a bundle already there


def test_cancel_leaves_nothing_behind(agency: Store, tmp_path: Path) -> None:
    token = CancelToken()

    def progress(done: int, _total: int, _msg: str) -> None:
        if done > 0:
            token.cancel()

    out = tmp_path / "out"
    with pytest.raises(Cancelled, match="không có gì được ghi dở dang"):
        export_bundle(agency, "2025-Q3", out, TODAY, progress, token, as_zip=True)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("as_zip", [False, True])
def test_a_stop_while_the_reports_are_written_stops_the_evidence_beside_them(
    agency: Store, tmp_path: Path, as_zip: bool
) -> None:
    """Cancel before the export starts: the report writer stops after its first file while the evidence is
    streaming on its helper thread; both stop and nothing is left."""
    token = CancelToken()
    token.cancel()
    out = tmp_path / "out"
    with pytest.raises(Cancelled, match="không có gì được ghi dở dang"):
        export_bundle(agency, "2025-Q3", out, TODAY, no_progress, token, as_zip=as_zip)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("as_zip", [False, True])
def test_a_full_destination_disk_leaves_nothing_behind_and_says_so(
    agency: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_zip: bool
) -> None:
    import errno
    import os

    real_fsync, calls = os.fsync, [0]

    def fsync(fd: int) -> None:
        calls[0] += 1
        if calls[0] == 2:  # a folder meets it on its second file, a zip when it is flushed at the end
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "the-stick"
    with pytest.raises(UserError, match="Ổ đĩa đích đã đầy; gói báo cáo chưa được tạo, không có gì được ghi dở"):
        export_bundle(agency, "2025-Q3", out, TODAY, no_progress, CancelToken(), as_zip=as_zip)
    assert calls[0] == 2 and list(out.iterdir()) == []


def test_a_damaged_stored_file_stops_the_export(agency: Store, tmp_path: Path) -> None:
    blob = next((agency.data_dir / "evidence").rglob("*"), None)
    blobs = [p for p in (agency.data_dir / "evidence").rglob("*") if p.is_file() and len(p.name) == 64]
    assert blob is not None and blobs
    blobs[0].write_bytes(b"hong" * 10)
    with pytest.raises(UserError, match="đã bị hỏng"):
        export(agency, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("as_zip", [False, True])
def test_with_many_files_a_damaged_one_or_a_cancel_midway_stops_the_copies_ahead_of_it(
    sample_store: Store, tmp_path: Path, as_zip: bool
) -> None:
    """Into a folder several files are copied at once, ahead of the one being checked: the damaged one in the
    middle stops them all, and a Cancel midway too; nothing is left either way, and a clean export still works."""
    t1 = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    usb = tmp_path / "usb"
    usb.mkdir()
    for i in range(24):
        (usb / f"bien-ban-{i:02}.pdf").write_bytes(f"biên bản {i} ".encode() * (2000 + 300 * i))
        add_evidence_file(sample_store, usb / f"bien-ban-{i:02}.pdf", EvidenceMeta(), task_ids=[t1])
    clean = export(sample_store, tmp_path / "clean", as_zip=as_zip)
    assert verify_bundle(clean.path).ok and clean.files == 3 + 24 + 1

    token, seen = CancelToken(), []

    def progress(done: int, total: int, _msg: str) -> None:
        seen.append(done)
        if done > total // 2:
            token.cancel()

    out = tmp_path / "cancelled"
    with pytest.raises(Cancelled, match="không có gì được ghi dở dang"):
        export_bundle(sample_store, "2025-Q3", out, TODAY, progress, token, as_zip=as_zip)
    assert list(out.iterdir()) == [] and seen

    middle = hashlib.sha256((usb / "bien-ban-12.pdf").read_bytes()).hexdigest()
    blob = next(p for p in (sample_store.data_dir / "evidence").rglob(middle))
    blob.write_bytes(b"hong" * 10)
    out = tmp_path / "damaged"
    with pytest.raises(UserError, match=r"«bien-ban-12\.pdf».*đã bị hỏng"):
        export(sample_store, out, as_zip=as_zip)
    assert list(out.iterdir()) == []


def test_evidence_paths_stay_short_and_valid_on_windows() -> None:
    path = evidence_path("1.3.1", "TL001", 'a:b*c?"d<e>f|g' + "x" * 400 + ".pdf")
    assert len(path) <= MAX_PATH and path.endswith(".pdf") and not set(':*?"<>|') & set(path.split("/")[-1])
    assert safe_segment("CON.pdf", 50) == "_CON.pdf" and safe_segment(" . ", 50) == "_"


@pytest.mark.parametrize(("case", "change", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bundles_are_refused_with_the_problem_named(
    agency: Store, tmp_path: Path, case: str, change: Callable[..., None], message: str
) -> None:
    clean = export(agency, tmp_path / "out", as_zip=True).path
    bad = rezip(clean, tmp_path / f"{case}.zip", change)
    verdict = verify_bundle(bad)
    assert not verdict.ok and any(message in p for p in verdict.problems), verdict.problems


def test_a_truncated_zip_is_refused_in_one_sentence(agency: Store, tmp_path: Path) -> None:
    clean = export(agency, tmp_path / "out", as_zip=True).path
    cut = tmp_path / "cut.zip"
    cut.write_bytes(clean.read_bytes()[: clean.stat().st_size // 2])
    try:
        verdict = verify_bundle(cut)
    except UserError as exc:
        assert "không phải tệp zip hợp lệ" in str(exc)
    else:  # the cut may end inside the stored xlsx, itself a zip: then it is read as one, without a manifest
        assert not verdict.ok and verdict.problems


def test_a_split_bundle_verifies_and_names_a_missing_part(agency: Store, tmp_path: Path) -> None:
    for i in range(3):  # enough incompressible evidence for several 1 MB parts
        big = tmp_path / f"scan-{i}.pdf"
        big.write_bytes(hashlib.sha256(str(i).encode()).digest() * 40_000)
        add_evidence_file(agency, big, EvidenceMeta(), task_ids=[task_id_by_code(agency, "PAR_INDEX", "1.7")])
    result = export_bundle(agency, "2025-Q3", tmp_path / "out", TODAY, no_progress, CancelToken(), split_mb=1)
    assert len(result.paths) >= 3 and all(p.stat().st_size <= 1 << 20 for p in result.paths)
    assert [p.name[-4:] for p in result.paths] == [f".{i:03d}" for i in range(1, len(result.paths) + 1)]
    assert not list((tmp_path / "out").glob("*.zip"))  # only the parts remain
    assert verify_bundle(result.paths[0]).ok
    result.paths[1].unlink()
    with pytest.raises(UserError, match=r"Thiếu phần .*\.zip\.002"):
        verify_bundle(result.paths[0])
