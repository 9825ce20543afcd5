"""The document a user prints from a page: the PDF of the agency's báo cáo for the period, or, at a focal point,
the consolidated report; made afresh into a temporary folder, so the printed copy says what the bundle would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.store import Store
from desktop.core.bundle.consolidate import write_consolidated
from desktop.core.reports.data import collect
from desktop.core.reports.kinds import PrintKind
from desktop.core.reports.pdf import ReportTexts, default_texts, write_pdf


def print_copy(
    store: Store, kind: PrintKind, period_code: str, folder: Path, today: date, texts: ReportTexts | None = None
) -> Path:
    """The PDF to print, written into `folder`; `texts` as edited, else the period's defaults (and, for the
    consolidated report, what was last edited for it)."""
    path = folder / f"{kind.value}-{period_code}.pdf"
    if kind is PrintKind.CONSOLIDATED:
        with store.session(write=True) as s:  # the consolidated report keeps the texts it was made with
            return write_consolidated(s, store.data_dir, period_code, path, today, texts)
    with store.session() as s:
        data = collect(s, period_code, today)
    return write_pdf(data, texts or default_texts(data), path)
