"""The window comes up before the database layer loads: guard the imports that make that true."""

import subprocess
import sys

import pytest

from desktop.app import _parse


def _offscreen(code: str) -> str:
    """What `code` prints, run in a fresh interpreter on Qt's offscreen platform."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout


def test_main_window_and_paths_do_not_load_sqlalchemy_or_openpyxl() -> None:
    code = (
        "import sys, desktop.app, desktop.core.paths, desktop.ui.main_window;"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'reportlab', 'importlib.metadata',"
        " 'sqlite3', 'json', 'desktop.ui.file_drop')"  # the drop widgets: made when a page first needs them
        " if m in sys.modules]; print(','.join(heavy))"
    )
    assert _offscreen(code).strip() == ""


def test_the_first_window_shows_before_the_qt_namespace_is_made() -> None:
    """PySide makes the 93 enums of `Qt` the first time any is touched (15 ms): the window shows first."""
    code = (
        "import sys; from PySide6 import QtCore; from PySide6.QtWidgets import QApplication;"
        "app = QApplication([]); from desktop.ui.main_window import MainWindow;"
        "w = MainWindow(); w.show(); app.processEvents(); before = 'Qt' in QtCore.__dict__;"
        "w.registry.bind_shortcuts(); print(before, 'Qt' in QtCore.__dict__)"
    )
    assert _offscreen(code).split() == ["False", "True"]


def test_cli_does_not_load_qt() -> None:
    code = "import sys, desktop.cli; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("argv", "data_dir", "self_test", "file", "qt_args"),
    [
        ([], None, False, None, []),
        (["--data-dir", "/d", "--self-test"], "/d", True, None, []),
        (["--data-dir=/d", "bao-cao.zip"], "/d", False, "bao-cao.zip", []),
        (["ke-hoach.cchcplan"], None, False, "ke-hoach.cchcplan", []),
        # Qt's own options go on to Qt, as argparse leaves them.
        (["--reverse", "--data-dir", "/d"], "/d", False, None, ["--reverse"]),
    ],
)
def test_the_app_reads_its_command_line_with_or_without_argparse(
    argv: list[str], data_dir: str | None, self_test: bool, file: str | None, qt_args: list[str]
) -> None:
    args, rest = _parse(argv)
    assert (args.data_dir, args.self_test, args.file, rest[:1]) == (data_dir, self_test, file, qt_args)
