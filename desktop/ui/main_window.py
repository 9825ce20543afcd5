"""The main window: navigation between the pages, menus built from the action registry, the status bar.

The window is built and shown before the database layer is imported: `open_data_dir` opens the data
directory off the UI thread and `attach` binds the action handlers once it is open. This module therefore
imports nothing that loads SQLAlchemy. It owns the pages and connects their requests to actions by id; the
pages themselves observe the application state.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from desktop import __version__
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.reports.kinds import PrintKind
from desktop.ui.actions.registry import UNDO_TEXT, ActionContext, ActionId, HandlerTable, Registry
from desktop.ui.ops import OpRunner, error_message
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.pages.plans_page import PlansPage
from desktop.ui.screen_fit import fit_dialogs_to_screen, free_area_of
from desktop.ui.state import AppState, Change, Changes, TaskView

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent

    from db.store import Store
    from desktop.ui.dialogs.help_dialog import HelpDialog
    from desktop.ui.pages.catalog_page import CatalogPage
    from desktop.ui.pages.dashboard_page import DashboardPage
    from desktop.ui.pages.evidence_page import EvidencePage
    from desktop.ui.pages.ranking_page import RankingPage
    from desktop.ui.pages.received_page import ReceivedPage
    from desktop.ui.pages.scoring_page import ScoringPage
    from desktop.ui.pages.tasks_page import TasksPage


class Page(IntEnum):
    """The navigation list, in order."""

    PLANS = 0
    TASKS = 1
    DASHBOARD = 2
    EVIDENCE = 3
    SCORING = 4
    RECEIVED = 5
    RANKING = 6
    CATALOG = 7


# The guide's page for each page of the window (F1).
HELP_TOPICS = {
    Page.PLANS: "nhap-ke-hoach",
    Page.TASKS: "ghi-tien-do",
    Page.DASHBOARD: "ghi-tien-do",
    Page.EVIDENCE: "them-tai-lieu",
    Page.SCORING: "tu-cham-diem",
    Page.RECEIVED: "tiep-nhan",
    Page.RANKING: "bo-chi-so-tinh",
    Page.CATALOG: "bo-chi-so-tinh",
}
NAV = {
    Page.PLANS: "Kế hoạch",
    Page.TASKS: "Việc của tôi",
    Page.DASHBOARD: "Tổng quan",
    Page.EVIDENCE: "Tài liệu kiểm chứng",
    Page.SCORING: "Tự chấm điểm",
    Page.RECEIVED: "Tiếp nhận báo cáo",
    Page.RANKING: "Xếp hạng",
    Page.CATALOG: "Chỉ số",
}


class MainWindow(QMainWindow):
    def __init__(self, store: Store | None = None, today: date | None = None, portable: bool = False) -> None:
        super().__init__()
        self.ops = OpRunner(self)
        self.state = AppState(self.ops, today)
        self._started = False  # the start page is chosen once, when the data directory has loaded
        self._help: HelpDialog | None = None
        fit_dialogs_to_screen()
        self.registry = Registry(self.state, self)
        self.registry.bind([self._window_handlers()])
        self.setWindowTitle("CCHC — Theo dõi nhiệm vụ cải cách hành chính" + (" (chế độ di động)" if portable else ""))
        self._size_to_screen()
        self.setAcceptDrops(True)

        self.nav = QListWidget()
        self.nav.addItems(list(NAV.values()))
        self.nav.setFixedWidth(150)
        self.plans_page = PlansPage(self.state)
        self._pages: dict[Page, QWidget] = {Page.PLANS: self.plans_page}
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plans_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(lambda row: self.show_page(Page(row)))

        self.agency_label = QLabel(self.state.agency_text)
        self.data_label = QLabel()
        self.statusBar().addWidget(self.agency_label, 1)
        self.statusBar().addPermanentWidget(self.data_label)
        self.state.changed.connect(self._state_changed)
        self.state.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.state.tasks_requested.connect(self._show_tasks)

        self.registry.build_menus(self.menuBar())
        self.state.undo_changed.connect(self._undo_changed)  # the entry's first state: with the shortcuts
        slot = self.registry.slot
        pp = self.plans_page
        pp.import_requested.connect(slot(ActionId.IMPORT_PLAN))
        pp.sample_requested.connect(slot(ActionId.OPEN_SAMPLE))
        pp.files_dropped.connect(slot(ActionId.IMPORT_FILES))
        pp.new_requested.connect(slot(ActionId.NEW_PLAN))
        pp.edit_requested.connect(slot(ActionId.EDIT_PLAN))
        pp.delete_requested.connect(slot(ActionId.DELETE_PLAN))
        pp.cascade_requested.connect(slot(ActionId.CASCADE_PLAN))
        pp.open_tasks_requested.connect(self.show_plan_tasks)
        self.nav.setCurrentRow(Page.PLANS)
        if store is not None:
            self.attach(store)

    @property
    def store(self) -> Store | None:
        return self.state.store

    # -- pages, built when first needed: fewer imports before the window shows
    def page(self, which: Page) -> QWidget:
        if which not in self._pages:
            widget = self._build_page(which)
            self.pages.addWidget(widget)
            self._pages[which] = widget
            if isinstance(widget, ObserverPage):
                widget.catch_up()
        return self._pages[which]

    def _build_page(self, which: Page) -> QWidget:
        slot, state = self.registry.slot, self.state
        if which == Page.TASKS:
            from desktop.ui.pages.tasks_page import TasksPage

            tasks = TasksPage(state)
            tasks.edit_requested.connect(slot(ActionId.EDIT_TASK))
            tasks.add_requested.connect(slot(ActionId.ADD_TASK))
            tasks.progress_requested.connect(slot(ActionId.EDIT_PROGRESS))
            tasks.delete_progress_requested.connect(slot(ActionId.DELETE_PROGRESS))
            tasks.evidence_requested.connect(slot(ActionId.ADD_TASK_EVIDENCE))
            tasks.open_evidence_requested.connect(slot(ActionId.OPEN_EVIDENCE))
            tasks.unlink_requested.connect(slot(ActionId.UNLINK_EVIDENCE))
            tasks.history_requested.connect(slot(ActionId.TASK_HISTORY))
            tasks.strip.received_requested.connect(lambda: self.show_page(Page.RECEIVED))
            return tasks
        if which == Page.DASHBOARD:
            from desktop.ui.pages.dashboard_page import DashboardPage

            return DashboardPage(state)
        if which == Page.EVIDENCE:
            from desktop.ui.pages.evidence_page import EvidencePage

            evidence = EvidencePage(state)
            evidence.add_requested.connect(slot(ActionId.ADD_EVIDENCE))
            evidence.edit_requested.connect(slot(ActionId.EDIT_EVIDENCE))
            evidence.open_requested.connect(slot(ActionId.OPEN_EVIDENCE))
            evidence.delete_requested.connect(slot(ActionId.DELETE_EVIDENCE))
            evidence.cleanup_requested.connect(slot(ActionId.CLEAN_FILES))
            return evidence
        if which == Page.SCORING:
            from desktop.ui.pages.scoring_page import ScoringPage

            scoring = ScoringPage(state)
            scoring.save_requested.connect(slot(ActionId.SAVE_SCORE))
            scoring.evidence_requested.connect(slot(ActionId.CRITERION_EVIDENCE))
            scoring.target_requested.connect(slot(ActionId.EDIT_TARGET))
            scoring.delete_requested.connect(slot(ActionId.DELETE_SCORE))
            scoring.notes_requested.connect(slot(ActionId.INDEX_NOTES))
            return scoring
        if which == Page.RECEIVED:
            from desktop.ui.pages.received_page import ReceivedPage

            received = ReceivedPage(state)
            received.agency_requested.connect(slot(ActionId.SHOW_AGENCY))
            received.export_plan_requested.connect(slot(ActionId.EXPORT_PACKAGE))
            received.receive_requested.connect(slot(ActionId.RECEIVE_BUNDLES))
            received.report_requested.connect(slot(ActionId.CONSOLIDATED_REPORT))
            received.remind_requested.connect(slot(ActionId.REMIND))
            received.appraise_requested.connect(slot(ActionId.APPRAISE))
            return received
        if which == Page.RANKING:
            from desktop.ui.pages.ranking_page import RankingPage

            ranking = RankingPage(state)
            ranking.survey_requested.connect(slot(ActionId.IMPORT_SURVEY))
            ranking.classes_requested.connect(slot(ActionId.EDIT_CLASSES))
            ranking.export_requested.connect(slot(ActionId.EXPORT_RANKING))
            return ranking
        from desktop.ui.pages.catalog_page import CatalogPage

        catalog = CatalogPage()
        catalog.set_catalog(state.catalog)
        catalog.import_requested.connect(slot(ActionId.IMPORT_INDEX))
        catalog.package_requested.connect(slot(ActionId.IMPORT_INDEX_PACKAGE))
        catalog.send_requested.connect(slot(ActionId.EXPORT_INDEX_PACKAGE))
        return catalog

    @property
    def tasks_page(self) -> TasksPage:
        return self.page(Page.TASKS)  # type: ignore[return-value]

    @property
    def dashboard_page(self) -> DashboardPage:
        return self.page(Page.DASHBOARD)  # type: ignore[return-value]

    @property
    def evidence_page(self) -> EvidencePage:
        return self.page(Page.EVIDENCE)  # type: ignore[return-value]

    @property
    def scoring_page(self) -> ScoringPage:
        return self.page(Page.SCORING)  # type: ignore[return-value]

    @property
    def received_page(self) -> ReceivedPage:
        return self.page(Page.RECEIVED)  # type: ignore[return-value]

    @property
    def ranking_page(self) -> RankingPage:
        return self.page(Page.RANKING)  # type: ignore[return-value]

    @property
    def catalog_page(self) -> CatalogPage:
        return self.page(Page.CATALOG)  # type: ignore[return-value]

    def show_page(self, which: Page) -> None:
        self.pages.setCurrentWidget(self.page(which))
        if self.nav.currentRow() != which:
            self.nav.setCurrentRow(which)

    def show_plan_tasks(self, plan_id: int) -> None:
        self._show_tasks(TaskView(role="all", plan_id=plan_id))

    def _show_tasks(self, view: TaskView) -> None:
        self.show_page(Page.TASKS)
        self.tasks_page.show_view(view)

    def _size_to_screen(self) -> None:
        """1360×820 where there is room; on a 1366×768 laptop (or 1920×1080 at 150 %) the screen's free area."""
        _x, _y, width, height = free_area_of(self)
        self.resize(min(1360, width), min(820, height))

    def _start_page(self) -> Page:
        """Where the user left off; the first time, «Việc của tôi» once there is a plan to work on."""
        remembered = {p.name.lower(): p for p in Page}.get(self.state.prefs.page)
        if remembered is not None:
            return remembered
        return Page.TASKS if self.state.plans else Page.PLANS

    def _bind_keys(self) -> None:
        """The menus' shortcuts, once the window has shown; the «Hoàn tác» entry they make gets its first state."""
        self.registry.bind_shortcuts()
        self._undo_changed()

    def _undo_changed(self) -> None:
        """«Hoàn tác: xoá tiến độ nhiệm vụ 1.3.1 …» names the deletion Ctrl+Z undoes; greyed when there is none."""
        action = self.registry.action(ActionId.UNDO)
        steps = self.state.undo_steps
        action.setEnabled(bool(steps))
        what = steps[-1].what if steps else ""
        action.setText(f"{UNDO_TEXT}: {what[:60]}{'…' if len(what) > 60 else ''}" if steps else UNDO_TEXT)

    def _state_changed(self, changes: Changes) -> None:
        if changes.touches(Change.STORE) and self.state.loaded and not self._started:
            self._started = True
            self.show_page(self._start_page())
        self.agency_label.setText(self.state.agency_text)
        if changes.touches(Change.STORE | Change.INDICES) and Page.CATALOG in self._pages:
            self.catalog_page.set_catalog(self.state.catalog)

    # -- actions the window itself answers
    def _window_handlers(self) -> HandlerTable:
        table = HandlerTable()
        table.handles(ActionId.QUIT)(lambda _ctx: self._quit())
        table.handles(ActionId.ABOUT)(lambda _ctx: self._about())
        table.handles(ActionId.HELP)(lambda _ctx: self.show_help())
        table.handles(ActionId.PRINT)(lambda _ctx: self.registry.trigger(ActionId.PRINT_REPORT, self._print_kind()))
        return table

    def show_help(self, topic: str = "") -> None:
        """F1: the guide at the page that explains the page in front of the user; one guide window, raised."""
        from desktop.core.guide import topics
        from desktop.ui.dialogs.help_dialog import HelpDialog

        chosen = topic or HELP_TOPICS[Page(self.nav.currentRow())]
        if self._help is None:
            self._help = HelpDialog(topics(), chosen, self)
        else:
            self._help.show_topic(chosen)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()

    def _print_kind(self) -> PrintKind:
        """Ctrl+P prints the report of the page in front of the user: the consolidated one where bundles are
        received, the agency's own everywhere else."""
        received = self._pages.get(Page.RECEIVED)
        showing = received is not None and self.pages.currentWidget() is received
        return PrintKind.CONSOLIDATED if showing else PrintKind.REPORT

    def _quit(self) -> None:
        self.close()

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # here: not loaded before the window shows

        where = str(self.store.data_dir) if self.store else "chưa mở"
        QMessageBox.about(
            self,
            "Giới thiệu",
            f"<b>CCHC</b> {__version__}<br>Theo dõi nhiệm vụ cải thiện các Chỉ số PAR INDEX, SIPAS, PAPI.<br>"
            f"Thư mục dữ liệu: {where}",
        )

    # -- opening the data directory
    def open_data_dir(
        self, data_dir: Path, on_ready: Callable[[], None] | None = None, on_error: Callable[[str], None] | None = None
    ) -> None:
        """Open (create, migrate) the data directory off the UI thread, then attach it."""
        # Qt's own extension modules are loaded here, on the UI thread: loaded by the worker's imports below they
        # raced the UI thread's event processing and crashed now and then (segfault under load). So is the Qt
        # namespace's enums, which no widget needed before the window showed.
        import PySide6.QtPrintSupport  # noqa: F401

        self._bind_keys()  # also creates the Qt namespace's enums here, on this thread

        def work(progress: ProgressFn, _cancel: CancelToken) -> Store:
            progress(0, 0, "Đang mở dữ liệu…")
            from desktop.core.workspace import open_workspace

            store = open_workspace(data_dir)
            import desktop.ui.actions.all  # noqa: F401  (the handlers: imported here, not on the UI thread)

            return store

        def opened(store: Store) -> None:
            self.attach(store)
            if on_ready is not None:
                on_ready()

        def failed(exc: BaseException) -> None:
            self.agency_label.setText("Không mở được dữ liệu.")
            if on_error is not None:
                on_error(error_message(exc))

        self.ops.run("Đang mở dữ liệu", work, opened, on_failure=failed, queue=True)

    def attach(self, store: Store) -> None:
        # These load the database layer; the window is already up.
        from desktop.ui.actions import all as actions

        self._bind_keys()  # a window given its store directly (tests) never opened a directory

        restore = HandlerTable()
        restore.handles(ActionId.RESTORE)(
            lambda ctx, path=None: actions.restore_from(ctx, self.detach, self.open_data_dir, path)
        )
        self.registry.bind([*actions.HANDLER_TABLES, restore])
        self.data_label.setText(f"Dữ liệu: {store.data_dir}")
        self.state.attach(store)
        actions.check_at_startup(self.registry.context)
        actions.notice_at_startup(self.registry.context)

    def detach(self) -> None:
        """Close the data directory (before a restore); the pages keep showing until reattached."""
        self.registry.unbind_data_actions(keep=(ActionId.QUIT, ActionId.ABOUT, ActionId.HELP))
        self.state.detach()

    @property
    def context(self) -> ActionContext:
        return self.registry.context

    # -- first launch and drops on the whole window
    def ensure_profile(self) -> None:
        self.registry.trigger(ActionId.MY_AGENCY, True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Files dropped anywhere: report bundles are received, a plan or index package imported, the rest are
        plans."""
        from desktop.core.appraisal.package import SUFFIX as APPRAISAL_SUFFIX
        from desktop.core.bundle.layout import looks_like_bundle
        from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
        from desktop.core.province_index.package import SUFFIX as INDEX_SUFFIX
        from desktop.ui.file_drop import dropped_files

        paths = dropped_files(event)
        bundles = [p for p in paths if looks_like_bundle(p)]
        packages = [p for p in paths if p.suffix.lower() == PLAN_SUFFIX]
        appraisals = [p for p in paths if p.suffix.lower() == APPRAISAL_SUFFIX]
        indices = [p for p in paths if p.suffix.lower() == INDEX_SUFFIX]
        if indices and self.store is not None:
            event.acceptProposedAction()
            self.registry.trigger(ActionId.IMPORT_INDEX_PACKAGE, indices[0])
        elif bundles and self.store is not None:
            event.acceptProposedAction()
            self.registry.trigger(ActionId.RECEIVE_BUNDLES, bundles)
        elif appraisals and self.store is not None:
            event.acceptProposedAction()
            self.registry.trigger(ActionId.IMPORT_APPRAISAL, appraisals[0])
        elif packages and self.store is not None:
            event.acceptProposedAction()
            self.registry.trigger(ActionId.IMPORT_PACKAGE, packages[0])
        else:
            self.plans_page.dropEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.ops.busy:
            from PySide6.QtWidgets import QMessageBox

            self.ops.cancel()
            QMessageBox.information(self, "Đang bận", "Đang huỷ thao tác đang chạy; hãy đóng lại sau giây lát.")
            event.ignore()
            return
        if self.store is not None:
            from desktop.ui.actions.all import backup_on_close

            self.state.save_preferences(Page(self.nav.currentRow()).name.lower())
            backup_on_close(self.store)
        event.accept()
