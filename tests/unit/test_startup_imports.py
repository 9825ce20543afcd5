"""The window comes up before the database layer loads: guard the imports that make that true."""

import subprocess
import sys


def test_main_window_and_paths_do_not_load_sqlalchemy_or_openpyxl() -> None:
    code = (
        "import sys, desktop.app, desktop.core.paths, desktop.ui.main_window;"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'reportlab', 'importlib.metadata')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert out.stdout.strip() == ""


def test_cli_does_not_load_qt() -> None:
    code = "import sys, desktop.cli; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
