"""A focal point receiving bundles in a loop, printing each accepted bundle once its receipt is committed.

Run by the receiving crash test, which kills it with SIGKILL at a random moment. Bundles go in three at a time,
so a kill lands while bundles are copied, verified, flushed, renamed or recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.core.bundle.receive import import_bundles
from desktop.core.workspace import open_workspace


def main(data_dir: str, bundles_dir: str) -> None:
    store = open_workspace(Path(data_dir))
    bundles = sorted(Path(bundles_dir).glob("*.zip"))
    for start in range(0, len(bundles), 3):
        for outcome in import_bundles(store, bundles[start : start + 3]):
            print(f"{outcome.status} {outcome.bundle_uuid}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
