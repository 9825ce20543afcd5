"""Creating or editing a plan's metadata by hand (plans that arrive on paper)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.records import PlanFields
from desktop.ui.dialogs.buttons import error_label, ok_cancel


class PlanMetaForm(QWidget):
    """Số ký hiệu, ngày ban hành, cơ quan ban hành, trích yếu, năm, kỳ: shared by the plan and import dialogs."""

    def __init__(self, parent: QWidget | None = None, with_amends: bool = False) -> None:
        super().__init__(parent)
        self.amends = QLineEdit()
        self.amends.setPlaceholderText("Để trống nếu không phải kế hoạch sửa đổi, bổ sung")
        self.amends.setToolTip(
            "Số ký hiệu của kế hoạch mà kế hoạch này sửa đổi, bổ sung: nhiệm vụ được cập nhật thành phiên bản mới "
            "của kế hoạch đó, tiến độ và tài liệu được giữ."
        )
        self.number = QLineEdit()
        self.number.setPlaceholderText("Ví dụ: 2163/KH-UBND")
        self.title = QLineEdit()
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("Ví dụ: UBND tỉnh Cao Bằng")
        self.has_date = QCheckBox("Có ngày ban hành")
        self.issued_on = QDateEdit()
        self.issued_on.setDisplayFormat("dd/MM/yyyy")
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setDate(QDate.currentDate())
        self.issued_on.setEnabled(False)
        self.has_date.toggled.connect(self.issued_on.setEnabled)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("chưa rõ")
        self.period = QLineEdit()
        self.period.setPlaceholderText("Ví dụ: 6 tháng cuối năm 2025")
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.issued_on, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Số ký hiệu:", self.number)
        form.addRow("Trích yếu:", self.title)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Ngày ban hành:", date_row)
        form.addRow("Năm của kế hoạch:", self.year)
        form.addRow("Thời kỳ:", self.period)
        if with_amends:
            form.addRow("Sửa đổi kế hoạch số:", self.amends)

    def set_fields(self, f: PlanFields) -> None:
        self.number.setText(f.number)
        self.title.setText(f.title)
        self.issuer.setText(f.issuer)
        self.has_date.setChecked(f.issued_on is not None)
        if f.issued_on:
            self.issued_on.setDate(QDate(f.issued_on.year, f.issued_on.month, f.issued_on.day))
        self.year.setValue(f.year or 0)
        self.period.setText(f.period_text)
        self.amends.setText(f.amends)

    def fields(self) -> PlanFields:
        issued: date | None = None
        if self.has_date.isChecked():
            q = self.issued_on.date()
            issued = date(q.year(), q.month(), q.day())
        return PlanFields(
            number=self.number.text().strip(),
            title=self.title.text().strip(),
            issuer=self.issuer.text().strip(),
            issued_on=issued,
            year=self.year.value() or None,
            period_text=self.period.text().strip(),
            amends=self.amends.text().strip(),
        )


class PlanDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, title: str = "Kế hoạch") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = PlanMetaForm()
        self.error = error_label()
        buttons = ok_cancel(self, "Lưu", self._accept)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def _accept(self) -> None:
        f = self.form.fields()
        if not f.number and not f.title:
            self.error.setText("Hãy nhập số ký hiệu hoặc trích yếu của kế hoạch.")
            return
        self.accept()
