"""«Ký số» in the export dialog: sign the report PDF with a certificate file or a USB token (remembered from the
last time), and the masked PIN asked just before signing; the PIN lives only in that dialog and the worker."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.signing.settings import SigningSettings
from desktop.ui.dialogs.buttons import error_label, ok_cancel

CERT_FILTER = "Chứng thư số (*.p12 *.pfx);;Mọi tệp (*)"
MODULE_FILTER = "Thư viện PKCS#11 (*.so *.dll *.dylib);;Mọi tệp (*)"


class KeyKind(StrEnum):
    FILE = "file"
    TOKEN = "token"


@dataclass(frozen=True)
class SignChoice:
    kind: KeyKind
    p12_path: Path | None = None
    token_label: str = ""
    module: Path | None = None

    @property
    def what(self) -> str:
        return f"tệp «{self.p12_path.name}»" if self.p12_path is not None else f"USB token «{self.token_label}»"


class SignChoiceBox(QGroupBox):
    def __init__(self, settings: SigningSettings, parent: QWidget | None = None) -> None:
        super().__init__("Ký số báo cáo PDF (chữ ký số của cơ quan)", parent)
        self.setCheckable(True)
        self.setChecked(bool(settings.p12_path or settings.token_label))
        self.use_file = QRadioButton("Tệp chứng thư số (.p12, .pfx)")
        self.use_token = QRadioButton("USB token")
        self.p12_path = QLineEdit(settings.p12_path)
        self.token_label = QLineEdit(settings.token_label)
        self.token_label.setPlaceholderText("Nhãn của token, ví dụ VNPT-CA")
        self.module = QLineEdit(settings.pkcs11_module)
        self.module.setPlaceholderText("Thư viện PKCS#11 do hãng token cài (.dll, .so)")
        (self.use_token if settings.token_label else self.use_file).setChecked(True)
        browse_cert, browse_module = QPushButton("Chọn…"), QPushButton("Chọn…")
        browse_cert.clicked.connect(lambda: self._browse(self.p12_path, "Chọn tệp chứng thư số", CERT_FILTER))
        browse_module.clicked.connect(lambda: self._browse(self.module, "Chọn thư viện của USB token", MODULE_FILTER))
        self.setToolTip("Mã PIN được hỏi khi ký, không được lưu lại.")
        # Two rows: the dialogs it sits in must still fit a 1280×720 screen.
        form = QFormLayout(self)
        form.setContentsMargins(6, 2, 6, 2)
        form.setVerticalSpacing(2)
        form.addRow(self.use_file, _row(self.p12_path, browse_cert))
        token_row = _row(self.token_label, None)
        token_row.addWidget(self.module, 2)
        token_row.addWidget(browse_module)
        form.addRow(self.use_token, token_row)

    def _browse(self, field: QLineEdit, title: str, filters: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, title, field.text(), filters)
        if name:
            field.setText(name)

    def choice(self) -> SignChoice | None:
        """None when the report goes unsigned; raises ValueError with what to fill in."""
        if not self.isChecked():
            return None
        if self.use_file.isChecked():
            if not self.p12_path.text().strip():
                raise ValueError("Hãy chọn tệp chứng thư số (.p12, .pfx), hoặc bỏ chọn «Ký số báo cáo PDF».")
            return SignChoice(KeyKind.FILE, p12_path=Path(self.p12_path.text().strip()))
        if not self.token_label.text().strip() or not self.module.text().strip():
            raise ValueError("Hãy ghi nhãn của USB token và chọn thư viện của token, hoặc dùng tệp chứng thư số.")
        return SignChoice(
            KeyKind.TOKEN, token_label=self.token_label.text().strip(), module=Path(self.module.text().strip())
        )


def _row(field: QLineEdit, button: QPushButton | None) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    if button is not None:
        row.addWidget(button)
    return row


class PinDialog(QDialog):
    """The PIN, typed into a masked field; an empty one is refused here."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập mã PIN")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        layout = QVBoxLayout(self)
        label = QLabel(f"Mã PIN của {what} để ký số báo cáo:")
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, "Ký và xuất gói", self._accept)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        if not self.pin.text():
            self.error.setText("Hãy nhập mã PIN.")
            return
        self.accept()

    def take_pin(self) -> str:
        """The PIN, once: the field is emptied so the widget keeps no copy."""
        pin = self.pin.text()
        self.pin.clear()
        return pin
