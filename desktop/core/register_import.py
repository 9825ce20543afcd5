"""`cchc register import FILE.xlsx`: a list of reporting agencies as an office keeps it (a title, a header row
with «Tên cơ quan, đơn vị» and maybe «Cấp» and «Mã», numbered rows), added to the register in one transaction.

Duplicates are added once; names that are neither a 2025 unit of the province nor a department are flagged;
text typed with a legacy Vietnamese font (TCVN3/ABC) is refused whole, with what to do."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.core.agency_names import infer_level, reporting_key
from desktop.core.errors import UserError
from desktop.core.plan_import.read import read_workbook
from desktop.core.register import REPORTING_LEVELS, Member, add_member
from desktop.core.text import fold, nfc

# Letters TCVN3 (ABC) puts where Unicode has Vietnamese ones: «Uû ban nh©n d©n x·» is «Ủy ban nhân dân xã».
_TCVN3 = re.compile("[\u00a8-\u00bf\u00c6-\u00cf\u00d1-\u00d6\u00d8-\u00dd\u00de-\u00ff]")
_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_LEVEL_WORDS = {
    "xa": "xa",
    "phuong": "xa",
    "dac khu": "xa",
    "cap xa": "xa",
    "so": "so",
    "so ban nganh": "so",
    "ban": "so",
    "nganh": "so",
    "phong": "phong",
    "huyen": "huyen",
    "tinh": "tinh",
}


@dataclass
class RegisterImport:
    added: list[Member] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # names given twice in the file: added once

    @property
    def flagged(self) -> list[Member]:
        return [m for m in self.added if m.flag]


def looks_like_tcvn3(texts: list[str]) -> bool:
    """Most names carry TCVN3's stand-in letters and none a real Vietnamese one."""
    joined = " ".join(texts)
    return bool(texts) and not _VIETNAMESE.search(joined) and len(_TCVN3.findall(joined)) >= max(3, len(texts) // 2)


def import_register(session: Session, path: Path) -> RegisterImport:
    grid = read_workbook(path)
    rows = [r for sheet in grid.sheets for r in sheet.rows]
    header_at, name_col, level_col = _header(rows)
    entries: list[tuple[str, str]] = []
    for row in rows[header_at + 1 :]:
        name = nfc(str(row[name_col] or "")).strip() if name_col < len(row) else ""
        if not name or fold(name).startswith(("tong", "ghi chu")) or re.fullmatch(r"[\dIVX.\s]+", name):
            continue  # empty rows, totals, notes, column-number rows
        level_text = fold(str(row[level_col] or "")) if level_col is not None and level_col < len(row) else ""
        entries.append((name, _LEVEL_WORDS.get(level_text.strip(), "")))
    if not entries:
        raise UserError(f"Không thấy tên cơ quan, đơn vị nào trong «{path.name}» (cột «Tên cơ quan, đơn vị»).")
    if looks_like_tcvn3([n for n, _ in entries]):
        raise UserError(
            f"Bảng «{path.name}» gõ bằng phông chữ cũ TCVN3 (ABC): tên bị sai dấu. Hãy chuyển bảng sang Unicode "
            "(Unikey › Công cụ chuyển mã, từ TCVN3 sang Unicode) rồi nhập lại; chưa thêm đơn vị nào."
        )
    result = RegisterImport()
    seen: set[str] = set()
    for name, level in entries:
        key = reporting_key(name)
        if key in seen:
            result.duplicates.append(name)
            continue
        seen.add(key)
        guessed = level or infer_level(name)
        result.added.append(add_member(session, name, guessed if guessed in REPORTING_LEVELS else ""))
    return result


def _header(rows: Sequence[Sequence[object]]) -> tuple[int, int, int | None]:
    """(header row, name column, level column) found by their text; without a header, the first text column."""
    for i, row in enumerate(rows[:30]):
        cells = [fold(str(c or "")) for c in row]
        name_col = next((j for j, c in enumerate(cells) if c.startswith(("ten", "co quan", "don vi"))), None)
        if name_col is not None:
            level_col = next((j for j, c in enumerate(cells) if c.startswith("cap") or c == "loai"), None)
            return i, name_col, level_col
    first_text = next((j for row in rows[:5] for j, c in enumerate(row) if isinstance(c, str) and c.strip()), 0)
    return -1, first_text, None
