"""What one agency sent for a period: its tasks with progress, its evidence (opened from the inbox), its report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.bundle.overview import AgencyDetail
from desktop.core.bundle.submissions import STATE_LABELS
from desktop.ui.overview_models import (
    AgencyTaskTableModel,
    OverviewProxy,
    ReceivedEvidenceTableModel,
    read_only_table,
)


class AgencyDetailDialog(QDialog):
    opened = Signal(Path)  # a file handed to the system viewer (tests listen here)
    file_requested = Signal(str)  # a file inside the bundle to open: made viewable off the UI thread, then `open_path`
    other_requested = Signal(str)  # the bundle UUID of another bundle of the same agency and period

    def __init__(self, detail: AgencyDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(f"Báo cáo của {detail.agency}")
        self.resize(1200, 680)
        received = detail.received
        state = STATE_LABELS[received.state] if received is not None else "Lịch sử (đã có gói mới hơn)"
        when = f" ngày {received.received_at:%d/%m/%Y %H:%M}" if received and received.received_at else ""
        header = QLabel(
            f"<b>{detail.agency}</b> — {state}{when}. {len(detail.tasks)} nhiệm vụ, "
            f"{len(detail.evidence)} tài liệu kiểm chứng."
        )
        header.setWordWrap(True)
        # The other bundles of the period stay as history; each opens the same way as this one.
        self.others = QLabel(self._others_text(detail))
        self.others.setVisible(bool(detail.others))
        self.others.linkActivated.connect(self.other_requested)

        self.tasks = AgencyTaskTableModel()
        self.tasks.set_rows(detail.tasks)
        self.task_proxy = OverviewProxy(self.tasks)
        self.task_table = read_only_table(self.task_proxy, (0, 60, 380, 120, 220, 150, 60, 90, 70), 2, sort_column=None)
        self.task_table.hideColumn(0)  # one agency: the column would repeat its name
        self.evidence = ReceivedEvidenceTableModel()
        self.evidence.set_rows(detail.evidence)
        self.evidence_proxy = OverviewProxy(self.evidence)
        self.evidence_table = read_only_table(
            self.evidence_proxy, (70, 240, 90, 120, 100, 170, 260, 120, 80), 6, sort_column=None
        )
        self.evidence_table.doubleClicked.connect(lambda idx: self.open_evidence(idx.row()))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm trong nhiệm vụ và tài liệu…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.task_proxy.set_search)
        self.search.textChanged.connect(self.evidence_proxy.set_search)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.task_table, f"Nhiệm vụ ({len(detail.tasks)})")
        evidence_tab = QWidget()
        box = QVBoxLayout(evidence_tab)
        box.addWidget(QLabel("Nhấp đúp một tài liệu để mở tệp đã nhận."))
        box.addWidget(self.evidence_table)
        self.tabs.addTab(evidence_tab, f"Tài liệu kiểm chứng ({len(detail.evidence)})")

        actions = QHBoxLayout()
        self.report_buttons: list[QPushButton] = []
        for name in detail.report_files:
            button = QPushButton("Mở báo cáo PDF" if name.endswith(".pdf") else "Mở báo cáo Excel")
            button.clicked.connect(lambda _c=False, n=name: self.file_requested.emit(n))
            actions.addWidget(button)
            self.report_buttons.append(button)
        # A kept zip opens in the system's archive viewer (Explorer shows it as a folder).
        self.bundle_button = QPushButton("Mở gói (.zip)" if detail.whole_zip else "Mở thư mục gói")
        self.bundle_button.clicked.connect(lambda: self.open_path(detail.bundle))
        actions.addWidget(self.bundle_button)
        actions.addStretch(1)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.others)
        layout.addWidget(self.search)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)

    @staticmethod
    def _others_text(detail: AgencyDetail) -> str:
        links = [
            f'<a href="{uuid}">{"gói hiện hành" if current else "gói"} nhận {at:%d/%m/%Y %H:%M}</a>'
            for at, uuid, current in detail.others
        ]
        return "Các gói khác của kỳ này (giữ làm lịch sử): " + ", ".join(links) + "."

    def open_evidence(self, proxy_row: int) -> None:
        item = self.evidence_proxy.row_at(proxy_row)
        if item.path:
            self.file_requested.emit(item.path)

    def open_path(self, path: Path) -> None:
        self.opened.emit(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
