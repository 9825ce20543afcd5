"""Kill a focal point's receipt with SIGKILL at random moments; after each kill the inbox and the database agree.

Checked after every kill: SQLite integrity ok; every bundle the worker reported accepted has its row; every row
has its kept bundle, whole (its zip opens and its manifest is the one recorded). Copies a kill left half-made
(`.nhan-*.part`) are allowed: no row refers to them, and a later receipt sweeps them.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.models import Submission
from db.store import Store
from desktop.core.workspace import open_workspace
from tests.fixtures.bundle_copies import sent_by_many
from tests.unit.test_receive import make_commune, report

ROUNDS = 12
BUNDLES = 150

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_killed_receipts_never_leave_a_row_without_its_bundle(sample_store: Store, tmp_path: Path) -> None:
    commune = make_commune(sample_store, tmp_path, "UBND xã Tân Tiến")
    model = report(commune, tmp_path / "mau", 60)
    commune.close()
    usb = tmp_path / "usb"
    sent_by_many(model, ((usb / f"goi-{k:04d}.zip", f"UBND xã Thử Nghiệm {k:04d}") for k in range(BUNDLES)))
    data_dir = sample_store.data_dir
    sample_store.close()
    rng = random.Random(2026)
    accepted: set[str] = set()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    for round_no in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.receive_worker", str(data_dir), str(usb)],
            stdout=subprocess.PIPE,
            text=True,
            env={**env, "CCHC_FSYNC_EACH": "1"} if round_no % 2 else env,  # half the rounds flush file by file
            cwd=root,
        )
        time.sleep(rng.uniform(0.7, 2.0))  # start-up takes ~0.5 s; then it receives until killed
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        if proc.returncode != -signal.SIGKILL:  # every bundle is in: nothing left to interrupt
            assert proc.returncode == 0
        accepted |= {line.split()[1] for line in out.splitlines() if line.startswith("accepted ")}

        store = open_workspace(data_dir)
        try:
            with store.session() as s:
                assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
                rows = {r.bundle_uuid: r for r in s.scalars(select(Submission))}
            assert accepted <= set(rows)
            for row in rows.values():
                kept = data_dir / row.folder
                assert kept.name == f"{row.bundle_uuid}.zip", "a row refers to something never renamed into place"
                with zipfile.ZipFile(kept) as zf:
                    assert zf.testzip() is None
                    assert hashlib.sha256(zf.read("manifest.json")).hexdigest() == row.manifest_sha256
        finally:
            store.close()
    assert len(accepted) >= 20, "the worker never got to receive: the test proved nothing"
