"""The main window: navigation (Kế hoạch, Nhiệm vụ, Chỉ số), menus, status bar, first-launch agency dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from db.store import Store
from desktop import __version__
from desktop.core.agencies import get_profile
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.catalog import frameworks
from desktop.core.plans import list_plan_rows
from desktop.core.tasks import load_task_rows
from desktop.ui.actions import PlanActions
from desktop.ui.ops import OpRunner
from desktop.ui.pages.catalog_page import CatalogPage
from desktop.ui.pages.plans_page import PlansPage
from desktop.ui.pages.tasks_page import TasksPage

NAV = ("Kế hoạch", "Nhiệm vụ", "Chỉ số")


class MainWindow(QMainWindow):
    def __init__(self, store: Store, today: date | None = None, portable: bool = False) -> None:
        super().__init__()
        self.store = store
        self.ops = OpRunner(self)
        self.setWindowTitle("CCHC — Theo dõi nhiệm vụ cải cách hành chính" + (" (chế độ di động)" if portable else ""))
        self.resize(1280, 800)
        self.setAcceptDrops(True)

        self.nav = QListWidget()
        self.nav.addItems(list(NAV))
        self.nav.setFixedWidth(150)
        self.plans_page = PlansPage()
        self.tasks_page = TasksPage(self._fields_for, today=today)
        self.catalog_page = CatalogPage()
        self.pages = QStackedWidget()
        for page in (self.plans_page, self.tasks_page, self.catalog_page):
            self.pages.addWidget(page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.agency_label = QLabel()
        self.statusBar().addWidget(self.agency_label, 1)
        self.statusBar().addPermanentWidget(QLabel(f"Dữ liệu: {store.data_dir}"))

        self.actions_ = PlanActions(self)
        self._build_menus()
        self.plans_page.import_requested.connect(self.actions_.import_from_dialog)
        self.plans_page.sample_requested.connect(self.actions_.import_sample)
        self.plans_page.files_dropped.connect(self.actions_.import_files)
        self.plans_page.new_requested.connect(self.actions_.new_plan)
        self.plans_page.edit_requested.connect(self.actions_.edit_plan)
        self.plans_page.delete_requested.connect(self.actions_.delete_plan)
        self.plans_page.cascade_requested.connect(self.actions_.cascade_plan)
        self.plans_page.open_tasks_requested.connect(self.show_plan_tasks)
        self.tasks_page.edit_requested.connect(self.actions_.edit_task)
        self.tasks_page.add_requested.connect(self.actions_.add_task)

        self.nav.setCurrentRow(0)
        self.refresh_catalog()
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        for text, slot, shortcut in (
            ("Nhập kế hoạch từ Excel…", self.actions_.import_from_dialog, QKeySequence.StandardKey.Open),
            ("Mở kế hoạch mẫu", self.actions_.import_sample, None),
            ("Tạo kế hoạch…", self.actions_.new_plan, QKeySequence.StandardKey.New),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            if shortcut is not None:
                action.setShortcut(shortcut)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        agency_menu = self.menuBar().addMenu("&Cơ quan")
        for text, slot in (
            ("Cơ quan của tôi…", self.actions_.edit_agency),
            ("Đối chiếu tên cơ quan trong kế hoạch…", self.actions_.match_names),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            agency_menu.addAction(action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        about = QAction("Giới thiệu", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Giới thiệu",
            f"<b>CCHC</b> {__version__}<br>Theo dõi nhiệm vụ cải thiện các Chỉ số PAR INDEX, SIPAS, PAPI.<br>"
            f"Thư mục dữ liệu: {self.store.data_dir}",
        )

    # -- data refresh
    def refresh(self, select_plan: int | None = None) -> None:
        """Reload plans and tasks; the task load runs off the UI thread (50,000 rows take a moment)."""
        with self.store.session() as s:
            plans = list_plan_rows(s)
            profile = get_profile(s)
            agency_text = (
                f"Cơ quan: {profile.agency.name} ({LEVEL_LABELS[profile.agency.level]})"
                if profile
                else "Chưa khai báo cơ quan — menu Cơ quan › Cơ quan của tôi…"
            )
        self.agency_label.setText(agency_text)
        self.plans_page.set_rows(plans)
        self.tasks_page.set_plans([(p.id, p.label) for p in plans])
        if select_plan is not None:
            self.plans_page.select_plan(select_plan)
        has_profile = profile is not None

        def work(progress, cancel):  # type: ignore[no-untyped-def]
            progress(0, 0, "Đang tải danh sách nhiệm vụ…")
            with self.store.session() as s2:
                return load_task_rows(s2)

        self.ops.run("Đang tải nhiệm vụ", work, lambda rows: self.tasks_page.set_rows(rows, has_profile))

    def refresh_catalog(self) -> None:
        with self.store.session() as s:
            data = []
            for fw in frameworks(s):
                crits = [
                    (
                        c.code,
                        c.name,
                        c.max_score,
                        c.self_assessed_max,
                        c.survey_max,
                        c.parent.code if c.parent else None,
                    )
                    for c in fw.criteria
                ]
                data.append(
                    {
                        "name": fw.name,
                        "year": fw.year,
                        "max_score": fw.max_score,
                        "source": fw.source,
                        "criteria": crits,
                    }
                )
        self.catalog_page.set_catalog(data)

    def _fields_for(self, framework_code: str) -> list[tuple[str, str]]:
        with self.store.session() as s:
            fws = [f for f in frameworks(s) if f.code == framework_code]
            if not fws:
                return []
            return [(c.code, c.name) for c in fws[0].criteria if c.parent_id is None]

    def show_plan_tasks(self, plan_id: int) -> None:
        self.nav.setCurrentRow(NAV.index("Nhiệm vụ"))
        self.tasks_page.show_plan(plan_id)

    # -- first launch and drops on the whole window
    def ensure_profile(self) -> None:
        with self.store.session() as s:
            has = get_profile(s) is not None
        if not has:
            self.actions_.edit_agency(first_launch=True)

    def dragEnterEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
        self.plans_page.dragEnterEvent(event)

    def dropEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
        self.plans_page.dropEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.ops.busy:
            self.ops.cancel()
            QMessageBox.information(self, "Đang bận", "Đang huỷ thao tác đang chạy; hãy đóng lại sau giây lát.")
            event.ignore()
            return
        event.accept()
