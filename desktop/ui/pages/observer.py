"""A page that observes the application state and refreshes itself from what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.ui.state import AppState, Change, Changes

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent


class ObserverPage(QWidget):
    """Refreshes when a change it `watches` arrives: at once while shown (or always, when `eager`), else when
    next shown. Subclasses implement `refresh`."""

    watches = Change.NONE
    eager = False

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self._stale: Changes | None = Changes(~Change.NONE)  # a new page has everything to show
        state.changed.connect(self._changed)

    def catch_up(self) -> None:
        """Called once the page is built: an eager page shows the state at once."""
        if self.eager:
            self._refresh_now()

    def _changed(self, changes: Changes) -> None:
        if not changes.touches(self.watches):
            return
        # Two changes before a refresh: the second must not hide the first.
        self._stale = changes if self._stale is None else self._stale.merged(changes)
        if self.eager or self.isVisible():
            self._refresh_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale is not None:
            self._refresh_now()

    def _refresh_now(self) -> None:
        if self.state.store is None or not self.state.loaded or self._stale is None:
            return
        changes, self._stale = self._stale, None
        self.refresh(changes)

    def refresh(self, changes: Changes) -> None:
        raise NotImplementedError
