"""Every action module's handlers, for the registry. Imported once the data directory is open (these load the
database layer)."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.ui.actions import appraisal, bundles, focal, index, pages, plans, printing, reporting, signing, undo
from desktop.ui.actions import data as data_actions
from desktop.ui.actions.registry import ActionId, Handler

HANDLER_TABLES: tuple[Mapping[ActionId, Handler], ...] = (
    plans.HANDLERS,
    reporting.HANDLERS,
    pages.HANDLERS,
    bundles.HANDLERS,
    focal.HANDLERS,
    data_actions.HANDLERS,
    appraisal.HANDLERS,
    printing.HANDLERS,
    undo.HANDLERS,
    signing.HANDLERS,
    index.HANDLERS,
)
check_at_startup = data_actions.check_at_startup
notice_at_startup = focal.notice_at_startup
backup_on_close = data_actions.backup_on_close
restore_from = data_actions.restore_from
