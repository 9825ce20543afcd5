"""`cchc-desk`: the GUI entry point. The window comes up first; the data directory opens behind it."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path


class _Arguments:
    def __init__(self, data_dir: str | None = None, self_test: bool = False, file: str | None = None) -> None:
        self.data_dir, self.self_test, self.file = data_dir, self_test, file


def _quick_parse(argv: Sequence[str]) -> _Arguments | None:
    """The command lines the app is really started with, read without argparse (whose message lookups cost
    3 ms before the window shows); None for anything else, which argparse then reads."""
    args, rest = _Arguments(), list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--self-test":
            args.self_test = True
        elif token == "--data-dir" and rest and not rest[0].startswith("-"):
            args.data_dir = rest.pop(0)
        elif token.startswith("--data-dir="):
            args.data_dir = token.partition("=")[2]
        elif not token.startswith("-") and args.file is None:
            args.file = token
        else:
            return None
    return args


def _parse(argv: Sequence[str]) -> tuple[_Arguments, list[str]]:
    quick = _quick_parse(argv)
    if quick is not None:
        return quick, []
    import argparse

    parser = argparse.ArgumentParser(prog="cchc-desk", description="Ứng dụng CCHC (giao diện).")
    parser.add_argument("--data-dir", help="thư mục dữ liệu")
    parser.add_argument(
        "--self-test", action="store_true", help="mở cửa sổ chính và dữ liệu rồi thoát (kiểm tra cài đặt)"
    )
    parser.add_argument("file", nargs="?", help="gói kế hoạch (.cchcplan) hoặc gói báo cáo (.zip) để mở")
    known, qt_args = parser.parse_known_args(argv)
    return _Arguments(known.data_dir, known.self_test, known.file), qt_args


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = _parse(sys.argv[1:] if argv is None else argv)

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui.pyside_imports import quicken_pyside_imports

    quicken_pyside_imports()  # before the modules of the first window are imported
    from desktop.core.paths import portable_dir, resolve_data_dir
    from desktop.ui.localize import install_vietnamese, set_app_icon
    from desktop.ui.main_window import MainWindow

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("CCHC")
    app.setOrganizationName("cchc-desk")
    translator = install_vietnamese(app)
    _install_excepthook()
    window = MainWindow(portable=portable_dir() is not None)
    window.show()
    app.processEvents()
    if args.self_test:
        print(f"window-shown {time.time():.3f}", flush=True)
    set_app_icon(app)

    failure: list[str] = []

    def failed(message: str) -> None:
        failure.append(message)
        if not args.self_test:
            QMessageBox.critical(window, "Không mở được dữ liệu", message)
        app.exit(2)

    def ready() -> None:
        window.ensure_profile()
        if args.file:  # opened by double-clicking a package or a bundle
            from desktop.ui.actions.registry import ActionId

            window.registry.trigger(ActionId.OPEN_FILE, Path(args.file))

    ready_fn = ready if not args.self_test else None
    window.open_data_dir(resolve_data_dir(args.data_dir), on_ready=ready_fn, on_error=failed)
    if args.self_test:
        deadline = time.monotonic() + 60
        while (window.ops.busy or window.store is None) and not failure and time.monotonic() < deadline:
            # Wakes as soon as an operation posts its result.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        ok = window.store is not None and not window.ops.busy and not failure
        print(f"data-ready {time.time():.3f}", flush=True)
        print(f"title {window.windowTitle()}", flush=True)
        icon = "no" if app.windowIcon().isNull() else "yes"
        print(f"qt-vietnamese {'yes' if translator else 'no'} icon {icon}", flush=True)
        print("self-test ok" if ok else f"self-test failed {failure}", flush=True)
        window.close()
        if window.store is not None:
            window.store.close()
        return 0 if ok else 1
    code = app.exec()
    if window.store is not None:
        window.store.close()
    return int(code)


def _install_excepthook() -> None:
    """An unexpected error in a slot is logged with its traceback and told to the user in one sentence."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        import logging

        logging.getLogger("cchc.app").error("unhandled error", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
        parent = QApplication.activeWindow()
        QMessageBox.warning(parent, "Lỗi", "Đã xảy ra lỗi ngoài dự kiến; chi tiết đã ghi vào nhật ký (thư mục logs).")

    sys.excepthook = hook


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
