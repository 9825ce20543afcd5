"""CCHC desk: administrative-reform task tracking for Vietnamese agencies."""

from importlib import metadata

try:
    __version__ = metadata.version("cchc-desk")
except metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+source"
