"""From a workbook grid to a ParsedPlan: the part re-run each time the user edits the preview."""

from __future__ import annotations

import re
from pathlib import Path

from db.enums import FrameworkCode
from desktop.core.agency_names import NO_DISTRICTS_FROM, names_district, split_lead_partners, split_names
from desktop.core.deadlines import parse_deadline
from desktop.core.legacy_text import converted_summary
from desktop.core.plan_import.cells import cell_text, spread_merges
from desktop.core.plan_import.header import (
    HEADER_SCAN_ROWS,
    Header,
    find_header,
    header_like_row,
    header_miss,
    is_repeated_header,
)
from desktop.core.plan_import.meta import detect_framework, read_meta
from desktop.core.plan_import.model import ParsedPlan, ParsedSheet, SheetOptions, Skip
from desktop.core.plan_import.rows import FIELDS, BodyParser, BodyRow, code_kind, normalise_code
from desktop.core.plan_import.workbook import CellValue, SheetGrid, WorkbookGrid
from desktop.core.records import PlanFields
from desktop.core.text import fold

UNKNOWN_DEADLINE = "chưa hiểu thời hạn"


def _folded_raw(rows: list[list[CellValue]]) -> list[list[str]]:
    """Folded text as typed, merges not spread: a title merged across the row stays one cell."""
    return [[fold(cell_text(v)) for v in row] for row in rows[:HEADER_SCAN_ROWS]]


def parse_sheet(sheet: SheetGrid, options: SheetOptions | None = None) -> ParsedSheet:
    options = options or SheetOptions()
    raw_rows = sheet.rows
    # First pass: spread merges sideways everywhere to find the header.
    wide = spread_merges(raw_rows, sheet.merges, header_rows=set(range(len(raw_rows))))
    folded = [[fold(cell_text(v)) for v in row] for row in wide]
    header = find_header(folded)
    if header is None:
        if not options.mapping:
            like = header_like_row(_folded_raw(raw_rows))
            width = max((len(r) for r in wide), default=0)
            return ParsedSheet(
                name=sheet.name,
                framework=options.framework,
                mapping={},
                header_rows=[],
                # What the user picks columns from: the header-like row's texts, else just the columns.
                columns=[
                    cell_text(wide[like][c]) if like is not None and c < len(wide[like]) else "" for c in range(width)
                ],
                include=False,
                error=header_miss(folded),
            )
        # Columns chosen by hand on a sheet whose header we could not read: the body starts below the row that
        # looks like its header (or at the top, when none does).
        like = header_like_row(_folded_raw(raw_rows))
        header = Header(
            first_row=0 if like is None else like,
            height=0 if like is None else 1,
            mapping=dict(options.mapping),
            columns=[],
        )
    header_rows = set(header.rows)
    grid = spread_merges(raw_rows, sheet.merges, header_rows=header_rows)
    columns = []
    for c in range(max(len(r) for r in grid)):
        parts: list[str] = []
        for r in header.rows:
            t = cell_text(grid[r][c]) if c < len(grid[r]) else ""
            if t and t not in parts:
                parts.append(t)
        columns.append(" / ".join(reversed(parts)))  # the lowest header row is the most specific
    mapping = dict(options.mapping) if options.mapping else header.mapping
    title_rows = [" ".join(cell_text(v) for v in row if cell_text(v)) for row in grid[: header.first_row]]
    framework = options.framework or detect_framework([*title_rows, sheet.name])
    if framework is None and "criterion" in mapping:
        framework = FrameworkCode.PAR_INDEX if "linh vuc" in fold(columns[mapping["criterion"]]) else None

    header_texts = {fold(c) for r in header.rows for c in (cell_text(v) for v in grid[r]) if c}
    body: list[BodyRow] = []
    skipped: list[Skip] = []
    warnings: list[str] = []
    unlabelled: list[int] = []
    for r in range(header.first_row + header.height, len(grid)):
        row = grid[r]
        if is_repeated_header([folded[r][c] if c < len(folded[r]) else "" for c in range(len(row))], header_texts):
            continue
        if is_notes_row(folded[r]):
            break  # «Ghi chú:», «Lưu ý:», «Nơi nhận:» end the table: what follows is never a task
        values = {f: cell_text(row[mapping[f]]) for f in FIELDS if f in mapping and mapping[f] < len(row)}
        if "agencies" in mapping and "lead" not in mapping and mapping["agencies"] < len(row):
            both = cell_text(row[mapping["agencies"]])
            if both:
                values["lead"], values["partners"], labelled = split_lead_partners(both)
                if not labelled and len(split_names(both)) > 1:
                    unlabelled.append(r + 1)
        raw_code = row[mapping["code"]] if "code" in mapping and mapping["code"] < len(row) else None
        code, problem = normalise_code(raw_code, cell_text(raw_code))
        if not code and not problem and not any(values.values()):
            continue
        body.append(BodyRow(row=r + 1, code=code, kind=code_kind(code), values=values, problem=problem))
    parser = BodyParser(sheet.name)
    parser.feed(body)
    skipped.extend(parser.skipped)
    if unlabelled:
        warnings.append(
            f"{len(unlabelled)} ô «Cơ quan thực hiện» ghi nhiều cơ quan mà không ghi rõ «Chủ trì:»/«Phối hợp:» "
            f"(dòng {_rows_text(unlabelled)}): cả ô được coi là cơ quan chủ trì. Hãy sửa trong tệp nếu cần."
        )
    return ParsedSheet(
        name=sheet.name,
        framework=framework,
        mapping=mapping,
        header_rows=[r + 1 for r in header.rows],
        columns=columns,
        tasks=parser.tasks,
        skipped=skipped,
        title_rows=[t for t in title_rows if t],
        include=options.include,
        warnings=warnings,
    )


_NOTES_RE = re.compile(r"^\(?\*+\)?\s|^(ghi chu|luu y|chu thich|noi nhan)\b")


def is_notes_row(folded_cells: list[str]) -> bool:
    first = next((c for c in folded_cells if c), "")
    return bool(_NOTES_RE.match(first))


def _rows_text(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" và {len(rows) - limit} dòng khác" if len(rows) > limit else "")


def parse_grid(
    grid: WorkbookGrid,
    options: dict[str, SheetOptions] | None = None,
    meta_override: PlanFields | None = None,
) -> ParsedPlan:
    options = options or {}
    sheets = [parse_sheet(s, options.get(s.name)) for s in grid.sheets]
    titles = [t for s in sheets for t in s.title_rows]
    deadlines = [t.deadline_text for s in sheets for t in s.tasks]
    meta, year_found = read_meta(titles, deadlines, Path(grid.path).stem)
    if meta_override is not None:
        meta = meta_override
        year_found = meta.year is not None
    return ParsedPlan(
        file_name=Path(grid.path).name,
        file_sha256=grid.sha256,
        meta=meta,
        sheets=sheets,
        year_inferred=year_found,
        warnings=_grid_warnings(grid) + _deadline_warnings(sheets, meta.year) + _district_warnings(sheets, meta.year),
        source_format=str(grid.source_format),
        converted=dict(grid.converted),
    )


def _grid_warnings(grid: WorkbookGrid) -> list[str]:
    found: list[str] = []
    if grid.uncached_formulas:
        found.append(
            f"{grid.uncached_formulas} ô có công thức nhưng chưa có giá trị đã tính (tệp được lưu bằng chương trình "
            "không tính công thức): các ô đó được đọc là trống. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi "
            "nhập lại."
        )
    if grid.converted:
        found.append(converted_summary(grid.converted) + " (phông chữ cũ .VnTime, VNI…).")
    if grid.garbled:
        where = "; ".join(grid.garbled[:5]) + (f" và {len(grid.garbled) - 5} ô khác" if len(grid.garbled) > 5 else "")
        found.append(
            f"{len(grid.garbled)} ô có chữ lỗi phông không đọc được ({where}). Hãy mở tệp, sửa các ô đó "
            "(hoặc chuyển mã bằng Unikey) rồi nhập lại."
        )
    return found


def _district_warnings(sheets: list[ParsedSheet], year: int | None) -> list[str]:
    if year is None or year < NO_DISTRICTS_FROM:
        return []
    rows = [t.row for s in sheets if s.include for t in s.tasks if names_district(t.lead)]
    if not rows:
        return []
    return [
        f"{len(rows)} nhiệm vụ do UBND cấp huyện chủ trì (dòng {_rows_text(rows)}), nhưng từ 01/7/2025 không còn "
        "cấp huyện. Sau khi nhập, có thể chuyển các nhiệm vụ này cho UBND cấp xã trong một bước "
        "(Cơ quan › Chuyển việc cấp huyện cho cấp xã, hoặc lệnh «cchc reassign-district»)."
    ]


def _deadline_warnings(sheets: list[ParsedSheet], year: int | None) -> list[str]:
    unknown = [
        t for s in sheets if s.include for t in s.tasks if parse_deadline(t.deadline_text, year).kind == "unknown"
    ]
    if not unknown:
        return []
    rows = _rows_text([t.row for t in unknown])
    return [
        f"{len(unknown)} nhiệm vụ {UNKNOWN_DEADLINE} (dòng {rows}): thời hạn được giữ nguyên văn, chưa có ngày. "
        "Có thể nhập rồi sửa thời hạn từng nhiệm vụ."
    ]
