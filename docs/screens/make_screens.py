"""Each page of the app as a commune official sees it on a 1366×768 laptop, from the sample plan with one commune's
bundle received, as PNGs beside this script (the window maximised: 1366×736 below the title bar).

QT_QPA_PLATFORM=offscreen python docs/screens/make_screens.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'data' / 'screens.json'}"

from PySide6.QtWidgets import QApplication  # noqa: E402

NAMES = {
    "PLANS": "ke-hoach",
    "TASKS": "viec-cua-toi",
    "DASHBOARD": "tong-quan",
    "EVIDENCE": "tai-lieu-kiem-chung",
    "SCORING": "tu-cham-diem",
    "RECEIVED": "tiep-nhan-bao-cao",
    "CATALOG": "chi-so",
}


def main() -> None:
    app = QApplication([])
    from desktop.core.agencies import set_my_agency
    from desktop.core.bundle.receive import import_bundle
    from desktop.core.plan_import.run import import_sample
    from desktop.core.workspace import open_workspace
    from desktop.ui.main_window import MainWindow, Page
    from desktop.ui.screen_fit import free_area_of
    from tests.unit.test_receive import make_commune, report

    with tempfile.TemporaryDirectory(prefix="cchc-screens-") as tmp:
        work = Path(tmp)
        store = open_workspace(work / "data")
        with store.session() as s:
            set_my_agency(s, "UBND xã Hòa An", "xa", focal_person="Nguyễn Văn A")
        import_sample(store)
        commune = make_commune(store, work, "UBND xã Tân Tiến")
        import_bundle(store, report(commune, work / "usb", 100))
        window = MainWindow(store, today=date(2025, 10, 1))
        laptop = next(s for s in app.screens() if s.name() == "laptop-1366")
        window.setScreen(laptop)
        x, y, width, height = free_area_of(window)
        window.move(x, y)
        window.resize(width, height)
        window.show()

        def settle() -> None:
            for _ in range(500):
                app.processEvents()
                time.sleep(0.01)
                if window.state.loaded and not window.ops.busy:
                    break
            for _ in range(10):
                app.processEvents()

        settle()
        for page in Page:
            window.show_page(page)
            settle()
            window.grab().save(str(HERE / f"{NAMES[page.name]}.png"))
            print(f"{NAMES[page.name]}.png")
        window.close()
        store.close()
        commune.close()


if __name__ == "__main__":
    main()
