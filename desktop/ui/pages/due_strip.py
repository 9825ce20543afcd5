"""The strip above «Việc của tôi»: the period being reported and its deadline, my tasks overdue and due within 7
days, and at a focal point how many agencies have not reported; each count a link to those tasks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel

from desktop.core.dashboard import due_counts
from desktop.core.formatting import fmt_date
from desktop.ui.state import AppState, TaskView

SOON_DAYS = 7


class DueStrip(QLabel):
    view_requested = Signal(object)  # TaskView
    received_requested = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().RichText)
        self.setStyleSheet("QLabel { background: #fff8e1; border: 1px solid #e0c070; padding: 6px; }")
        self.linkActivated.connect(self._follow)
        self.overdue = self.soon = 0

    def refresh(self) -> None:
        state, today = self.state, self.state.today
        mine = [r for r in state.rows if r.my_role is not None] if state.has_profile else state.rows
        self.overdue, self.soon = due_counts(mine, today, SOON_DAYS)
        parts = []
        if state.period_code:
            due = state.period_due
            left = (due - today).days if due else None
            when = ""
            if due is not None:
                when = f": hạn nộp {fmt_date(due)}"
                when += f" (còn {left} ngày)" if left and left > 0 else " (hôm nay)" if left == 0 else " (đã quá hạn)"
            parts.append(f"Kỳ báo cáo <b>{state.period_label}</b>{when}")
        whose = "của cơ quan tôi" if state.has_profile else ""
        parts.append(_link("overdue", f"{self.overdue} nhiệm vụ {whose} quá hạn".replace("  ", " "), self.overdue))
        parts.append(_link("soon", f"{self.soon} nhiệm vụ đến hạn trong {SOON_DAYS} ngày tới", self.soon))
        if state.missing_reports is not None:
            parts.append(_link("missing", f"{state.missing_reports} cơ quan, đơn vị chưa nộp báo cáo", 1))
        self.setText(" · ".join(parts))

    def _follow(self, link: str) -> None:
        role = "mine" if self.state.has_profile else "all"
        if link == "overdue":
            self.view_requested.emit(TaskView(reset=True, role=role, window="overdue", status=""))
        elif link == "soon":
            self.view_requested.emit(TaskView(reset=True, role=role, window="next7", status=""))
        elif link == "missing":
            self.received_requested.emit()


def _link(key: str, text: str, count: int) -> str:
    return f'<a href="{key}">{text}</a>' if count else text
