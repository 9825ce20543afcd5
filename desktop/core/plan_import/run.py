"""Importing an appendix file from start to end in one call: read, parse, apply what the user said (year,
number), commit in one transaction holding the write lock — or roll it all back for a dry run."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from db.store import Store
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import ImportResult, commit_plan
from desktop.core.plan_import.layouts import remember, remembered
from desktop.core.plan_import.model import ParsedPlan, SheetOptions
from desktop.core.sample import SAMPLE_FILE_NAME, SAMPLE_ISSUER, SAMPLE_TITLE, write_sample_workbook
from desktop.core.targets import load_sample_targets


@dataclass(frozen=True)
class FileImport:
    result: ImportResult
    parsed: ParsedPlan
    dry_run: bool


def import_plan_file(
    store: Store,
    path: Path,
    year: int | None = None,
    number: str | None = None,
    dry_run: bool = False,
    columns: dict[str, int] | None = None,
) -> FileImport:
    """`columns` (role → column, chosen by hand) applies to every sheet and is remembered for the layout; without
    it, columns chosen earlier for the same layout are used."""
    grid = read_workbook(path)
    if columns:
        options = {sheet.name: SheetOptions(mapping=dict(columns)) for sheet in grid.sheets}
    else:
        options = remembered(store.data_dir, grid)
    parsed = parse_grid(grid, options)
    done = _commit(store, parsed, year, number, dry_run, sample=False)
    if columns and not dry_run and not store.read_only:
        remember(store.data_dir, grid, options)
    return done


def import_sample(store: Store, dry_run: bool = False) -> FileImport:
    """The sample plan, as «Mở kế hoạch mẫu» opens it: its title and issuer, and its province's targets."""
    with tempfile.TemporaryDirectory() as tmp:
        parsed = parse_grid(read_workbook(write_sample_workbook(Path(tmp) / SAMPLE_FILE_NAME)))
    parsed.meta.title, parsed.meta.issuer = SAMPLE_TITLE, SAMPLE_ISSUER
    return _commit(store, parsed, None, None, dry_run, sample=True)


def _commit(
    store: Store, parsed: ParsedPlan, year: int | None, number: str | None, dry_run: bool, sample: bool
) -> FileImport:
    if year:
        parsed.meta.year = year
        parsed.year_inferred = True
    if number:
        parsed.meta.number = number
    session = store.sessionmaker()
    try:
        if not store.read_only:  # another import of the same plan waits for this one, then finds it
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        result = commit_plan(session, parsed)
        if sample:
            load_sample_targets(session)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    return FileImport(result, parsed, dry_run)
