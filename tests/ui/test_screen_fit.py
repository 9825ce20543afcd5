"""The app on the screens communes really have: a 1366×768 laptop, and a 1920×1080 screen at 150 % (1280×720
logical pixels), both given to the offscreen platform (tests/data/screens.json). Every page, then every dialog
opened the way a user opens it, must fit the screen's free area: nothing lies outside its window, the window
never grows past the screen, and the task table keeps its essential columns in view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QFileDialog, QTableView, QWidget

from db.enums import IndexLevel
from db.store import Store
from desktop.core.bundle.receive import import_bundle
from desktop.core.province_index.run import import_index_file
from desktop.core.tasks import load_task_rows
from desktop.ui.actions.registry import ActionId
from desktop.ui.main_window import MainWindow, Page
from desktop.ui.screen_fit import free_area_of
from desktop.ui.task_model import COL_CODE, COL_CONTENT, COL_DEADLINE, COL_STATUS
from tests.fixtures.province_index import write_xlsx as write_index_xlsx
from tests.fixtures.workbooks import write_seed002
from tests.ui.conftest import Messages, ModalDriver, menu_action, settle
from tests.unit.test_receive import make_commune, report

SCREENS = ("laptop-1366", "fullhd-150")


def _screen(name: str) -> Any:
    return next(s for s in QApplication.screens() if s.name() == name)


def outside(top: QWidget) -> list[str]:
    """Visible widgets of `top` that do not lie inside it (a scroll area's content may: it scrolls)."""
    bad = []
    inside = top.rect()
    for child in top.findChildren(QWidget):
        if not child.isVisibleTo(top) or child.isWindow():
            continue
        parent, scrolled = child.parentWidget(), False
        while parent is not None and parent is not top:
            scrolled = scrolled or isinstance(parent, QAbstractScrollArea)
            parent = parent.parentWidget()
        if scrolled:
            continue
        box = QRect(child.mapTo(top, QPoint(0, 0)), child.size())
        if not inside.contains(box.adjusted(1, 1, -1, -1)):
            bad.append(f"{type(child).__name__} {child.objectName()} {box.getRect()}")
    return bad


def place(window: QWidget, screen_name: str) -> tuple[int, int]:
    """The window maximised on that screen's free area, as a user on that laptop has it."""
    screen = _screen(screen_name)
    window.setScreen(screen)
    x, y, width, height = free_area_of(window)
    window.move(x, y)
    window.resize(width, height)
    return width, height


def fits(window: QWidget, size: tuple[int, int]) -> None:
    assert window.width() <= size[0] and window.height() <= size[1], (window.size(), size)
    assert not outside(window), outside(window)[:5]


@pytest.fixture
def focal(sample_store: Store, tmp_path: Path) -> Store:
    """A focal point that has received one commune's bundle: every page and dialog has something to show."""
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    assert import_bundle(sample_store, report(commune, tmp_path / "usb", 100)).status == "accepted"
    import_index_file(sample_store, write_index_xlsx(tmp_path / "bo-chi-so.xlsx"), IndexLevel.COMMUNE, 2025)
    return sample_store


@pytest.mark.parametrize("screen_name", SCREENS)
def test_every_page_fits_and_the_task_table_keeps_its_essential_columns(
    screen_name: str, focal: Store, make_window: Any, qtbot: Any
) -> None:
    window: MainWindow = make_window(focal)
    size = place(window, screen_name)
    for page in Page:
        window.show_page(page)
        settle(window, qtbot)
        QApplication.processEvents()
        fits(window, size)
        for table in window.page(page).findChildren(QTableView):
            if table.isVisibleTo(window):  # every shown column in view, no sideways scrolling
                assert table.horizontalScrollBar().maximum() == 0, (page, table.objectName())
    window.show_page(Page.TASKS)
    table = window.tasks_page.table
    for column in (COL_CODE, COL_CONTENT, COL_DEADLINE, COL_STATUS):
        assert not table.isColumnHidden(column)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0 and right <= table.viewport().width() + 1, column
    search = window.tasks_page.search
    assert search.width() >= 250  # the search box takes the free width


def _dialogs(window: MainWindow, focal: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each dialog with the user's way of opening it."""
    from desktop.ui.dialogs.agency_detail_dialog import AgencyDetailDialog
    from desktop.ui.dialogs.agency_dialog import AgencyDialog
    from desktop.ui.dialogs.appraisal_dialog import AppraisalDialog
    from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
    from desktop.ui.dialogs.cascade_dialog import CascadeDialog
    from desktop.ui.dialogs.consolidated_dialog import ConsolidatedDialog
    from desktop.ui.dialogs.deleted_dialog import DeletedDialog
    from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
    from desktop.ui.dialogs.help_dialog import HelpDialog
    from desktop.ui.dialogs.history_dialog import HistoryDialog
    from desktop.ui.dialogs.import_dialog import ImportDialog
    from desktop.ui.dialogs.index_import_dialog import IndexImportDialog
    from desktop.ui.dialogs.index_notes_dialog import IndexNotesDialog
    from desktop.ui.dialogs.matching_dialog import MatchingDialog
    from desktop.ui.dialogs.periods_dialog import PeriodsDialog
    from desktop.ui.dialogs.plan_dialog import PlanDialog
    from desktop.ui.dialogs.print_preview_dialog import PrintPreviewDialog
    from desktop.ui.dialogs.progress_dialog import ProgressDialog
    from desktop.ui.dialogs.register_dialog import RegisterDialog
    from desktop.ui.dialogs.signing_dialog import SigningDialog
    from desktop.ui.dialogs.task_dialog import TaskDialog

    with focal.session() as s:
        task = next(r for r in load_task_rows(s, mine=True) if r.code == "1.3.1")
    bundle_uuid = window.state.store and _bundle_uuid(focal)
    workbook = write_seed002(tmp_path / "phu-luc.xlsx")
    scan = tmp_path / "Biên bản kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 " + b"x" * 100)
    trigger = window.registry.trigger

    def menu(title: str, text: str) -> Any:
        return lambda: menu_action(window, title, text).trigger()

    def consolidated() -> None:
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "tong-hop.pdf"), "PDF (*.pdf)")
        )
        trigger(ActionId.CONSOLIDATED_REPORT, "2025-Q3")

    def import_plan() -> None:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(workbook), ""))
        menu("Tệp", "Nhập kế hoạch từ Excel…")()

    return [
        (AgencyDialog, menu("Cơ quan", "Cơ quan của tôi…")),
        (MatchingDialog, menu("Cơ quan", "Đối chiếu tên cơ quan trong kế hoạch…")),
        (RegisterDialog, menu("Cơ quan", "Danh sách đơn vị phải báo cáo…")),
        (PeriodsDialog, menu("Báo cáo", "Kỳ báo cáo…")),
        (ExportBundleDialog, menu("Báo cáo", "Xuất gói báo cáo…")),
        (ConsolidatedDialog, consolidated),
        (PlanDialog, menu("Tệp", "Tạo kế hoạch…")),
        (ImportDialog, import_plan),
        (TaskDialog, lambda: trigger(ActionId.EDIT_TASK, task.id)),
        (ProgressDialog, lambda: trigger(ActionId.EDIT_PROGRESS, task.id)),
        (EvidenceDialog, lambda: trigger(ActionId.ADD_TASK_EVIDENCE, task.id, [scan])),
        (HistoryDialog, lambda: trigger(ActionId.TASK_HISTORY, task.id)),
        (CascadeDialog, lambda: trigger(ActionId.CASCADE_PLAN, task.plan_id)),
        (AgencyDetailDialog, lambda: trigger(ActionId.SHOW_AGENCY, bundle_uuid)),
        (AppraisalDialog, lambda: trigger(ActionId.APPRAISE, "UBND xã Tân Tiến", "2025-Q3")),
        (PrintPreviewDialog, menu("Báo cáo", "In báo cáo…")),
        (HelpDialog, menu("Trợ giúp", "Hướng dẫn sử dụng")),
        (DeletedDialog, menu("Sửa", "Mục đã xoá…")),
        (SigningDialog, menu("Báo cáo", "Chữ ký số…")),
        (IndexImportDialog, menu("Tệp", "Nhập Bộ Chỉ số CCHC của tỉnh…")),
        (IndexNotesDialog, lambda: trigger(ActionId.INDEX_NOTES, "CCHC_XA", 2025)),
    ]


def _bundle_uuid(store: Store) -> str:
    from desktop.core.bundle.submissions import submissions

    with store.session() as s:
        return next(r.bundle_uuid for r in submissions(s, "2025-Q3") if r.agency == "UBND xã Tân Tiến")


@pytest.mark.parametrize("screen_name", SCREENS)
def test_every_dialog_fits_the_screen_it_opens_on(
    screen_name: str,
    focal: Store,
    make_window: Any,
    qtbot: Any,
    modal: ModalDriver,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window: MainWindow = make_window(focal)
    place(window, screen_name)
    free = _screen(screen_name).availableGeometry()
    for kind, open_it in _dialogs(window, focal, tmp_path, monkeypatch):
        seen: list[str] = []

        def check(d: QDialog, kind: Any = kind, seen: list[str] = seen) -> None:
            # As the user first sees it: shown and active (dialogs are fitted when they become active).
            qtbot.waitUntil(lambda: QApplication.activeWindow() is d, timeout=5000)
            QApplication.processEvents()
            hint = d.minimumSizeHint()
            problems = []
            if hint.width() > free.width() or hint.height() > free.height() - 32:
                problems.append(f"needs {hint.width()}×{hint.height()}")
            if not free.contains(d.frameGeometry().adjusted(1, 1, -1, -1)) and not free.contains(d.geometry()):
                problems.append(f"lies at {d.geometry().getRect()} outside {free.getRect()}")
            problems += outside(d)[:3]
            seen.append(f"{kind.__name__}: {'; '.join(problems)}" if problems else "")
            d.reject()

        modal.on(kind, check)
        open_it()

        def opened(kind: Any = kind, seen: list[str] = seen) -> bool:
            if not seen:  # a window that is not modal (one agency's report) is looked at where it is
                for w in QApplication.topLevelWidgets():
                    if isinstance(w, kind) and w.isVisible() and not w.isModal():
                        check(w)
            return bool(seen)

        try:
            qtbot.waitUntil(opened, timeout=40000)
        except Exception:
            raise AssertionError(f"{kind.__name__} did not open; messages: {messages.seen}") from None
        settle(window, qtbot)
        assert seen == [""], seen
