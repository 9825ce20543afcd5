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
    "RANKING": "xep-hang",
    "CATALOG": "chi-so",
}


def main() -> None:
    app = QApplication([])
    from db.enums import IndexLevel
    from desktop.core.agencies import set_my_agency
    from desktop.core.bundle.export import export_bundle
    from desktop.core.bundle.receive import import_bundle
    from desktop.core.plan_import.run import import_sample
    from desktop.core.progress import CancelToken, no_progress
    from desktop.core.province_index.package import export_index_package, import_index_package
    from desktop.core.province_index.run import import_index_file
    from desktop.core.scoring import resolve_framework, score_sheet, set_score
    from desktop.core.workspace import open_workspace
    from desktop.ui.main_window import MainWindow, Page
    from desktop.ui.screen_fit import free_area_of
    from tests.fixtures.province_index import write_xlsx
    from tests.unit.test_receive import make_commune, report

    with tempfile.TemporaryDirectory(prefix="cchc-screens-") as tmp:
        work = Path(tmp)
        store = open_workspace(work / "data")
        with store.session() as s:
            set_my_agency(s, "UBND xã Hòa An", "xa", focal_person="Nguyễn Văn A")
        import_sample(store)
        commune = make_commune(store, work, "UBND xã Tân Tiến")
        import_bundle(store, report(commune, work / "usb", 100))
        # The province's own index, and two communes' yearly self-assessments on it, for the Xếp hạng page.
        import_index_file(store, write_xlsx(work / "bo-chi-so.xlsx"), IndexLevel.COMMUNE, 2025)
        with store.session() as s:
            package = export_index_package(s, "CCHC_XA", work, 2025)
        others = [commune, make_commune(store, work, "UBND xã Tân Trào")]
        for share, other in zip((0.8, 0.6), others, strict=True):
            with other.session() as s:
                import_index_package(s, package)
                fw = resolve_framework(s, "CCHC_XA", 2025)
                for row in score_sheet(s, fw):
                    if row.self_scored and row.max_score:
                        set_score(s, fw, row.code, round(row.max_score * share, 2), "Số liệu năm 2025")
            made = export_bundle(other, "2025-Y", work / "nam", date(2025, 12, 20), no_progress, CancelToken())
            import_bundle(store, made.path)
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
        for other in others:
            other.close()


if __name__ == "__main__":
    main()
