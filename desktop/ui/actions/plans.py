"""Plans, tasks and the agency: import (with the changes shown first), create, edit, delete, cascade."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.core.agencies import (
    ProfileFields,
    agency_choices,
    correct_match,
    get_profile,
    list_name_matches,
    profile_fields,
)
from desktop.core.catalog import frameworks
from desktop.core.district import LEVEL_GONE, Reassigned, reassign_district_to_communes
from desktop.core.plan_import import ParsedPlan, SheetOptions, WorkbookGrid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan, preview_import
from desktop.core.plan_import.layouts import remember, remembered
from desktop.core.plans import (
    add_task,
    create_implementing_plan,
    create_plan,
    delete_plan,
    plan_fields,
    task_fields,
    update_plan,
    update_task,
)
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.records import FRAMEWORK_LABELS, PlanFields, TaskFields, TaskRow
from desktop.core.register import save_profile
from desktop.core.sample import SAMPLE_FILE_NAME, SAMPLE_ISSUER, SAMPLE_TITLE, write_sample_workbook
from desktop.core.targets import load_sample_targets
from desktop.core.tasks import load_task_rows
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.agency_dialog import AgencyDialog
from desktop.ui.dialogs.cascade_dialog import CascadeDialog
from desktop.ui.dialogs.import_dialog import ImportDialog
from desktop.ui.dialogs.matching_dialog import MatchingDialog, Target
from desktop.ui.dialogs.plan_changes_dialog import PlanChangesDialog
from desktop.ui.dialogs.plan_dialog import PlanDialog
from desktop.ui.dialogs.task_dialog import TaskDialog
from desktop.ui.state import Change

if TYPE_CHECKING:
    from db.store import DbSession
    from desktop.core.records import NameMatchRow

PLAN_FILTER = (
    "Phụ lục kế hoạch (*.xlsx *.xlsm *.xls *.docx);;Bảng tính Excel (*.xlsx *.xlsm *.xls);;"
    "Văn bản Word (*.docx);;Mọi tệp (*)"
)
HANDLERS = HandlerTable()


# -- import
@HANDLERS.handles(ActionId.IMPORT_PLAN)
def import_from_dialog(ctx: ActionContext) -> None:
    path, _ = QFileDialog.getOpenFileName(ctx.parent, "Chọn tệp phụ lục kế hoạch", "", PLAN_FILTER)
    if path:
        import_files(ctx, [Path(path)])


@HANDLERS.handles(ActionId.IMPORT_FILES)
def import_files(ctx: ActionContext, paths: list[Path]) -> None:
    if paths:
        _read_then_preview(ctx, paths[0], sample=False)
        if len(paths) > 1:
            QMessageBox.information(ctx.parent, "Nhập kế hoạch", "Mỗi lần nhập một tệp; đã mở tệp đầu tiên.")


@HANDLERS.handles(ActionId.OPEN_SAMPLE)
def import_sample(ctx: ActionContext) -> None:
    _read_then_preview(ctx, None, sample=True)


def _read_then_preview(ctx: ActionContext, path: Path | None, sample: bool) -> None:
    """Reads `path`, or the sample workbook written for the purpose and removed once read (None)."""
    store = ctx.state.store

    def work(progress: ProgressFn, cancel: CancelToken) -> tuple[WorkbookGrid, dict[str, SheetOptions]]:
        if path is None:
            with tempfile.TemporaryDirectory(prefix="cchc-mau-") as tmp:
                grid = read_workbook(write_sample_workbook(Path(tmp) / SAMPLE_FILE_NAME), progress, cancel)
        else:
            grid = read_workbook(path, progress, cancel)
        return grid, (remembered(store.data_dir, grid) if store is not None else {})

    ctx.state.run("Đang đọc tệp kế hoạch", work, lambda read: _preview(ctx, *read, sample=sample))


def _preview(ctx: ActionContext, grid: WorkbookGrid, options: dict[str, SheetOptions], sample: bool) -> None:
    dialog = ImportDialog(grid, options, ctx.parent)
    if sample:
        dialog.meta_form.title.setText(SAMPLE_TITLE)
        dialog.meta_form.issuer.setText(SAMPLE_ISSUER)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        commit(ctx, dialog.result_plan(), sample, layout=(grid, dialog.chosen_columns()))


def commit(
    ctx: ActionContext,
    parsed: ParsedPlan,
    sample: bool = False,
    layout: tuple[WorkbookGrid, dict[str, SheetOptions]] | None = None,
) -> None:
    """A plan already here (another appendix, an amendment, the real file of a learned plan) is shown as its
    changes first and written only when the user confirms."""
    state = ctx.state
    store = state.store
    if store is None:
        return

    def preview(_progress: ProgressFn, _cancel: CancelToken) -> ImportResult:
        return preview_import(store, parsed)

    def decide(result: ImportResult) -> None:
        if result.duplicate:
            report_import(ctx, result)
            return
        if result.merged_into is not None and result.diff is not None:
            dialog = PlanChangesDialog(result.message, result.diff, result.new_version, ctx.parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return

        def work(progress: ProgressFn, cancel: CancelToken) -> ImportResult:
            with store.session(write=True) as s:
                done = commit_plan(s, parsed, progress, cancel)
                if sample:  # the sample province's target table comes with its plan
                    load_sample_targets(s)
            if layout is not None and layout[1] and not store.read_only:
                remember(store.data_dir, *layout)  # columns chosen by hand: the next file of this layout opens so
            return done

        state.run("Đang nhập kế hoạch", work, lambda done: report_import(ctx, done))

    state.run("Đang đối chiếu với kế hoạch đã có", preview, decide)


def report_import(ctx: ActionContext, result: ImportResult) -> None:
    parent = ctx.parent
    if result.duplicate:
        QMessageBox.information(
            parent,
            "Đã nhập trước đây",
            (result.message or "Tệp này đã được nhập trước đây.") + " Không nhập lại để tránh trùng nhiệm vụ.",
        )
    elif result.merged_into is not None:
        QMessageBox.information(parent, "Đã cập nhật kế hoạch", result.message)
    else:
        QMessageBox.information(parent, "Đã nhập kế hoạch", _import_summary(result))
    if result.plan_id is not None:
        ctx.state.selected_plan_id = result.plan_id
    ctx.state.apply(Change.PLANS | Change.TASKS)


def _import_summary(result: ImportResult) -> str:
    lines = [f"Đã nhập {result.tasks} nhiệm vụ; {result.criteria_linked} nhiệm vụ gắn với tiêu chí."]
    if result.skipped:
        lines.append(f"Bỏ qua {len(result.skipped)} dòng không hiểu được.")
    if result.undated:
        lines.append(f"{result.undated} thời hạn theo quý/năm chưa có ngày vì chưa biết năm kế hoạch.")
    if result.long_texts:
        lines.append(
            f"{result.long_texts} nhiệm vụ có nội dung rất dài: dữ liệu giữ nguyên văn; bảng trong báo cáo "
            "PDF in phần đầu, toàn văn ở cuối báo cáo."
        )
    lines.extend(result.warnings)
    return "\n".join(lines)


# -- plans
def _select_after(ctx: ActionContext, plan_id: int) -> None:
    ctx.state.selected_plan_id = plan_id


@HANDLERS.handles(ActionId.NEW_PLAN)
def new_plan(ctx: ActionContext) -> None:
    def read(s: DbSession) -> str:
        profile = get_profile(s)
        return profile.agency.name if profile else ""

    def ask(issuer: str) -> None:
        dialog = PlanDialog(ctx.parent, "Tạo kế hoạch")
        dialog.form.issuer.setText(issuer)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.form.fields()
            ctx.state.write(lambda s: create_plan(s, fields).id, Change.PLANS, lambda pid: _select_after(ctx, pid))

    ctx.state.query(read, ask)


@HANDLERS.handles(ActionId.EDIT_PLAN)
def edit_plan(ctx: ActionContext, plan_id: int) -> None:
    def ask(current: PlanFields) -> None:
        dialog = PlanDialog(ctx.parent, "Sửa kế hoạch")
        dialog.form.set_fields(current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.form.fields()
            ctx.state.write(lambda s: update_plan(s, plan_id, fields).id, Change.PLANS)

    ctx.state.query(lambda s: plan_fields(s, plan_id), ask)


@HANDLERS.handles(ActionId.DELETE_PLAN)
def remove_plan(ctx: ActionContext, plan_id: int) -> None:
    answer = QMessageBox.question(
        ctx.parent,
        "Xoá kế hoạch",
        "Xoá kế hoạch này cùng toàn bộ nhiệm vụ, tiến độ và liên kết tài liệu của nó? Có thể hoàn tác (Ctrl+Z, "
        "hoặc menu Sửa › Mục đã xoá).",
    )
    if answer == QMessageBox.StandardButton.Yes:
        ctx.state.write(
            lambda s: delete_plan(s, plan_id),
            Change.PLANS,
            lambda audit_id: ctx.state.deleted(audit_id, "xoá kế hoạch"),
        )


@HANDLERS.handles(ActionId.CASCADE_PLAN)
def cascade_plan(ctx: ActionContext, plan_id: int) -> None:
    def read(s: DbSession) -> tuple[list[TaskRow], PlanFields, str]:
        profile = get_profile(s)
        return load_task_rows(s, plan_id=plan_id), plan_fields(s, plan_id), profile.agency.name if profile else ""

    def ask(data: tuple[list[TaskRow], PlanFields, str]) -> None:
        tasks, parent, issuer = data
        defaults = PlanFields(
            number="",
            title=f"Kế hoạch triển khai {parent.title}".strip(),
            issuer=issuer,
            year=parent.year,
            period_text=parent.period_text,
        )
        dialog = CascadeDialog(parent.number or parent.title, tasks, defaults, ctx.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields, items = dialog.fields(), dialog.items()
            ctx.state.write(
                lambda s: create_implementing_plan(s, plan_id, fields, items).id,
                Change.PLANS,
                lambda pid: _select_after(ctx, pid),
            )

    ctx.state.query(read, ask)


# -- tasks
def _criteria_choices(s: DbSession) -> list[tuple[int, str]]:
    return [
        (c.id, f"{FRAMEWORK_LABELS.get(fw.code, fw.code)} {fw.year} · {c.code} {c.name}"[:120])
        for fw in frameworks(s)
        for c in fw.criteria
    ]


@HANDLERS.handles(ActionId.ADD_TASK)
def new_task(ctx: ActionContext, plan_id: int | None) -> None:
    plan_id = plan_id or ctx.state.selected_plan_id
    if plan_id is None:
        QMessageBox.information(ctx.parent, "Thêm nhiệm vụ", "Hãy chọn một kế hoạch trước (ô «Mọi kế hoạch»).")
        return
    chosen: int = plan_id

    def ask(data: tuple[list[tuple[int, str]], int | None]) -> None:
        choices, year = data
        dialog = TaskDialog(choices, year, ctx.parent, "Thêm nhiệm vụ")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.fields()
            ctx.state.write(lambda s: add_task(s, chosen, fields).id, Change.TASKS)

    ctx.state.query(lambda s: (_criteria_choices(s), plan_fields(s, chosen).year), ask)


@HANDLERS.handles(ActionId.EDIT_TASK)
def edit_task(ctx: ActionContext, task_id: int) -> None:
    def read(s: DbSession) -> tuple[list[tuple[int, str]], int | None, TaskFields]:
        plan_id, fields = task_fields(s, task_id)
        return _criteria_choices(s), plan_fields(s, plan_id).year, fields

    def ask(data: tuple[list[tuple[int, str]], int | None, TaskFields]) -> None:
        choices, year, current = data
        dialog = TaskDialog(choices, year, ctx.parent, "Sửa nhiệm vụ")
        dialog.set_fields(current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.fields()
            ctx.state.write(lambda s: update_task(s, task_id, fields).id, Change.TASKS)

    ctx.state.query(read, ask)


# -- agency
@HANDLERS.handles(ActionId.MY_AGENCY)
def edit_agency(ctx: ActionContext, first_launch: bool = False) -> None:
    def ask(current: ProfileFields | None) -> None:
        if first_launch and current is not None:
            return
        dialog = AgencyDialog(ctx.parent, first_launch=first_launch)
        if current is not None:
            dialog.set_fields(current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            fields = dialog.fields()
            ctx.state.write(lambda s: save_profile(s, fields), Change.AGENCY)

    ctx.state.query(profile_fields, ask)


@HANDLERS.handles(ActionId.MATCH_NAMES)
def match_names(ctx: ActionContext) -> None:
    state = ctx.state

    def apply(key: str, target: Target, reply: MatchingDialog) -> None:
        kind, _, value = target.partition(":")

        def change(s: DbSession) -> list[NameMatchRow]:
            if kind == "group":
                correct_match(s, key, None, frozenset({value}))
            else:
                correct_match(s, key, int(value))
            return list_name_matches(s)

        state.write(change, Change.NONE, reply.applied, on_failure=reply.refused)

    def show(data: tuple[list[NameMatchRow], list[tuple[int, str]]]) -> None:
        rows, agencies = data
        MatchingDialog(rows, agencies, apply, ctx.parent).exec()
        state.apply(Change.AGENCY)  # who leads what may have changed

    state.query(lambda s: (list_name_matches(s), agency_choices(s)), show)


@HANDLERS.handles(ActionId.REASSIGN_DISTRICT)
def reassign_district(ctx: ActionContext) -> None:
    answer = QMessageBox.question(
        ctx.parent,
        "Chuyển việc cấp huyện cho cấp xã",
        f"{LEVEL_GONE}\n\nChuyển mọi nhiệm vụ đang giao cho UBND cấp huyện sang UBND cấp xã? Các kế hoạch nhập "
        "sau cũng sẽ hiểu «UBND cấp huyện» là UBND cấp xã. Có thể đổi lại trong «Đối chiếu tên cơ quan».",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def done(result: Reassigned) -> None:
        text = (
            f"Đã chuyển {result.assignments} lượt giao việc của {result.names} tên cơ quan cấp huyện cho UBND cấp xã."
            if result.names
            else "Không có nhiệm vụ nào giao cho UBND cấp huyện."
        )
        QMessageBox.information(ctx.parent, "Chuyển việc cấp huyện cho cấp xã", text)

    ctx.state.write(reassign_district_to_communes, Change.AGENCY | Change.TASKS, done)
