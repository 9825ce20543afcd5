"""Runs first in the frozen app: Qt uses only the plugins shipped beside it, never a system-wide install."""

import os

os.environ.pop("QT_PLUGIN_PATH", None)
os.environ.pop("QML2_IMPORT_PATH", None)
