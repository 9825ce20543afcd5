"""What the focal point's «Tiếp nhận báo cáo» page does: the period picture, one agency's bundle, the plan
package sent down. Reading runs off the UI thread; the page shows the result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from db.store import Store
from desktop.core.bundle.layout import slug
from desktop.core.bundle.overview import AgencyDetail, Overview, agency_detail, overview
from desktop.core.periods import list_periods
from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
from desktop.core.plan_package import export_plan
from desktop.core.plans import list_plan_rows
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.records import PlanRow
from desktop.ui.dialogs.agency_detail_dialog import AgencyDetailDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

PLAN_FILTER = f"Gói kế hoạch (*{PLAN_SUFFIX})"


class FocalActions:
    def __init__(self, window: MainWindow, store: Store) -> None:
        self.w = window
        self.store = store
        self.detail_dialog: AgencyDetailDialog | None = None

    def refresh(self, period_code: str = "") -> None:
        page = self.w.received_page
        if not period_code:
            current = page.period_code() or (self.w.reporting.refresh_periods() if self.w.reporting else "")
            with self.store.session() as s:
                periods = [(p.code, p.label) for p in list_periods(s)]
            page.set_periods(periods, current)
            period_code = page.period_code()
        if not period_code:
            return
        today = self.w.tasks_page.model.today

        def work(_progress: ProgressFn, _cancel: CancelToken) -> Overview:
            with self.store.session() as s:
                return overview(s, self.store.data_dir, period_code, today)

        self.w.ops.run("Đang tổng hợp các gói đã nhận", work, page.set_overview, queue=True)

    def show_agency(self, bundle_uuid: str) -> None:
        today = self.w.tasks_page.model.today

        def work(_progress: ProgressFn, _cancel: CancelToken) -> AgencyDetail:
            with self.store.session() as s:
                return agency_detail(s, self.store.data_dir, bundle_uuid, today)

        def done(detail: AgencyDetail) -> None:
            if self.detail_dialog is not None:
                self.detail_dialog.close()  # one agency window at a time: a history link replaces it
            self.detail_dialog = AgencyDetailDialog(detail, self.w)
            self.detail_dialog.other_requested.connect(self.show_agency)
            self.detail_dialog.show()

        self.w.ops.run("Đang mở gói của cơ quan", work, done)

    def _choose_plan(self) -> PlanRow | None:
        with self.store.session() as s:
            plans = list_plan_rows(s)
        if not plans:
            QMessageBox.information(self.w, "Chưa có kế hoạch", "Hãy nhập kế hoạch trước khi xuất gói kế hoạch.")
            return None
        selected = self.w.plans_page.current_plan()
        if len(plans) == 1 or selected is not None:
            return selected if selected is not None else plans[0]
        labels = [p.label for p in plans]
        label, ok = QInputDialog.getItem(self.w, "Xuất gói kế hoạch", "Kế hoạch gửi xuống đơn vị:", labels, 0, False)
        return plans[labels.index(label)] if ok else None

    def export_plan(self) -> None:
        """A focal point sends its plan down as a .cchcplan: its units import it and report on the same tasks."""
        plan = self._choose_plan()
        if plan is None:
            return
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = Path(docs) / f"ke-hoach-{slug(plan.number or plan.title, 40)}{PLAN_SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(self.w, "Lưu gói kế hoạch", str(suggested), PLAN_FILTER)
        if not name:
            return
        path = Path(name) if name.lower().endswith(PLAN_SUFFIX) else Path(name + PLAN_SUFFIX)

        def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
            with self.store.session() as s:
                return export_plan(s, plan.id, path)

        def done(made: Path) -> None:
            QMessageBox.information(
                self.w,
                "Đã xuất gói kế hoạch",
                f"Đã lưu gói kế hoạch «{plan.label}» ({plan.task_count} nhiệm vụ):\n{made}\n\n"
                "Gửi tệp này cho các cơ quan, đơn vị; họ mở bằng «Tệp › Nhập gói kế hoạch…» hoặc nhấp đúp vào tệp.",
            )

        self.w.ops.run("Đang xuất gói kế hoạch", work, done)
