"""Tự chấm điểm: the criteria of one framework and year, the agency's scores, evidence and targets."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from db.enums import IndexLevel
from desktop.core.bands import band_for
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number
from desktop.core.records import FRAMEWORK_LABELS
from desktop.ui.combo import refill
from desktop.ui.dialogs.buttons import error_label
from desktop.ui.file_drop import FileDropTable
from desktop.ui.pages.observer import ObserverPage
from desktop.ui.score_model import ScoreTableModel
from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from db.store import DbSession
    from desktop.core.scoring import ScoreRow


PROVINCE_CODES = {level.framework_code for level in IndexLevel}


@dataclass(frozen=True)
class ScoreEdit:
    framework: str
    year: int
    code: str
    value: str  # as typed
    explanation: str
    measured: bool = False  # `value` is what was measured; the criterion's bands give the points


class ScoreReply(Protocol):
    def score_saved(self, code: str) -> None: ...
    def score_refused(self, message: str) -> None: ...


class ScoringPage(ObserverPage):
    watches = Change.STORE | Change.SCORES | Change.EVIDENCE | Change.INDICES
    save_requested = Signal(object, object)  # ScoreEdit, ScoreReply (this page)
    evidence_requested = Signal(int, list)  # criterion id, paths (empty: choose)
    target_requested = Signal(object)  # ScoreRow
    delete_requested = Signal(object)  # ScoreEdit of the criterion whose score goes
    notes_requested = Signal(str, int)  # a province index (code, year): khó khăn, kiến nghị of the report

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self.model = ScoreTableModel()
        self._keep: str | None = None  # the criterion to select again after a reload
        self.framework = QComboBox()
        self.framework.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table = FileDropTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 70), (2, 60), (3, 70), (4, 70), (5, 200), (6, 80), (7, 70), (8, 80), (9, 80), (10, 200)):
            self.table.setColumnWidth(col, width)
        self.total_label = QLabel()
        self.flag_label = QLabel()
        self.flag_label.setStyleSheet("color: #b3261e")
        self.selected_label = QLabel("Chọn một tiêu chí để chấm điểm.")
        self.selected_label.setWordWrap(True)
        self.score = QLineEdit()
        self.score.setPlaceholderText("Ví dụ: 0,75")
        self.measured = QLineEdit()
        self.measured.setPlaceholderText("Ví dụ: 96,5%")
        self.measured.setToolTip("Nhập giá trị đo được; điểm được tính theo các mức của cách chấm")
        self.band_label = QLabel()
        self.band_label.setWordWrap(True)
        self.explanation = QPlainTextEdit()
        self.explanation.setPlaceholderText("Giải trình (bắt buộc khi chưa có tài liệu kiểm chứng)")
        self.explanation.setMaximumHeight(70)
        self.explanation.setTabChangesFocus(True)
        self.error = error_label()
        self.save_button = QPushButton("Lưu điểm")
        self.save_button.setToolTip("Lưu điểm tự chấm và giải trình của tiêu chí đã chọn")
        self.evidence_button = QPushButton("Gắn tài liệu…")
        self.evidence_button.setToolTip("Gắn tài liệu kiểm chứng với tiêu chí đã chọn")
        self.delete_button = QPushButton("Xoá điểm")
        self.delete_button.setToolTip("Xoá điểm tự chấm của tiêu chí đã chọn (Ctrl+Z để hoàn tác)")
        self.target_button = QPushButton("Sửa mục tiêu…")
        self.target_button.setToolTip("Sửa mục tiêu của tỉnh cho tiêu chí đã chọn")
        self.notes_button = QPushButton("Khó khăn, kiến nghị…")
        self.notes_button.setToolTip("Khó khăn, vướng mắc và kiến nghị của báo cáo tự đánh giá bộ chỉ số của tỉnh")
        self.notes_button.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel("Bộ chỉ số:"))
        top.addWidget(self.framework)
        top.addWidget(self.total_label, 1)
        form = QFormLayout()
        self._measured_row = QHBoxLayout()
        self._measured_row.addWidget(self.measured)
        self._measured_row.addWidget(self.band_label, 1)
        form.addRow("Giá trị đo được:", self._measured_row)
        form.addRow("Điểm tự chấm:", self.score)
        form.addRow("Giải trình:", self.explanation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        for b in (self.notes_button, self.evidence_button, self.target_button, self.delete_button, self.save_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected_label)
        layout.addLayout(form)
        layout.addLayout(buttons)

        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.save_button.clicked.connect(self._save)
        self.delete_button.clicked.connect(self._delete)
        self.score.returnPressed.connect(self._save)
        self.measured.returnPressed.connect(self._save)
        self.measured.textEdited.connect(self._show_band)
        self.notes_button.clicked.connect(self._notes)
        self._form = form
        self.evidence_button.clicked.connect(lambda: self._emit_evidence([]))
        self.table.files_dropped.connect(self._dropped)
        self.target_button.clicked.connect(self._target)
        self._show_current()

    def set_frameworks(self, items: list[tuple[str, int, str]]) -> None:
        """(code, year, label) choices; keeps the current one."""
        refill(self.framework, [(label, (code, year)) for code, year, label in items])

    def chosen(self) -> tuple[str, int] | None:
        data = self.framework.currentData()
        return (str(data[0]), int(data[1])) if data else None

    def _framework_changed(self) -> None:
        chosen = self.chosen()
        self.notes_button.setVisible(chosen is not None and chosen[0] in PROVINCE_CODES)
        self.load_scores()

    def refresh(self, changes: Changes) -> None:
        """The frameworks in the catalog, then the chosen one's score sheet."""

        def read(s: DbSession) -> list[tuple[str, int, str]]:
            from desktop.core.catalog import frameworks

            order = list(FRAMEWORK_LABELS)
            fws = sorted(frameworks(s), key=lambda f: (-f.year, order.index(f.code) if f.code in order else 9))
            return [(fw.code, fw.year, f"{FRAMEWORK_LABELS.get(fw.code, fw.code)} năm {fw.year}") for fw in fws]

        def show(items: list[tuple[str, int, str]]) -> None:
            self.set_frameworks(items)
            self._framework_changed()

        self.state.query(read, show)

    def load_scores(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.set_rows([])
            return

        def read(s: DbSession) -> list[ScoreRow]:
            from desktop.core.scoring import resolve_framework, score_sheet

            return score_sheet(s, resolve_framework(s, *chosen))

        self.state.query(read, self.set_rows)

    # ScoreReply: the outcome of a save this page asked for
    def score_saved(self, code: str) -> None:
        self._keep = code

    def score_refused(self, message: str) -> None:
        self.error.setText(message)

    def set_rows(self, rows: list[ScoreRow]) -> None:
        current = self.current()
        keep = self._keep or (current.code if current is not None else None)
        self._keep = None
        self.model.set_rows(rows)
        score, top, target = self.model.total()
        target_text = f"; mục tiêu ≥ {fmt_number(target)}" if target is not None else ""
        appraised = self.model.appraised_total()
        if appraised is not None:
            target_text += f"; điểm thẩm định <b>{fmt_number(appraised)}</b>"
        self.total_label.setText(
            f"Tổng điểm tự chấm: <b>{fmt_number(score) or '0'}</b> / {fmt_number(top)}{target_text}"
        )
        flagged = [r.code for r in rows if r.needs_explanation]
        unproven = [r.code for r in rows if r.unproven and r.is_leaf]
        self.flag_label.setText(
            (f"{len(unproven)} tiêu chí đã chấm chưa có tài liệu kiểm chứng" if unproven else "")
            + (f"; {len(flagged)} tiêu chí cần giải trình: {', '.join(flagged[:8])}" if flagged else "")
        )
        if keep:
            for i, r in enumerate(rows):
                if r.code == keep:
                    self.table.selectRow(i)
                    break
        self._show_current()

    def current(self) -> ScoreRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        r = self.current()
        self.error.clear()
        leaf = r is not None and r.self_scored
        for w in (self.score, self.explanation, self.save_button):
            w.setEnabled(leaf)
        banded = leaf and r is not None and bool(r.bands)
        self._form.setRowVisible(self._measured_row, banded)
        self.measured.setText(r.measured if banded and r is not None else "")
        self._show_band()
        self.evidence_button.setEnabled(r is not None)
        self.delete_button.setEnabled(leaf and r is not None and r.score is not None)
        self.target_button.setEnabled(r is not None and r.depth == 0 and not r.rule and r.code[:1].isdigit())
        if r is None:
            self.selected_label.setText("Chọn một tiêu chí để chấm điểm.")
            return
        if r.survey:
            how = " — chấm bằng điều tra xã hội học, do Sở Nội vụ nhập điểm"
        elif not r.is_leaf:
            how = " — điểm được cộng từ các tiêu chí thành phần"
        else:
            how = ""
        top = f" (tối đa {fmt_number(r.max_score)})" if r.max_score is not None else ""
        text = f"<b>{r.code}</b> {escape(r.name)}{top}{how}; {r.evidence_count} tài liệu kiểm chứng."
        if r.rule:
            text += f"<br><i>Cách chấm:</i> {escape(r.rule[:400]).replace(chr(10), '; ')}"
        if r.evidence_required:
            text += f"<br><i>Tài liệu kiểm chứng cần có:</i> {escape(r.evidence_required[:300])}"
        self.selected_label.setText(text)
        self.score.setText(fmt_number(r.score) if leaf else "")
        self.explanation.setPlainText(r.explanation)

    def _show_band(self) -> None:
        """The band the typed value falls in, and its points, as the user types."""
        r = self.current()
        text = self.measured.text().strip()
        if r is None or not r.bands or not text:
            self.band_label.clear()
            return
        try:
            band = band_for(list(r.bands), text)
        except UserError as exc:
            self.band_label.setText(str(exc))
            return
        self.band_label.setText(f"Mức «{band.text}»: <b>{fmt_number(band.points)} điểm</b>")
        self.score.setText(fmt_number(band.points))

    def _notes(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.notes_requested.emit(*chosen)

    def _save(self) -> None:
        r = self.current()
        chosen = self.chosen()
        if r is not None and r.self_scored and chosen is not None:
            measured = bool(r.bands) and bool(self.measured.text().strip())
            value = self.measured.text() if measured else self.score.text()
            edit = ScoreEdit(chosen[0], chosen[1], r.code, value, self.explanation.toPlainText(), measured)
            self.save_requested.emit(edit, self)

    def _delete(self) -> None:
        r = self.current()
        chosen = self.chosen()
        if r is not None and r.is_leaf and chosen is not None:
            self._keep = r.code
            self.delete_requested.emit(ScoreEdit(chosen[0], chosen[1], r.code, "", ""))

    def _emit_evidence(self, paths: list[object]) -> None:
        r = self.current()
        if r is not None:
            self.evidence_requested.emit(r.criterion_id, paths)

    def _dropped(self, row: int, paths: list[object]) -> None:
        self.table.selectRow(row)
        self.evidence_requested.emit(self.model.row_at(row).criterion_id, paths)

    def _target(self) -> None:
        r = self.current()
        if r is not None:
            self.target_requested.emit(r)
