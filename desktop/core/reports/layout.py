"""The layout rules of Nghị định 30/2020/NĐ-CP (Phụ lục I) for báo cáo and công văn, written once.

The PDF writers read these rules, and the tests check the PDF against the same rules: each part's size, weight
and slant, and the short rules drawn under the issuer, the motto and the subject. Where the decree gives a
range (13–14 pt) the value chosen is the one most offices print.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class TextRule:
    size: float
    bold: bool = False
    italic: bool = False
    upper: bool = False


class Part(StrEnum):
    PARENT = "parent"  # tên cơ quan chủ quản
    ISSUER = "issuer"  # tên cơ quan ban hành
    NUMBER = "number"  # số, ký hiệu
    COUNTRY = "country"  # Quốc hiệu
    MOTTO = "motto"  # Tiêu ngữ
    PLACE_DATE = "place_date"  # địa danh, ngày tháng
    KIND = "kind"  # tên loại (BÁO CÁO)
    SUBJECT = "subject"  # trích yếu
    BODY = "body"
    RECIPIENTS_HEAD = "recipients_head"  # «Nơi nhận:»
    RECIPIENTS = "recipients"
    AUTHORITY = "authority"  # TM./KT./Q.
    POSITION = "position"  # chức vụ
    SIGNER = "signer"  # họ tên


RULES: dict[Part, TextRule] = {
    Part.PARENT: TextRule(13, upper=True),
    Part.ISSUER: TextRule(13, bold=True, upper=True),
    Part.NUMBER: TextRule(13),
    Part.COUNTRY: TextRule(12, bold=True, upper=True),  # 12–13: at 13 it no longer fits its column
    Part.MOTTO: TextRule(14, bold=True),
    Part.PLACE_DATE: TextRule(14, italic=True),
    Part.KIND: TextRule(14, bold=True, upper=True),
    Part.SUBJECT: TextRule(14, bold=True),
    Part.BODY: TextRule(14),
    Part.RECIPIENTS_HEAD: TextRule(12, bold=True, italic=True),
    Part.RECIPIENTS: TextRule(11),
    Part.AUTHORITY: TextRule(14, bold=True, upper=True),
    Part.POSITION: TextRule(14, bold=True, upper=True),
    Part.SIGNER: TextRule(14, bold=True),
}

# Page margins in mm (top, bottom, left, right): the decree allows 20–25, 20–25, 30–35, 15–20.
MARGINS_MM = (20, 20, 30, 15)
BODY_FIRST_LINE_INDENT_MM = 12.7  # 1–1.27 cm
HEADER_LEFT_MM = 70  # the issuer column; the motto column takes the rest of the line
# Short rules: under the issuer a third to a half of its line, under the motto its full width, under the subject
# a third to a half of the line.
ISSUER_RULE_MM = 25
MOTTO_RULE_MM = 60
SUBJECT_RULE_MM = 40
NUMBER_BLANK_MM = 12  # the blank of an unnumbered «Số:      /BC-UBND», where the văn thư writes the number
SIGNATURE_SPACE_MM = 25  # room for the signature and the seal

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_COMMITTEE = re.compile(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(\S.*)$")


def issuer_lines(parent: str, agency: str) -> list[tuple[str, Part]]:
    """The issuer block as its lines: a People's Committee is «ỦY BAN NHÂN DÂN» over «XÃ HÒA AN», both its name;
    any other body is its parent («UBND TỈNH CAO BẰNG») over its own name («SỞ NỘI VỤ»)."""
    own = agency.upper().strip()
    m = _COMMITTEE.match(own)
    lines: list[tuple[str, Part]] = []
    if parent.strip():
        lines.append((parent.upper().strip(), Part.PARENT))
    if m and not parent.strip():
        lines += [("ỦY BAN NHÂN DÂN", Part.ISSUER), (m.group(2), Part.ISSUER)]
    else:
        lines.append((own, Part.ISSUER))
    return lines


_BREAK_BEFORE = re.compile(r"\s(?=(?:VÀ|-|–)\s)")


def unbroken_lines(text: str, fits: Callable[[str], bool]) -> list[str]:
    """A name set in lines that fit, broken after a comma or before «VÀ»/«-», never inside those parts: «SỞ VĂN
    HÓA, THỂ THAO VÀ DU LỊCH» never ends a line on «DU». A part too long for a line keeps its own line."""
    text = " ".join(text.split())
    if fits(text):
        return [text]
    pieces: list[str] = []
    for chunk in re.split(r"(?<=,)\s", text):  # after commas: «SỞ VĂN HÓA,» | «THỂ THAO VÀ DU LỊCH»
        pieces += [chunk] if fits(chunk) else _BREAK_BEFORE.split(chunk)
    lines: list[str] = []
    for piece in pieces:
        if lines and fits(f"{lines[-1]} {piece}"):
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
    return lines
