"""Columns chosen by hand, remembered per table layout: the next file laid out the same way opens with them.

A layout is told by its header-like row (the first of the top rows with at least two short cells), so a
province's template is recognised in each new file it sends. The choices live in a small JSON file beside the
database, written whole or not at all; a damaged file is ignored, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from desktop.core.atomic import replacing
from desktop.core.errors import UserError
from desktop.core.plan_import.cells import cell_text
from desktop.core.plan_import.header import HEADER_SCAN_ROWS, header_like_row
from desktop.core.plan_import.model import COLUMN_NAMES, SheetOptions
from desktop.core.plan_import.workbook import SheetGrid, WorkbookGrid
from desktop.core.text import fold

log = logging.getLogger(__name__)

LAYOUTS_FILE = "import-layouts.json"


def layout_signature(sheet: SheetGrid) -> str | None:
    folded = [[fold(cell_text(v)) for v in row] for row in sheet.rows[:HEADER_SCAN_ROWS]]
    r = header_like_row(folded)
    if r is None:
        return None
    text = "|".join(f"{i}={c}" for i, c in enumerate(folded[r]) if c)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _load(data_dir: Path) -> dict[str, dict[str, int]]:
    path = data_dir / LAYOUTS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("ignoring unreadable %s", path)
        return {}
    found: dict[str, dict[str, int]] = {}
    if isinstance(raw, dict):
        for key, mapping in raw.items():
            if isinstance(mapping, dict) and all(isinstance(v, int) and v >= 0 for v in mapping.values()):
                found[str(key)] = {str(k): int(v) for k, v in mapping.items() if k in COLUMN_NAMES.values()}
    return found


def remembered(data_dir: Path, grid: WorkbookGrid) -> dict[str, SheetOptions]:
    """The hand-chosen columns of every sheet whose layout was seen before."""
    known = _load(data_dir)
    options: dict[str, SheetOptions] = {}
    for sheet in grid.sheets:
        signature = layout_signature(sheet)
        if signature and signature in known:
            options[sheet.name] = SheetOptions(mapping=dict(known[signature]))
    return options


def remember(data_dir: Path, grid: WorkbookGrid, options: dict[str, SheetOptions]) -> None:
    """Keeps the columns chosen by hand for each sheet's layout. Never fails an import: a folder that cannot be
    written only means the choice is not remembered."""
    chosen = {
        sig: dict(o.mapping)
        for sheet in grid.sheets
        if (o := options.get(sheet.name)) is not None and o.mapping and (sig := layout_signature(sheet))
    }
    if not chosen:
        return
    known = _load(data_dir)
    known.update(chosen)
    try:
        with replacing(data_dir / LAYOUTS_FILE) as tmp:
            tmp.write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    except UserError:
        log.warning("could not remember the column layout in %s", data_dir)


def _column_index(ref: str) -> int | None:
    ref = ref.strip().upper()
    if ref.isdigit() and int(ref) >= 1:
        return int(ref) - 1
    if re.fullmatch(r"[A-Z]{1,3}", ref):
        n = 0
        for ch in ref:
            n = n * 26 + (ord(ch) - 64)
        return n - 1
    return None


def parse_columns(text: str) -> dict[str, int]:
    """«ma=A,noi_dung=B,chu_tri=D,phoi_hop=E,thoi_han=F» → role → 0-based column; a bad part is one sentence."""
    names = ", ".join(COLUMN_NAMES)
    mapping: dict[str, int] = {}
    for part in [p for p in text.split(",") if p.strip()]:
        name, sep, ref = part.partition("=")
        role = COLUMN_NAMES.get(name.strip().lower())
        if not sep or role is None:
            raise UserError(f"Không hiểu «{part.strip()}» trong --columns: tên cột phải là một trong: {names}.")
        index = _column_index(ref)
        if index is None:
            raise UserError(
                f"Cột «{ref.strip()}» của «{name.strip()}» không hợp lệ: dùng chữ cái (A, B…) hoặc số (1, 2…)."
            )
        mapping[role] = index
    if "content" not in mapping:
        raise UserError("--columns phải có cột nội dung nhiệm vụ (noi_dung=…).")
    return mapping
