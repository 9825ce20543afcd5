"""From a workbook grid to a ParsedPlan: the part re-run each time the user edits the preview."""

from __future__ import annotations

from pathlib import Path

from db.enums import FrameworkCode
from desktop.core.plan_import.cells import cell_text, spread_merges
from desktop.core.plan_import.header import find_header, is_repeated_header
from desktop.core.plan_import.meta import detect_framework, read_meta
from desktop.core.plan_import.model import ParsedPlan, ParsedSheet, SheetOptions, Skip
from desktop.core.plan_import.rows import FIELDS, BodyParser, BodyRow, code_kind, normalise_code
from desktop.core.plan_import.workbook import SheetGrid, WorkbookGrid
from desktop.core.records import PlanFields
from desktop.core.text import fold


def parse_sheet(sheet: SheetGrid, options: SheetOptions | None = None) -> ParsedSheet:
    options = options or SheetOptions()
    raw_rows = sheet.rows
    # First pass: spread merges sideways everywhere to find the header.
    wide = spread_merges(raw_rows, sheet.merges, header_rows=set(range(len(raw_rows))))
    folded = [[fold(cell_text(v)) for v in row] for row in wide]
    header = find_header(folded)
    if header is None:
        return ParsedSheet(
            name=sheet.name,
            framework=options.framework,
            mapping=options.mapping or {},
            header_rows=[],
            columns=[],
            include=options.include and bool(options.mapping),
            error=None
            if options.mapping
            else "Không tìm thấy dòng tiêu đề bảng (STT, Nội dung/Nhiệm vụ, Chủ trì, Thời gian…).",
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
    for r in range(header.first_row + header.height, len(grid)):
        row = grid[r]
        if is_repeated_header([folded[r][c] if c < len(folded[r]) else "" for c in range(len(row))], header_texts):
            continue
        values = {f: cell_text(row[mapping[f]]) for f in FIELDS if f in mapping and mapping[f] < len(row)}
        raw_code = row[mapping["code"]] if "code" in mapping and mapping["code"] < len(row) else None
        code, problem = normalise_code(raw_code, cell_text(raw_code))
        if not code and not problem and not any(values.values()):
            continue
        body.append(BodyRow(row=r + 1, code=code, kind=code_kind(code), values=values, problem=problem))
    parser = BodyParser(sheet.name)
    parser.feed(body)
    skipped.extend(parser.skipped)
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
    )


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
        warnings=_grid_warnings(grid),
    )


def _grid_warnings(grid: WorkbookGrid) -> list[str]:
    if not grid.uncached_formulas:
        return []
    return [
        f"{grid.uncached_formulas} ô có công thức nhưng chưa có giá trị đã tính (tệp được lưu bằng chương trình không "
        "tính công thức): các ô đó được đọc là trống. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại."
    ]
