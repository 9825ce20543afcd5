"""The focal point's picture of a period across bundles: completion by index and lĩnh vực, overdue tasks, gaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.store import Store
from desktop.core.bundle.export import export_bundle
from desktop.core.bundle.kept import viewable
from desktop.core.bundle.overview import KIND_FIELD, KIND_INDEX, agency_detail, overview
from desktop.core.bundle.receive import import_bundle
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file
from desktop.core.progress import CancelToken, no_progress
from desktop.core.scoring import resolve_framework, set_score
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from tests.unit.test_evidence import make_file
from tests.unit.test_receive import make_commune

TODAY = date(2025, 10, 1)


def commune_reports(commune: Store, tmp_path: Path) -> tuple[str, str]:
    """1.3.1 done with a file; another task past its due date still in progress; 1.1 scored with no evidence."""
    with commune.session() as s:
        rows = load_task_rows(s, mine=True)
    proven = next(r for r in rows if r.code == "1.3.1" and r.framework == "PAR_INDEX")
    late = next(r for r in rows if r.due_date is not None and r.due_date < TODAY and r.id != proven.id)
    f = make_file(tmp_path / "kh-cchc.pdf")
    add_evidence_file(commune, f, EvidenceMeta(number="12/KH-UBND", summary="Kế hoạch CCHC"), task_ids=[proven.id])
    with commune.session() as s:
        save_progress(s, proven.id, "2025-Q3", ProgressFields("done", 100, "Đã ban hành kế hoạch"))
        save_progress(s, late.id, "2025-Q3", ProgressFields("in_progress", 30, "Đang làm"))
        fw = resolve_framework(s, "PAR_INDEX", 2025)
        set_score(s, fw, "1.3.1", "0,75")
        set_score(s, fw, "1.1", "1", explanation="Có kế hoạch, chưa lưu bản giấy")
    return proven.code, late.code


def test_overview_by_index_and_field_with_overdue_tasks_and_unproven_criteria(
    sample_store: Store, tmp_path: Path
) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    proven, late = commune_reports(commune, tmp_path)
    made = export_bundle(commune, "2025-Q3", tmp_path / "usb", TODAY, no_progress, CancelToken(), as_zip=True)
    outcome = import_bundle(sample_store, made.path)
    assert outcome.status == "accepted"

    with sample_store.session() as s:
        view = overview(s, sample_store.data_dir, "2025-Q3", TODAY)
    assert view.count("submitted") + view.count("late") == 1 and view.count("missing") >= 1
    assert not view.unreadable
    par = next(g for g in view.groups_of(KIND_INDEX) if g.label == "Chỉ số PAR INDEX")
    assert (
        par.agencies == 1
        and par.done == 1
        and par.with_evidence == 1
        and par.tasks == len([t for t in view.tasks if t.framework == "PAR_INDEX"])
    )
    fields = view.groups_of(KIND_FIELD)
    assert fields and all(g.label.startswith("Chỉ số ") and " — " in g.label for g in fields)
    first_field = next(g for g in fields if g.label.startswith("Chỉ số PAR INDEX — 1. "))
    assert first_field.done == 1  # 1.3.1 sits in lĩnh vực 1 of the focal point's own plan
    assert sum(g.tasks for g in fields if g.label.startswith("Chỉ số PAR INDEX")) == par.tasks

    assert [(t.agency, t.code) for t in view.overdue if t.code == late] == [("UBND xã Tân Tiến", late)]
    assert all(t.overdue and not t.done for t in view.overdue)
    assert proven not in {t.code for t in view.without_evidence}
    assert len(view.without_evidence) == len(view.tasks) - 1
    gaps = [(c.agency, c.code, c.score) for c in view.criteria_without_evidence]
    assert gaps == [("UBND xã Tân Tiến", "1.1", 1.0)]  # 1.3.1 is proven through its task's file
    assert view.criteria_without_evidence[0].name  # named from the focal point's catalog

    with sample_store.session() as s:
        detail = agency_detail(s, sample_store.data_dir, outcome.bundle_uuid, TODAY)
    assert detail.agency == "UBND xã Tân Tiến" and detail.received is not None
    done = next(t for t in detail.tasks if t.code == proven)
    assert done.status == "done" and done.result == "Đã ban hành kế hoạch" and done.evidence == 1
    [ev] = detail.evidence
    assert ev.number == "12/KH-UBND" and ev.linked_to == proven and ev.ref.startswith("TL")
    assert detail.bundle.name == f"{outcome.bundle_uuid}.zip" and detail.bundle.is_file()  # kept whole
    opened = viewable(detail.bundle, ev.path, tmp_path / "xem")  # extracted to be opened
    assert opened.read_bytes() == (tmp_path / "kh-cchc.pdf").read_bytes()
    assert viewable(detail.bundle, ev.path, tmp_path / "xem") == opened and not list(opened.parent.glob(".*"))
    assert {Path(name).suffix for name in detail.report_files} == {".pdf", ".xlsx"}


def _received(sample_store: Store, tmp_path: Path) -> str:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    _proven, late = commune_reports(commune, tmp_path)
    with commune.session() as s:  # difficulties and proposals, which the receipt keeps since schema 0009
        late_id = next(r.id for r in load_task_rows(s, mine=True) if r.code == late)
        fields = ProgressFields("in_progress", 30, "Đang làm", "", "Thiếu người", "Tập huấn")
        save_progress(s, late_id, "2025-Q3", fields)
    # A folder bundle is kept as a folder, as every bundle was before schema 0009.
    made = export_bundle(commune, "2025-Q3", tmp_path / "usb", TODAY, no_progress, CancelToken(), as_zip=False)
    return import_bundle(sample_store, made.path).bundle_uuid


def _as_received_before_0009(store: Store, bundle_uuid: str) -> None:
    """The row as a release before schema 0009 kept it: no gaps, task entries without the report's texts."""
    from sqlalchemy import select

    from db.models import Submission

    with store.session(write=True) as s:
        sub = s.scalars(select(Submission).where(Submission.bundle_uuid == bundle_uuid)).one()
        sub.criterion_gaps = None
        texts = ("result", "difficulties", "proposals")
        sub.tasks = [{k: v for k, v in t.items() if k not in texts} for t in sub.tasks]


def test_the_report_reads_the_receipt_and_says_what_the_manifest_says(sample_store: Store, tmp_path: Path) -> None:
    bundle_uuid = _received(sample_store, tmp_path)
    manifest = sample_store.data_dir / "inbox" / bundle_uuid / "manifest.json"
    kept = manifest.read_bytes()
    manifest.write_text("{broken", encoding="utf-8")  # the receipt holds the report: the manifest is not read
    with sample_store.session() as s:
        from_receipt = overview(s, sample_store.data_dir, "2025-Q3", TODAY)
    assert not from_receipt.unreadable
    assert [(t.code, t.difficulties, t.proposals) for t in from_receipt.raised] == [
        (next(t.code for t in from_receipt.overdue), "Thiếu người", "Tập huấn")
    ]
    assert [(c.code, c.score) for c in from_receipt.criteria_without_evidence] == [("1.1", 1.0)]

    manifest.write_bytes(kept)
    _as_received_before_0009(sample_store, bundle_uuid)
    with sample_store.session() as s:
        from_manifest = overview(s, sample_store.data_dir, "2025-Q3", TODAY)
    assert from_manifest.tasks == from_receipt.tasks  # every field of every task, as the manifest has it
    assert from_manifest.criteria_without_evidence == from_receipt.criteria_without_evidence
    assert from_manifest.groups == from_receipt.groups


def test_a_manifest_lost_from_the_inbox_falls_back_on_the_receipt(sample_store: Store, tmp_path: Path) -> None:
    """A bundle received before the receipt held the report, whose kept manifest is then lost."""
    bundle_uuid = _received(sample_store, tmp_path)
    _as_received_before_0009(sample_store, bundle_uuid)
    (sample_store.data_dir / "inbox" / bundle_uuid / "manifest.json").write_text("{broken", encoding="utf-8")
    with sample_store.session() as s:
        view = overview(s, sample_store.data_dir, "2025-Q3", TODAY)
    assert view.unreadable == ["UBND xã Tân Tiến"]
    assert sum(t.done for t in view.tasks) == 1  # status and evidence counts kept in the database
    assert view.criteria_without_evidence == []


def test_the_frozen_schema_0008_focal_point_keeps_its_submission_and_reports_on_it(tmp_path: Path) -> None:
    """Schema 0008 (tests/data/README.md): a Sở that received one commune's bundle. The upgrade adds the receipt's
    report column, empty for that bundle, whose report is then read as before (its inbox was not frozen)."""
    import shutil

    from desktop.core.workspace import open_workspace

    data_dir = tmp_path / "so"
    data_dir.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "schema-0008.sqlite3", data_dir / "cchc.sqlite3")
    store = open_workspace(data_dir)
    with store.session() as s:
        view = overview(s, store.data_dir, "2025-Q3", TODAY)
    assert view.unreadable == ["UBND xã Tân Tiến"]
    assert len(view.tasks) == 112 and sum(t.done for t in view.tasks) == 1
    assert [backup.name for backup in (data_dir / "backups").iterdir() if "0008" in backup.name]  # backed up first
