"""Thẩm định: one agency's report for one period, row by row (appraised score, evidence accepted or not,
comment), a general comment, and the package sent back. Every save goes off the UI thread; `saved`, `refused`
and `exported` come back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.appraisal.focal import AppraisalRow, AppraisalSheet
from desktop.core.formatting import fmt_number
from desktop.ui.appraisal_model import AppraisalTableModel
from desktop.ui.ops import error_message


@dataclass(frozen=True)
class ItemEdit:
    kind: str = ""
    code: str = ""
    score: str | None = None
    comment: str | None = None
    evidence: str | None = None
    general: str | None = None  # set: this edit is the general comment
    framework: str = ""  # a province index's criterion


SaveFn = Callable[[ItemEdit, "AppraisalDialog"], None]
ExportFn = Callable[[Path, "AppraisalDialog"], None]


class AppraisalDialog(QDialog):
    def __init__(self, current: AppraisalSheet, save: SaveFn, export: ExportFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Thẩm định báo cáo — {current.agency}, kỳ {current.period_code}")
        self.resize(1000, 680)
        self._save, self._export = save, export
        self.model = AppraisalTableModel()
        self.model.set_rows(list(current.rows))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.score = QLineEdit()
        self.score.setPlaceholderText("Ví dụ: 0,75 (để trống nếu không chấm)")
        self.evidence = QComboBox()
        for value, label in (("", "— chưa đánh giá —"), ("accepted", "Chấp nhận"), ("rejected", "Không chấp nhận")):
            self.evidence.addItem(label, value)
        self.comment = QPlainTextEdit()
        self.comment.setMaximumHeight(70)
        self.save_button = QPushButton("Lưu mục này")
        self.general = QPlainTextEdit(current.general_comment)
        self.general.setMaximumHeight(60)
        self.general_button = QPushButton("Lưu nhận xét chung")
        self.export_button = QPushButton("Xuất gói thẩm định gửi cơ quan…")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.selected = QLabel("Chọn một tiêu chí hoặc nhiệm vụ trong bảng.")
        self.selected.setWordWrap(True)

        editor = QFormLayout()
        editor.addRow("Điểm thẩm định:", self.score)
        editor.addRow("Tài liệu kiểm chứng:", self.evidence)
        editor.addRow("Nhận xét:", self.comment)
        general = QFormLayout()
        general.addRow("Nhận xét chung:", self.general)
        row = QHBoxLayout()
        row.addWidget(self.general_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected)
        layout.addLayout(editor)
        layout.addWidget(self.save_button)
        layout.addLayout(general)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(close)

        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.save_button.clicked.connect(self._save_item)
        self.general_button.clicked.connect(self._save_general)
        self.export_button.clicked.connect(self._choose_export)
        self._show_current()

    def current(self) -> AppraisalRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, kind: str, code: str, framework: str = "") -> bool:
        for i, r in enumerate(self.model.rows):
            if r.kind == kind and r.code == code and r.framework == framework:
                self.table.selectRow(i)
                return True
        return False

    def _show_current(self) -> None:
        r = self.current()
        self.save_button.setEnabled(r is not None)
        if r is None:
            return
        top = f" (tối đa {fmt_number(r.max_score)})" if r.max_score is not None else ""
        own = f"; tự chấm {fmt_number(r.self_score)}" if r.self_score is not None else ""
        self.selected.setText(f"<b>{r.code}</b> {r.name[:300]}{top}{own}")
        self.score.setEnabled(r.kind != "task")
        self.score.setText(fmt_number(r.score))
        self.evidence.setCurrentIndex(max(self.evidence.findData(r.evidence or ""), 0))
        self.comment.setPlainText(r.comment)

    def _busy(self, busy: bool) -> None:
        for b in (self.save_button, self.general_button, self.export_button):
            b.setEnabled(not busy)

    def _save_item(self) -> None:
        r = self.current()
        if r is None:
            return
        self._busy(True)
        score = self.score.text().strip() if r.kind != "task" and self.score.text().strip() else None
        evidence = str(self.evidence.currentData()) or None
        self._save(ItemEdit(r.kind, r.code, score, self.comment.toPlainText(), evidence, framework=r.framework), self)

    def _save_general(self) -> None:
        self._busy(True)
        self._save(ItemEdit(general=self.general.toPlainText()), self)

    def _choose_export(self) -> None:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Chọn nơi lưu gói thẩm định", docs)
        if chosen:
            self._busy(True)
            self._export(Path(chosen), self)

    # replies
    def saved(self, row: AppraisalRow | None) -> None:
        self._busy(False)
        if row is None:
            self.status.setText("Đã lưu nhận xét chung.")
            return
        self.model.replace_row(row)
        self.status.setText(f"Đã lưu thẩm định {'nhiệm vụ' if row.kind == 'task' else 'tiêu chí'} {row.code}.")
        self._show_current()

    def refused(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(error_message(exc))

    def exported(self, path: Path) -> None:
        self._busy(False)
        self.status.setText(f"Đã xuất gói thẩm định:\n{path}\nGửi tệp này cho cơ quan (USB hoặc thư điện tử).")
