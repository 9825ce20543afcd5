"""Timing how long a program takes to show its window: the shared piece of the start-up benchmarks."""

from __future__ import annotations

import statistics
import subprocess
import time


def startup(cmd: list[str], marks: tuple[str, ...], runs: int = 5) -> dict[str, float]:
    """Median seconds from launching `cmd` to each printed "<mark> <unix time>" line."""
    seen: dict[str, list[float]] = {m: [] for m in marks}
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            mark, _, stamp = line.partition(" ")
            if mark in seen:
                seen[mark].append(float(stamp) - t0)
    return {m: statistics.median(v) for m, v in seen.items()}


def side_by_side(app: list[str], bare: list[str], runs: int) -> tuple[float, float]:
    """Median seconds to "window-shown" of `app` and of `bare`, launched in turn (app, bare, app, …) so that a
    machine's drift during the run weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for cmd, seen in ((app, times[0]), (bare, times[1])):
            seen.append(startup(cmd, ("window-shown",), 1)["window-shown"])
    return statistics.median(times[0]), statistics.median(times[1])


BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print(f"window-shown {time.time():.3f}")
"""
