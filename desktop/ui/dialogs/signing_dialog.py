"""«Chữ ký số…»: the CA certificates this office trusts (imported from files, never fetched), whether received
reports must be signed, and the USB token's PKCS#11 library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.signing.keys import CertInfo
from desktop.core.signing.settings import SigningSettings
from desktop.ui.dialogs.buttons import error_label, ok_cancel
from desktop.ui.dialogs.sign_choice import MODULE_FILTER

CA_FILTER = "Chứng thư gốc (*.cer *.crt *.pem *.der);;Mọi tệp (*)"


class SigningDialog(QDialog):
    """`add_anchor(path)` is the caller's: it installs off the UI thread and answers with `set_anchors` or
    `refused`."""

    def __init__(
        self,
        settings: SigningSettings,
        anchors: list[CertInfo],
        add_anchor: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chữ ký số")
        self.resize(640, 420)
        self._add_anchor = add_anchor
        self.anchors = QListWidget()
        self.add_button = QPushButton("Thêm chứng thư gốc…")
        self.add_button.setToolTip("Cài chứng thư gốc (CA) của nơi cấp chứng thư số, ví dụ Ban Cơ yếu Chính phủ")
        self.require = QCheckBox("Báo cáo nhận được phải có chữ ký số hợp lệ (báo cáo chưa ký vẫn nhận, được đánh dấu)")
        self.require.setChecked(settings.require_signed)
        self.module = QLineEdit(settings.pkcs11_module)
        self.module.setPlaceholderText("Thư viện PKCS#11 do hãng USB token cài (.dll, .so)")
        browse = QPushButton("Chọn…")
        browse.clicked.connect(self._browse_module)
        self.error = error_label()
        intro = QLabel(
            "Chữ ký số trên báo cáo nhận được chỉ là «hợp lệ» khi chứng thư của người ký do một chứng thư gốc dưới "
            "đây cấp. Ứng dụng không tải chứng thư gốc từ mạng: hãy nhập từ tệp do nơi cấp chứng thư cung cấp."
        )
        intro.setWordWrap(True)
        module_row = QHBoxLayout()
        module_row.addWidget(self.module, 1)
        module_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Thư viện USB token:", module_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.anchors, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.require)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Lưu", self.accept)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self._choose_anchor)
        self.set_anchors(anchors)

    def set_anchors(self, anchors: list[CertInfo]) -> None:
        self.error.clear()
        self.anchors.clear()
        for a in anchors:
            self.anchors.addItem(f"{a.name} — {a.organisation} (hiệu lực đến {a.not_after:%d/%m/%Y})")
        if not anchors:
            self.anchors.addItem("Chưa cài chứng thư gốc nào: chữ ký số trên báo cáo nhận được sẽ «chưa tin cậy».")

    def refused(self, message: str) -> None:
        self.error.setText(message)

    def _choose_anchor(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn tệp chứng thư gốc (CA)", "", CA_FILTER)
        if name:
            self._add_anchor(Path(name))

    def _browse_module(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Chọn thư viện của USB token", self.module.text(), MODULE_FILTER)
        if name:
            self.module.setText(name)

    def settings(self, base: SigningSettings) -> SigningSettings:
        base.require_signed = self.require.isChecked()
        base.pkcs11_module = self.module.text().strip()
        return base
