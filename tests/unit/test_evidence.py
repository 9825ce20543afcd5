"""The evidence store: content-addressed copies, dedupe, links, refusals, check and explicit clean-up."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from db.store import Store
from desktop.core import evidence_add
from desktop.core.audit import history
from desktop.core.data_check import check_data, clean_unused
from desktop.core.errors import Cancelled, UserError
from desktop.core.evidence import (
    EvidenceMeta,
    delete_evidence,
    links_of,
    list_evidence,
    unlink_evidence,
    update_evidence,
    viewable_copy,
)
from desktop.core.evidence_add import add_evidence_file, add_evidence_files
from desktop.core.evidence_files import blob_path, iter_stored, temp_files
from desktop.core.progress import CancelToken
from tests.conftest import db_snapshot, task_id_by_code


def list_stored(store: Store) -> list[tuple[str, int]]:
    return list(iter_stored(store.data_dir))


def make_file(path: Path, size: int = 50_000, seed: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    block = hashlib.sha256(str(seed).encode()).digest()
    path.write_bytes((block * (size // len(block) + 1))[:size])
    return path


def test_a_file_is_copied_under_its_hash_with_metadata_and_links(sample_store: Store, tmp_path: Path) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    src = make_file(tmp_path / "usb" / "12-BC-UBND báo cáo.pdf")
    meta = EvidenceMeta(number="12/BC-UBND", issuer="UBND xã Hòa An", summary="Báo cáo kiểm tra CCHC")
    result = add_evidence_file(sample_store, src, meta, task_ids=[tid])
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    assert (result.sha256, result.size, result.deduplicated) == (sha, 50_000, False)
    stored = blob_path(sample_store.data_dir, sha)
    assert stored.read_bytes() == src.read_bytes()
    src.unlink()  # the USB stick is gone; the store keeps its own copy
    with sample_store.session() as s:
        rows = list_evidence(s, task_id=tid)
        assert [(r.original_name, r.doc_type, r.number) for r in rows] == [
            ("12-BC-UBND báo cáo.pdf", "BC", "12/BC-UBND")
        ]
        assert history(s, task_id=tid)[0].action == "link"
    assert not temp_files(sample_store.data_dir)


def test_same_content_twice_is_stored_once_and_gains_the_new_links(sample_store: Store, tmp_path: Path) -> None:
    t1 = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    t2 = task_id_by_code(sample_store, "PAR_INDEX", "1.7")
    a = make_file(tmp_path / "a.jpg")
    b = make_file(tmp_path / "copy of a.jpg")
    first = add_evidence_file(sample_store, a, EvidenceMeta(), task_ids=[t1])
    second = add_evidence_file(sample_store, b, EvidenceMeta(number="5/TB-UBND"), task_ids=[t2])
    assert second.deduplicated and second.id == first.id
    files = [p for p in (sample_store.data_dir / "evidence").rglob("*") if p.is_file()]
    assert len(files) == 1
    with sample_store.session() as s:
        (row,) = list_evidence(s)
    assert row.doc_type == "ANH" and row.number == "5/TB-UBND"  # blanks filled, nothing overwritten
    assert sorted(row.links) == sorted([f"task:{t1}", f"task:{t2}"])


def test_original_name_is_kept_exactly_in_nfc(sample_store: Store, tmp_path: Path) -> None:
    nfd_name = unicodedata.normalize("NFD", "Ảnh niêm yết TTHC.png")
    src = make_file(tmp_path / nfd_name)
    add_evidence_file(sample_store, src, EvidenceMeta())
    with sample_store.session() as s:
        (row,) = list_evidence(s)
    assert row.original_name == unicodedata.normalize("NFC", nfd_name)


def test_unlink_is_not_delete_and_linked_evidence_cannot_be_deleted(sample_store: Store, tmp_path: Path) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    result = add_evidence_file(sample_store, make_file(tmp_path / "qd.pdf"), EvidenceMeta(), task_ids=[tid])
    with sample_store.session() as s, pytest.raises(UserError, match="Hãy bỏ gắn trước khi xoá"):
        delete_evidence(s, result.id)
    with sample_store.session() as s:
        (link,) = links_of(s, task_id=tid)
        unlink_evidence(s, link.link_id)
    with sample_store.session() as s:
        assert len(list_evidence(s)) == 1  # still there, just unlinked
        delete_evidence(s, result.id)
    path = blob_path(sample_store.data_dir, result.sha256)
    assert path.exists()  # the file waits for an explicit clean-up
    report = check_data(sample_store)
    assert report.ok and report.orphan_files == [result.sha256]
    cleaned = clean_unused(sample_store, expected=report.orphan_files)
    assert (cleaned.files, cleaned.bytes) == (1, 50_000)
    assert not path.exists()
    assert check_data(sample_store).clean


def test_cancel_mid_copy_leaves_nothing(sample_store: Store, tmp_path: Path) -> None:
    big = make_file(tmp_path / "scan.pdf", size=5 * (1 << 20))
    before = db_snapshot(sample_store.db_path)
    token = CancelToken()

    def progress(done: int, total: int, _msg: str) -> None:
        if done >= 2 << 20:
            token.cancel()

    with pytest.raises(Cancelled):
        add_evidence_files(sample_store, [big], EvidenceMeta(), [], [], progress, token)
    assert db_snapshot(sample_store.db_path) == before
    assert not temp_files(sample_store.data_dir)
    assert not list((sample_store.data_dir / "evidence").rglob("*.pdf"))
    assert check_data(sample_store).clean


@pytest.mark.parametrize("each_file", [False, True], ids=["one-flush-per-batch", "fsync-each-file"])
def test_cancel_in_a_later_batch_keeps_every_whole_file_and_no_part(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, each_file: bool
) -> None:
    if each_file:
        monkeypatch.setenv("CCHC_FSYNC_EACH", "1")
    monkeypatch.setattr(evidence_add, "BATCH_FILES", 2)
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    paths = [make_file(tmp_path / f"anh-{i}.jpg", size=300_000, seed=i) for i in range(7)]
    token = CancelToken()

    def progress(done: int, _total: int, _msg: str) -> None:
        if done >= 5 * 300_000 + 100_000:  # inside the sixth file, in the third batch
            token.cancel()

    with pytest.raises(Cancelled, match="tệp đã thêm xong được giữ lại") as refused:
        add_evidence_files(sample_store, paths, EvidenceMeta(), [tid], [], progress, token)
    with sample_store.session() as s:
        kept = sorted(r.original_name for r in list_evidence(s, task_id=tid))
        logged = [r.summary for r in history(s, task_id=tid)]
    # Files copy a few at a time: which were whole when Cancel came varies, but they are the first ones, in
    # order, each whole and linked; the file being copied and those after it leave nothing behind.
    assert 2 <= len(kept) <= 6 and kept == [f"anh-{i}.jpg" for i in range(len(kept))]
    assert f"{len(kept)} tệp đã thêm xong" in str(refused.value)
    assert sum("Gắn tài liệu" in text for text in logged) == len(kept)
    assert not temp_files(sample_store.data_dir)
    assert check_data(sample_store, verify_hashes=True).clean


def test_a_source_gone_while_others_copy_keeps_the_files_before_it(sample_store: Store, tmp_path: Path) -> None:
    """A USB stick pulled out: the file that cannot be read stops the add; every file before it is kept whole,
    the ones already copying alongside after it leave no temp file and no row."""
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    paths = [make_file(tmp_path / f"bien-ban-{i:02d}.pdf", size=120_000, seed=i) for i in range(20)]

    def progress(_done: int, _total: int, _msg: str) -> None:
        paths[15].unlink(missing_ok=True)  # gone after the check, before its turn to copy

    with pytest.raises(UserError, match="15 tệp đã thêm xong trước đó được giữ lại"):
        add_evidence_files(sample_store, paths, EvidenceMeta(), [tid], [], progress, CancelToken())
    with sample_store.session() as s:
        kept = sorted(r.original_name for r in list_evidence(s, task_id=tid))
    assert kept == [f"bien-ban-{i:02d}.pdf" for i in range(15)]
    assert not temp_files(sample_store.data_dir)
    assert check_data(sample_store, verify_hashes=True).clean


def test_one_bad_file_among_many_refuses_all_before_copying(sample_store: Store, tmp_path: Path) -> None:
    good = [make_file(tmp_path / f"ok-{i}.pdf", seed=i) for i in range(3)]
    before = db_snapshot(sample_store.db_path)
    with pytest.raises(UserError, match="rỗng"):
        empty = tmp_path / "rong.pdf"
        empty.write_bytes(b"")
        add_evidence_files(sample_store, [*good, empty], EvidenceMeta(), [], [], lambda *_a: None, CancelToken())
    assert db_snapshot(sample_store.db_path) == before
    assert not (sample_store.data_dir / "evidence").exists() or not list_stored(sample_store)


def test_the_same_content_twice_in_one_batch_is_one_item(sample_store: Store, tmp_path: Path) -> None:
    a = make_file(tmp_path / "a.pdf", seed=9)
    b = make_file(tmp_path / "b" / "a-copy.pdf", seed=9)
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.7")
    results = add_evidence_files(sample_store, [a, b], EvidenceMeta(), [tid], [], lambda *_a: None, CancelToken())
    assert [r.deduplicated for r in results] == [False, True]
    assert results[0].id == results[1].id
    with sample_store.session() as s:
        assert len(links_of(s, task_id=tid)) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.pdf", "Không tìm thấy tệp"),
        (lambda p: (p / "folder").mkdir() or p / "folder", "là thư mục"),
        (lambda p: (p / "empty.pdf").write_bytes(b"") or p / "empty.pdf", "rỗng"),
    ],
)
def test_bad_files_are_refused_with_nothing_written(sample_store: Store, tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    before = db_snapshot(sample_store.db_path)
    with pytest.raises(UserError, match=message):
        add_evidence_file(sample_store, make(tmp_path), EvidenceMeta())
    assert db_snapshot(sample_store.db_path) == before


def test_a_missing_or_damaged_file_is_reported_never_deleted(sample_store: Store, tmp_path: Path) -> None:
    a = add_evidence_file(sample_store, make_file(tmp_path / "a.pdf", seed=1), EvidenceMeta())
    b = add_evidence_file(sample_store, make_file(tmp_path / "b.pdf", seed=2), EvidenceMeta())
    blob_path(sample_store.data_dir, a.sha256).unlink()
    damaged = blob_path(sample_store.data_dir, b.sha256)
    os.chmod(damaged, 0o644)
    with open(damaged, "r+b") as f:
        f.write(b"XXXX")
    report = check_data(sample_store, quick=False, verify_hashes=True)
    assert report.missing_files == [(a.id, "a.pdf")]
    assert report.damaged_files == [(b.id, "b.pdf")]
    assert not report.ok
    with sample_store.session() as s:
        assert len(list_evidence(s)) == 2


def test_metadata_edits_are_audited_and_a_viewable_copy_keeps_the_name(sample_store: Store, tmp_path: Path) -> None:
    r = add_evidence_file(sample_store, make_file(tmp_path / "Quyết định 1.pdf"), EvidenceMeta())
    with sample_store.session() as s:
        update_evidence(s, r.id, EvidenceMeta(number="1/QĐ-UBND", summary="Quyện định kiện toàn"))
        (row,) = list_evidence(s)
        entries = history(s, entity="evidence", entity_id=r.id)
    assert row.doc_type == "KHAC" and row.number == "1/QĐ-UBND"
    assert entries[0].changes["number"] == ["", "1/QĐ-UBND"]
    copy = viewable_copy(sample_store, r.id, tmp_path / "view")
    assert copy.name == "Quyết định 1.pdf" and copy.read_bytes() == (tmp_path / "Quyết định 1.pdf").read_bytes()
