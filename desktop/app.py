"""`cchc-desk`: the GUI entry point."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from desktop.core.workspace import portable_dir, resolve_data_dir

log = logging.getLogger("cchc.app")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cchc-desk", description="Ứng dụng CCHC (giao diện).")
    parser.add_argument("--data-dir", help="thư mục dữ liệu")
    parser.add_argument("--self-test", action="store_true", help="mở cửa sổ chính rồi thoát (kiểm tra cài đặt)")
    args, qt_args = parser.parse_known_args(argv)

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QMessageBox

    from db.store import StoreError
    from desktop.core.errors import UserError
    from desktop.core.workspace import open_workspace
    from desktop.ui.main_window import MainWindow

    app = QApplication([sys.argv[0], *qt_args])
    _install_excepthook()
    app.setApplicationName("CCHC")
    app.setOrganizationName("cchc-desk")
    data_dir = resolve_data_dir(args.data_dir)
    try:
        store = open_workspace(data_dir)
    except (StoreError, UserError) as exc:
        QMessageBox.critical(None, "Không mở được dữ liệu", str(exc))
        return 2
    window = MainWindow(store, portable=portable_dir() is not None)
    window.show()
    if args.self_test:
        deadline = time.monotonic() + 60
        while (window.ops.busy or not window.isVisible()) and time.monotonic() < deadline:
            # Wakes as soon as the loading operation posts its result.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        ok = window.isVisible() and not window.ops.busy
        window.close()
        store.close()
        print("self-test ok" if ok else "self-test failed")
        return 0 if ok else 1
    window.ensure_profile()
    code = app.exec()
    store.close()
    return int(code)


def _install_excepthook() -> None:
    """An unexpected error in a slot is logged with its traceback and told to the user in one sentence."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        log.error("unhandled error", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
        parent = QApplication.activeWindow()
        QMessageBox.warning(parent, "Lỗi", "Đã xảy ra lỗi ngoài dự kiến; chi tiết đã ghi vào nhật ký (thư mục logs).")

    sys.excepthook = hook


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
