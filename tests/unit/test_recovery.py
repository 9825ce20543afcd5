"""Deletions kept in the audit log and undone: progress, scores, evidence links and items, whole plans."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import ImportRecord, ProgressEntry, Score, Task
from db.store import Store
from desktop.core.audit import history
from desktop.core.data_check import clean_unused, unused_files
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta, delete_evidence, links_of, list_evidence, unlink_evidence
from desktop.core.evidence_add import add_evidence_file
from desktop.core.plans import delete_plan, list_plan_rows
from desktop.core.recovery import deleted_items, restore_deleted
from desktop.core.scoring import delete_score, resolve_framework, score_sheet, set_score
from desktop.core.task_progress import ProgressFields, delete_progress, progress_view, save_progress
from desktop.core.workspace import open_workspace
from tests.conftest import db_snapshot, task_id_by_code

FROZEN = Path(__file__).resolve().parents[1] / "data"


def _file(path: Path, seed: int = 1) -> Path:
    path.write_bytes(hashlib.sha256(str(seed).encode()).digest() * 500)
    return path


def _progress_row(store: Store, task_id: int) -> tuple[object, ...] | None:
    with sqlite3.connect(store.data_dir / "cchc.sqlite3") as con:
        return con.execute(
            "SELECT id, uuid, task_id, period_id, status, percent, result, revision, updated_at, updated_by "
            "FROM progress_entry WHERE task_id = ?",
            (task_id,),
        ).fetchone()


def test_a_deleted_progress_entry_comes_back_as_it_was(sample_store: Store) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("in_progress", 40, "Đã dự thảo kế hoạch"))
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("in_progress", 60, "Đã trình ký"))
    before = _progress_row(sample_store, tid)
    with sample_store.session() as s:
        audit_id = delete_progress(s, tid, "2025-Q3")
    assert _progress_row(sample_store, tid) is None
    with sample_store.session() as s:
        assert not progress_view(s, tid, "2025-Q3").saved
        (item,) = deleted_items(s)
        assert (item.audit_id, item.kind) == (audit_id, "Tiến độ")
        assert "2025-Q3" in item.summary and "60%" in item.summary
        restored = restore_deleted(s, audit_id, sample_store.data_dir)
    assert restored.task_ids == {tid}
    assert _progress_row(sample_store, tid) == before  # same id, uuid, revision, time and author
    with sample_store.session() as s:
        assert deleted_items(s) == []
        actions = [(r.action, r.restorable) for r in history(s, task_id=tid)]
        assert actions[:2] == [("restore", False), ("delete", False)]
        with pytest.raises(UserError, match="đã được khôi phục rồi"):
            restore_deleted(s, audit_id, sample_store.data_dir)


def test_a_newer_entry_for_the_period_refuses_the_restore_and_changes_nothing(sample_store: Store) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("in_progress", 40))
    with sample_store.session() as s:
        audit_id = delete_progress(s, tid, "2025-Q3")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("done", 100, "Đã ban hành"))
    before = db_snapshot(sample_store.data_dir / "cchc.sqlite3")
    with sample_store.session() as s, pytest.raises(UserError, match="đã có tiến độ mới cho kỳ đó"):
        restore_deleted(s, audit_id, sample_store.data_dir)
    assert db_snapshot(sample_store.data_dir / "cchc.sqlite3") == before


def test_nothing_to_delete_says_so(sample_store: Store) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s, pytest.raises(UserError, match="chưa có tiến độ kỳ 2025-Q3 để xoá"):
        delete_progress(s, tid, "2025-Q3")
    with sample_store.session() as s, pytest.raises(UserError, match="chưa được chấm điểm"):
        delete_score(s, resolve_framework(s), "1.3.1")


def test_a_deleted_score_comes_back_and_its_parents_sum_it_again(sample_store: Store) -> None:
    with sample_store.session() as s:
        set_score(s, resolve_framework(s), "1.3.1", "0,5", "Đã ban hành kế hoạch kiểm tra")
    with sample_store.session() as s:
        fw = resolve_framework(s)
        total = {r.code: r.score for r in score_sheet(s, fw)}["1"]
        audit_id = delete_score(s, fw, "1.3.1")
    with sample_store.session() as s:
        assert {r.code: r.score for r in score_sheet(s, resolve_framework(s))}["1"] != total
        restore_deleted(s, audit_id, sample_store.data_dir)
    with sample_store.session() as s:
        sheet = {r.code: r for r in score_sheet(s, resolve_framework(s))}
        assert (sheet["1.3.1"].score, sheet["1"].score) == (0.5, total)
        assert sheet["1.3.1"].explanation == "Đã ban hành kế hoạch kiểm tra"
    with sample_store.session() as s:
        audit_id = delete_score(s, resolve_framework(s), "1.3.1")
    with sample_store.session() as s:
        set_score(s, resolve_framework(s), "1.3.1", "0,25", "Chấm lại")
    with sample_store.session() as s, pytest.raises(UserError, match="đã được chấm lại sau khi xoá"):
        restore_deleted(s, audit_id, sample_store.data_dir)


def test_an_unlinked_document_is_linked_again_and_a_deleted_one_needs_its_file(
    sample_store: Store, tmp_path: Path
) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    added = add_evidence_file(
        sample_store, _file(tmp_path / "12-BC-UBND.pdf"), EvidenceMeta(number="12/BC-UBND"), task_ids=[tid]
    )
    with sample_store.session() as s:
        (link,) = links_of(s, task_id=tid)
        unlinked = unlink_evidence(s, link.link_id)
    with sample_store.session() as s:
        deleted = delete_evidence(s, added.id)
    with sample_store.session() as s:
        assert [i.audit_id for i in deleted_items(s)] == [deleted, unlinked]
        with pytest.raises(UserError, match="Tài liệu của liên kết này đã bị xoá; hãy khôi phục tài liệu đó trước"):
            restore_deleted(s, unlinked, sample_store.data_dir)
    with sample_store.session() as s:
        restore_deleted(s, deleted, sample_store.data_dir)
    with sample_store.session() as s:
        restore_deleted(s, unlinked, sample_store.data_dir)
    with sample_store.session() as s:
        (row,) = list_evidence(s, task_id=tid)
        assert (row.id, row.number, row.sha256) == (added.id, "12/BC-UBND", added.sha256)
    # Unlinked, deleted and cleaned up: the file is gone, so the document cannot come back.
    with sample_store.session() as s:
        (link,) = links_of(s, task_id=tid)
        unlink_evidence(s, link.link_id)
    with sample_store.session() as s:
        deleted = delete_evidence(s, added.id)
    clean_unused(sample_store, unused_files(sample_store))
    with sample_store.session() as s, pytest.raises(UserError, match="tệp của nó đã bị dọn khỏi kho"):
        restore_deleted(s, deleted, sample_store.data_dir)


def test_a_link_made_again_by_hand_needs_no_restore(sample_store: Store, tmp_path: Path) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    added = add_evidence_file(sample_store, _file(tmp_path / "a.pdf"), EvidenceMeta(), task_ids=[tid])
    with sample_store.session() as s:
        (link,) = links_of(s, task_id=tid)
        unlinked = unlink_evidence(s, link.link_id)
    add_evidence_file(sample_store, _file(tmp_path / "a.pdf"), EvidenceMeta(), task_ids=[tid])
    with sample_store.session() as s, pytest.raises(UserError, match="đã được gắn lại"):
        restore_deleted(s, unlinked, sample_store.data_dir)
    with sample_store.session() as s:
        assert len(links_of(s, task_id=tid)) == 1 and list_evidence(s)[0].id == added.id


def _plan_state(store: Store) -> tuple[object, ...]:
    with store.session() as s:
        tasks = sorted(s.execute(select(Task.id, Task.uuid, Task.code, Task.parent_task_id)).all())
        progress = sorted(s.execute(select(ProgressEntry.uuid, ProgressEntry.task_id, ProgressEntry.percent)).all())
        plans = [(p.id, p.label, p.task_count) for p in list_plan_rows(s)]
        return plans, tasks, progress, sorted((lk.link_id, lk.evidence_id) for lk in links_of(s))


def test_a_deleted_plan_comes_back_with_its_tasks_progress_links_and_history(
    sample_store: Store, tmp_path: Path
) -> None:
    tid = task_id_by_code(sample_store, "PAR_INDEX", "1.3.1")
    with sample_store.session() as s:
        save_progress(s, tid, "2025-Q3", ProgressFields("done", 100, "Đã ban hành"))
    add_evidence_file(sample_store, _file(tmp_path / "kh.pdf"), EvidenceMeta(), task_ids=[tid])
    before = _plan_state(sample_store)
    with sample_store.session() as s:
        (plan_id,) = [p.id for p in list_plan_rows(s)]
        audit_id = delete_plan(s, plan_id)
    with sample_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Task)) == 0
        assert s.scalar(select(ImportRecord.plan_id)) is None
        (item,) = deleted_items(s)
        assert item.kind == "Kế hoạch" and "124 nhiệm vụ" in item.summary
        restored = restore_deleted(s, audit_id, sample_store.data_dir)
    assert len(restored.task_ids) == 124
    assert _plan_state(sample_store) == before
    with sample_store.session() as s:
        assert s.scalar(select(ImportRecord.plan_id)) == plan_id
        actions = [r.action for r in history(s, task_id=tid)]
        assert "create" in actions and "link" in actions  # the task's history still belongs to it


def test_a_plan_imported_again_after_its_deletion_is_not_restored_twice(sample_store: Store, tmp_path: Path) -> None:
    from desktop.core.plan_import import parse_grid, read_workbook
    from desktop.core.plan_import.commit import commit_plan
    from tests.fixtures.workbooks import write_seed002

    with sample_store.session() as s:
        audit_id = delete_plan(s, list_plan_rows(s)[0].id)
    with sample_store.session() as s:
        commit_plan(s, parse_grid(read_workbook(write_seed002(tmp_path / "again.xlsx"))))
    before = db_snapshot(sample_store.data_dir / "cchc.sqlite3")
    with sample_store.session() as s, pytest.raises(UserError, match="đã được nhập lại sau khi xoá"):
        restore_deleted(s, audit_id, sample_store.data_dir)
    assert db_snapshot(sample_store.data_dir / "cchc.sqlite3") == before


def test_a_deletion_before_this_version_kept_nothing_to_restore(tmp_path: Path) -> None:
    """The frozen schema-0006 database gains the snapshot column; its old entries have none, its new ones do."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(FROZEN / "schema-0006.sqlite3", data_dir / "cchc.sqlite3")
    st = open_workspace(data_dir)
    try:
        assert list((data_dir / "backups").glob("*0006*"))
        with st.session() as s:
            old = history(s)[0]
            assert not old.restorable
            with pytest.raises(UserError, match="không có bản lưu để khôi phục"):
                restore_deleted(s, old.id, data_dir)
            fw = resolve_framework(s)
            audit_id = delete_score(s, fw, "1.3.1")
        with st.session() as s:
            assert s.scalar(select(func.count()).select_from(Score)) == 0
            restore_deleted(s, audit_id, data_dir)
        with st.session() as s:
            assert {r.code: r.score for r in score_sheet(s, resolve_framework(s))}["1.3.1"] == 0.5
    finally:
        st.close()
