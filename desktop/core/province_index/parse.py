"""From a province's criteria-set file (xlsx, xls or docx; a title block, a one- or two-row merged header,
codes 1 / 1.1 / 1.1.1, points with a decimal comma, rules and evidence as text, note rows) to a ParsedIndex."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from db.enums import IndexLevel
from desktop.core.bands import parse_bands
from desktop.core.errors import UserError
from desktop.core.formatting import parse_number
from desktop.core.plan_import.cells import cell_text, spread_merges
from desktop.core.plan_import.workbook import CellValue, SheetGrid, WorkbookGrid
from desktop.core.province_index.model import ParsedCriterion, ParsedIndex, SkippedRow
from desktop.core.text import fold, nfc

HEADER_SCAN_ROWS = 30
_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}$")
_NOTES = re.compile(r"^\(?\*+\)?|^(ghi chu|luu y|chu thich|noi nhan)\b")
_TOTAL = re.compile(r"^(tong cong|tong diem|tong so diem|tong)\b")
_SURVEY = re.compile(r"dieu tra (xa hoi hoc|xhh)|\bdtxhh\b")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


class Column:
    CODE = "code"
    NAME = "name"
    MAX = "max"
    SURVEY = "survey"
    RULE = "rule"
    EVIDENCE = "evidence"


def _role(text: str) -> str | None:
    """A header column's role from its folded text (both header rows joined)."""
    if not text:
        return None
    if re.match(r"^(stt|tt|so tt|so thu tu|ma|ma so|ma tieu chi)\b", text):
        return Column.CODE
    if "kiem chung" in text:
        return Column.EVIDENCE
    if re.search(r"cach cham|huong dan|phuong phap|cach tinh|cach danh gia|cach thuc", text):
        return Column.RULE
    if "diem" in text:
        return Column.SURVEY if re.search(r"dieu tra|xhh", text) else Column.MAX
    if re.search(r"tieu chi|linh vuc|noi dung|chi so", text):
        return Column.NAME
    return None


@dataclass(frozen=True)
class _Header:
    first_row: int
    height: int
    columns: dict[str, int]


def _find_header(wide: list[list[str]]) -> _Header | None:
    for r, row in enumerate(wide[:HEADER_SCAN_ROWS]):
        roles = [_role(t) for t in row]
        if Column.CODE not in roles or Column.NAME not in roles or Column.MAX not in roles:
            continue
        height = 1
        nxt = wide[r + 1] if r + 1 < len(wide) else []
        below = [t for t in nxt if t]
        if below and not _CODE.match(below[0].rstrip(".")) and not all(_NUMBERING.match(t) for t in below):
            height = 2  # «Điểm tối đa» over «Tổng | Điều tra XHH»
        columns: dict[str, int] = {}
        for c in range(len(row)):
            parts = [wide[r + h][c] for h in range(height) if c < len(wide[r + h]) and wide[r + h][c]]
            role = _role(" ".join(dict.fromkeys(parts)))
            if role and role not in columns:
                columns[role] = c
        return _Header(r, height, columns)
    return None


def cell_points(value: CellValue, text: str) -> float | None:
    """Points as a cell holds them: a number, or text like «2,5» or «2,5 điểm»; None when empty; ValueError else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    cleaned = re.sub(r"\s*(điểm|đ)\.?\s*$", "", text.strip(), flags=re.I)
    if not cleaned:
        return None
    return parse_number(cleaned)


def _code_text(value: CellValue) -> str:
    text = cell_text(value).strip().rstrip(".").strip()
    return re.sub(r"\s*\.\s*", ".", text)


def parse_sheet(sheet: SheetGrid, level: IndexLevel, year: int, file_name: str) -> ParsedIndex | None:
    raw = sheet.rows
    wide_values = spread_merges(raw, sheet.merges, header_rows=set(range(min(len(raw), HEADER_SCAN_ROWS))))
    wide = [[fold(cell_text(v)).strip() for v in row] for row in wide_values]
    header = _find_header(wide)
    if header is None:
        return None
    body_start = header.first_row + header.height
    grid = spread_merges(raw, sheet.merges, header_rows=set(range(header.first_row, body_start)))
    titles = [" ".join(cell_text(v) for v in row if cell_text(v)).strip() for row in grid[: header.first_row]]
    parsed = ParsedIndex(file_name, level, year, *_title(titles, level, year))
    cols = header.columns

    def cell(row: list[CellValue], role: str) -> tuple[CellValue, str]:
        c = cols.get(role)
        if c is None or c >= len(row):
            return None, ""
        return row[c], nfc(cell_text(row[c])).strip()

    seen: dict[str, int] = {}
    in_notes = False
    for r in range(body_start, len(grid)):
        row = grid[r]
        texts = [nfc(cell_text(v)).strip() for v in row]
        if not any(texts):
            continue
        folded_first = fold(next(t for t in texts if t))
        if in_notes or _NOTES.match(folded_first):
            in_notes = True  # a notes block runs to the end of the table
            continue
        if all(_NUMBERING.match(t) for t in texts if t):
            continue  # the «(1) (2) (3)» row under a header
        code_value, _ = cell(row, Column.CODE)
        code = _code_text(code_value)
        _, name = cell(row, Column.NAME)
        max_value, max_text = cell(row, Column.MAX)
        _, rule = cell(row, Column.RULE)
        _, evidence = cell(row, Column.EVIDENCE)
        survey_value, survey_text = cell(row, Column.SURVEY)
        line = r + 1
        shown = " ".join(t for t in (code, name) if t)[:120] or " ".join(t for t in texts if t)[:120]
        if _TOTAL.match(fold(name)) or _TOTAL.match(fold(code)):
            try:
                parsed.declared_total = cell_points(max_value, max_text)
            except ValueError:
                parsed.skipped.append(SkippedRow(line, shown, f"điểm của dòng tổng «{max_text}» không phải số"))
            continue
        if not code:
            if parsed.criteria and not max_text and not name.isupper():
                # A long cell carried on to the next row (LibreOffice and Excel split them at page breaks).
                last = parsed.criteria[-1]
                parsed.criteria[-1] = replace(
                    last,
                    name=" ".join(t for t in (last.name, name) if t),
                    rule="\n".join(t for t in (last.rule, rule) if t),
                    evidence_required="\n".join(t for t in (last.evidence_required, evidence) if t),
                )
            else:
                parsed.skipped.append(SkippedRow(line, shown, "không có mã tiêu chí (cột STT)"))
            continue
        if not _CODE.match(code):
            parsed.skipped.append(SkippedRow(line, shown, f"mã «{code}» không theo dạng 1 / 1.1 / 1.1.1"))
            continue
        if code in seen:
            parsed.skipped.append(SkippedRow(line, shown, f"trùng mã với dòng {seen[code]}"))
            continue
        if not name:
            parsed.skipped.append(SkippedRow(line, shown, "không có tên tiêu chí"))
            continue
        parent = code.rpartition(".")[0]
        if parent and parent not in seen:
            parsed.skipped.append(SkippedRow(line, shown, f"không có tiêu chí cha «{parent}» ở các dòng trên"))
            continue
        try:
            max_score = cell_points(max_value, max_text)
            survey_points = cell_points(survey_value, survey_text)
        except ValueError:
            parsed.skipped.append(SkippedRow(line, shown, f"điểm tối đa «{max_text or survey_text}» không phải số"))
            continue
        if max_score is not None and max_score < 0:
            parsed.skipped.append(SkippedRow(line, shown, "điểm tối đa âm"))
            continue
        survey = survey_points is not None and survey_points > 0
        survey = survey and (max_score is None or abs((survey_points or 0.0) - max_score) < 1e-9)
        survey = survey or bool(_SURVEY.search(fold(f"{name} {rule}")))
        seen[code] = line
        parsed.criteria.append(ParsedCriterion(code, name, max_score, rule, evidence, survey, (), line))
    return _finish(parsed)


def _finish(parsed: ParsedIndex) -> ParsedIndex:
    """Leaves need a maximum; a parent without one gets its children's sum; a leaf rule of bands is read."""
    parents = {c.parent_code for c in parsed.criteria}
    kept: list[ParsedCriterion] = []
    dropped: set[str] = set()
    for c in parsed.criteria:
        if c.parent_code in dropped or (c.code not in parents and c.max_score is None):
            dropped.add(c.code)
            reason = "thiếu điểm tối đa" if c.parent_code not in dropped else "tiêu chí cha không đọc được"
            parsed.skipped.append(SkippedRow(c.row, f"{c.code} {c.name}"[:120], reason))
            continue
        bands = parse_bands(c.rule) if c.code not in parents and not c.survey else None
        if bands and c.max_score is not None and any(b.points > c.max_score + 1e-9 for b in bands):
            bands = None  # a band above the maximum: the rule is text to read, not a table to apply
        kept.append(replace(c, bands=tuple(bands or ())))
    parsed.criteria = kept
    for c in reversed(parsed.criteria):  # children before parents: sums climb the tree
        if c.max_score is None:
            total = round(sum(k.max_score or 0.0 for k in parsed.children(c.code)), 4)
            i = parsed.criteria.index(c)
            parsed.criteria[i] = replace(c, max_score=total)
    parsed.skipped.sort(key=lambda s: s.row)
    return parsed


def _title(titles: list[str], level: IndexLevel, year: int) -> tuple[str, str]:
    name = next((t for t in titles if re.search(r"bo chi so|chi so cai cach hanh chinh", fold(t))), "")
    source = next((t for t in titles if re.search(r"kem theo|quyet dinh so", fold(t))), "")
    if not name:
        whom = "các sở, ban, ngành" if level is IndexLevel.DEPARTMENT else "UBND cấp xã"
        name = f"Bộ Chỉ số CCHC của {whom} năm {year}"
    return " ".join(name.split())[:300], " ".join(source.strip("()").split())


def parse_criteria(grid: WorkbookGrid, level: IndexLevel, year: int) -> ParsedIndex:
    """The first table of the file that reads as a criteria set; one sentence when none does."""
    found = [p for sheet in grid.sheets if (p := parse_sheet(sheet, level, year, grid.path.name)) is not None]
    with_criteria = [p for p in found if p.criteria]
    if with_criteria:
        return max(with_criteria, key=lambda p: len(p.criteria))
    if found:
        raise UserError(
            f"Bảng tiêu chí trong «{grid.path.name}» không có dòng nào đọc được (mã 1 / 1.1 / 1.1.1 và điểm tối "
            "đa); hãy kiểm tra cột STT và cột Điểm tối đa."
        )
    raise UserError(
        f"Không tìm thấy bảng tiêu chí trong «{grid.path.name}»: cần các cột STT, Lĩnh vực/Tiêu chí và Điểm tối "
        "đa. Hãy chọn tệp Bộ Chỉ số CCHC do UBND tỉnh ban hành."
    )
