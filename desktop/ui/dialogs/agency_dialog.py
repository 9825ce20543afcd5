"""Cơ quan của tôi: asked on first launch, editable later."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.enums import AgencyLevel
from desktop.core.admin_units import provinces
from desktop.core.agencies import ProfileFields, Signer
from desktop.core.agency_names import LEVEL_LABELS
from desktop.core.district import LEVEL_GONE
from desktop.ui.dialogs.buttons import error_label, ok_cancel

# Offered in «Thẩm quyền ký»; the user may type any other line.
AUTHORITIES = ("", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "KT. GIÁM ĐỐC", "Q. GIÁM ĐỐC", "TL. GIÁM ĐỐC")
LEVELS = (AgencyLevel.COMMUNE, AgencyLevel.DEPARTMENT, AgencyLevel.UNIT, AgencyLevel.PROVINCE, AgencyLevel.DISTRICT)


class AgencyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, first_launch: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cơ quan của tôi")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: UBND xã Hòa An, Sở Văn hóa, Thể thao và Du lịch")
        self.level = QComboBox()
        for code in LEVELS:
            self.level.addItem(LEVEL_LABELS[code], code)
        self.parent_name = QLineEdit()
        self.parent_name.setPlaceholderText("Sở chủ quản (chỉ với phòng, đơn vị thuộc sở)")
        self.province = QComboBox()
        self.province.addItem("— không khai báo —", "")
        for province in provinces():
            self.province.addItem(province.label, province.name)
        self.province.setToolTip(
            "Đầu mối cải cách hành chính của tỉnh (Sở Nội vụ, sở có đơn vị cấp dưới): các xã, phường của tỉnh "
            "vào danh sách đơn vị phải báo cáo"
        )
        self.focal = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.signer_name = QLineEdit()
        self.signer_name.setPlaceholderText("Ví dụ: Hoàng Văn Bình (để trống: ghi tay khi ký)")
        self.signer_position = QLineEdit()
        self.signer_position.setPlaceholderText("Ví dụ: PHÓ CHỦ TỊCH")
        self.signer_authority = QComboBox()
        self.signer_authority.setEditable(True)
        self.signer_authority.addItems(AUTHORITIES)
        self.signer_authority.setToolTip("Dòng ký thay, ký thừa lệnh… in trên chức vụ; để trống khi thủ trưởng ký")
        self.error = error_label()
        self.level_note = QLabel(LEVEL_GONE)  # the district level was abolished on 1 July 2025
        self.level_note.setWordWrap(True)
        self.level_note.setStyleSheet("color: #8a5a00")

        form = QFormLayout()
        form.addRow("Tên cơ quan, đơn vị:", self.name)
        form.addRow("Cấp:", self.level)
        form.addRow("", self.level_note)
        form.addRow("Cơ quan cấp trên:", self.parent_name)
        form.addRow("Tỉnh, thành phố (đầu mối):", self.province)
        form.addRow("Người đầu mối:", self.focal)
        form.addRow("Điện thoại:", self.phone)
        form.addRow("Thư điện tử:", self.email)
        signing = QGroupBox("Người ký văn bản (báo cáo, công văn)")
        signing_form = QFormLayout(signing)
        signing_form.addRow("Họ tên người ký:", self.signer_name)
        signing_form.addRow("Chức vụ:", self.signer_position)
        signing_form.addRow("Thẩm quyền ký:", self.signer_authority)
        self.buttons = ok_cancel(self, "Lưu", self._accept)
        layout = QVBoxLayout(self)
        if first_launch:
            intro = QLabel(
                "Chào mừng! Hãy cho biết cơ quan, đơn vị của bạn để ứng dụng lọc đúng các nhiệm vụ "
                "được giao. Có thể sửa lại sau trong menu «Cơ quan»."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(signing)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()

    def set_fields(self, f: ProfileFields) -> None:
        self.name.setText(f.name)
        self.level.setCurrentIndex(max(self.level.findData(f.level), 0))
        self.parent_name.setText(f.parent_name)
        self.focal.setText(f.focal_person)
        self.phone.setText(f.phone)
        self.email.setText(f.email)
        self.province.setCurrentIndex(max(self.province.findData(f.province), 0))
        self.signer_name.setText(f.signer.name)
        self.signer_position.setText(f.signer.position)
        self.signer_authority.setCurrentText(f.signer.authority)

    def _level_changed(self) -> None:
        self.parent_name.setEnabled(self.level.currentData() == "phong")
        self.level_note.setVisible(self.level.currentData() == "huyen")

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Hãy nhập tên cơ quan, đơn vị.")
            return
        if self.level.currentData() == "phong" and not self.parent_name.text().strip():
            self.error.setText("Phòng, đơn vị thuộc sở cần có tên cơ quan cấp trên.")
            return
        if self.signer_authority.currentText().strip() and not self.signer_position.text().strip():
            self.error.setText("Hãy nhập chức vụ người ký (ví dụ «PHÓ CHỦ TỊCH») cùng với thẩm quyền ký.")
            return
        self.accept()

    def fields(self) -> ProfileFields:
        return ProfileFields(
            name=self.name.text().strip(),
            level=str(self.level.currentData()),
            parent_name=self.parent_name.text().strip() if self.level.currentData() == "phong" else "",
            focal_person=self.focal.text().strip(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            province=str(self.province.currentData() or ""),
            signer=Signer(
                self.signer_name.text().strip(),
                self.signer_position.text().strip(),
                self.signer_authority.currentText().strip(),
            ),
        )
