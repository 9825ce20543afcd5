"""Finding the header of an appendix table and which column holds what."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.plan_import.model import ROLE_LABELS, ROLES

_ROLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "code": re.compile(r"^(stt|tt|so tt|so thu tu|ma|ma so|ma nhiem vu)$"),
    "lead": re.compile(r"chu tri"),
    "partners": re.compile(r"phoi hop"),
    "deadline": re.compile(r"thoi gian|thoi han|tien do hoan thanh|han hoan thanh"),
    "output": re.compile(r"san pham|ket qua cong viec|ket qua dau ra"),
    "note": re.compile(r"ghi chu"),
    "criterion": re.compile(r"linh vuc|tieu chi|chi so thanh phan|yeu to|chi so noi dung"),
    "agencies": re.compile(
        r"^(co quan|don vi)(\s+(co quan|don vi))?\s+(thuc hien|chu tri thuc hien)$|^trach nhiem thuc hien$"
        r"|^phan cong( thuc hien)?$"
    ),
    "content": re.compile(r"noi dung|nhiem vu|giai phap|cong viec"),
}
HEADER_SCAN_ROWS = 40


def role_of(folded_header: str) -> str | None:
    text = " ".join(folded_header.replace("/", " ").replace(",", " ").split())
    for role in ROLES:
        if _ROLE_PATTERNS[role].search(text):
            return role
    return None


@dataclass
class Header:
    first_row: int
    height: int
    mapping: dict[str, int]
    columns: list[str]

    @property
    def rows(self) -> list[int]:
        return list(range(self.first_row, self.first_row + self.height))


def _roles_in(cells: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, text in enumerate(cells):
        if text and len(text) <= 120:
            role = role_of(text)
            if role is not None:
                found[i] = role
    return found


def _mapping(levels: list[list[str]]) -> dict[str, int]:
    """Assign roles per column, the lowest header row first (it is the most specific)."""
    width = max(len(level) for level in levels)
    mapping: dict[str, int] = {}
    for col in range(width):
        for level in reversed(levels):
            text = level[col] if col < len(level) else ""
            role = role_of(text) if text else None
            if role is not None:
                if role not in mapping:
                    mapping[role] = col
                break
    return mapping


def find_header(folded_rows: list[list[str]]) -> Header | None:
    """folded_rows: folded text of each cell, with header merges already spread sideways."""
    limit = min(HEADER_SCAN_ROWS, len(folded_rows))
    for r in range(limit):
        one = _roles_in(folded_rows[r])
        if len(set(one.values())) < 2:
            continue
        two_rows = r + 1 < len(folded_rows) and _is_sub_header(folded_rows[r + 1])
        levels = [folded_rows[r], folded_rows[r + 1]] if two_rows else [folded_rows[r]]
        mapping = _mapping(levels)
        if "content" in mapping and len(mapping.keys() & {"lead", "partners", "deadline", "agencies"}) >= 1:
            width = max(len(x) for x in levels)
            columns = []
            for c in range(width):
                parts: list[str] = []
                for level in levels:
                    t = level[c] if c < len(level) else ""
                    if t and t not in parts:
                        parts.append(t)
                columns.append(" / ".join(parts))
            return Header(first_row=r, height=len(levels), mapping=mapping, columns=columns)
    return None


def _is_sub_header(cells: list[str]) -> bool:
    roles = _roles_in(cells)
    long_text = any(len(c) > 120 for c in cells if c)
    return len(set(roles.values())) >= 2 and not long_text


def is_repeated_header(folded: list[str], header_texts: set[str]) -> bool:
    """Header rows repeated after page breaks, and the "(1) (2) (3)" column-number rows."""
    filled = [c for c in folded if c]
    if not filled:
        return False
    if all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in filled) and len(filled) >= 3:
        return True
    matches = sum(1 for c in filled if c in header_texts or (role_of(c) is not None and len(c) <= 60))
    return matches >= max(2, len(filled) - 1) and any(c in header_texts for c in filled)


def header_miss(folded_rows: list[list[str]]) -> str:
    """Why no header was accepted, naming the row that came closest: the sentence the preview shows."""
    best: tuple[int, set[str]] | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(folded_rows))):
        roles = set(_roles_in([c if len(c) <= 60 else "" for c in folded_rows[r]]).values())  # not the titles
        if roles and (best is None or len(roles) > len(best[1])):
            best = (r, roles)
    if best is None:
        return (
            "Không tìm thấy dòng tiêu đề bảng: trong 40 dòng đầu không có ô nào như «STT», «Nội dung/Nhiệm vụ», "
            "«Chủ trì», «Thời gian». Hãy kiểm tra đã chọn đúng trang phụ lục, hoặc chọn cột bằng tay."
        )
    row, roles = best
    seen = ", ".join(f"«{ROLE_LABELS[r]}»" for r in sorted(roles))
    missing = "cột Nội dung/Nhiệm vụ" if "content" not in roles else "cột Chủ trì, Phối hợp hay Thời gian"
    return (
        f"Dòng {row + 1} giống dòng tiêu đề (có {seen}) nhưng thiếu {missing}, nên chưa nhận là bảng nhiệm vụ. "
        "Hãy sửa tên cột trong tệp hoặc chọn cột bằng tay."
    )


def header_like_row(folded_rows: list[list[str]]) -> int | None:
    """The first of the top rows that looks like a table header even when no column name is known to us: at
    least two filled cells, all short. A title row (one long merged cell) does not qualify."""
    for r, cells in enumerate(folded_rows[:HEADER_SCAN_ROWS]):
        filled = [c for c in cells if c]
        if len(filled) >= 2 and all(len(c) <= 60 for c in filled):
            return r
    return None
