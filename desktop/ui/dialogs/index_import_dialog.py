"""Nhập Bộ Chỉ số CCHC của tỉnh: choose the province's file, its level and year; the preview shows the tree with
maxima, the total (flagged when the maxima do not add up) and the rows it could not read; then import. Reading
and importing run off the UI thread (the handler's callables); `previewed`, `imported` and `refused` come back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.enums import IndexLevel
from desktop.core.formatting import fmt_number
from desktop.core.province_index.model import ParsedIndex
from desktop.core.province_index.run import sum_problem_lines
from desktop.core.province_index.store import LEVEL_NAMES, IndexImport
from desktop.ui.dialogs.buttons import error_label
from desktop.ui.ops import error_message

FILTER = "Bộ chỉ số (*.xlsx *.xls *.docx)"


@dataclass(frozen=True)
class IndexRequest:
    path: Path
    level: IndexLevel
    year: int


PreviewFn = Callable[[IndexRequest, "IndexImportDialog"], None]
ImportFn = Callable[[ParsedIndex, "IndexImportDialog"], None]


class IndexImportDialog(QDialog):
    def __init__(self, preview: PreviewFn, commit: ImportFn, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập Bộ Chỉ số CCHC của tỉnh")
        self.resize(960, 640)
        self._preview, self._commit = preview, commit
        self.parsed: ParsedIndex | None = None
        self.path = QLineEdit()
        self.path.setPlaceholderText("Tệp .xlsx, .xls hoặc .docx do UBND tỉnh ban hành")
        browse = QPushButton("Chọn tệp…")
        self.level = QComboBox()
        for level in IndexLevel:
            self.level.addItem(f"Bộ chỉ số {LEVEL_NAMES[level]}", level.value)
        self.level.setCurrentIndex(self.level.findData(IndexLevel.COMMUNE.value))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.read_button = QPushButton("Đọc tệp")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Cách chấm"])
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(3, 220)
        self.summary = QLabel("Chọn tệp rồi bấm «Đọc tệp» để xem trước.")
        self.summary.setWordWrap(True)
        self.problems = error_label()
        self.skipped = QListWidget()
        self.skipped.setMaximumHeight(90)
        self.skipped.hide()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Nhập bộ chỉ số")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")

        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Tệp:", row)
        choice = QHBoxLayout()
        choice.addWidget(self.level)
        choice.addWidget(QLabel("Năm áp dụng:"))
        choice.addWidget(self.year)
        choice.addStretch(1)
        choice.addWidget(self.read_button)
        form.addRow("Cấp:", choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.skipped)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        browse.clicked.connect(self._browse)
        self.read_button.clicked.connect(self.read)
        self.path.returnPressed.connect(self.read)
        self.import_button.clicked.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        for changed in (self.level.currentIndexChanged, self.year.valueChanged, self.path.textEdited):
            changed.connect(self._stale)

    def _browse(self) -> None:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Chọn tệp Bộ Chỉ số CCHC của tỉnh", docs, FILTER)
        if chosen:
            self.path.setText(chosen)
            self.read()

    def _stale(self) -> None:
        """What is shown no longer matches the choices: read again before importing."""
        self.parsed = None
        self.import_button.setEnabled(False)

    def read(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.error.setText("Hãy chọn tệp bộ chỉ số trước.")
            return
        self.error.clear()
        self.read_button.setEnabled(False)
        level = IndexLevel(str(self.level.currentData()))
        self._preview(IndexRequest(Path(text), level, self.year.value()), self)

    def _import(self) -> None:
        if self.parsed is not None:
            self.import_button.setEnabled(False)
            self._commit(self.parsed, self)

    # replies
    def previewed(self, parsed: ParsedIndex) -> None:
        self.read_button.setEnabled(True)
        self.parsed = parsed
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for c in parsed.criteria:
            how = "Điều tra XHH" if c.survey else ("Theo mức" if c.bands else "")
            item = QTreeWidgetItem([c.code, c.name, fmt_number(c.max_score), how])
            item.setToolTip(1, c.name)
            if c.rule:
                item.setToolTip(3, c.rule[:1000])
            parent = items.get(c.parent_code or "")
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[c.code] = item
        self.tree.expandToDepth(0)
        leaves = len(parsed.leaf_codes())
        survey = sum(1 for c in parsed.criteria if c.survey)
        self.summary.setText(
            f"<b>{parsed.name}</b><br>{len(parsed.criteria)} lĩnh vực, tiêu chí ({leaves} tiêu chí chấm điểm, "
            f"{survey} tiêu chí điều tra xã hội học); tổng điểm tối đa <b>{fmt_number(parsed.max_total)}</b>."
        )
        self.problems.setText(" ".join(sum_problem_lines(parsed)))
        self.skipped.clear()
        for s in parsed.skipped:
            self.skipped.addItem(f"Dòng {s.row}: {s.text} — {s.reason}")
        self.skipped.setVisible(bool(parsed.skipped))
        self.import_button.setEnabled(bool(parsed.criteria))

    def imported(self, result: IndexImport) -> None:
        self.summary.setText(result.describe())
        self.accept()

    def refused(self, exc: BaseException) -> None:
        self.read_button.setEnabled(True)
        self.import_button.setEnabled(self.parsed is not None)
        self.error.setText(error_message(exc))
