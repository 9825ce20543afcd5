"""Where shipped data files live (catalogs, samples, fonts), in a source tree or an installed wheel."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    import resources  # the data package beside desktop/ and db/

    return Path(resources.__file__).resolve().parent
