"""Finding a combo box item by its data. QComboBox.findData compares Python objects by identity, so a tuple
made again on a refresh — («CCHC_XA», 2025) — would never be found and the choice would jump to the first item."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def find_data(combo: QComboBox, value: object) -> int:
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            return i
    return -1
