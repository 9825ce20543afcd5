"""A công văn đôn đốc: the agencies that have not reported for a period, asked to report by a new date.

Its list is the submissions picture's «chưa nộp» (the register and every agency a plan assigns tasks to). Also as
plain text for an e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.agencies import Signer, get_profile, signer_of
from desktop.core.bundle.submissions import submissions
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_date
from desktop.core.periods import period_row
from desktop.core.register import province_committee
from desktop.core.reports.letter import Letter, letter_number, write_letter
from desktop.core.reports.letterhead import initials, letterhead, own_name, place_date, place_of, recipients_with

GRACE_DAYS = 5  # the new deadline a reminder sets, counted from the day it is made


@dataclass(frozen=True)
class Reminder:
    period_code: str
    period_label: str
    due: date
    missing: list[str]
    letter: Letter


def reminder(session: Session, period_code: str, today: date) -> Reminder:
    period = period_row(session, period_code)
    profile = get_profile(session)
    if profile is None:
        raise UserError("Hãy khai báo cơ quan của mình trước (cchc init) để lập công văn đôn đốc.")
    me = profile.agency
    missing = [r.agency for r in submissions(session, period.code) if r.state == "missing"]
    parent = me.parent.name if me.parent else province_committee(session) if me.level == "so" else ""
    head = letterhead(me.name, me.level, parent)
    label = f"{period.label[:1].lower()}{period.label[1:]}"
    new_due = today + timedelta(days=GRACE_DAYS)
    committee = bool(head.signer_prefix)
    chosen = signer_of(session)
    # Without a «Người ký» set: a committee signs on behalf of its members, a department's deputy for its director.
    signer = (
        chosen
        if chosen.position
        else Signer(
            chosen.name,
            head.signer_position if committee else f"PHÓ {head.signer_position}",
            head.signer_prefix if committee else f"KT. {head.signer_position}",
        )
    )
    letter = Letter(
        parent_agency=head.parent_agency,
        agency=head.agency,
        number=letter_number("UBND" if committee else f"{initials(own_name(me.name))}-CCHC"),
        subject=f"V/v đôn đốc gửi báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính {label}",
        place_date=place_date(place_of(me.name), today),
        recipients_to=["Các cơ quan, đơn vị có tên dưới đây"],
        body=[
            f"Theo quy định, báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính {label} phải gửi trước ngày "
            f"{fmt_date(period.due_date)}. Đến ngày {fmt_date(today)}, {me.name} chưa nhận được báo cáo của "
            f"{len(missing)} cơ quan, đơn vị sau:",
        ],
        listing=missing,
        closing=[
            f"Đề nghị các cơ quan, đơn vị khẩn trương hoàn thành, gửi báo cáo (kèm tài liệu kiểm chứng) về {me.name} "
            f"trước ngày {fmt_date(new_due)} để tổng hợp, báo cáo cấp trên theo quy định.",
        ],
        copies=recipients_with(["Các cơ quan, đơn vị"], ["Lưu: VT, CCHC."]),
        signer_prefix=signer.authority,
        signer_position=signer.position,
        signer_name=signer.name,
    )
    return Reminder(period.code, period.label, period.due_date, missing, letter)


def write_reminder(session: Session, period_code: str, path: Path, today: date) -> Reminder:
    made = reminder(session, period_code, today)
    if not made.missing:
        raise UserError(f"Mọi cơ quan, đơn vị đã nộp báo cáo {made.period_label}; không cần công văn đôn đốc.")
    write_letter(made.letter, path)
    return made
