"""One plan everywhere, as a Sở Nội vụ specialist sees it: the sample opened in the app, a bundle from a commune
that imported the appendix file itself dropped on the window and shown; an amended plan previewed and confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from db.models import Plan
from db.store import Store
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.export import export_bundle
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan
from desktop.core.progress import CancelToken, no_progress
from desktop.core.sample import write_tables
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.tasks import load_task_rows
from desktop.core.workspace import open_workspace
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.dialogs.plan_changes_dialog import PlanChangesDialog
from tests.fixtures.workbooks import amended, numbered, seed002_tables
from tests.ui.conftest import Messages, ModalDriver
from tests.ui.test_main_window import import_sample, ok
from tests.ui.test_received_ui import open_page
from tests.ui.test_reporting_ui import drop_files

TODAY = date(2025, 10, 1)


def commune_from_excel(root: Path) -> Path:
    """A commune that got the appendix as an e-mail attachment and imported it itself, then reported."""
    commune = open_workspace(root / "xa")
    with commune.session() as s:
        set_my_agency(s, "UBND xã Hòa An", "xa", "")
        commit_plan(s, parse_grid(read_workbook(write_tables(seed002_tables(), root / "phu-luc-dinh-kem.xlsx"))))
    with commune.session() as s:
        task = next(r for r in load_task_rows(s, mine=True) if r.code == "1.3.1" and r.framework == "PAR_INDEX")
        save_progress(s, task.id, "2025-Q3", ProgressFields("done", 100, "Đã ban hành kế hoạch"))
    made = export_bundle(commune, "2025-Q3", root / "usb", TODAY, no_progress, CancelToken(), as_zip=True)
    commune.close()
    return made.path


def test_a_bundle_from_a_commune_with_its_own_copy_lands_at_the_so(
    store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    with store.session() as s:
        set_my_agency(s, "Sở Nội vụ", "so", "")
    window = make_window(store)
    import_sample(window, qtbot, modal)  # the Sở opened the sample in the app
    bundle = commune_from_excel(tmp_path)
    page = open_page(window, qtbot)
    drop_files(window, QPoint(60, 60), [bundle])
    qtbot.waitUntil(lambda: any("Tiếp nhận gói báo cáo" in t for _k, t, _x in messages.seen), timeout=30000)
    verdict = messages.titled("Tiếp nhận gói báo cáo")[2]
    assert "Đã tiếp nhận" in verdict and "Từ chối" not in verdict and "chưa có trong kế hoạch" not in verdict
    qtbot.waitUntil(lambda: page.view is not None and page.view.count("submitted") + page.view.count("late") == 1)
    page.search.setText("hoa an")
    assert page.agency_proxy.rowCount() == 1 and page.agency_proxy.index(0, 4).data() == "1"  # 1.3.1 done
    codes = {t.code: t for t in page.view.tasks if t.agency == "UBND xã Hòa An" and t.framework == "PAR_INDEX"}
    assert codes["1.3.1"].done and codes["1.3.1"].field.startswith("1. ") and not codes["1.3.1"].match


def plan_then_its_amendment(store: Store, tmp_path: Path) -> Path:
    """The commune has version 1 (Kế hoạch 145/KH-UBND); the amending plan 210/KH-UBND arrives as a file."""
    original = numbered(seed002_tables())
    with store.session() as s:
        commit_plan(s, parse_grid(read_workbook(write_tables(original, tmp_path / "v1.xlsx"))))
    amendment = numbered(amended(original), "210/KH-UBND", "02/10/2025", amends="145/KH-UBND")
    return write_tables(amendment, tmp_path / "ke-hoach-sua-doi.xlsx")


def test_an_amended_plan_is_previewed_then_becomes_a_new_version(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    path = plan_then_its_amendment(commune_store, tmp_path)
    window = make_window(commune_store)
    seen: list[list[str]] = []

    def confirm(d: PlanChangesDialog) -> None:
        seen.append([d.changes.item(i).text() for i in range(d.changes.count())])
        assert "Phiên bản 2" in d.summary.text()
        qtbot.mouseClick(d.buttons.buttons()[0], Qt.MouseButton.LeftButton)

    def check_then_ok(d: ImportDialog) -> None:
        assert d.meta_form.amends.text() == "145/KH-UBND"  # read from «sửa đổi, bổ sung Kế hoạch số …»
        ok(d)

    modal.on(ImportDialog, check_then_ok)
    modal.on(PlanChangesDialog, confirm)
    drop_files(window, QPoint(60, 60), [path])  # the file dragged from the e-mail onto the window
    qtbot.waitUntil(lambda: any(title == "Đã cập nhật kế hoạch" for _k, title, _t in messages.seen), timeout=30000)
    lines = seen[0]
    assert any(line.startswith("Thêm 1.8:") for line in lines) and any(line.startswith("Bỏ 1.7:") for line in lines)
    assert any(line.startswith("Sửa 1.4 (chủ trì):") and "Văn phòng UBND tỉnh" in line for line in lines)
    with commune_store.session() as s:
        plans = list(s.scalars(select(Plan)))
    assert len(plans) == 1 and plans[0].version == 2


def test_cancelling_the_changes_writes_nothing(
    commune_store: Store, make_window: Any, qtbot: Any, modal: ModalDriver, messages: Messages, tmp_path: Path
) -> None:
    path = plan_then_its_amendment(commune_store, tmp_path)
    window = make_window(commune_store)
    closed: list[bool] = []

    def cancel(d: PlanChangesDialog) -> None:
        d.reject()
        closed.append(True)

    modal.on(ImportDialog, ok)
    modal.on(PlanChangesDialog, cancel)
    drop_files(window, QPoint(60, 60), [path])  # the file dragged from the e-mail onto the window
    qtbot.waitUntil(lambda: bool(closed) and not window.ops.busy, timeout=30000)
    with commune_store.session() as s:
        assert s.scalars(select(Plan.version)).one() == 1
    assert not any(title == "Đã cập nhật kế hoạch" for _k, title, _t in messages.seen)
