"""Domain values stored in the database, spelled once."""

from __future__ import annotations

from enum import StrEnum


class PlanOrigin(StrEnum):
    IMPORTED = "import"  # from the appendix file (xlsx) or the sample
    PACKAGE = "package"  # from a .cchcplan sent down by a focal point
    OWN = "own"  # typed in or cascaded by this agency
    LEARNED = "bundle"  # learned from a received bundle; importing the real plan merges into it
