"""A cheaper answer to the question PySide asks of every module imported after it.

PySide 6 keeps, for its optional `from __feature__ import snake_case` switches, a note per module of whether the
module uses PySide. It finds out by reading the module's whole source through `inspect.getsource` (linecache,
tokenize's encoding detection, a list of lines) and looking for the word "PySide6": for the 25 modules the first
window imports, 6 of its ~27 ms of imports. The app uses no `__feature__`; the note is still kept, with the same
answer, read from the file's bytes. Anything that is not a plain source file goes to PySide's own check.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_cchc_quick"


def quicken_pyside_imports() -> bool:
    """Install the cheaper check (once); False when this PySide has no such check (then nothing changes)."""
    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # no file beside the module (a frozen app, a zip): PySide knows how to ask the loader
            return original(module)

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
