"""CCHC desk: administrative-reform task tracking for Vietnamese agencies."""

# The one place the version is written: pyproject.toml reads it from here (a plain literal keeps start-up
# free of importlib.metadata, which costs ~60 ms).
__version__ = "0.1.0"
