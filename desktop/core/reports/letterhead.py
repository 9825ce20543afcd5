"""The parts of an official report that depend on who issues it (Nghị định 30/2020, Phụ lục I): the issuing
agency's header lines, the number's suffix and the signature's authority and position.

These are defaults; the official edits them before export. A People's Committee signs "TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH" and numbers "…/BC-UBND"; a department signs as its director, numbered with its initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.core.agencies import Signer
from desktop.core.text import nfc

_COMMITTEE_WORDS = r"(ubnd|ủy ban nhân dân|uỷ ban nhân dân)"
_COMMITTEE = re.compile(rf"^{_COMMITTEE_WORDS}\b", re.IGNORECASE)
# "Sở Nội vụ tỉnh Bắc Giang": the province is the parent line of the header, not part of the agency line
_PROVINCE_SUFFIX = re.compile(r"\s+(tỉnh|thành phố)\s+(\S.*)$", re.IGNORECASE)
_SKIP_IN_INITIALS = {"và", "-", "&"}
_NUMBER_GAP = "\u00a0" * 6  # room for the number, written in by hand


@dataclass(frozen=True)
class Letterhead:
    parent_agency: str
    agency: str
    number: str
    signer_prefix: str
    signer_position: str


def signing(head: Letterhead, signer: Signer) -> Signer:
    """Who signs a document: the agency's «Người ký» where its position is set, else the letterhead's defaults
    with the name left blank to be written in. Never the focal person: they prepare a report, a leader signs it."""
    if signer.position:
        return signer
    return Signer(signer.name, head.signer_position, head.signer_prefix)


def report_receiver(agency: str, level: str, parent: str = "") -> str:
    """Where an agency's own báo cáo goes, as its Nơi nhận says: a phòng's to its sở, the Sở Nội vụ's to the
    province's committee, everyone else's to the Sở Nội vụ, which consolidates them."""
    if level == "phong" and parent:
        return f"{nfc(parent)} (để tổng hợp)"
    if own_name(agency).casefold() == "sở nội vụ":
        return "UBND tỉnh (để báo cáo)"
    return "Sở Nội vụ (để tổng hợp)"


def recipients_with(to: list[str], others: list[str]) -> list[str]:
    """Nơi nhận: «Như trên» stands for the Kính gửi line, so it heads the list only when there is one."""
    return ["Như trên;", *others] if to else list(others)


def initials(name: str) -> str:
    """ "Sở Giáo dục và Đào tạo" → "SGDĐT"; a word already in capitals ("UBND") is kept whole. A default only:
    the official corrects it before export."""
    letters = []
    words = re.split(r"[\s,]+", nfc(name).strip())
    if len(words) > 1 and words[-1].lower() == "tỉnh":
        words = words[:-1]  # "Thanh tra tỉnh": the province is not part of the agency's initials
    for word in words:
        if not word or word.lower() in _SKIP_IN_INITIALS:
            continue
        letters.append(word if len(word) > 1 and word.isupper() else word[0].upper())
    return "".join(letters)


def letterhead(agency: str, level: str, parent: str = "") -> Letterhead:
    name = nfc(agency)
    if level in ("tinh", "huyen", "xa") or _COMMITTEE.match(name):
        return Letterhead(parent.upper(), name.upper(), number_line("UBND"), "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    own, province = name, ""
    m = _PROVINCE_SUFFIX.search(name)
    if m and level == "so":
        own, province = name[: m.start()], f"UBND {m.group(1)} {m.group(2)}"
    parent_line = (parent or province).upper()
    if level == "so":
        position = "GIÁM ĐỐC" if own.lower().startswith("sở") else "THỦ TRƯỞNG CƠ QUAN"
    elif level == "phong" and own.lower().startswith("phòng"):
        position = "TRƯỞNG PHÒNG"
    else:
        position = "THỦ TRƯỞNG ĐƠN VỊ"
    return Letterhead(parent_line, own.upper(), number_line(initials(own)), "", position)


def own_name(agency: str) -> str:
    """ "Sở Nội vụ tỉnh Cao Bằng" → "Sở Nội vụ": the agency without the province it belongs to."""
    name = nfc(agency).strip()
    m = _PROVINCE_SUFFIX.search(name)
    return name[: m.start()] if m else name


def number_line(suffix: str) -> str:
    """ "Số:      /BC-UBND": the number itself is written in by hand."""
    return f"Số:{_NUMBER_GAP}/BC-{suffix}"


_PLACE_PREFIX = re.compile(
    rf"^{_COMMITTEE_WORDS}\s+(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+", re.IGNORECASE
)


def place_of(agency: str) -> str:
    """Where a report is dated: "UBND xã Hòa An" → "Hòa An", "Sở Nội vụ tỉnh Bắc Giang" → "Bắc Giang";
    "" when the name does not tell."""
    name = nfc(agency).strip()
    m = _PLACE_PREFIX.match(name)
    if m:
        return name[m.end() :]
    m = _PROVINCE_SUFFIX.search(name)
    return m.group(2) if m else ""


def place_date(place: str, day: date) -> str:
    return f"{place or '…'}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
