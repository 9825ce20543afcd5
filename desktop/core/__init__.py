"""Qt-free domain services. Never import PySide6 or desktop.ui here (checked by import-linter)."""
