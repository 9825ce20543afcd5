"""«Báo cáo» menu: export this agency's report bundle, verify, receive, consolidate; plan packages in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.core.bundle.consolidate import consolidated_texts, write_consolidated
from desktop.core.bundle.export import ExportResult, export_bundle
from desktop.core.bundle.receive import Outcome, OutcomeStatus, import_bundles
from desktop.core.bundle.submissions import submissions
from desktop.core.bundle.verify import Verdict, verify_bundle
from desktop.core.periods import list_periods
from desktop.core.plan_import.commit import ImportResult
from desktop.core.plan_package import SUFFIX as PLAN_SUFFIX
from desktop.core.plan_package import import_plan_package
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.province_index.package import SUFFIX as INDEX_SUFFIX
from desktop.core.register import add_member
from desktop.core.reports.data import collect
from desktop.core.reports.pdf import ReportTexts, default_texts
from desktop.core.reports.word import write_report_docx
from desktop.core.signing.pdf_sign import Anchor, sign_new_pdf
from desktop.core.signing.settings import load_settings
from desktop.ui.actions.plans import report_import
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.actions.signing import ask_pin, key_for, remember
from desktop.ui.dialogs.bundle_dialog import ExportBundleDialog
from desktop.ui.dialogs.consolidated_dialog import ConsolidatedDialog
from desktop.ui.dialogs.sign_choice import SignChoice
from desktop.ui.state import Change

if TYPE_CHECKING:
    from db.store import DbSession

BUNDLE_FILTER = "Gói báo cáo (*.zip manifest.json);;Mọi tệp (*)"
PLAN_FILTER = f"Gói kế hoạch (*{PLAN_SUFFIX});;Mọi tệp (*)"
RECEIVE_FILTER = "Gói báo cáo (*.zip *.zip.001 manifest.json);;Mọi tệp (*)"
REPORT_FILTER = "Bảng tính Excel (*.xlsx);;PDF (*.pdf);;Văn bản Word (*.docx)"


HANDLERS = HandlerTable()


def _documents() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home())


@HANDLERS.handles(ActionId.EXPORT_BUNDLE)
def export(ctx: ActionContext) -> None:
    state, parent = ctx.state, ctx.parent
    store = state.store
    if store is None:
        return
    today, current = state.today, state.period_code

    def defaults(s: DbSession, code: str) -> ReportTexts:
        return default_texts(collect(s, code, today))

    def ask_texts(code: str, dialog: ExportBundleDialog) -> None:
        state.query(lambda s: defaults(s, code), dialog.set_texts)

    def export_word(code: str, chosen: ReportTexts) -> None:
        suggested = str(_documents() / f"bao-cao-{code}.docx")
        path, _ = QFileDialog.getSaveFileName(parent, "Lưu báo cáo Word", suggested, "Văn bản Word (*.docx)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".docx") else Path(f"{path}.docx")

        def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
            with store.session() as s:
                data = collect(s, code, today)
            return write_report_docx(data, chosen, target)

        state.run("Đang xuất báo cáo Word", work, lambda done: state.say(f"Đã lưu báo cáo Word «{done.name}».", 10000))

    def ask(first: tuple[list[tuple[str, str]], ReportTexts]) -> None:
        periods, texts = first
        settings = load_settings(store.data_dir)
        dialog = ExportBundleDialog(periods, current, texts, ask_texts, _documents(), parent, export_word, settings)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, chosen, out_dir = dialog.period_code(), dialog.texts(), dialog.target()
        as_zip, split_mb, sign = dialog.as_zip.isChecked(), dialog.split_value(), dialog.sign_choice()
        pin = ask_pin(sign, parent)
        if sign is not None and not pin:
            return

        def work(progress: ProgressFn, cancel: CancelToken) -> ExportResult:
            with key_for(sign, pin) as key:
                result = export_bundle(
                    store,
                    code,
                    out_dir,
                    today,
                    progress,
                    cancel,
                    texts=chosen,
                    as_zip=as_zip,
                    split_mb=split_mb,
                    key=key,
                )
            if sign is not None:
                remember(store.data_dir, sign)
            return result

        def done(result: ExportResult) -> None:
            state.say(f"Đã tạo gói báo cáo «{result.path.name}».", 10000)
            parts = result.paths or (result.path,)
            where = "\n".join(str(p) for p in parts)
            what = f"{len(parts)} phần, gửi đủ các phần" if len(parts) > 1 else "gửi nguyên gói này"
            QMessageBox.information(
                parent,
                "Đã xuất gói báo cáo",
                f"Đã tạo gói báo cáo ({result.files} tệp):\n{where}\n\nCho Sở Nội vụ: {what} "
                "(chép vào USB hoặc đính kèm thư điện tử).",
            )

        state.run("Đang xuất gói báo cáo", work, done)

    state.query(lambda s: ([(p.code, p.label) for p in list_periods(s)], defaults(s, current)), ask)


@HANDLERS.handles(ActionId.VERIFY_BUNDLE)
def verify(ctx: ActionContext, path: Path | None = None) -> None:
    parent = ctx.parent
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, "Chọn gói báo cáo cần kiểm tra", "", BUNDLE_FILTER)
        if not name:
            return
        path = Path(name)
    target = path.parent if path.name == "manifest.json" else path

    def work(progress: ProgressFn, cancel: CancelToken) -> Verdict:
        return verify_bundle(target, progress, cancel)

    def done(verdict: Verdict) -> None:
        if verdict.ok:
            m = verdict.manifest or {}
            QMessageBox.information(
                parent,
                "Gói hợp lệ",
                f"Gói của {m.get('agency', {}).get('name', '')}, kỳ {m.get('period', {}).get('code', '')}: "
                f"{len(m.get('files', []))} tệp đúng kích thước và mã băm.",
            )
        else:
            QMessageBox.warning(parent, "Gói không hợp lệ", "Gói có vấn đề:\n- " + "\n- ".join(verdict.problems[:20]))

    ctx.state.run("Đang kiểm tra gói báo cáo", work, done)


@HANDLERS.handles(ActionId.OPEN_FILE)
def open_file(ctx: ActionContext, path: Path) -> None:
    """A file the app was opened with (double-click): a plan or index package is imported, a bundle verified."""
    if path.suffix.lower() == PLAN_SUFFIX:
        import_package(ctx, path)
    elif path.suffix.lower() == INDEX_SUFFIX:
        ctx.registry.trigger(ActionId.IMPORT_INDEX_PACKAGE, path)
    else:
        verify(ctx, path)


@HANDLERS.handles(ActionId.IMPORT_PACKAGE)
def import_package(ctx: ActionContext, path: Path | None = None) -> None:
    if path is None:
        name, _ = QFileDialog.getOpenFileName(ctx.parent, "Chọn gói kế hoạch do nơi giao gửi", "", PLAN_FILTER)
        if not name:
            return
        path = Path(name)
    chosen = path
    store = ctx.state.store
    if store is None:
        return

    def work(_progress: ProgressFn, _cancel: CancelToken) -> ImportResult:
        with store.session(write=True) as s:
            return import_plan_package(s, chosen)

    ctx.state.run("Đang nhập gói kế hoạch", work, lambda result: report_import(ctx, result))


@HANDLERS.handles(ActionId.RECEIVE_BUNDLES)
def receive(ctx: ActionContext, paths: list[Path] | None = None) -> None:
    """A focal point takes in many bundles at once; each is verified, and the verdicts are listed. A Cancel
    keeps the bundles already in."""
    state, parent = ctx.state, ctx.parent
    store = state.store
    if store is None:
        return
    if not paths:
        names, _ = QFileDialog.getOpenFileNames(parent, "Chọn các gói báo cáo cần tiếp nhận", "", RECEIVE_FILTER)
        paths = [Path(n) for n in names]
    chosen = [p.parent if p.name == "manifest.json" else p for p in paths]
    if not chosen:
        return

    def work(progress: ProgressFn, cancel: CancelToken) -> list[Outcome]:
        return import_bundles(store, chosen, progress, cancel)

    def done(outcomes: list[Outcome]) -> None:
        lines = [o.describe() for o in outcomes]
        refused = sum(o.status == OutcomeStatus.REJECTED for o in outcomes)
        title = "Tiếp nhận gói báo cáo" + (f" ({refused} gói bị từ chối)" if refused else "")
        show = QMessageBox.warning if refused else QMessageBox.information
        show(parent, title, "\n".join(lines[:40]))
        periods = {o.period for o in outcomes if o.status != OutcomeStatus.REJECTED and o.period}
        if periods:
            state.query(lambda s: _unexpected(s, periods), lambda names: _offer_register(ctx, names))

    state.run("Đang tiếp nhận gói báo cáo", work, done, Change.BUNDLES, changes_on_failure=True)


def _unexpected(s: DbSession, periods: set[str]) -> list[str]:
    """Agencies that reported without being in the register or named by a plan (a commune answering a group
    task, say)."""
    return sorted({r.agency for code in periods for r in submissions(s, code) if not r.expected})


def _offer_register(ctx: ActionContext, names: list[str]) -> None:
    """One question for all of them (a USB stick may bring many)."""
    if not names:
        return
    listed = "\n".join(f"- {n}" for n in names[:30]) + (
        f"\n… và {len(names) - 30} đơn vị khác" if len(names) > 30 else ""
    )
    answer = QMessageBox.question(
        ctx.parent,
        "Đơn vị chưa có trong danh sách",
        f"{len(names)} đơn vị đã gửi báo cáo nhưng chưa có trong danh sách đơn vị phải báo cáo:\n{listed}\n\n"
        "Thêm vào danh sách để theo dõi các kỳ sau?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def change(s: DbSession) -> None:
        for name in names:
            add_member(s, name)

    ctx.state.write(change, Change.BUNDLES)


@HANDLERS.handles(ActionId.CONSOLIDATED_REPORT)
def consolidated_report(ctx: ActionContext, code: str = "") -> None:
    """For the period the user is looking at: the Tiếp nhận page's choice, else the state's period."""
    state, parent = ctx.state, ctx.parent
    store = state.store
    code = code or state.period_code
    if store is None or not code:
        return
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, f"Lưu báo cáo tổng hợp kỳ {code}", f"bao-cao-tong-hop-{code}.xlsx", REPORT_FILTER
    )
    if not name:
        return
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".pdf", ".docx"):
        path = path.with_suffix(".pdf" if "PDF" in chosen_filter else ".docx" if "Word" in chosen_filter else ".xlsx")
    today = state.today

    def done(made: Path) -> None:
        QMessageBox.information(parent, "Đã lập báo cáo tổng hợp", f"Đã lưu báo cáo tổng hợp kỳ {code}:\n{made}")

    def write(texts: ReportTexts | None, sign: SignChoice | None = None, pin: str = "") -> None:
        def work(_progress: ProgressFn, _cancel: CancelToken) -> Path:
            with key_for(sign, pin) as key:  # a wrong PIN stops here, before anything is written
                with store.session(write=True) as s:  # the PDF's texts are kept for the period
                    made = write_consolidated(s, store.data_dir, code, path, today, texts)
                if key is not None and texts is not None:
                    anchor = Anchor(texts.signer_position, texts.signer_name)
                    sign_new_pdf(made, key, anchor, "Ký báo cáo tổng hợp")
            if sign is not None:
                remember(store.data_dir, sign)
            return made

        state.run("Đang lập báo cáo tổng hợp", work, done)

    if path.suffix.lower() == ".xlsx":  # the data table: nothing to word
        write(None)
        return

    def ask(texts: ReportTexts) -> None:
        pdf = path.suffix.lower() == ".pdf"
        dialog = ConsolidatedDialog(code, texts, parent, load_settings(store.data_dir) if pdf else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        sign = dialog.sign_choice()
        pin = ask_pin(sign, parent)
        if sign is None or pin:
            write(dialog.texts(), sign, pin)

    state.query(lambda s: consolidated_texts(s, store.data_dir, code, today), ask, title="Đang chuẩn bị báo cáo")
