"""Widgets that give up width on a small screen: a combo box shows its choice elided to a set number of
characters (the list it opens shows each choice whole), so a row of filters fits a 1366-pixel laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def compact_combo(combo: QComboBox, chars: int = 14) -> QComboBox:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    fit_popup(combo)
    return combo


def fit_popup(combo: QComboBox) -> None:
    """After the choices change: the opened list is as wide as its longest choice."""
    view = combo.view()
    view.setMinimumWidth(max(view.sizeHintForColumn(0) + 24, combo.minimumSizeHint().width()))
