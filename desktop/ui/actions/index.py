"""The province's own index: import its criteria set, send it down and take it in as a package, the survey
points, the classification bands, the self-assessment's notes, and the ranking's documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from db.store import DbSession
from desktop.core.index_assessment import index_notes, set_index_notes
from desktop.core.progress import CancelToken, ProgressFn
from desktop.core.province_index.classes import describe_classes, parse_classes
from desktop.core.province_index.model import ParsedIndex
from desktop.core.province_index.package import SUFFIX, export_index_package, import_index_package
from desktop.core.province_index.ranking import ranking
from desktop.core.province_index.ranking_docs import texts_for, write_ranking
from desktop.core.province_index.run import read_index_file
from desktop.core.province_index.store import IndexImport, commit_index, province_frameworks, resolve_index
from desktop.core.province_index.survey import SurveyImport, import_survey
from desktop.ui.actions.registry import ActionContext, ActionId, HandlerTable
from desktop.ui.dialogs.index_import_dialog import IndexImportDialog, IndexRequest
from desktop.ui.dialogs.index_notes_dialog import IndexNotesDialog
from desktop.ui.state import AppState, Change

HANDLERS = HandlerTable()
Chosen = Callable[[str, int], None]
RANKING_FILTERS = "Bảng tính Excel (*.xlsx);;Dự thảo Quyết định PDF (*.pdf);;Dự thảo Quyết định Word (*.docx)"


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def choose_index(state: AppState, parent: QWidget, then: Chosen) -> None:
    """The province index to act on: the only one, or the one the user picks."""

    def read(s: DbSession) -> list[tuple[str, int, str]]:
        return [(fw.code, fw.year, f"{fw.name} — {fw.code} năm {fw.year}") for fw in province_frameworks(s)]

    def pick(found: list[tuple[str, int, str]]) -> None:
        if not found:
            QMessageBox.information(
                parent,
                "Chưa có bộ chỉ số của tỉnh",
                "Chưa có Bộ Chỉ số CCHC của tỉnh. Sở Nội vụ: «Tệp › Nhập Bộ Chỉ số CCHC của tỉnh…»; cơ quan, đơn "
                "vị: «Tệp › Nhận gói bộ chỉ số…» với gói Sở Nội vụ gửi.",
            )
            return
        if len(found) == 1:
            then(found[0][0], found[0][1])
            return
        labels = [label for _c, _y, label in found]
        label, ok = QInputDialog.getItem(parent, "Chọn bộ chỉ số", "Bộ chỉ số:", labels, 0, False)
        if ok:
            code, year, _label = found[labels.index(label)]
            then(code, year)

    state.query(read, pick)


@HANDLERS.handles(ActionId.IMPORT_INDEX)
def import_index(ctx: ActionContext) -> None:
    state = ctx.state

    def preview(request: IndexRequest, dialog: IndexImportDialog) -> None:
        def work(progress: ProgressFn, cancel: CancelToken) -> ParsedIndex:
            return read_index_file(request.path, request.level, request.year, progress, cancel)

        state.run("Đang đọc bộ chỉ số", work, dialog.previewed, on_failure=dialog.refused)

    def commit(parsed: ParsedIndex, dialog: IndexImportDialog) -> None:
        def imported(result: IndexImport) -> None:
            dialog.imported(result)
            state.say(result.describe())

        state.write(lambda s: commit_index(s, parsed), Change.INDICES, imported, on_failure=dialog.refused)

    IndexImportDialog(preview, commit, state.today, ctx.parent).exec()


@HANDLERS.handles(ActionId.IMPORT_INDEX_PACKAGE)
def import_package(ctx: ActionContext, path: Path | None = None) -> None:
    state, parent = ctx.state, ctx.parent
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "Chọn gói bộ chỉ số do Sở Nội vụ gửi", _documents(), f"Gói bộ chỉ số (*{SUFFIX})"
        )
        if not chosen:
            return
        path = Path(chosen)

    def done(result: IndexImport) -> None:
        text = result.describe()
        state.say(text)
        QMessageBox.information(parent, "Đã nhận gói bộ chỉ số", text)

    state.write(lambda s: import_index_package(s, path), Change.INDICES, done, title="Đang nhập gói bộ chỉ số")


@HANDLERS.handles(ActionId.EXPORT_INDEX_PACKAGE)
def export_package(ctx: ActionContext) -> None:
    state, parent = ctx.state, ctx.parent

    def chosen(code: str, year: int) -> None:
        folder = QFileDialog.getExistingDirectory(parent, "Chọn nơi lưu gói bộ chỉ số (USB)", _documents())
        if not folder:
            return

        def done(path: Path) -> None:
            state.say(f"Đã lưu gói bộ chỉ số «{path}».")
            QMessageBox.information(
                parent, "Đã xuất gói bộ chỉ số", f"Đã lưu «{path}».\nGửi tệp này cho các cơ quan, đơn vị."
            )

        state.query(lambda s: export_index_package(s, code, Path(folder), year), done)

    choose_index(state, parent, chosen)


@HANDLERS.handles(ActionId.IMPORT_SURVEY)
def survey(ctx: ActionContext, framework: str = "", year: int = 0) -> None:
    state, parent = ctx.state, ctx.parent

    def chosen(code: str, on_year: int) -> None:
        picked, _ = QFileDialog.getOpenFileName(
            parent, "Chọn tệp điểm điều tra xã hội học", _documents(), "Bảng tính (*.xlsx *.xls)"
        )
        if not picked:
            return

        def done(r: SurveyImport) -> None:
            text = f"Đã nhập {r.points} điểm điều tra của {r.agencies} đơn vị ({r.framework} năm {r.year})."
            missing = r.not_reporting
            if missing:
                text += f"\nChưa nhận báo cáo tự đánh giá của: {', '.join(missing)}."
            state.say(text.splitlines()[0])
            QMessageBox.information(parent, "Đã nhập điểm điều tra", text)

        state.write(
            lambda s: import_survey(s, Path(picked), code, on_year),
            Change.SCORES,
            done,
            title="Đang nhập điểm điều tra",
        )

    if framework:
        chosen(framework, year)
    else:
        choose_index(state, parent, chosen)


@HANDLERS.handles(ActionId.EDIT_CLASSES)
def edit_classes(ctx: ActionContext, framework: str, year: int) -> None:
    state, parent = ctx.state, ctx.parent

    def ask(current: str) -> None:
        text, ok = QInputDialog.getText(
            parent,
            "Mức xếp loại",
            "Các mức xếp loại (tên = điểm tối thiểu), theo quy định của tỉnh:",
            QLineEdit.EchoMode.Normal,
            current,
        )
        if not ok:
            return

        def change(s: DbSession) -> str:
            fw = resolve_index(s, framework, year)
            fw.classes = parse_classes(text)
            return describe_classes(fw.classes)

        state.write(change, Change.SCORES, lambda saved: state.say(f"Đã lưu mức xếp loại: {saved}."))

    state.query(lambda s: describe_classes(resolve_index(s, framework, year).classes), ask)


@HANDLERS.handles(ActionId.INDEX_NOTES)
def edit_notes(ctx: ActionContext, framework: str, year: int) -> None:
    state, parent = ctx.state, ctx.parent

    def show(notes: tuple[str, str]) -> None:
        dialog = IndexNotesDialog(*notes, parent)
        if dialog.exec():
            difficulties, proposals = dialog.texts()

            def change(s: DbSession) -> None:
                set_index_notes(s, resolve_index(s, framework, year), difficulties, proposals)

            state.write(change, Change.SCORES, lambda _r: state.say("Đã lưu khó khăn, kiến nghị."))

    state.query(lambda s: index_notes(s, resolve_index(s, framework, year)), show)


@HANDLERS.handles(ActionId.EXPORT_RANKING)
def export_ranking(ctx: ActionContext, framework: str, year: int) -> None:
    state, parent = ctx.state, ctx.parent
    today = state.today
    default = str(Path(_documents()) / f"xep-hang-{framework.lower().replace('_', '-')}-{year}.xlsx")
    chosen, selected = QFileDialog.getSaveFileName(parent, "Lưu bảng xếp hạng", default, RANKING_FILTERS)
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() not in (".xlsx", ".pdf", ".docx"):
        path = path.with_suffix(".pdf" if "PDF" in selected else ".docx" if "Word" in selected else ".xlsx")

    def work(s: DbSession) -> Path:
        result = ranking(s, framework, year)
        return write_ranking(result, texts_for(s, result, today or date.today()), path)

    state.query(work, lambda written: state.say(f"Đã lưu «{written}»."), title="Đang lập bảng xếp hạng")
