"""The right side of the task page: the task's details, this period's progress, and its evidence files."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.evidence import DOC_TYPES, LinkRow
from desktop.core.records import STATUS_LABELS
from desktop.core.task_progress import ProgressView, meets_target
from desktop.ui.file_drop import FileDropList

LinkIdRole = Qt.ItemDataRole.UserRole + 1
EvidenceIdRole = Qt.ItemDataRole.UserRole + 2


def esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def progress_html(view: ProgressView, period_label: str, target_text: str) -> str:
    f = view.fields
    if not view.saved and view.carried_from is None:
        return f"<h4>Tiến độ {esc(period_label)}</h4><p><i>Chưa cập nhật.</i></p>"
    note = "" if view.saved else f" <i>(chưa lưu; lấy từ kỳ {esc(view.carried_from or '')})</i>"
    items = [("Trạng thái", f"{STATUS_LABELS[f.status]} — {f.percent if f.percent is not None else 0}%")]
    if f.measured_value:
        met = meets_target(target_text, f.measured_value)
        verdict = {True: " (đạt chỉ tiêu)", False: " (chưa đạt chỉ tiêu)", None: ""}[met]
        items.append(("Giá trị đạt được", f.measured_value + verdict))
    for label, value in (
        ("Kết quả", f.result),
        ("Khó khăn, vướng mắc", f.difficulties),
        ("Đề xuất, kiến nghị", f.proposals),
        ("Lý do", f.reason),
    ):
        if value:
            items.append((label, value))
    rows = "".join(f"<tr><td valign=top><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in items)
    return f"<h4>Tiến độ {esc(period_label)}{note}</h4><table cellspacing=4>{rows}</table>"


class TaskPanel(QWidget):
    progress_requested = Signal()
    delete_progress_requested = Signal()
    add_files_requested = Signal(list)  # paths; empty = let the user choose
    open_requested = Signal(int)  # evidence id
    unlink_requested = Signal(int)  # link id
    history_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        self.progress = QTextBrowser()
        self.evidence_label = QLabel("Tài liệu kiểm chứng (kéo thả tệp vào đây):")
        self.evidence = FileDropList()
        self.evidence.setAlternatingRowColors(True)
        self.progress_button = QPushButton("Cập nhật tiến độ…")
        self.progress_button.setToolTip("Ghi trạng thái, tỷ lệ, kết quả, khó khăn của nhiệm vụ trong kỳ báo cáo")
        self.add_button = QPushButton("Thêm tài liệu…")
        self.add_button.setToolTip("Chọn tệp làm tài liệu kiểm chứng (hoặc kéo thả tệp vào bảng)")
        self.open_button = QPushButton("Mở tài liệu")
        self.open_button.setToolTip("Mở tài liệu kiểm chứng đã chọn bằng chương trình của máy")
        self.unlink_button = QPushButton("Bỏ gắn")
        self.unlink_button.setToolTip("Bỏ gắn tài liệu đã chọn khỏi nhiệm vụ (tệp vẫn ở trong kho)")
        self.delete_progress_button = QPushButton("Xoá tiến độ kỳ này")
        self.delete_progress_button.setToolTip(
            "Xoá tiến độ đã ghi của nhiệm vụ trong kỳ đang chọn (Ctrl+Z để hoàn tác)"
        )
        self.history_button = QPushButton("Lịch sử thay đổi…")
        self.history_button.setToolTip("Xem ai đã thay đổi gì ở nhiệm vụ này, khi nào")

        evidence_box = QWidget()
        box = QVBoxLayout(evidence_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.progress, 1)
        box.addWidget(self.evidence_label)
        box.addWidget(self.evidence, 1)
        grid = QGridLayout()
        grid.addWidget(self.progress_button, 0, 0)
        grid.addWidget(self.history_button, 0, 1)
        grid.addWidget(self.add_button, 1, 0)
        grid.addWidget(self.open_button, 1, 1)
        grid.addWidget(self.delete_progress_button, 2, 0)
        grid.addWidget(self.unlink_button, 2, 1)
        box.addLayout(grid)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.detail)
        split.addWidget(evidence_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.progress_button.clicked.connect(self.progress_requested.emit)
        self.delete_progress_button.clicked.connect(self.delete_progress_requested.emit)
        self.history_button.clicked.connect(self.history_requested.emit)
        self.add_button.clicked.connect(lambda: self.add_files_requested.emit([]))
        self.evidence.files_dropped.connect(self.add_files_requested.emit)
        self.open_button.clicked.connect(self._open_current)
        self.evidence.itemDoubleClicked.connect(lambda _item: self._open_current())
        self.unlink_button.clicked.connect(self._unlink_current)
        self.evidence.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.set_enabled(False)

    def set_enabled(self, has_task: bool) -> None:
        self._has_task = has_task
        self.set_progress_saved(False)
        self.evidence.setAcceptDrops(has_task)
        for b in (self.progress_button, self.add_button, self.history_button):
            b.setEnabled(has_task)
        if not has_task:
            self.progress.clear()
            self.evidence.clear()
        self._update_buttons()

    def set_progress_saved(self, saved: bool) -> None:
        """Only progress written for this period can be deleted (carried-over values are not saved yet)."""
        self.delete_progress_button.setEnabled(self._has_task and saved)

    def _update_buttons(self) -> None:
        chosen = self._has_task and self.evidence.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.unlink_button.setEnabled(chosen)

    def set_links(self, links: list[LinkRow]) -> None:
        self.evidence.clear()
        for link in links:
            kind = DOC_TYPES.get(link.doc_type, link.doc_type)
            text = f"{link.original_name}  [{kind}{' ' + link.number if link.number else ''}]"
            if link.note:
                text += f" — {link.note}"
            item = QListWidgetItem(text)
            item.setData(LinkIdRole, link.link_id)
            item.setData(EvidenceIdRole, link.evidence_id)
            item.setToolTip(f"SHA-256: {link.sha256}")
            self.evidence.addItem(item)
        self.evidence_label.setText(f"Tài liệu kiểm chứng ({len(links)}) — kéo thả tệp vào đây:")
        self._update_buttons()

    def link_names(self) -> list[str]:
        return [self.evidence.item(i).text() for i in range(self.evidence.count())]

    def _open_current(self) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            self.open_requested.emit(int(item.data(EvidenceIdRole)))

    def _unlink_current(self) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            self.unlink_requested.emit(int(item.data(LinkIdRole)))


def file_names(paths: list[Path]) -> str:
    names = [p.name for p in paths[:3]]
    more = f" và {len(paths) - 3} tệp khác" if len(paths) > 3 else ""
    return ", ".join(f"«{n}»" for n in names) + more
