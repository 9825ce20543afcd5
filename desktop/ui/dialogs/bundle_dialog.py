"""«Xuất gói báo cáo»: the period, every text of the report (number, place and date, trích yếu, sections I–III,
Nơi nhận, signature), folder or zip, and where to write it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.reports.pdf import ReportTexts
from desktop.core.signing.settings import SigningSettings
from desktop.ui.dialogs.buttons import error_label, ok_cancel
from desktop.ui.dialogs.report_texts_form import ReportTextsForm
from desktop.ui.dialogs.sign_choice import SignChoice, SignChoiceBox


class ExportBundleDialog(QDialog):
    def __init__(
        self,
        periods: list[tuple[str, str]],
        current: str,
        texts: ReportTexts,
        ask_texts: Callable[[str, ExportBundleDialog], None],
        out_dir: Path,
        parent: QWidget | None = None,
        export_word: Callable[[str, ReportTexts], None] | None = None,
        signing: SigningSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Xuất gói báo cáo")
        self.resize(640, 640)
        self._ask_texts = ask_texts  # another period's default texts, read off the UI thread -> set_texts
        self._texts = texts
        self.period = QComboBox()
        for code, label in periods:
            self.period.addItem(label, code)
        self.form = ReportTextsForm()
        f = self.form  # the dialog's fields, by the names the user sees them under
        self.number, self.place_date, self.summary = f.number, f.place_date, f.summary
        self.results, self.shortcomings, self.proposals = (
            f.section_edits[n] for n in ("results", "shortcomings", "proposals")
        )
        self.recipients, self.signer_prefix = f.recipients, f.signer_prefix
        self.signer_position, self.signer_name = f.signer_position, f.signer_name
        self.as_folder = QRadioButton("Thư mục (chép thẳng vào USB)")
        self.as_zip = QRadioButton("Một tệp .zip (gửi thư điện tử)")
        self.as_zip.setChecked(True)
        self.split = QCheckBox("Chia thành nhiều phần để gửi thư điện tử, mỗi phần tối đa")
        self.split_mb = QSpinBox()
        self.split_mb.setRange(1, 1000)
        self.split_mb.setValue(20)
        self.split_mb.setSuffix(" MB")
        self.as_zip.toggled.connect(self.split.setEnabled)
        self.as_zip.toggled.connect(self.split_mb.setEnabled)
        group = QButtonGroup(self)
        group.addButton(self.as_folder)
        group.addButton(self.as_zip)
        self.out_dir = QLineEdit(str(out_dir))
        browse = QPushButton("Chọn…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.out_dir, 1)
        where.addWidget(browse)
        kind = QHBoxLayout()
        kind.addWidget(self.as_zip)
        kind.addWidget(self.as_folder)
        top = QFormLayout()
        top.addRow("Kỳ báo cáo:", self.period)
        self.tabs = self.form
        form = QFormLayout()
        form.addRow("Dạng gói:", kind)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split)
        split_row.addWidget(self.split_mb)
        split_row.addStretch(1)
        form.addRow("", split_row)
        form.addRow("Lưu vào:", where)
        self.sign = SignChoiceBox(signing or SigningSettings())
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(form)
        layout.addWidget(self.sign)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Xuất gói", self._accept)
        # The báo cáo alone, in Word, to be edited before the leader signs; the dialog stays open.
        self.word_button = QPushButton("Xuất Word…")
        self.word_button.setToolTip("Lưu báo cáo dạng Word (.docx), đúng thể thức, để sửa trước khi trình ký")
        self.word_button.setEnabled(export_word is not None)
        if export_word is not None:
            self.word_button.clicked.connect(lambda: export_word(self.period_code(), self.texts()))
        bottom = QHBoxLayout()
        bottom.addWidget(self.word_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        index = self.period.findData(current)
        self.period.setCurrentIndex(max(index, 0))
        self.period.currentIndexChanged.connect(self._period_changed)
        self.set_texts(texts)

    def _period_changed(self) -> None:
        code = self.period.currentData()
        if code is not None:
            self.tabs.setEnabled(False)  # until that period's texts arrive: nothing typed is overwritten
            self._ask_texts(str(code), self)

    def set_texts(self, t: ReportTexts) -> None:
        """The default texts of the chosen period (answers arrive in the order the periods were chosen)."""
        self._texts = t
        self.form.set_texts(t)
        self.tabs.setEnabled(True)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Chọn nơi lưu gói báo cáo", self.out_dir.text())
        if chosen:
            self.out_dir.setText(chosen)

    def period_code(self) -> str:
        return str(self.period.currentData())

    def texts(self) -> ReportTexts:
        return self.form.texts()

    def split_value(self) -> int | None:
        return self.split_mb.value() if self.as_zip.isChecked() and self.split.isChecked() else None

    def target(self) -> Path:
        return Path(self.out_dir.text().strip())

    def _accept(self) -> None:
        if not self.out_dir.text().strip():
            self.error.setText("Hãy chọn nơi lưu gói báo cáo (thư mục trên USB hoặc trên máy).")
            return
        if not self.period.currentData():
            self.error.setText("Chưa có kỳ báo cáo nào.")
            return
        try:
            self.sign.choice()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def sign_choice(self) -> SignChoice | None:
        return self.sign.choice()
