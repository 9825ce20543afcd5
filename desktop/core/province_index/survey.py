"""The Sở's sociological survey points (điều tra xã hội học) per agency, imported from its xlsx for the
criteria the index marks as survey. The whole file goes in or nothing does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Framework, SurveyPoint, local_now
from desktop.core.agency_names import reporting_key
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number
from desktop.core.plan_import.cells import cell_text, spread_merges
from desktop.core.plan_import.read import read_workbook
from desktop.core.plan_import.workbook import CellValue
from desktop.core.province_index.parse import cell_points
from desktop.core.province_index.store import resolve_index
from desktop.core.province_index.submitted import assessed_agencies
from desktop.core.text import fold, nfc

HEADER_SCAN_ROWS = 20
_AGENCY_HEADER = re.compile(r"^(don vi|co quan|ten don vi|ten co quan|dia phuong|xa, phuong|ten xa)")
_CODE_IN_HEADER = re.compile(r"(?:^|tieu chi|tc)\s*(\d{1,2}(?:\.\d{1,2}){0,4})\s*$")


@dataclass(frozen=True)
class SurveyImport:
    framework: str
    year: int
    agencies: int
    points: int
    criteria: tuple[str, ...]
    not_reporting: tuple[str, ...] = field(default=())  # agencies with points but no bundle received yet

    def as_json(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "year": self.year,
            "agencies": self.agencies,
            "points": self.points,
            "criteria": list(self.criteria),
            "not_reporting": list(self.not_reporting),
        }


def _columns(rows: list[list[CellValue]], survey_codes: set[str]) -> tuple[int, int, dict[str, int]]:
    """(header's last row, agency column, criterion code → column)."""
    for r in range(min(len(rows), HEADER_SCAN_ROWS)):
        texts = [fold(cell_text(v)).strip() for v in rows[r]]
        agency_col = next((c for c, t in enumerate(texts) if _AGENCY_HEADER.match(t)), None)
        if agency_col is None:
            continue
        codes: dict[str, int] = {}
        last = r
        for h in (r, r + 1):
            if h >= len(rows):
                break
            for c, value in enumerate(rows[h]):
                m = _CODE_IN_HEADER.search(fold(cell_text(value)).strip().rstrip("."))
                if m and m.group(1) in survey_codes and m.group(1) not in codes:
                    codes[m.group(1)] = c
                    last = max(last, h)
        if codes:
            return last, agency_col, codes
    raise UserError(
        "Không tìm thấy bảng điểm điều tra: cần một cột «Đơn vị» (hoặc «Cơ quan») và các cột mang mã tiêu chí "
        f"điều tra xã hội học ({', '.join(sorted(survey_codes)) or 'bộ chỉ số chưa có tiêu chí điều tra'})."
    )


def import_survey(session: Session, path: Path, framework: str, year: int | None = None) -> SurveyImport:
    fw = resolve_index(session, framework, year)
    survey = {c.code: c for c in fw.criteria if c.survey}
    if not survey:
        raise UserError(f"Bộ chỉ số {fw.code} năm {fw.year} không có tiêu chí nào chấm bằng điều tra xã hội học.")
    grid = read_workbook(path)
    sheet = grid.sheets[0]
    rows = spread_merges(sheet.rows, sheet.merges, header_rows=set(range(min(len(sheet.rows), HEADER_SCAN_ROWS))))
    header_end, agency_col, codes = _columns(rows, set(survey))
    found: dict[str, tuple[str, dict[str, float]]] = {}
    for r in range(header_end + 1, len(rows)):
        row = rows[r]
        name = nfc(cell_text(row[agency_col])).strip() if agency_col < len(row) else ""
        values = {code: row[c] if c < len(row) else None for code, c in codes.items()}
        if not name:
            if any(cell_text(v).strip() for v in values.values()):
                raise UserError(f"Dòng {r + 1} có điểm nhưng không có tên đơn vị; hãy điền tên rồi nhập lại.")
            continue
        if fold(name).startswith(("tong", "ghi chu", "trung binh")):
            continue
        points: dict[str, float] = {}
        for code, value in values.items():
            text = nfc(cell_text(value)).strip()
            if not text:
                continue
            try:
                number = cell_points(value, text)
            except ValueError:
                number = None
            top = survey[code].max_score
            if number is None or number < 0 or (top is not None and number > top + 1e-9):
                limit = f" (0 đến {fmt_number(top)})" if top is not None else ""
                raise UserError(
                    f"Dòng {r + 1}, tiêu chí {code} của «{name}»: điểm «{text}» không hợp lệ{limit}. Không có gì "
                    "được nhập; hãy sửa tệp rồi nhập lại."
                )
            points[code] = number
        key = reporting_key(name)
        if key in found:
            raise UserError(f"«{name}» có hai dòng trong tệp điều tra (dòng {r + 1}); mỗi đơn vị một dòng.")
        found[key] = (name, points)
    if not found:
        raise UserError(f"Tệp «{path.name}» không có dòng điểm điều tra nào; hãy kiểm tra lại tệp.")
    stored = {
        (p.agency_key, p.criterion_code): p
        for p in session.scalars(select(SurveyPoint).where(SurveyPoint.framework_id == fw.id))
    }
    count = 0
    for key, (name, points) in found.items():
        for code, value in points.items():
            point = stored.get((key, code))
            if point is None:
                point = SurveyPoint(framework_id=fw.id, agency_key=key, criterion_code=code, points=value)
                session.add(point)
            point.agency_name, point.points, point.source_file = name, value, path.name
            point.imported_at = local_now()
            count += 1
    session.flush()
    reporting = assessed_agencies(session, fw)
    missing = tuple(name for key, (name, _p) in found.items() if key not in reporting)
    return SurveyImport(fw.code, fw.year, len(found), count, tuple(sorted(codes)), missing)


def survey_points(session: Session, fw: Framework) -> dict[str, dict[str, float]]:
    """Agency key → criterion code → points."""
    found: dict[str, dict[str, float]] = {}
    for p in session.scalars(select(SurveyPoint).where(SurveyPoint.framework_id == fw.id)):
        found.setdefault(p.agency_key, {})[p.criterion_code] = p.points
    return found
