"""PySide's note of which modules use it: the app's cheaper check gives PySide's own answers."""

import subprocess
import sys

CHECK = """
import importlib, sys
import PySide6.QtCore
feature = sys.modules["shibokensupport.feature"]
pyside_own = feature._mod_uses_pyside
from desktop.ui.pyside_imports import quicken_pyside_imports
installed = quicken_pyside_imports()
again = quicken_pyside_imports()  # a second call keeps the one check
import desktop.ui.state  # imports desktop.ui.ops and desktop.core.progress: noted through the cheaper check
names = ["desktop.ui.state", "desktop.ui.ops", "desktop.core.progress", "json", "sys", "PySide6.QtCore"]
modules = [importlib.import_module(n) for n in names]
print(installed, again, feature._mod_uses_pyside.__name__)
print(*[feature._mod_uses_pyside(m) for m in modules])
print(*[pyside_own(m) for m in modules])
print(feature.pyside_feature_dict["desktop.ui.ops"], feature.pyside_feature_dict["desktop.core.progress"])
"""


def test_the_cheaper_check_answers_as_pyside_does() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout
    installed, quick, own, noted = out.splitlines()
    assert installed == "True True uses_pyside"
    assert quick == own == "True True False False False False"
    assert noted == "0 -1"  # uses PySide: switchable; does not: ignored, as PySide itself notes them
