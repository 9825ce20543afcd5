"""The focal point's side: one agency's bundle in a window, the plan package sent down to the units."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.core.admin_units import provinces
from desktop.core.bundle.kept import viewable, viewing_dir
from desktop.core.bundle.layout import slug
from desktop.core.bundle.overview import AgencyDetail, agency_detail
from desktop.core.bundle.remind import Reminder, write_reminder
from desktop.core.bundle.submissions import submissions
from desktop.core.formatting import fmt_date
from desktop.core.periods import current_period
from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
from desktop.core.plan_package import export_plan
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.records import PlanRow
from desktop.core.register import (
    Member,
    add_member,
    members,
    merge_members,
    province_of,
    rename_member,
    retire_member,
    set_province,
)
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.agency_detail_dialog import AgencyDetailDialog
from desktop.ui.dialogs.register_dialog import RegisterDialog
from desktop.ui.state import Change

if TYPE_CHECKING:
    from db.store import DbSession

PLAN_FILTER = f"Gói kế hoạch (*{PLAN_SUFFIX})"
HANDLERS = HandlerTable()


@HANDLERS.handles(ActionId.SHOW_AGENCY)
def show_agency(ctx: ActionContext, bundle_uuid: str) -> None:
    """One agency window at a time: a link to another of its bundles replaces it."""
    state = ctx.state
    store = state.store
    if store is None:
        return

    def read(s: DbSession) -> AgencyDetail:
        return agency_detail(s, store.data_dir, bundle_uuid, state.today)

    def show(detail: AgencyDetail) -> None:
        for old in ctx.parent.findChildren(AgencyDetailDialog):
            old.close()
            old.deleteLater()
        dialog = AgencyDetailDialog(detail, ctx.parent)
        dialog.other_requested.connect(lambda other: show_agency(ctx, other))
        dialog.file_requested.connect(lambda rel: _open_received(ctx, detail, rel, dialog))
        dialog.show()

    state.query(read, show, title="Đang mở gói của cơ quan")


def _open_received(ctx: ActionContext, detail: AgencyDetail, rel: str, dialog: AgencyDetailDialog) -> None:
    """A file of a kept zip is extracted on a worker (a scanned video can be large), then handed to the viewer."""

    def extract(progress: ProgressFn, cancel: CancelToken) -> Path:
        return viewable(detail.bundle, rel, viewing_dir(detail.bundle_uuid), progress, cancel)

    ctx.state.run("Đang mở tệp của gói", extract, dialog.open_path, queue=True)


def _choose_plan(ctx: ActionContext) -> PlanRow | None:
    plans = ctx.state.plans
    if not plans:
        QMessageBox.information(ctx.parent, "Chưa có kế hoạch", "Hãy nhập kế hoạch trước khi xuất gói kế hoạch.")
        return None
    selected = next((p for p in plans if p.id == ctx.state.selected_plan_id), None)
    if len(plans) == 1 or selected is not None:
        return selected if selected is not None else plans[0]
    labels = [p.label for p in plans]
    label, ok = QInputDialog.getItem(ctx.parent, "Xuất gói kế hoạch", "Kế hoạch gửi xuống đơn vị:", labels, 0, False)
    return plans[labels.index(label)] if ok else None


@HANDLERS.handles(ActionId.EXPORT_PACKAGE)
def export_package(ctx: ActionContext) -> None:
    """A focal point sends its plan down as a .cchcplan: its units import it and report on the same tasks."""
    plan = _choose_plan(ctx)
    if plan is None:
        return
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    suggested = Path(docs) / f"ke-hoach-{slug(plan.number or plan.title, 40)}{PLAN_SUFFIX}"
    name, _ = QFileDialog.getSaveFileName(ctx.parent, "Lưu gói kế hoạch", str(suggested), PLAN_FILTER)
    if not name:
        return
    path = Path(name) if name.lower().endswith(PLAN_SUFFIX) else Path(name + PLAN_SUFFIX)

    def done(made: Path) -> None:
        QMessageBox.information(
            ctx.parent,
            "Đã xuất gói kế hoạch",
            f"Đã lưu gói kế hoạch «{plan.label}» ({plan.task_count} nhiệm vụ):\n{made}\n\n"
            "Gửi tệp này cho các cơ quan, đơn vị; họ mở bằng «Tệp › Nhập gói kế hoạch…» hoặc nhấp đúp vào tệp.",
        )

    ctx.state.query(lambda s: export_plan(s, plan.id, path), done, title="Đang xuất gói kế hoạch")


@HANDLERS.handles(ActionId.REGISTER)
def edit_register(ctx: ActionContext) -> None:
    """Who must report here: the province's units, agencies added by hand, units retired."""
    state = ctx.state

    def change(what: str, name: str, other: str, dialog: RegisterDialog) -> None:
        def write(s: DbSession) -> list[Member]:
            if what == "province":
                set_province(s, name)
            elif what == "add":
                add_member(s, name, other)
            elif what == "rename":
                rename_member(s, name, other)
            elif what == "merge":
                merge_members(s, name, other)
            else:
                retire_member(s, name)
            return members(s)

        state.write(write, Change.NONE, dialog.applied, on_failure=dialog.refused, title="Đang lưu danh sách")

    def read(s: DbSession) -> tuple[list[Member], str]:
        province = province_of(s)
        return members(s), province.name if province else ""

    def show(data: tuple[list[Member], str]) -> None:
        rows, province = data
        dialog = RegisterDialog(rows, [p.name for p in provinces()], province, change, ctx.parent)
        dialog.exec()
        if dialog.changed:
            state.apply(Change.BUNDLES)  # who is expected changed: the Tiếp nhận page counts again

    state.query(read, show)


REMIND_FILTER = "PDF (*.pdf);;Word (*.docx);;Văn bản để gửi thư (*.txt)"


@HANDLERS.handles(ActionId.REMIND)
def remind(ctx: ActionContext, code: str = "") -> None:
    """A công văn đôn đốc for the period the user is looking at (the Tiếp nhận page's, else the state's)."""
    state, parent = ctx.state, ctx.parent
    code = code or state.period_code
    if state.store is None or not code:
        return
    name, chosen = QFileDialog.getSaveFileName(
        parent, f"Lưu công văn đôn đốc kỳ {code}", f"cong-van-don-doc-{code}.pdf", REMIND_FILTER
    )
    if not name:
        return
    path = Path(name)
    if path.suffix.lower() not in (".pdf", ".docx", ".txt"):
        path = path.with_suffix(".docx" if "Word" in chosen else ".txt" if "thư" in chosen else ".pdf")
    today = state.today

    def done(made: Reminder) -> None:
        QMessageBox.information(
            parent,
            "Đã lập công văn đôn đốc",
            f"Công văn đôn đốc {len(made.missing)} cơ quan, đơn vị chưa nộp báo cáo "
            f"{made.period_label[:1].lower()}{made.period_label[1:]}:\n{path}",
        )

    state.query(lambda s: write_reminder(s, code, path, today), done, title="Đang lập công văn đôn đốc")


def notice_at_startup(ctx: ActionContext) -> None:
    """A focal point opening the app sees, in the status bar, the period due next and who has not reported."""
    state = ctx.state
    today = state.today

    def read(s: DbSession) -> str:
        if province_of(s) is None and not any(m.registered for m in members(s)):
            return ""  # not a focal point: nobody reports here
        period = current_period(s, today)
        late = [r for r in submissions(s, period.code) if r.state == "missing"]
        if not late:
            return f"Kỳ {period.label} (hạn {fmt_date(period.due_date)}): mọi cơ quan, đơn vị đã nộp báo cáo."
        overdue = "đã quá hạn" if today > period.due_date else f"hạn {fmt_date(period.due_date)}"
        return (
            f"Kỳ {period.label} ({overdue}): {len(late)} cơ quan, đơn vị chưa nộp báo cáo — xem trang "
            "«Tiếp nhận báo cáo»."
        )

    def show(text: str) -> None:
        if text:
            state.say(text, 0)

    state.query(read, show)
