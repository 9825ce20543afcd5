"""Every text of an official report the user may edit before export, on two tabs: the content (header lines,
number, place and date, Kính gửi, trích yếu, the sections) and the signing (Nơi nhận, TM./KT., position, name).
Used by «Xuất gói báo cáo» and by the focal point's consolidated report."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QTabWidget, QWidget

from desktop.core.reports.pdf import ReportTexts

# (field of ReportTexts, label) of the narrative sections each report has
AGENCY_SECTIONS = (
    ("results", "I. Kết quả thực hiện:"),
    ("shortcomings", "II. Tồn tại, hạn chế:"),
    ("proposals", "III. Đề xuất, kiến nghị:"),
)
CONSOLIDATED_SECTIONS = (
    ("situation", "I. Tình hình nộp báo cáo:"),
    ("results", "II. Kết quả theo chỉ số, lĩnh vực:"),
    ("shortcomings", "III. Tồn tại, hạn chế:"),
    ("proposals", "IV. Đề xuất, kiến nghị:"),
)


def lines_of(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class ReportTextsForm(QTabWidget):
    def __init__(self, sections: tuple[tuple[str, str], ...] = AGENCY_SECTIONS, with_heading: bool = False) -> None:
        super().__init__()
        self._texts = ReportTexts()
        self._sections = sections
        self.parent_agency = QLineEdit()
        self.agency = QLineEdit()
        self.number = QLineEdit()
        self.place_date = QLineEdit()
        self.to = QLineEdit()
        self.to.setPlaceholderText("Ví dụ: Ủy ban nhân dân tỉnh")
        self.summary = QLineEdit()
        self.section_edits = {name: QPlainTextEdit() for name, _label in sections}
        self.recipients = QPlainTextEdit()
        self.recipients.setMaximumHeight(80)
        self.signer_prefix = QLineEdit()
        self.signer_prefix.setPlaceholderText("Ví dụ: KT. GIÁM ĐỐC, TM. ỦY BAN NHÂN DÂN")
        self.signer_position = QLineEdit()
        self.signer_name = QLineEdit()
        content = QFormLayout()
        if with_heading:
            content.addRow("Cơ quan chủ quản:", self.parent_agency)
            content.addRow("Cơ quan ban hành:", self.agency)
        content.addRow("Số, ký hiệu:", self.number)
        content.addRow("Địa danh, ngày:", self.place_date)
        if with_heading:
            content.addRow("Kính gửi:", self.to)
        content.addRow("Trích yếu:", self.summary)
        for name, label in sections:
            content.addRow(label, self.section_edits[name])
        signing = QFormLayout()
        signing.addRow("Nơi nhận (mỗi dòng một nơi):", self.recipients)
        signing.addRow("Quyền hạn ký (TM./KT.):", self.signer_prefix)
        signing.addRow("Chức vụ người ký:", self.signer_position)
        signing.addRow("Họ tên người ký:", self.signer_name)
        for title, form in (("Nội dung báo cáo", content), ("Nơi nhận, người ký", signing)):
            page = QWidget()
            page.setLayout(form)
            self.addTab(page, title)

    def set_texts(self, t: ReportTexts) -> None:
        self._texts = t
        self.parent_agency.setText(t.parent_agency)
        self.agency.setText(t.agency)
        self.number.setText(t.number)
        self.place_date.setText(t.place_date)
        self.to.setText("; ".join(t.to))
        self.summary.setText(t.summary)
        for name, edit in self.section_edits.items():
            edit.setPlainText("\n".join(getattr(t, name)))
        self.recipients.setPlainText("\n".join(t.recipients))
        self.signer_prefix.setText(t.signer_prefix)
        self.signer_position.setText(t.signer_position)
        self.signer_name.setText(t.signer_name)

    def texts(self) -> ReportTexts:
        sections = {name: lines_of(edit) or ["Không có."] for name, edit in self.section_edits.items()}
        if "results" in sections and sections["results"] == ["Không có."]:
            sections["results"] = self._texts.results  # the figures are never left out
        return replace(
            self._texts,
            parent_agency=self.parent_agency.text().strip(),
            agency=self.agency.text().strip(),
            number=self.number.text().strip(),
            place_date=self.place_date.text().strip(),
            to=[part.strip() for part in self.to.text().split(";") if part.strip()],
            summary=self.summary.text().strip() or self._texts.summary,
            recipients=lines_of(self.recipients),
            signer_prefix=self.signer_prefix.text().strip(),
            signer_position=self.signer_position.text().strip(),
            signer_name=self.signer_name.text().strip(),
            **sections,
        )
