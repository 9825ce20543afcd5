"""A process that adds evidence and saves progress in a loop, printing each commit once it is durable.

Run by the crash test, which kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.core.evidence import EvidenceMeta, add_evidence_file
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.workspace import open_workspace


def main(data_dir: str, files_dir: str, task_ids: str, start: int) -> None:
    store = open_workspace(Path(data_dir))
    tasks = [int(t) for t in task_ids.split(",")]
    files = sorted(Path(files_dir).iterdir())
    i = start
    while True:
        task = tasks[i % len(tasks)]
        src = files[i % len(files)]
        result = add_evidence_file(store, src, EvidenceMeta(summary=f"lần {i}"), task_ids=[task])
        print(f"evidence {result.sha256}", flush=True)
        with store.session() as s:
            save_progress(s, task, "2025-Q1", ProgressFields("in_progress", i % 100, f"lần {i}"))
        print(f"progress {task} {i % 100}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
