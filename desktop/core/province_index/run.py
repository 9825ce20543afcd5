"""Importing a criteria-set file end to end: read safely, parse, then commit in one transaction (or only say
what would happen)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.enums import IndexLevel
from db.store import Store
from desktop.core.errors import UserError
from desktop.core.formatting import fmt_number
from desktop.core.plan_import.read import read_workbook
from desktop.core.progress import CancelToken, ProgressFn, no_progress
from desktop.core.province_index.model import YEARS, ParsedIndex
from desktop.core.province_index.parse import parse_criteria
from desktop.core.province_index.store import IndexImport, commit_index, plan_outcome


@dataclass(frozen=True)
class IndexFileImport:
    parsed: ParsedIndex
    result: IndexImport
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            **self.result.as_json(),
            "level": self.parsed.level.value,
            "dry_run": self.dry_run,
            "declared_total": self.parsed.declared_total,
            "sum_problems": [
                {"code": p.code or None, "declared": p.declared, "summed": p.summed} for p in self.parsed.sum_problems()
            ],
            "skipped": [{"row": s.row, "text": s.text, "reason": s.reason} for s in self.parsed.skipped],
        }


def sum_problem_lines(parsed: ParsedIndex) -> list[str]:
    lines = []
    for p in parsed.sum_problems():
        where = f"Tiêu chí {p.code}" if p.code else "Dòng «Tổng cộng»"
        lines.append(
            f"{where} ghi {fmt_number(p.declared)} điểm nhưng các tiêu chí bên dưới cộng lại {fmt_number(p.summed)}."
        )
    return lines


def read_index_file(
    path: Path, level: IndexLevel, year: int, progress: ProgressFn = no_progress, cancel: CancelToken | None = None
) -> ParsedIndex:
    if year not in YEARS:
        raise UserError(f"Năm {year} không hợp lệ; ví dụ --year 2025.")
    return parse_criteria(read_workbook(path, progress, cancel), level, year)


def import_index_file(
    store: Store,
    path: Path,
    level: IndexLevel,
    year: int,
    dry_run: bool = False,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> IndexFileImport:
    parsed = read_index_file(path, level, year, progress, cancel)
    return commit_parsed(store, parsed, dry_run)


def commit_parsed(store: Store, parsed: ParsedIndex, dry_run: bool = False) -> IndexFileImport:
    if dry_run:
        with store.session() as s:
            outcome = plan_outcome(s, parsed)
        result = IndexImport(parsed.code, parsed.year, parsed.name, len(parsed.criteria), parsed.max_total, outcome)
        return IndexFileImport(parsed, result, True)
    with store.session(write=True) as s:
        result = commit_index(s, parsed)
    return IndexFileImport(parsed, result, False)
