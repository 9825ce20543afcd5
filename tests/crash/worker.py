"""A process that adds evidence and saves progress in a loop, printing each commit once it is durable.

Run by the crash test, which kills it with SIGKILL at a random moment. Each round adds three new files at once
in batches of two (so a batch settles on the helper thread while the next one copies) and one known file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.core import evidence_add
from desktop.core.evidence import EvidenceMeta
from desktop.core.evidence_add import add_evidence_file, add_evidence_files
from desktop.core.progress import CancelToken, no_progress
from desktop.core.task_progress import ProgressFields, save_progress
from desktop.core.workspace import open_workspace


def main(data_dir: str, files_dir: str, task_ids: str, start: int) -> None:
    evidence_add.BATCH_FILES = 2
    store = open_workspace(Path(data_dir))
    tasks = [int(t) for t in task_ids.split(",")]
    files = sorted(Path(files_dir).iterdir())
    scratch = Path(files_dir).parent / f"scratch-{start}"
    scratch.mkdir(exist_ok=True)
    i = start
    while True:
        task = tasks[i % len(tasks)]
        fresh = []
        for k in range(3):
            path = scratch / f"moi-{i}-{k}.pdf"
            path.write_bytes(files[(i + k) % len(files)].read_bytes() + f"{i}-{k}".encode())
            fresh.append(path)
        meta = EvidenceMeta(summary=f"lần {i}")
        for result in add_evidence_files(store, fresh, meta, [task], [], no_progress, CancelToken()):
            print(f"evidence {result.sha256}", flush=True)
        result = add_evidence_file(store, files[i % len(files)], meta, task_ids=[task])
        print(f"evidence {result.sha256}", flush=True)
        with store.session() as s:
            save_progress(s, task, "2025-Q1", ProgressFields("in_progress", i % 100, f"lần {i}"))
        print(f"progress {task} {i % 100}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
