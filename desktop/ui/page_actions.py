"""What the Tổng quan, Tài liệu kiểm chứng and Tự chấm điểm pages do with the data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from db.store import Store
from desktop.core.catalog import field_names, frameworks
from desktop.core.dashboard import summarize
from desktop.core.data_check import clean_unused, unused_files
from desktop.core.errors import UserError
from desktop.core.evidence import EvidenceMeta, criterion_of, delete_evidence, list_evidence, update_evidence
from desktop.core.formatting import fmt_number, parse_number
from desktop.core.records import FRAMEWORK_LABELS
from desktop.core.scoring import resolve_framework, score_sheet, set_score, set_target
from desktop.ui.dialogs.evidence_dialog import EvidenceDialog
from desktop.ui.ops import show_error

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.reporting_actions import ReportingActions


class PageActions:
    def __init__(self, window: MainWindow, store: Store, reporting: ReportingActions) -> None:
        self.w = window
        self.store = store
        self.reporting = reporting

    # -- Tổng quan
    def refresh_dashboard(self) -> None:
        page = self.w.dashboard_page
        tasks = self.w.tasks_page
        combo = tasks.period_combo
        page.set_periods([combo.itemText(i) for i in range(combo.count())], combo.currentIndex())
        rows = tasks.model.rows
        mine = [r for r in rows if r.my_role is not None]
        scoped, scope = (mine, "Nhiệm vụ cơ quan tôi chủ trì hoặc phối hợp") if mine else (rows, "Mọi nhiệm vụ")
        d = summarize(scoped, tasks.model.today)
        with self.store.session() as s:
            names = field_names(s)
            latest: dict[str, int] = {}
            for fw in frameworks(s):
                latest.setdefault(fw.code, fw.year)
            codes = {r.framework for r in scoped if r.framework}
            for code in codes:
                sheet = score_sheet(s, resolve_framework(s, code, latest.get(code)))
                leaves = [r for r in sheet if r.is_leaf]
                d.criteria_total += len(leaves)
                d.criteria_with_evidence += sum(1 for r in leaves if r.evidence_count)
        page.set_dashboard(d, names, scope)

    def drill(self, framework: str, field_code: str, status: str) -> None:
        self.w.show_tasks()
        page = self.w.tasks_page
        page.role_combo.setCurrentIndex(page.role_combo.findData("mine" if self._has_mine() else "all"))
        page.apply_drill(framework, field_code, status)

    def window_drill(self, window: str) -> None:
        self.drill("", "", "")
        page = self.w.tasks_page
        page.window_combo.setCurrentIndex(page.window_combo.findData(window))

    def _has_mine(self) -> bool:
        return any(r.my_role is not None for r in self.w.tasks_page.model.rows)

    def choose_period(self, index: int) -> None:
        self.w.tasks_page.period_combo.setCurrentIndex(index)  # reloads the rows, then the dashboard

    # -- Tài liệu kiểm chứng
    def refresh_evidence(self) -> None:
        with self.store.session() as s:
            self.w.evidence_page.set_rows(list_evidence(s))

    def add_unlinked(self, paths: list[Path]) -> None:
        paths = paths or self.reporting.ask_files()
        if not paths:
            return
        meta = self.reporting.ask_meta(paths, "kho (chưa gắn nhiệm vụ)")
        if meta is not None:
            self.reporting.run_add(paths, meta, [], [], None)

    def edit_evidence(self, evidence_id: int) -> None:
        row = next((r for r in self.w.evidence_page.model.rows if r.id == evidence_id), None)
        if row is None:
            return
        meta = EvidenceMeta(row.number, row.issued_on, row.issuer, row.summary, row.doc_type, row.proves_date)
        dialog = EvidenceDialog(f"Thông tin của «{row.original_name}»", meta, self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._write(lambda s: update_evidence(s, evidence_id, dialog.meta()), "Đã lưu thông tin tài liệu.")

    def delete_evidence(self, evidence_id: int) -> None:
        answer = QMessageBox.question(
            self.w,
            "Xoá tài liệu",
            "Xoá tài liệu này khỏi danh sách? Tệp được giữ đến khi bạn chọn «Dọn tệp không dùng».",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda s: delete_evidence(s, evidence_id), "Đã xoá tài liệu.")

    def cleanup(self) -> None:
        unused = unused_files(self.store)
        if not unused:
            QMessageBox.information(self.w, "Dọn tệp không dùng", "Không có tệp nào thừa trong kho tài liệu.")
            return
        answer = QMessageBox.question(
            self.w,
            "Dọn tệp không dùng",
            f"Có {len(unused)} tệp trong kho không thuộc tài liệu nào (tài liệu đã xoá, hoặc thêm dở khi mất điện). "
            "Xoá hẳn các tệp này? Không thể hoàn tác.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            result = clean_unused(self.store, unused)
            QMessageBox.information(
                self.w, "Dọn tệp không dùng", f"Đã xoá {result.files} tệp ({result.bytes / (1 << 20):.1f} MB)."
            )

    def _write(self, change: Callable[[Any], object], done: str) -> None:
        try:
            with self.store.session(write=True) as s:
                change(s)
        except Exception as exc:
            show_error(self.w, exc)
            return
        self.w.statusBar().showMessage(done, 5000)
        self.w.data_changed()

    # -- Tự chấm điểm
    def refresh_scoring(self) -> None:
        page = self.w.scoring_page
        with self.store.session() as s:
            order = list(FRAMEWORK_LABELS)
            fws = sorted(frameworks(s), key=lambda f: (-f.year, order.index(f.code) if f.code in order else 9))
            items = [(fw.code, fw.year, f"{FRAMEWORK_LABELS.get(fw.code, fw.code)} năm {fw.year}") for fw in fws]
        page.set_frameworks(items)
        self.load_scores()

    def load_scores(self, keep_code: str | None = None) -> None:
        page = self.w.scoring_page
        chosen = page.chosen()
        if chosen is None:
            page.set_rows([])
            return
        with self.store.session() as s:
            rows = score_sheet(s, resolve_framework(s, *chosen))
        page.set_rows(rows, keep_code)

    def save_score(self, code: str, value: str, explanation: str) -> None:
        page = self.w.scoring_page
        chosen = page.chosen()
        if chosen is None:
            return
        try:
            with self.store.session() as s:
                set_score(s, resolve_framework(s, *chosen), code, value, explanation)
        except UserError as exc:
            page.error.setText(str(exc))
            return
        self.load_scores(code)
        self.w.statusBar().showMessage(f"Đã lưu điểm tự chấm tiêu chí {code}.", 5000)
        self.w.data_changed()

    def criterion_evidence(self, criterion_id: int, paths: list[Path]) -> None:
        paths = paths or self.reporting.ask_files()
        if not paths:
            return
        with self.store.session() as s:
            try:
                label = f"tiêu chí {criterion_of(s, criterion_id).code}"
            except UserError:  # gone since the page was drawn: the files still go in, under no code
                label = "tiêu chí"
        meta = self.reporting.ask_meta(paths, label)
        if meta is not None:
            self.reporting.run_add(paths, meta, [], [criterion_id], lambda _r: self.load_scores())

    def edit_target(self, criterion_id: int) -> None:
        row = next((r for r in self.w.scoring_page.model.rows if r.criterion_id == criterion_id), None)
        if row is None:
            return
        text, ok = QInputDialog.getText(
            self.w,
            "Mục tiêu",
            f"{row.code} {row.name}\nNhập: điểm năm trước; xếp hạng; dự kiến tăng; mục tiêu\n"
            "(ví dụ 9,2779; 39/63; 0,13; 9,4)",
            text="; ".join(
                [
                    fmt_number(row.previous_score),
                    row.previous_rank or "",
                    fmt_number(row.planned_increase),
                    fmt_number(row.target_score),
                ]
            ),
        )
        if not ok:
            return
        parts = [p.strip() for p in text.split(";")] + ["", "", "", ""]

        def num(p: str) -> float | None:
            return parse_number(p) if p else None

        try:
            values = (num(parts[0]), parts[1] or None, num(parts[2]), num(parts[3]))
        except ValueError:
            show_error(self.w, UserError("Điểm phải là số, ví dụ «9,4»; các phần cách nhau bởi dấu «;»."))
            return
        self._write(lambda s: set_target(s, criterion_id, *values), "Đã lưu mục tiêu.")
