"""What receiving one bundle came to: accepted, received before, superseding an older one, or refused."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

INBOX = "inbox"
RESEND = "Hãy đề nghị đơn vị xuất lại gói báo cáo bằng ứng dụng rồi gửi lại"


class OutcomeStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


OUTCOME_LABELS: dict[str, str] = {
    OutcomeStatus.ACCEPTED: "Đã tiếp nhận",
    OutcomeStatus.DUPLICATE: "Đã tiếp nhận trước đây",
    OutcomeStatus.SUPERSEDED: "Đã tiếp nhận, thay gói cũ",
    OutcomeStatus.REJECTED: "Từ chối",
}


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str  # an OutcomeStatus
    reason: str = ""
    bundle_uuid: str = ""
    agency: str = ""
    period: str = ""
    unmatched_tasks: int = 0  # tasks in no plan imported here (learned ones included)
    conflicts: int = 0  # known task UUIDs claimed for other text
    learned_plan: bool = False  # a plan never imported here was learned from this bundle
    signature: dict[str, str] | None = None  # the report PDF's (SignatureCheck.as_json), None without a PDF

    def describe(self) -> str:
        """One line for the user: verdict, file, who and which period, and why."""
        who = f" — {self.agency}, kỳ {self.period}" if self.agency else ""
        notes = [self.reason] if self.reason else []
        if self.learned_plan:
            notes.append(
                "kế hoạch của gói chưa được nhập ở đây nên được ghi nhận theo gói; nhập tệp kế hoạch để đối chiếu đủ"
            )
        elif self.unmatched_tasks:
            notes.append(f"{self.unmatched_tasks} nhiệm vụ chưa có trong kế hoạch của bạn (vẫn được giữ để xem)")
        if self.conflicts:
            notes.append(f"{self.conflicts} nhiệm vụ trùng mã định danh nhưng khác nội dung (không gộp)")
        note = f": {'; '.join(notes)}" if notes else ""
        return f"{OUTCOME_LABELS[self.status]}: {self.path.name}{who}{note}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "reason": self.reason,
            "bundle_uuid": self.bundle_uuid,
            "agency": self.agency,
            "period": self.period,
            "unmatched_tasks": self.unmatched_tasks,
            "conflicts": self.conflicts,
            "learned_plan": self.learned_plan,
            "signature": self.signature,
        }
