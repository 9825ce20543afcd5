"""Finding a combo box item by its data. QComboBox.findData compares Python objects by identity, so a tuple
made again on a refresh — («CCHC_XA», 2025) — would never be found and the choice would jump to the first item."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def find_data(combo: QComboBox, value: object) -> int:
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            return i
    return -1


def refill(combo: QComboBox, choices: list[tuple[str, object]]) -> None:
    """Replace the (label, data) choices, keeping the chosen one when it is still there; no signal meanwhile."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, data in choices:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(find_data(combo, current), 0))
    combo.blockSignals(False)
