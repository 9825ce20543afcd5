"""What the main window's buttons and menus do: dialogs in, core calls through the op runner, refresh out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from db.store import Store
from desktop.core.agencies import (
    correct_match,
    get_profile,
    list_agencies,
    list_name_matches,
    set_my_agency,
)
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.catalog import frameworks
from desktop.core.errors import UserError
from desktop.core.plan_import import ParsedPlan, WorkbookGrid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan, preview_import
from desktop.core.plans import (
    add_task,
    create_implementing_plan,
    create_plan,
    delete_plan,
    list_plan_rows,
    plan_fields,
    task_fields,
    update_plan,
    update_task,
)
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.records import FRAMEWORK_LABELS, PlanFields, TaskRow
from desktop.core.sample import SAMPLE_FILE_NAME, SAMPLE_ISSUER, SAMPLE_TITLE, write_sample_workbook
from desktop.core.targets import load_sample_targets
from desktop.core.tasks import load_task_rows
from desktop.ui.dialogs.agency_dialog import AgencyDialog
from desktop.ui.dialogs.cascade_dialog import CascadeDialog
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.dialogs.matching_dialog import MatchingDialog, Target
from desktop.ui.dialogs.plan_changes_dialog import PlanChangesDialog
from desktop.ui.dialogs.plan_dialog import PlanDialog
from desktop.ui.dialogs.task_dialog import TaskDialog
from desktop.ui.ops import show_error

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

XLSX_FILTER = "Bảng tính Excel (*.xlsx *.xlsm);;Mọi tệp (*)"


class PlanActions:
    """Everything the window does with data. Made once the data directory is open."""

    def __init__(self, window: MainWindow) -> None:
        assert window.store is not None
        self.w = window
        self.store: Store = window.store

    # -- reading for the pages
    def reload(self, select_plan: int | None = None) -> None:
        """Reload plans and tasks; the task load runs off the UI thread (50,000 rows take a moment)."""
        with self.store.session() as s:
            plans = list_plan_rows(s)
            profile = get_profile(s)
            agency_text = (
                f"Cơ quan: {profile.agency.name} ({LEVEL_LABELS[profile.agency.level]})"
                if profile
                else "Chưa khai báo cơ quan — menu Cơ quan › Cơ quan của tôi…"
            )
        self.w.agency_label.setText(agency_text)
        self.w.plans_page.set_rows(plans)
        self.w.tasks_page.set_plans([(p.id, p.label) for p in plans])
        if select_plan is not None:
            self.w.plans_page.select_plan(select_plan)
        has_profile = profile is not None
        reporting = self.w.reporting
        period_id = reporting.period_id(reporting.refresh_periods()) if reporting is not None else None

        def work(progress: ProgressFn, cancel: CancelToken) -> list[TaskRow]:
            progress(0, 0, "Đang tải danh sách nhiệm vụ…")
            with self.store.session() as s2:
                return load_task_rows(s2, period_id=period_id)

        def loaded(rows: list[TaskRow]) -> None:
            self.w.tasks_page.set_rows(rows, has_profile)
            self.w.data_changed()

        self.w.ops.run("Đang tải nhiệm vụ", work, loaded, queue=True)

    def catalog(self) -> list[dict[str, object]]:
        with self.store.session() as s:
            return [
                {
                    "name": fw.name,
                    "year": fw.year,
                    "max_score": fw.max_score,
                    "source": fw.source,
                    "criteria": [
                        (
                            c.code,
                            c.name,
                            c.max_score,
                            c.self_assessed_max,
                            c.survey_max,
                            c.parent.code if c.parent else None,
                        )
                        for c in fw.criteria
                    ],
                }
                for fw in frameworks(s)
            ]

    def fields_for(self, framework_code: str) -> list[tuple[str, str]]:
        with self.store.session() as s:
            fws = [f for f in frameworks(s) if f.code == framework_code]
            return [(c.code, c.name) for c in fws[0].criteria if c.parent_id is None] if fws else []

    def has_profile(self) -> bool:
        with self.store.session() as s:
            return get_profile(s) is not None

    # -- import
    def import_from_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, "Chọn tệp phụ lục kế hoạch", "", XLSX_FILTER)
        if path:
            self.import_files([Path(path)])

    def import_files(self, paths: list[Path]) -> None:
        if paths:
            self._read_then_preview(paths[0], sample=False)
            if len(paths) > 1:
                QMessageBox.information(self.w, "Nhập kế hoạch", "Mỗi lần nhập một tệp; đã mở tệp đầu tiên.")

    def import_sample(self) -> None:
        tmp = Path(tempfile.mkdtemp(prefix="cchc-mau-"))
        self._read_then_preview(write_sample_workbook(tmp / SAMPLE_FILE_NAME), sample=True)

    def _read_then_preview(self, path: Path, sample: bool) -> None:
        def work(progress: ProgressFn, cancel: CancelToken) -> WorkbookGrid:
            return read_workbook(path, progress, cancel)

        self.w.ops.run("Đang đọc tệp Excel", work, lambda grid: self._preview(grid, sample))

    def _preview(self, grid: WorkbookGrid, sample: bool) -> None:
        dialog = ImportDialog(grid, self.w)
        if sample:
            dialog.meta_form.title.setText(SAMPLE_TITLE)
            dialog.meta_form.issuer.setText(SAMPLE_ISSUER)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.commit(dialog.result_plan(), sample)

    def commit(self, parsed: ParsedPlan, sample: bool = False) -> None:
        """A plan already here (another appendix, an amendment, the real file of a learned plan) is shown as
        its changes first and written only when the user confirms."""

        def preview(progress: ProgressFn, cancel: CancelToken) -> ImportResult:
            return preview_import(self.store, parsed)

        def decide(result: ImportResult) -> None:
            if result.duplicate:
                self.report_import(result)
                return
            if result.merged_into is not None and result.diff is not None:
                dialog = PlanChangesDialog(result.message, result.diff, result.new_version, self.w)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
            self._commit(parsed, sample)

        self.w.ops.run("Đang đối chiếu với kế hoạch đã có", preview, decide)

    def _commit(self, parsed: ParsedPlan, sample: bool) -> None:
        def work(progress: ProgressFn, cancel: CancelToken) -> ImportResult:
            with self.store.session(write=True) as s:
                result = commit_plan(s, parsed, progress, cancel)
                if sample:  # the sample province's target table comes with its plan
                    load_sample_targets(s)
                return result

        self.w.ops.run("Đang nhập kế hoạch", work, self.report_import)

    def report_import(self, result: ImportResult) -> None:
        if result.duplicate:
            QMessageBox.information(
                self.w,
                "Đã nhập trước đây",
                (result.message or "Tệp này đã được nhập trước đây.") + " Không nhập lại để tránh trùng nhiệm vụ.",
            )
        elif result.merged_into is not None:
            QMessageBox.information(self.w, "Đã cập nhật kế hoạch", result.message)
        else:
            extra = f"\nBỏ qua {len(result.skipped)} dòng không hiểu được." if result.skipped else ""
            undated = (
                f"\n{result.undated} thời hạn theo quý/năm chưa có ngày vì chưa biết năm kế hoạch."
                if result.undated
                else ""
            )
            if result.long_texts:
                undated += (
                    f"\n{result.long_texts} nhiệm vụ có nội dung rất dài: dữ liệu giữ nguyên văn; bảng trong báo cáo "
                    "PDF in phần đầu, toàn văn ở cuối báo cáo."
                )
            undated += "".join(f"\n{w}" for w in result.warnings)
            QMessageBox.information(
                self.w,
                "Đã nhập kế hoạch",
                f"Đã nhập {result.tasks} nhiệm vụ; {result.criteria_linked} nhiệm vụ gắn với tiêu chí.{extra}{undated}",
            )
        self.w.refresh(select_plan=result.plan_id)

    # -- plans
    def new_plan(self) -> None:
        dialog = PlanDialog(self.w, "Tạo kế hoạch")
        with self.store.session() as s:
            profile = get_profile(s)
            dialog.form.issuer.setText(profile.agency.name if profile else "")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._write(lambda s: create_plan(s, dialog.form.fields()).id, select=True)

    def edit_plan(self, plan_id: int) -> None:
        dialog = PlanDialog(self.w, "Sửa kế hoạch")
        with self.store.session() as s:
            dialog.form.set_fields(plan_fields(s, plan_id))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._write(lambda s: update_plan(s, plan_id, dialog.form.fields()).id, select=True)

    def delete_plan(self, plan_id: int) -> None:
        answer = QMessageBox.question(
            self.w,
            "Xoá kế hoạch",
            "Xoá kế hoạch này cùng toàn bộ nhiệm vụ của nó? Việc này không hoàn tác được.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda s: delete_plan(s, plan_id))

    def cascade_plan(self, plan_id: int) -> None:
        with self.store.session() as s:
            tasks = load_task_rows(s, plan_id=plan_id)
            parent = plan_fields(s, plan_id)
            profile = get_profile(s)
            issuer = profile.agency.name if profile else ""
        year = parent.year
        defaults = PlanFields(
            number="",
            title=f"Kế hoạch triển khai {parent.title}".strip(),
            issuer=issuer,
            year=year,
            period_text=parent.period_text,
        )
        dialog = CascadeDialog(parent.number or parent.title, tasks, defaults, self.w)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._write(lambda s: create_implementing_plan(s, plan_id, dialog.fields(), dialog.items()).id, select=True)

    # -- tasks
    def _criteria_choices(self) -> list[tuple[int, str]]:
        with self.store.session() as s:
            return [
                (c.id, f"{FRAMEWORK_LABELS.get(fw.code, fw.code)} {fw.year} · {c.code} {c.name}"[:120])
                for fw in frameworks(s)
                for c in fw.criteria
            ]

    def add_task(self) -> None:
        plan = self.w.plans_page.current_plan()
        plan_id = self.w.tasks_page.plan_combo.currentData() or (plan.id if plan else None)
        if plan_id is None:
            QMessageBox.information(self.w, "Thêm nhiệm vụ", "Hãy chọn một kế hoạch trước (ô «Mọi kế hoạch»).")
            return
        with self.store.session() as s:
            year = plan_fields(s, plan_id).year
        dialog = TaskDialog(self._criteria_choices(), year, self.w, "Thêm nhiệm vụ")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._write(lambda s: add_task(s, plan_id, dialog.fields()).id)

    def edit_task(self, task_id: int) -> None:
        with self.store.session() as s:
            plan_id, fields = task_fields(s, task_id)
            year = plan_fields(s, plan_id).year
        dialog = TaskDialog(self._criteria_choices(), year, self.w, "Sửa nhiệm vụ")
        dialog.set_fields(fields)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._write(lambda s: update_task(s, task_id, dialog.fields()).id)

    # -- agency
    def edit_agency(self, first_launch: bool = False) -> None:
        dialog = AgencyDialog(self.w, first_launch=first_launch)
        with self.store.session() as s:
            p = get_profile(s)
            if p is not None:
                dialog.set_values(
                    p.agency.name,
                    p.agency.level,
                    p.agency.parent.name if p.agency.parent else "",
                    p.focal_person,
                    p.phone,
                    p.email,
                )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            v = dialog.values()
            self._write(
                lambda s: (
                    set_my_agency(
                        s, v["name"], v["level"], v["parent_name"] or None, v["focal_person"], v["phone"], v["email"]
                    )
                    and None
                )
            )

    def match_names(self) -> None:
        def apply(key: str, target: Target) -> list[Any]:
            kind, _, value = target.partition(":")
            try:
                with self.store.session() as s:
                    if kind == "group":
                        correct_match(s, key, None, frozenset({value}))
                    else:
                        correct_match(s, key, int(value))
            except UserError as exc:
                show_error(self.w, exc)
            with self.store.session() as s:
                return list_name_matches(s)

        with self.store.session() as s:
            rows = list_name_matches(s)
            agencies = [(a.id, a.name) for a in list_agencies(s)]
        dialog = MatchingDialog(rows, agencies, apply, self.w)
        dialog.exec()
        self.w.refresh()

    # -- shared
    def _write(self, change: Any, select: bool = False) -> None:
        """Small writes: one transaction, errors shown, then a refresh."""
        try:
            with self.store.session(write=True) as s:
                result = change(s)
        except UserError as exc:
            show_error(self.w, exc)
            return
        self.w.refresh(select_plan=result if select and isinstance(result, int) else None)
