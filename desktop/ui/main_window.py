"""The main window: navigation (Kế hoạch, Nhiệm vụ, Chỉ số), menus, status bar, first-launch agency dialog.

The window is built and shown before the database layer is imported: `open_data_dir` opens the data
directory off the UI thread and `attach` wires the actions once it is open. This module therefore imports
nothing that loads SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.core.progress import CancelToken, ProgressFn
from desktop.ui.ops import OpRunner, error_message
from desktop.ui.pages.plans_page import PlansPage

if TYPE_CHECKING:
    from db.store import Store
    from desktop.core.data_check import CheckReport
    from desktop.ui.actions import PlanActions
    from desktop.ui.bundle_actions import BundleActions
    from desktop.ui.data_actions import DataActions
    from desktop.ui.focal_actions import FocalActions
    from desktop.ui.page_actions import PageActions
    from desktop.ui.pages.catalog_page import CatalogPage
    from desktop.ui.pages.dashboard_page import DashboardPage
    from desktop.ui.pages.evidence_page import EvidencePage
    from desktop.ui.pages.received_page import ReceivedPage
    from desktop.ui.pages.scoring_page import ScoringPage
    from desktop.ui.pages.tasks_page import TasksPage
    from desktop.ui.reporting_actions import ReportingActions

NAV = ("Kế hoạch", "Nhiệm vụ", "Tổng quan", "Tài liệu kiểm chứng", "Tự chấm điểm", "Tiếp nhận báo cáo", "Chỉ số")
PAGE_DASHBOARD, PAGE_EVIDENCE, PAGE_SCORING = "Tổng quan", "Tài liệu kiểm chứng", "Tự chấm điểm"
PAGE_RECEIVED = "Tiếp nhận báo cáo"


class MainWindow(QMainWindow):
    def __init__(self, store: Store | None = None, today: date | None = None, portable: bool = False) -> None:
        super().__init__()
        self.store: Store | None = None
        self.actions_: PlanActions | None = None
        self.reporting: ReportingActions | None = None
        self.page_actions: PageActions | None = None
        self.data_actions: DataActions | None = None
        self.bundles: BundleActions | None = None
        self.focal: FocalActions | None = None
        self.last_check: CheckReport | None = None
        self._dirty: set[str] = set()
        self.ops = OpRunner(self)
        self.setWindowTitle("CCHC — Theo dõi nhiệm vụ cải cách hành chính" + (" (chế độ di động)" if portable else ""))
        self.resize(1360, 820)
        self.setAcceptDrops(True)

        self.nav = QListWidget()
        self.nav.addItems(list(NAV))
        self.nav.setFixedWidth(150)
        self._today = today
        self.plans_page = PlansPage()
        self._tasks_page: TasksPage | None = None
        self._catalog_page: CatalogPage | None = None
        self._dashboard_page: DashboardPage | None = None
        self._evidence_page: EvidencePage | None = None
        self._scoring_page: ScoringPage | None = None
        self._received_page: ReceivedPage | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plans_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_page)

        self.agency_label = QLabel("Đang mở dữ liệu…")
        self.data_label = QLabel()
        self.statusBar().addWidget(self.agency_label, 1)
        self.statusBar().addPermanentWidget(self.data_label)

        self._build_menus()
        pp = self.plans_page
        pp.import_requested.connect(self._act("import_from_dialog"))
        pp.sample_requested.connect(self._act("import_sample"))
        pp.files_dropped.connect(self._act("import_files"))
        pp.new_requested.connect(self._act("new_plan"))
        pp.edit_requested.connect(self._act("edit_plan"))
        pp.delete_requested.connect(self._act("delete_plan"))
        pp.cascade_requested.connect(self._act("cascade_plan"))
        pp.open_tasks_requested.connect(self.show_plan_tasks)
        self.nav.setCurrentRow(0)
        if store is not None:
            self.attach(store)

    # Pages other than the first are built when first needed: fewer imports before the window shows.
    @property
    def tasks_page(self) -> TasksPage:
        if self._tasks_page is None:
            from desktop.ui.pages.tasks_page import TasksPage

            page = TasksPage(self._fields_for, today=self._today)
            page.edit_requested.connect(self._act("edit_task"))
            page.add_requested.connect(self._act("add_task"))
            self.pages.addWidget(page)
            self._tasks_page = page
        return self._tasks_page

    @property
    def catalog_page(self) -> CatalogPage:
        if self._catalog_page is None:
            from desktop.ui.pages.catalog_page import CatalogPage

            self._catalog_page = CatalogPage()
            self.pages.addWidget(self._catalog_page)
        return self._catalog_page

    @property
    def dashboard_page(self) -> DashboardPage:
        if self._dashboard_page is None:
            from desktop.ui.pages.dashboard_page import DashboardPage

            page = DashboardPage()
            page.drill.connect(self._act_page("drill"))
            page.window_drill.connect(self._act_page("window_drill"))
            page.period_chosen.connect(self._act_page("choose_period"))
            self.pages.addWidget(page)
            self._dashboard_page = page
        return self._dashboard_page

    @property
    def evidence_page(self) -> EvidencePage:
        if self._evidence_page is None:
            from desktop.ui.pages.evidence_page import EvidencePage

            page = EvidencePage()
            page.add_requested.connect(self._act_page("add_unlinked"))
            page.edit_requested.connect(self._act_page("edit_evidence"))
            page.open_requested.connect(lambda eid: self.reporting.open_evidence(eid) if self.reporting else None)
            page.delete_requested.connect(self._act_page("delete_evidence"))
            page.cleanup_requested.connect(self._act_page("cleanup"))
            self.pages.addWidget(page)
            self._evidence_page = page
        return self._evidence_page

    @property
    def scoring_page(self) -> ScoringPage:
        if self._scoring_page is None:
            from desktop.ui.pages.scoring_page import ScoringPage

            page = ScoringPage()
            page.framework_changed.connect(lambda _c, _y: self._act_page("load_scores")())
            page.save_requested.connect(self._act_page("save_score"))
            page.evidence_requested.connect(self._act_page("criterion_evidence"))
            page.target_requested.connect(self._act_page("edit_target"))
            self.pages.addWidget(page)
            self._scoring_page = page
        return self._scoring_page

    @property
    def received_page(self) -> ReceivedPage:
        if self._received_page is None:
            from desktop.ui.pages.received_page import ReceivedPage

            page = ReceivedPage()
            page.period_chosen.connect(self._act_focal("refresh"))
            page.agency_requested.connect(self._act_focal("show_agency"))
            page.export_plan_requested.connect(self._act_focal("export_plan"))
            page.receive_requested.connect(lambda paths: self.bundles.receive(paths or None) if self.bundles else None)
            page.report_requested.connect(lambda: self._act_bundle("consolidated_report"))
            self.pages.addWidget(page)
            self._received_page = page
            self._dirty.add(PAGE_RECEIVED)
        return self._received_page

    def _show_page(self, row: int) -> None:
        pages: tuple[Callable[[], QWidget], ...] = (
            lambda: self.plans_page,
            lambda: self.tasks_page,
            lambda: self.dashboard_page,
            lambda: self.evidence_page,
            lambda: self.scoring_page,
            lambda: self.received_page,
            lambda: self.catalog_page,
        )
        self.pages.setCurrentWidget(pages[row]())
        self._refresh_if_dirty(NAV[row])

    def show_tasks(self) -> None:
        self.nav.setCurrentRow(NAV.index("Nhiệm vụ"))

    def bundles_received(self) -> None:
        """Bundles came in: the focal point's page shows the new picture now or when next shown."""
        self._dirty.add(PAGE_RECEIVED)
        self._refresh_if_dirty(NAV[self.nav.currentRow()])

    def data_changed(self) -> None:
        """Progress, evidence or scores changed: refresh the page in view, the others when next shown."""
        self._dirty = {PAGE_DASHBOARD, PAGE_EVIDENCE, PAGE_SCORING}
        self._refresh_if_dirty(NAV[self.nav.currentRow()])

    def _refresh_if_dirty(self, name: str) -> None:
        if self.page_actions is None or name not in self._dirty or self.ops.busy:
            return
        self._dirty.discard(name)
        {
            PAGE_DASHBOARD: self.page_actions.refresh_dashboard,
            PAGE_EVIDENCE: self.page_actions.refresh_evidence,
            PAGE_SCORING: self.page_actions.refresh_scoring,
            PAGE_RECEIVED: self._act_focal("refresh"),
        }[name]()

    def _act_page(self, name: str) -> Callable[..., None]:
        def slot(*args: Any) -> None:
            if self.page_actions is not None:
                getattr(self.page_actions, name)(*args)

        return slot

    def _act_data(self, name: str) -> Callable[..., None]:
        def slot(*args: Any) -> None:
            if self.data_actions is not None:
                getattr(self.data_actions, name)(*args)

        return slot

    def _act_focal(self, name: str) -> Callable[..., None]:
        def slot(*args: Any) -> None:
            if self.focal is not None:
                getattr(self.focal, name)(*args)

        return slot

    def _act_bundle(self, name: str) -> None:
        if self.bundles is not None:
            getattr(self.bundles, name)()

    def _act(self, name: str) -> Callable[..., None]:
        """A slot that runs an action once the data directory is open (and does nothing before)."""

        def slot(*args: Any) -> None:
            if self.actions_ is not None:
                getattr(self.actions_, name)(*args)

        return slot

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        for text, name, shortcut in (
            ("Nhập kế hoạch từ Excel…", "import_from_dialog", QKeySequence.StandardKey.Open),
            ("Mở kế hoạch mẫu", "import_sample", None),
            ("Tạo kế hoạch…", "new_plan", QKeySequence.StandardKey.New),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, n=name: self._act(n)())
            if shortcut is not None:
                action.setShortcut(shortcut)
            file_menu.addAction(action)
        package = QAction("Nhập gói kế hoạch (.cchcplan)…", self)
        package.triggered.connect(lambda _checked=False: self._act_bundle("import_plan_package"))
        file_menu.addAction(package)
        send_down = QAction("Xuất gói kế hoạch cho đơn vị (.cchcplan)…", self)
        send_down.triggered.connect(lambda _checked=False: self._act_focal("export_plan")())
        file_menu.addAction(send_down)
        file_menu.addSeparator()
        quit_action = QAction("Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        agency_menu = self.menuBar().addMenu("&Cơ quan")
        for text, name in (
            ("Cơ quan của tôi…", "edit_agency"),
            ("Đối chiếu tên cơ quan trong kế hoạch…", "match_names"),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, n=name: self._act(n)())
            agency_menu.addAction(action)
        report_menu = self.menuBar().addMenu("&Báo cáo")
        periods = QAction("Kỳ báo cáo…", self)
        periods.triggered.connect(lambda _checked=False: self.reporting.edit_periods() if self.reporting else None)
        report_menu.addAction(periods)
        report_menu.addSeparator()
        for text, name in (
            ("Xuất gói báo cáo…", "export"),
            ("Kiểm tra gói báo cáo…", "verify"),
            ("Tiếp nhận gói báo cáo của đơn vị…", "receive"),
            ("Lập báo cáo tổng hợp…", "consolidated_report"),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, n=name: self._act_bundle(n))
            report_menu.addAction(action)
        data_menu = self.menuBar().addMenu("&Dữ liệu")
        for text, name in (
            ("Sao lưu ngay", "backup"),
            ("Sao lưu ra tệp (USB)…", "backup_to"),
            ("Khôi phục…", "restore_from"),
            ("Kiểm tra dữ liệu", "check_now"),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, n=name: self._act_data(n)())
            data_menu.addAction(action)
        cleanup = QAction("Dọn tệp không dùng…", self)
        cleanup.triggered.connect(lambda _checked=False: self._act_page("cleanup")())
        data_menu.addAction(cleanup)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        about = QAction("Giới thiệu", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
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

        def work(progress: ProgressFn, _cancel: CancelToken) -> Store:
            progress(0, 0, "Đang mở dữ liệu…")
            from desktop.core.workspace import open_workspace

            return open_workspace(data_dir)

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
        from desktop.ui.actions import PlanActions
        from desktop.ui.bundle_actions import BundleActions
        from desktop.ui.data_actions import DataActions
        from desktop.ui.focal_actions import FocalActions
        from desktop.ui.page_actions import PageActions
        from desktop.ui.reporting_actions import ReportingActions

        self.store = store
        self.actions_ = PlanActions(self)
        self.reporting = ReportingActions(self, store)
        self.page_actions = PageActions(self, store, self.reporting)
        self.data_actions = DataActions(self, store)
        self.bundles = BundleActions(self, store)
        self.focal = FocalActions(self, store)
        self.data_label.setText(f"Dữ liệu: {store.data_dir}")
        self.catalog_page.set_catalog(self.actions_.catalog())
        self.refresh()
        self.data_actions.check_at_startup()

    def detach(self) -> None:
        """Close the data directory (before a restore); the pages keep showing until reattached."""
        if self.reporting is not None:
            self.reporting.disconnect()
        if self.store is not None:
            self.store.close()
        self.store = None
        self.actions_ = self.reporting = self.page_actions = self.data_actions = self.bundles = self.focal = None

    # -- data refresh
    def refresh(self, select_plan: int | None = None) -> None:
        if self.actions_ is not None:
            self.actions_.reload(select_plan)

    def _fields_for(self, framework_code: str) -> list[tuple[str, str]]:
        return self.actions_.fields_for(framework_code) if self.actions_ is not None else []

    def show_plan_tasks(self, plan_id: int) -> None:
        self.nav.setCurrentRow(NAV.index("Nhiệm vụ"))
        self.tasks_page.show_plan(plan_id)

    # -- first launch and drops on the whole window
    def ensure_profile(self) -> None:
        if self.actions_ is not None and not self.actions_.has_profile():
            self.actions_.edit_agency(first_launch=True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Files dropped anywhere: report bundles are received, a plan package imported, the rest are plans."""
        from desktop.core.bundle.layout import looks_like_bundle
        from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
        from desktop.ui.file_drop import dropped_files

        paths = dropped_files(event)
        bundles = [p for p in paths if looks_like_bundle(p)]
        packages = [p for p in paths if p.suffix.lower() == PLAN_SUFFIX]
        if bundles and self.bundles is not None:
            event.acceptProposedAction()
            self.bundles.receive(bundles)
        elif packages and self.bundles is not None:
            event.acceptProposedAction()
            self.bundles.import_plan_package(packages[0])
        else:
            self.plans_page.dropEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.ops.busy:
            self.ops.cancel()
            QMessageBox.information(self, "Đang bận", "Đang huỷ thao tác đang chạy; hãy đóng lại sau giây lát.")
            event.ignore()
            return
        if self.data_actions is not None:
            self.data_actions.backup_on_close()
        event.accept()
