"""Plan import from the appendix tables officials paste into Excel.

read_workbook (slow: opens the file safely) -> parse_grid (fast: header, rows, metadata; re-run when the
user changes the mapping in the preview) -> commit.commit_plan (one transaction).

The package itself stays free of database imports (the GUI's preview needs only the parser); import
`desktop.core.plan_import.commit` for writing.
"""

from desktop.core.plan_import.model import ParsedPlan, ParsedSheet, ParsedTask, SheetOptions, Skip
from desktop.core.plan_import.parse import parse_grid
from desktop.core.plan_import.read import read_workbook
from desktop.core.plan_import.workbook import WorkbookGrid
from desktop.core.records import PlanFields

__all__ = [
    "ParsedPlan",
    "ParsedSheet",
    "ParsedTask",
    "PlanFields",
    "SheetOptions",
    "Skip",
    "WorkbookGrid",
    "parse_grid",
    "read_workbook",
]
