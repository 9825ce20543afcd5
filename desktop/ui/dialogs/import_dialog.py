"""Xem trước khi nhập: what will be imported, the column mapping, the plan's metadata, skipped rows.

Nothing is written until the user presses «Nhập»; every change here re-runs the (fast) parser.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.agency_names import split_names
from desktop.core.deadlines import parse_deadline
from desktop.core.plan_import import ParsedPlan, ParsedSheet, SheetOptions, WorkbookGrid, parse_grid
from desktop.core.plan_import.model import ROLE_LABELS, ROLES
from desktop.core.plan_import.parse import UNKNOWN_DEADLINE
from desktop.core.records import FRAMEWORK_LABELS
from desktop.ui.dialogs.buttons import ok_cancel
from desktop.ui.dialogs.plan_dialog import PlanMetaForm

PREVIEW_LIMIT = 500
PREVIEW_COLUMNS = ("Dòng", "Mã", "Tiêu chí", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian")


def _column_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class ImportDialog(QDialog):
    def __init__(
        self, grid: WorkbookGrid, options: dict[str, SheetOptions] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Nhập kế hoạch — {grid.path.name}")
        self.grid = grid
        # Columns remembered for this layout come in as the starting choice; the user's changes go on top.
        self.options: dict[str, SheetOptions] = dict(options or {})
        self._by_hand: set[str] = set()
        self.parsed: ParsedPlan = parse_grid(grid, self.options)
        meta = self.parsed.meta

        self.meta_form = PlanMetaForm(with_amends=True)
        self.meta_form.set_fields(meta)
        meta_box = QGroupBox("Thông tin kế hoạch")
        QVBoxLayout(meta_box).addWidget(self.meta_form)

        self.sheet_combo = QComboBox()
        for s in self.parsed.sheets:
            self.sheet_combo.addItem(s.name)
        self.include = QCheckBox("Nhập trang này")
        self.framework = QComboBox()
        self.framework.addItem("(không thuộc bộ chỉ số)", None)
        for code, label in FRAMEWORK_LABELS.items():
            self.framework.addItem(label, code)
        self.role_combos: dict[str, QComboBox] = {}
        mapping_form = QFormLayout()
        mapping_form.addRow("Trang:", self.sheet_combo)
        mapping_form.addRow("", self.include)
        mapping_form.addRow("Bộ chỉ số:", self.framework)
        for role in ROLES:
            combo = QComboBox()
            self.role_combos[role] = combo
            mapping_form.addRow(f"{ROLE_LABELS[role]}:", combo)
        mapping_box = QGroupBox("Cột trong bảng")
        mapping_box.setLayout(mapping_form)

        self.preview = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.preview.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
        self.preview.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 45), (1, 60), (2, 130), (4, 120), (5, 120), (6, 110)):
            self.preview.setColumnWidth(col, width)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.skipped = QListWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.sheet_error = QLabel()
        self.sheet_error.setStyleSheet("color: #b3261e")
        self.sheet_error.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(meta_box)
        left_layout.addWidget(mapping_box)
        left_layout.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.sheet_error)
        right_layout.addWidget(QLabel("Nhiệm vụ sẽ nhập:"))
        right_layout.addWidget(self.preview, 3)
        right_layout.addWidget(QLabel("Dòng không hiểu được (sẽ bỏ qua):"))
        right_layout.addWidget(self.skipped, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)

        self.buttons = ok_cancel(self, "Nhập", self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.include.toggled.connect(self._options_changed)
        self.framework.currentIndexChanged.connect(self._options_changed)
        for combo in self.role_combos.values():
            combo.currentIndexChanged.connect(self._options_changed)
        self._loading = False
        self._show_sheet()
        self.resize(1200, 760)

    # -- sheet selection and options
    def _sheet(self) -> ParsedSheet:
        return self.parsed.sheets[max(self.sheet_combo.currentIndex(), 0)]

    def _show_sheet(self) -> None:
        if not self.parsed.sheets:
            return
        sheet = self._sheet()
        self._loading = True
        self.include.setChecked(sheet.include)
        self.framework.setCurrentIndex(max(self.framework.findData(sheet.framework), 0))
        width = max(len(sheet.columns), max(sheet.mapping.values(), default=-1) + 1)
        for role, combo in self.role_combos.items():
            combo.clear()
            combo.addItem("(không có)", None)
            for c in range(width):
                header = sheet.columns[c] if c < len(sheet.columns) else ""
                combo.addItem(f"{_column_letter(c)}: {header[:40]}", c)
            combo.setCurrentIndex(max(combo.findData(sheet.mapping.get(role)), 0))
        self._loading = False
        self._fill_preview()

    def _options_changed(self) -> None:
        if self._loading:
            return
        sheet = self._sheet()
        mapping = {
            role: combo.currentData() for role, combo in self.role_combos.items() if combo.currentData() is not None
        }
        previous = self.options.get(sheet.name)
        if mapping != (previous.mapping if previous and previous.mapping else sheet.mapping):
            self._by_hand.add(sheet.name)
        # Columns picked by hand on a sheet we could not read mean «import this sheet».
        include = self.include.isChecked() or (sheet.error is not None and bool(mapping))
        self.options[sheet.name] = SheetOptions(
            mapping=mapping, framework=self.framework.currentData(), include=include
        )
        index = self.sheet_combo.currentIndex()
        self.parsed = parse_grid(self.grid, self.options)
        self.sheet_combo.setCurrentIndex(index)
        self._loading = True
        self.include.setChecked(self._sheet().include)
        self._loading = False
        self._fill_preview()

    def _fill_preview(self) -> None:
        sheet = self._sheet()
        self.sheet_error.setText(sheet.error or "")
        tasks = sheet.tasks if sheet.include else []
        shown = tasks[:PREVIEW_LIMIT]
        self.preview.setRowCount(len(shown))
        year = self.parsed.meta.year
        for i, t in enumerate(shown):
            for col, text in enumerate(
                (str(t.row), t.code, t.criterion_text, t.content, t.lead, t.partners, t.deadline_text)
            ):
                item = QTableWidgetItem("; ".join(split_names(text)) if col in (4, 5) else text)
                item.setToolTip(text)
                if col == 6 and parse_deadline(text, year).kind == "unknown":
                    item.setText(f"{text} ({UNKNOWN_DEADLINE})")  # kept as written, never given a made-up date
                    item.setForeground(QColor("#b3261e"))
                self.preview.setItem(i, col, item)
        self.skipped.clear()
        for s in self.parsed.skipped:
            self.skipped.addItem(f"Trang «{s.sheet}», dòng {s.row}: {s.reason}")
        total = len(self.parsed.tasks)
        more = f" (hiển thị {PREVIEW_LIMIT} dòng đầu)" if len(tasks) > PREVIEW_LIMIT else ""
        year_note = (
            ""
            if self.meta_form.fields().year
            else " Chưa rõ năm của kế hoạch: thời hạn theo quý, năm sẽ chưa có ngày — hãy nhập năm."
        )
        warnings = "".join(f" {w}" for w in self.parsed.all_warnings)
        self.summary.setText(
            f"Sẽ nhập {total} nhiệm vụ từ {sum(1 for s in self.parsed.sheets if s.include and s.tasks)} trang; "
            f"bỏ qua {len(self.parsed.skipped)} dòng.{more}{year_note}{warnings}"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(total > 0)

    def chosen_columns(self) -> dict[str, SheetOptions]:
        """The sheets whose columns the user chose by hand, to remember for this layout."""
        return {name: o for name, o in self.options.items() if name in self._by_hand and o.mapping}

    def result_plan(self) -> ParsedPlan:
        return parse_grid(self.grid, self.options, self.meta_form.fields())
